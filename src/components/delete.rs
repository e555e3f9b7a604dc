//! Delete with a confirmation that first asks the server what uses the object.

use crate::api::models::UsedBy;
use crate::api::resources::{self, Resource};
use crate::api::{Abort, ApiError};
use crate::components::dialog::ConfirmDialog;
use crate::components::remote::use_remote;
use crate::components::status::{return_path, sign_in_href};
use crate::components::toast::use_toasts;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::marker::PhantomData;

#[component]
pub fn DeleteButton<R: Resource>(
    #[prop(into)] pk: String,
    /// What the dialog calls the object ("connection of alice to GitHub").
    #[prop(into)]
    label: Signal<String>,
    /// Where to go once it is gone.
    #[prop(into)]
    after: String,
    #[prop(optional)] _resource: PhantomData<R>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let toasts = use_toasts();
    let navigate = use_navigate();
    let pk = StoredValue::new(pk);

    let used_by = use_remote(
        move || open.get(),
        move |open, abort| async move {
            if open {
                resources::used_by::<R>(&pk.get_value(), &abort)
                    .await
                    .map(Some)
            } else {
                Ok(None)
            }
        },
    );

    let action = Action::new_local(move |_: &()| {
        let pk = pk.get_value();
        async move { resources::destroy::<R>(&pk, &Abort::default()).await }
    });
    let busy = action.pending();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            open.set(false);
            toasts.push(format!("{} {} deleted.", R::NAME, pk.get_value()));
            navigate(&after, Default::default());
        }
        Some(Err(ApiError::SignedOut(_))) => {
            navigate(&sign_in_href(&return_path()), Default::default())
        }
        Some(Err(e)) => failure.set(Some(e.to_string())),
        None => {}
    });

    let title = Signal::derive(move || format!("Delete {}?", label.get()));
    view! {
        <button type="button" class="btn danger" on:click=move |_| {
            failure.set(None);
            open.set(true);
        }>
            "Delete…"
        </button>
        <ConfirmDialog
            open=open
            title=title
            confirm_label="Delete"
            busy=busy
            on_confirm=Callback::new(move |_| {
                if !busy.get_untracked() {
                    failure.set(None);
                    action.dispatch_local(());
                }
            })
            on_cancel=Callback::new(move |_| open.set(false))
        >
            <UsedByList remote_state=used_by.state />
            <Show when=move || failure.with(Option::is_some)>
                <p class="field-error" role="alert">{move || failure.get()}</p>
            </Show>
        </ConfirmDialog>
    }
}

type UsedByState = RwSignal<Option<Result<Option<Vec<UsedBy>>, ApiError>>, LocalStorage>;

#[component]
fn UsedByList(remote_state: UsedByState) -> impl IntoView {
    move || {
        match remote_state.get() {
        None | Some(Ok(None)) => view! { <p role="status">"Checking what uses it…"</p> }.into_any(),
        Some(Ok(Some(list))) if list.is_empty() => {
            view! { <p>"Nothing else refers to it. This cannot be undone."</p> }.into_any()
        }
        Some(Ok(Some(list))) => view! {
            <p>"authentik reports these objects refer to it:"</p>
            <ul class="used-by">
                {list
                    .into_iter()
                    .map(|u| {
                        view! {
                            <li>
                                <strong>{u.name}</strong>
                                {format!(" ({}.{}) — on delete: {}", u.app, u.model_name, u.action.replace('_', " "))}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p>"This cannot be undone."</p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <p class="notice">
                "authentik could not list what uses this object ("
                {e.to_string()}
                "). For user source connections this is a known authentik fault; deleting removes only this connection."
            </p>
            <p>"This cannot be undone."</p>
        }
        .into_any(),
    }
    }
}

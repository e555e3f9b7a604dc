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
    /// "Delete" or "Revoke".
    #[prop(default = "Delete")]
    verb: &'static str,
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
            toasts.push(format!(
                "{} {} {}d.",
                R::NAME,
                pk.get_value(),
                verb.to_lowercase()
            ));
            navigate(&after, Default::default());
        }
        Some(Err(ApiError::SignedOut(_))) => {
            navigate(&sign_in_href(&return_path()), Default::default())
        }
        Some(Err(e)) => failure.set(Some(e.to_string())),
        None => {}
    });

    let title = Signal::derive(move || format!("{verb} {}?", label.get()));
    view! {
        <button type="button" class="btn danger" on:click=move |_| {
            failure.set(None);
            open.set(true);
        }>
            {format!("{verb}…")}
        </button>
        <ConfirmDialog
            open=open
            title=title
            confirm_label=verb
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

#[derive(Clone, PartialEq)]
enum Outcome {
    Done,
    Failed(String),
}

/// Deletes the selected objects one after another with a progress bar and a per-item
/// outcome: one failure neither hides nor undoes the others.
#[component]
pub fn BulkDelete<R: Resource>(
    selection: RwSignal<Vec<String>>,
    /// Bumped when the run ends so the list reloads.
    refresh: RwSignal<u32>,
    /// "Revoke" or "Delete".
    verb: &'static str,
    #[prop(optional)] _resource: PhantomData<R>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let outcomes = RwSignal::new(Vec::<(String, Outcome)>::new());
    let total = RwSignal::new(0usize);
    let running = RwSignal::new(false);
    let finished = RwSignal::new(false);
    let toasts = use_toasts();
    let count = move || selection.with(Vec::len);

    let open = move |_| {
        outcomes.set(Vec::new());
        finished.set(false);
        total.set(count());
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let start = move |_| {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        let pks = selection.get_untracked();
        total.set(pks.len());
        leptos::task::spawn_local(async move {
            for pk in pks {
                let outcome = match resources::destroy::<R>(&pk, &Abort::default()).await {
                    Ok(()) => Outcome::Done,
                    // Already gone is what the user wanted.
                    Err(ApiError::NotFound(_)) => Outcome::Done,
                    Err(e) => Outcome::Failed(e.to_string()),
                };
                if outcome == Outcome::Done {
                    selection.try_update(|s| s.retain(|p| *p != pk));
                }
                // The user may have left the page mid-run; the requests still finish.
                outcomes.try_update(|o| o.push((pk, outcome)));
            }
            running.set(false);
            finished.set(true);
            let failed =
                outcomes.with_untracked(|o| o.iter().filter(|(_, r)| *r != Outcome::Done).count());
            let done = outcomes.with_untracked(Vec::len) - failed;
            toasts.push(if failed == 0 {
                format!(
                    "{done} {} {}d.",
                    R::NAME.to_lowercase(),
                    verb.to_lowercase()
                )
            } else {
                format!("{done} {}d, {failed} failed.", verb.to_lowercase())
            });
            refresh.try_update(|n| *n = n.wrapping_add(1));
        });
    };
    let done_count = move || outcomes.with(Vec::len);

    view! {
        <button type="button" class="btn danger" disabled=move || count() == 0 on:click=open>
            {move || format!("{verb} selected ({})", count())}
        </button>
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="bulk-title"
            on:cancel=move |ev: leptos::ev::Event| {
                if running.get_untracked() {
                    ev.prevent_default();
                }
            }
        >
            <h2 id="bulk-title">{move || format!("{verb} {} {}?", total.get(), R::NAME.to_lowercase())}</h2>
            <Show when=move || running.get() || finished.get()>
                <p role="status" aria-live="polite">
                    <progress max=move || total.get() value=done_count></progress>
                    {move || format!(" {} of {}", done_count(), total.get())}
                </p>
                <ul class="outcomes">
                    {move || {
                        outcomes
                            .get()
                            .into_iter()
                            .map(|(pk, r)| match r {
                                Outcome::Done => view! { <li class="ok">{format!("{} {pk}: {}d", R::NAME, verb.to_lowercase())}</li> }.into_any(),
                                Outcome::Failed(m) => view! { <li class="failed">{format!("{} {pk}: failed — {m}", R::NAME)}</li> }.into_any(),
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
            <div class="actions">
                <Show when=move || !finished.get()>
                    <button type="button" class="btn danger" disabled=move || running.get() on:click=start>
                        {verb}
                    </button>
                </Show>
                <button type="button" class="btn" disabled=move || running.get() on:click=move |_| close()>
                    {move || if finished.get() { "Close" } else { "Cancel" }}
                </button>
            </div>
        </dialog>
    }
}

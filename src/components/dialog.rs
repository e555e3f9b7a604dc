//! A modal confirmation on the native `<dialog>`: the browser traps focus, Escape cancels
//! and focus returns to the opener.

use crate::components::{reactive, Derived, Handler};
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] open: Derived<bool>,
    #[prop(into)] title: Derived<String>,
    #[prop(into)] confirm_label: String,
    #[prop(into)] busy: Derived<bool>,
    #[prop(into)] on_confirm: Handler<()>,
    #[prop(into)] on_cancel: Handler<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    crate::components::effect(move || {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="dialog-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                if !busy.get_untracked() {
                    on_cancel.run(());
                }
            }
        >
            <h2 id="dialog-title">{reactive(move || title.get().into_any())}</h2>
            <div class="dialog-body">{reactive(move || open.get().then(|| children()).into_any())}</div>
            <div class="actions">
                <button
                    type="button"
                    class="btn danger"
                    disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {confirm_label}
                </button>
                <button
                    type="button"
                    class="btn"
                    autofocus
                    disabled=move || busy.get()
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
            </div>
        </dialog>
    }
    .into_any()
}

/// Closes a confirmation once it is no longer about what it was opened for: the page's
/// subject changed (Back, Forward or a link changed the URL beneath the modal) or another
/// account, or none, is signed in. Confirming then would act on something the admin did
/// not choose, or with someone else's rights. `close` is asked only while `is_open` (read
/// untracked: only the URL and the account wake this up).
pub fn close_on_new_subject(is_open: impl Fn() -> bool + 'static, close: impl Fn() + 'static) {
    let address = crate::components::route::use_address();
    let me = crate::components::session::use_session_info().me;
    let epoch = crate::components::session::use_session().epoch;
    crate::components::effect_with(move |before: Option<(String, String, u32, Option<i64>)>| {
        let account = me.with(|s| match s {
            Some(Ok(m)) => Some(m.user.pk),
            _ => None,
        });
        let now = (
            address.path.get(),
            address.query.get(),
            epoch.get(),
            account,
        );
        if before.is_some_and(|b| b != now) && untrack(&is_open) {
            untrack(&close);
        }
        now
    });
}

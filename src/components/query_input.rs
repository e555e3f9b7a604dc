//! The one text box of a list's query (its search and the typed filters): it shows what
//! the URL holds, keeps what the admin types until they apply it, and carries the server's
//! message about it.

use crate::components::{aria_bool, reactive, Derived, Handler, State, Stored};
use leptos::prelude::*;

/// A text box of the list's query, applied on Enter or its button.
///
/// `value` is the URL's: the box shows it again whenever it changes (Back, a shared link,
/// "Clear"), and in between keeps what is typed. `message` is the error under the box
/// (`aria-invalid`, announced); `hint` the words under it that say how it is read.
#[component]
pub fn QueryInput(
    /// The input's id; the error and hint are `<id>-error` and `<id>-hint`.
    id: String,
    label: &'static str,
    #[prop(optional)] placeholder: &'static str,
    /// The button's words ("Search", "Filter").
    button: &'static str,
    /// A search box (a `search` landmark) rather than a filter.
    #[prop(optional)]
    search: bool,
    #[prop(into)] value: Derived<String>,
    /// The URL's own value where `value` is a fuller form of it (the username of the pk the
    /// user filter holds, read later): when only `value` changes, what the admin has typed
    /// since stays; when this changes (Back, a link, "Clear"), the box shows the URL again.
    #[prop(optional, into)]
    applied: Option<Derived<String>>,
    /// The typed text, trimmed.
    on_apply: Handler<String>,
    #[prop(optional, into)] message: Derived<Option<String>>,
    #[prop(optional, into)] hint: Derived<Option<String>>,
) -> impl IntoView {
    let typed = State::new(value.get_untracked());
    let applied = applied.unwrap_or(value);
    // What was last written into the box, and from which URL value.
    let mirrored = Stored::new((value.get_untracked(), applied.get_untracked()));
    crate::components::effect(move || {
        let (shown, url) = (value.get(), applied.get());
        let (last_shown, last_url) = mirrored.get_value();
        // A late fuller form never replaces what the admin typed meanwhile.
        if url != last_url || typed.get_untracked() == last_shown {
            typed.set(shown.clone());
        }
        mirrored.set_value((shown, url));
    });
    let (error_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = [
                message.with(Option::is_some).then_some(error_id.as_str()),
                hint.with(Option::is_some).then_some(hint_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_apply.run(typed.get_untracked().trim().to_string());
    };
    view! {
        <form class=if search { "search" } else { "filter" } role=search.then_some("search") on:submit=apply>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="search"
                placeholder=placeholder
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
                aria-invalid=move || aria_bool(message.with(Option::is_some))
                aria-describedby=described
            />
            <button type="submit" class="btn">{button}</button>
            {reactive(move || message.get().map(|m| view! { <span class="field-error" id=error_id.clone() role="alert">{m}</span> }.into_any()).into_any())}
            // Always there: a status region announces what is written into it later.
            <span class="muted" id=hint_id role="status">{reactive(move || hint.get().into_any())}</span>
        </form>
    }.into_any()
}

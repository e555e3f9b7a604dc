//! Sign in with an API token (Bearer) or the authentik session cookie of this origin.

use crate::api::client::{self, Abort};
use crate::api::models::Me;
use crate::api::ApiError;
use crate::app::{set_title, use_session};
use crate::components::field::focus_later;
use crate::components::toast::use_toasts;
use crate::config::{self, AuthMode};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Only same-origin paths: a crafted link must not send the user elsewhere after sign-in.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/".into(),
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    set_title("Sign in");
    let query = use_query_map();
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));
    let mode = config::get().auth;
    let token = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let error = RwSignal::new(Vec::<String>::new());
    let session_error = RwSignal::new(None::<String>);
    let toasts = use_toasts();
    let session = use_session();
    let navigate = use_navigate();

    let verify = Action::new_local(move |use_token: &bool| {
        let use_token = *use_token;
        async move {
            if use_token {
                client::set_token(Some(token.get_untracked()), remember.get_untracked());
            } else {
                client::set_token(None, false);
            }
            let me = client::get::<Me>("core/users/me/", "", &Abort::default()).await;
            (use_token, me)
        }
    });
    let busy = verify.pending();
    Effect::new(move |_| {
        let Some((use_token, result)) = verify.value().get() else {
            return;
        };
        match result {
            Ok(me) => {
                token.set(String::new());
                session.changed();
                toasts.push(format!("Signed in as {}.", me.user.username));
                navigate(&next(), Default::default());
            }
            Err(e) => {
                client::set_token(None, false);
                let msg = match (&e, use_token) {
                    (ApiError::SignedOut(d), true) => format!("authentik did not accept this token: {d}"),
                    (ApiError::SignedOut(_), false) => {
                        "There is no authentik session in this browser. Sign in to authentik on this site first, or use an API token.".into()
                    }
                    _ => e.to_string(),
                };
                if use_token {
                    error.set(vec![msg]);
                    focus_later("token".into());
                } else {
                    session_error.set(Some(msg));
                }
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if token.with_untracked(|t| t.trim().is_empty()) {
            error.set(vec!["Paste an API token.".into()]);
            focus_later("token".into());
            return;
        }
        error.set(Vec::new());
        verify.dispatch_local(true);
    };

    view! {
        <section class="page narrow">
            <h1>"Sign in"</h1>
            <p class="lede">"This console talks to authentik's API with your permissions."</p>
            {(mode != AuthMode::Session).then(|| view! {
                <form class="card" on:submit=on_submit novalidate>
                    <h2>"With an API token"</h2>
                    <p class="hint">
                        "Create one in authentik under Directory → Tokens and App passwords (intent: API). \
                         It is kept in this tab's memory only, unless you tick the box."
                    </p>
                    <TokenField token=token errors=error />
                    <div class="check">
                        <input id="remember" type="checkbox" prop:checked=move || remember.get()
                            on:change=move |ev| remember.set(event_target_checked(&ev)) />
                        <label for="remember">"Remember in this tab (sessionStorage, cleared when the tab closes)"</label>
                    </div>
                    <button type="submit" class="btn primary" disabled=move || busy.get()>
                        {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </form>
            })}
            {(mode != AuthMode::Token).then(|| view! {
                <div class="card">
                    <h2>"With your authentik session"</h2>
                    <p class="hint">"If you are signed in to authentik on this site, the console can use that session."</p>
                    <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| {
                        session_error.set(None);
                        verify.dispatch_local(false);
                    }>
                        "Use my authentik session"
                    </button>
                    <Show when=move || session_error.with(Option::is_some)>
                        <p class="field-error" role="alert">{move || session_error.get()}</p>
                    </Show>
                </div>
            })}
        </section>
    }
}

/// The token input is a password field: never echoed, never autocompleted into the DOM.
#[component]
fn TokenField(token: RwSignal<String>, errors: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || errors.with(|e| !e.is_empty())>
            <label for="token">"API token"</label>
            <input
                id="token"
                type="password"
                autocomplete="off"
                spellcheck="false"
                on:input=move |ev| {
                    token.set(event_target_value(&ev));
                    errors.set(Vec::new());
                }
                aria-invalid=move || if errors.with(|e| !e.is_empty()) { "true" } else { "false" }
                aria-describedby=move || errors.with(|e| !e.is_empty()).then_some("token-error")
            />
            <Show when=move || errors.with(|e| !e.is_empty())>
                <p class="field-error" id="token-error">{move || errors.get().join(" ")}</p>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_origin() {
        assert_eq!(
            safe_next(Some("/user-connections?page=2".into())),
            "/user-connections?page=2"
        );
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}

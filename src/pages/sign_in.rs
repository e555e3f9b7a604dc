//! Sign in with an API token (Bearer) or the authentik session cookie of this origin.
//!
//! The credentials are checked (`core/users/me/`) before the console uses them, so a
//! refused token never becomes the console's, and a sign-in finishes even when the admin
//! clicks elsewhere meanwhile (the session, the header and a toast follow; the page that
//! is gone is not touched).

use crate::api::client::{self, check_token, Abort, Credentials};
use crate::api::models::Me;
use crate::api::ApiError;
use crate::components::field::focus_later;
use crate::components::link::Link;
use crate::components::route::{use_address, Go};
use crate::components::session::{is_sign_in_route, set_title, use_session, Notice};
use crate::components::status::Loading;
use crate::components::toast::use_toasts;
use crate::components::{aria_bool, memo, reactive, State};
use crate::config::{self, AuthMode};
use leptos::prelude::*;

/// Only same-origin paths: a crafted link must not send the user elsewhere after sign-in.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !is_sign_in_route(&n) =>
        {
            n
        }
        _ => "/".into(),
    }
}

/// Where to go after a sign-in, if the browser is (still, or again) on a sign-in page: its
/// `next`. `None` when the admin has gone elsewhere meanwhile: stay there.
fn next_if_on_sign_in() -> Option<String> {
    let location = window().location();
    let path = location.pathname().ok()?;
    let base = config::base_path();
    let route = path
        .strip_prefix(base.trim_end_matches('/'))
        .unwrap_or(&path);
    if !is_sign_in_route(route) {
        return None;
    }
    let search = location.search().ok().unwrap_or_default();
    let next = form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.into_owned());
    Some(safe_next(next))
}

/// authentik's own pages beside the API on this origin (`/api/v3` at the root: ``).
fn authentik_root() -> String {
    let api = config::get().api_base;
    api.trim_end_matches('/')
        .strip_suffix("/api/v3")
        .unwrap_or("")
        .to_string()
}

fn encoded(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// authentik's own sign-out (the brand's invalidation flow), then back to this sign-in
/// page, marked so that it does not say the browser is still signed in to authentik. The
/// console cannot end the browser's authentik session itself.
fn authentik_sign_out_url() -> String {
    let back = format!("{}sign-in?after=authentik", config::base_path());
    format!(
        "{}/flows/-/default/invalidation/?next={}",
        authentik_root(),
        encoded(&back)
    )
}

/// authentik's login (the brand's authentication flow), whose `next` comes back to this
/// page marked `via=authentik`, which then uses the new session and goes on to `next`.
fn authentik_sign_in_url(next: &str) -> String {
    let back = format!(
        "{}sign-in?via=authentik&next={}",
        config::base_path(),
        encoded(next)
    );
    format!(
        "{}/flows/-/default/authentication/?next={}",
        authentik_root(),
        encoded(&back)
    )
}

#[component]
pub fn SignIn() -> impl IntoView {
    set_title("Sign in");
    let mode = config::get().auth;
    let session = use_session();
    let toasts = use_toasts();
    let address = use_address();
    let notice = session.notice.get_untracked();
    let token = State::new(String::new());
    let remember = State::new(false);
    let error = State::new(match &notice {
        Some(Notice::Token(m)) => vec![m.clone()],
        _ => Vec::new(),
    });
    let ended = match notice {
        Some(Notice::Ended(m)) => Some(m),
        _ => None,
    };
    let session_error = State::new(None::<String>);
    let busy = State::new(false);
    let me = crate::components::session::use_session_info().me;
    // Who this tab is signed in as. Signed in, the page says so and offers the console or
    // signing out first: signing in over an account would swap the rights of whatever it
    // has under way, unasked.
    let who = memo(move || {
        me.with(|s| match s {
            Some(Ok(m)) => Who::Account(Some(m.user.username.clone())),
            // Credentials whose account authentik could not name (it is down, say).
            Some(Err(e)) if !matches!(e, ApiError::SignedOut(_)) && client::is_signed_in() => {
                Who::Account(None)
            }
            None if client::is_signed_in() => Who::Checking,
            _ => Who::Nobody,
        })
    });

    let attempt = move |credentials: Credentials| {
        busy.set(true);
        let remember_it = remember.get_untracked();
        leptos::task::spawn_local(async move {
            // The release beside the account: the page the admin goes on to knows every
            // address before it asks anything.
            let abort = Abort::default();
            let (result, release) = futures::future::join(
                client::get_as::<Me>(&credentials, "core/users/me/", &abort),
                crate::api::server::read(Some(&credentials), &abort),
            )
            .await;
            let use_token = matches!(credentials, Credentials::Token(_));
            // From here this page may be gone (a link clicked while signing in): its signals
            // are only tried, and the session lives at the App root.
            busy.try_set(false);
            match result {
                Ok(me) => {
                    let name = me.user.username.clone();
                    session.signed_in(credentials, remember_it, me, release.ok().flatten());
                    token.try_set(String::new());
                    toasts.push(format!("Signed in as {name}."));
                    if let Some(next) = next_if_on_sign_in() {
                        address.go(&next, Go::Push);
                    }
                }
                Err(e) => {
                    let msg = match (&e, use_token) {
                        (ApiError::SignedOut(d), true) => {
                            format!("authentik did not accept this token: {d}")
                        }
                        (ApiError::SignedOut(_), false) => {
                            "There is no authentik session in this browser. Sign in to authentik on this site first, or use an API token.".into()
                        }
                        _ => e.to_string(),
                    };
                    if use_token {
                        if error.try_set(vec![msg]) {
                            focus_later("token".into());
                        }
                    } else {
                        session_error.try_set(Some(msg));
                    }
                }
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        match check_token(&token.get_untracked()) {
            Ok(t) => {
                error.set(Vec::new());
                attempt(Credentials::Token(t));
            }
            Err(msg) => {
                error.set(vec![msg]);
                focus_later("token".into());
            }
        }
    };

    let (next, via_authentik, after_authentik) = address.pairs.with_untracked(|q| {
        let param = |key| crate::components::route::param(q, key);
        (
            safe_next(param("next")),
            param("via").as_deref() == Some("authentik"),
            param("after").as_deref() == Some("authentik"),
        )
    });
    // Back from authentik's login: use its session at once (also after a sign-out of the
    // console in this tab, which stops picking the cookie up by itself), or go on when the
    // start-up already did.
    if via_authentik && mode != AuthMode::Token {
        let next = next.clone();
        crate::components::effect_with(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            match who.get() {
                Who::Checking => false,
                Who::Nobody => {
                    attempt(Credentials::Session);
                    true
                }
                Who::Account(_) => {
                    address.go(&next, Go::Push);
                    true
                }
            }
        });
    }
    let sign_out_first = move |_| {
        session.sign_out();
        toasts.push("Signed out.");
        if mode != AuthMode::Session {
            focus_later("token".into());
        }
    };
    let login_url = authentik_sign_in_url(&next);
    let forms = move || {
        // After a sign-out of a session-cookie sign-in, the browser is still signed in to
        // authentik: say so, and offer authentik's own sign-out.
        let after_session =
            mode != AuthMode::Token && client::signed_out_of_session() && !after_authentik;
        view! {
            {after_session.then(|| view! {
                <div class="notice" role="status">
                    <p>
                        "The console no longer uses your authentik session. This browser is still signed in to authentik itself; "
                        <a href=authentik_sign_out_url() rel="external">"sign out of authentik"</a>
                        " to end that session too."
                    </p>
                </div>
            }.into_any())}
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
                        {reactive(move || (if busy.get() { "Signing in…" } else { "Sign in" }).into_any())}
                    </button>
                </form>
            }.into_any())}
            {(mode != AuthMode::Token).then(|| view! {
                <div class="card">
                    <h2>"With your authentik session"</h2>
                    <p class="hint">"Sign in on authentik's own page; it brings you back here. If you are signed in to authentik on this site already, the console can use that session."</p>
                    <a class="btn primary" href=login_url.clone() rel="external">"Sign in with authentik"</a>
                    " "
                    <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| {
                        session_error.set(None);
                        attempt(Credentials::Session);
                    }>
                        "Use my authentik session"
                    </button>
                    {crate::components::show_when(move || session_error.with(Option::is_some), move || view! {
                        <p class="field-error" role="alert">{reactive(move || session_error.get().into_any())}</p>
                    }.into_any())}
                </div>
            }.into_any())}
        }.into_any()
    };

    view! {
        <section class="page narrow">
            <h1>"Sign in"</h1>
            <p class="lede">"This console talks to authentik's API with your permissions."</p>
            {ended.map(|m| view! { <p class="notice" role="status">{m}</p> }.into_any())}
            {reactive(move || (match who.get() {
                Who::Nobody => forms().into_any(),
                Who::Checking => view! { <Loading label="Checking who is signed in…" /> }.into_any(),
                Who::Account(name) => view! {
                    <div class="card" id="signed-in">
                        <h2>"Already signed in"</h2>
                        <p>
                            {match name {
                                Some(name) => view! { "This tab is signed in as " <strong class="username">{name}</strong> "." }.into_any(),
                                None => "This tab is signed in; authentik has not said as whom yet.".into_any(),
                            }}
                            " To use another account, sign out first."
                        </p>
                        <div class="actions">
                            <Link href=next.clone() attr:class="btn primary">"Go on to the console"</Link>
                            <button type="button" class="btn" on:click=sign_out_first>"Sign out first"</button>
                        </div>
                    </div>
                }.into_any(),
            }).into_any())}
        </section>
    }.into_any()
}

#[derive(Clone, PartialEq)]
enum Who {
    Nobody,
    Checking,
    Account(Option<String>),
}

/// The token input is a password field: never echoed, never autocompleted into the DOM.
#[component]
fn TokenField(token: State<String>, errors: State<Vec<String>>) -> impl IntoView {
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
                aria-invalid=move || aria_bool(errors.with(|e| !e.is_empty()))
                aria-describedby=move || errors.with(|e| !e.is_empty()).then_some("token-error")
            />
            {crate::components::show_when(move || errors.with(|e| !e.is_empty()), move || view! {
                <p class="field-error" id="token-error" role="alert">{reactive(move || errors.get().join(" ").into_any())}</p>
            }.into_any())}
        </div>
    }.into_any()
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
        assert_eq!(safe_next(Some("/sign-in?next=%2Fx".into())), "/");
    }
}

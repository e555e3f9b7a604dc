//! Loading, empty and error states shared by every page.

use crate::api::ApiError;
use crate::components::route::{use_address, Go};
use crate::components::Handler;
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
    .into_any()
}

#[component]
pub fn Empty(children: Children) -> impl IntoView {
    view! { <div class="empty" role="status">{children()}</div> }.into_any()
}

/// Where the sign-in page sends the user back to: the current route, base path removed.
pub fn return_path() -> String {
    let address = use_address();
    let path = address.path.get_untracked();
    let path = path.strip_prefix(crate::config::prefix()).unwrap_or(&path);
    let search = address.query.get_untracked();
    if search.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{search}")
    }
}

pub fn sign_in_href(next: &str) -> String {
    // Already there (two parts of a page noticed the same sign-out): no sign-in inside a sign-in.
    if crate::components::session::is_sign_in_route(next) {
        return next.to_string();
    }
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("/sign-in?next={next}")
}

/// An error in place. Signed-out errors leave for the sign-in page (which comes back here);
/// "not allowed" is said where the content would be.
#[component]
pub fn ErrorPanel(
    error: ApiError,
    #[prop(optional, into)] retry: Option<Handler<()>>,
) -> impl IntoView {
    if let ApiError::SignedOut(_) = error {
        use_address().go(&sign_in_href(&return_path()), Go::Push);
        return ().into_any();
    }
    let (title, hint) = match &error {
        ApiError::Forbidden(_) => (
            "Not allowed",
            "You are signed in, but your account lacks the permission for this. Ask an authentik administrator.",
        ),
        ApiError::NotFound(_) => ("Not found", "It may have been deleted, or you may not be allowed to see it."),
        ApiError::Network(_) | ApiError::Timeout => ("Connection problem", ""),
        _ => ("Something went wrong", ""),
    };
    let retryable = error.is_retryable();
    // The heading already says "Not allowed" / "Not found": give the server's words alone.
    let message = match &error {
        ApiError::Forbidden(d) | ApiError::NotFound(d) => d.clone(),
        e => e.to_string(),
    };
    view! {
        <div class="error-panel" role="alert">
            <h2>{title}</h2>
            <p>{message}</p>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> }.into_any())}
            {retry
                .filter(|_| retryable)
                .map(|r| {
                    view! {
                        <button type="button" class="btn" on:click=move |_| r.run(())>
                            "Try again"
                        </button>
                    }.into_any()
                })}
        </div>
    }
    .into_any()
}

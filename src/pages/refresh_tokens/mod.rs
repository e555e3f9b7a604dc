//! OAuth2 refresh tokens: `/oauth2/refresh_tokens/` — read and revoke; the API has no update.

mod detail;
mod list;

pub use detail::DetailPage;
pub use list::ListPage;

use crate::api::models::RefreshToken;
use crate::api::resources::{RefreshTokens, Resource};
use crate::components::time::relative;
use leptos::prelude::*;

pub fn detail_href(pk: &str) -> String {
    format!("{}/{pk}", RefreshTokens::ROUTE)
}

pub fn list_href(filter: &str, value: &str) -> String {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(filter, value)
        .finish();
    format!("{}?{q}", RefreshTokens::ROUTE)
}

/// Revoked / expired / "expires in N days" at a glance.
#[component]
pub fn TokenBadges(token: RefreshToken) -> impl IntoView {
    let expiry = token.expires.as_deref().and_then(relative);
    view! {
        <span class="badges">
            {token.revoked.then(|| view! { <span class="badge bad">"Revoked"</span> })}
            {if token.is_expired {
                Some(view! { <span class="badge warn">"Expired"</span> }.into_any())
            } else {
                expiry.map(|e| view! { <span class="badge">{format!("Expires {e}")}</span> }.into_any())
            }}
        </span>
    }
}

//! OAuth2 refresh tokens: `/oauth2/refresh_tokens/` — read and revoke; the API has no update.

mod detail;
mod list;

pub use detail::DetailPage;
pub use list::ListPage;

use crate::api::models::RefreshToken;
use crate::components::time::relative;
use leptos::prelude::*;

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

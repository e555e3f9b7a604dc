//! Links to console routes that respect the base path.

use leptos::prelude::*;

/// A link to a console route with the base path in front. A plain `<a>`: the console's
/// address (`components::route`) handles clicks on every link under the base path, and a
/// link component that marks the current page costs memos per link (3,000 in a 1,000-row
/// table) for an `aria-current` only the header needs (it draws its own). The address is
/// fixed: a reactive one would cost a signal and an effect per link, and no table needs one.
#[component]
pub fn Link(#[prop(into)] href: String, children: Children) -> impl IntoView {
    view! { <a href=crate::config::href(&href)>{children()}</a> }.into_any()
}

/// The user's address in the console.
pub fn user_href(pk: i64) -> String {
    format!("/users/{pk}")
}

/// A username leading to that user's page: every username the console shows is one (the
/// lists filtered by that user are one click further, from the page's kinds).
pub fn user_link(pk: i64, username: String) -> AnyView {
    let title = username.clone();
    view! { <Link href=user_href(pk)><span class="username" title=title>{username}</span></Link> }
        .into_any()
}

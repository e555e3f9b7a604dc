//! Small lookups shared by pages: users by pk (cached per tab) and the source picker list.

use crate::api::client::{self, Abort};
use crate::api::models::{Page, Source, User};
use crate::api::ApiError;
use crate::components::remote::use_remote;
use leptos::prelude::*;
use leptos_router::components::A;
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    static USERS: RefCell<HashMap<i64, User>> = RefCell::new(HashMap::new());
}

pub async fn user(pk: i64, abort: Abort) -> Result<User, ApiError> {
    if let Some(u) = USERS.with_borrow(|m| m.get(&pk).cloned()) {
        return Ok(u);
    }
    let u: User = client::get(&format!("core/users/{pk}/"), "", &abort).await?;
    USERS.with_borrow_mut(|m| m.insert(pk, u.clone()));
    Ok(u)
}

/// Resolves a username typed in a filter to its pk.
pub async fn user_by_username(username: &str, abort: Abort) -> Result<Option<User>, ApiError> {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("username", username)
        .finish();
    let page: Page<User> = client::get("core/users/", &q, &abort).await?;
    Ok(page.results.into_iter().find(|u| u.username == username))
}

/// Up to 100 sources, enough for a picker on any real install; sorted by name.
pub async fn sources(abort: Abort) -> Result<Vec<Source>, ApiError> {
    let page: Page<Source> =
        client::get("sources/all/", "page_size=100&ordering=name", &abort).await?;
    Ok(page.results)
}

/// A user's username once known; the pk until then, or if the viewer may not read users.
#[component]
pub fn UserName(pk: i64) -> impl IntoView {
    let remote = use_remote(move || pk, user);
    let label = move || match remote.ok() {
        Some(u) => u.username,
        None => format!("user #{pk}"),
    };
    view! { <span class="username">{label}</span> }
}

/// Links to a user's connections, labelled with the username.
#[component]
pub fn UserLink(pk: i64, #[prop(into)] href: String) -> impl IntoView {
    view! {
        <A href=href>
            <UserName pk=pk />
        </A>
    }
}

//! The routes of every resource's pages: each finds the declaration by the address's first
//! segment (the pages themselves are `resources::page`'s).

use crate::components::not_found::NotFound;
use crate::resources::{self, Declaration, Page};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The page `pick` chooses from the resource the address names, or "Page not found". Only a
/// change of resource draws another page: a new pk or query is the page's own business.
fn resource_route(pick: fn(&'static Declaration) -> Option<Page>) -> impl IntoView {
    let params = use_params_map();
    let segment =
        crate::components::memo(move || params.with(|p| p.get("resource").unwrap_or_default()));
    // The page is built untracked: what it reads while being built must not redraw it.
    crate::components::reactive(
        move || match resources::find(&segment.get()).and_then(pick) {
            Some(page) => untrack(page),
            None => view! { <NotFound /> }.into_any(),
        },
    )
}

#[component]
pub fn ListRoute() -> impl IntoView {
    resource_route(|d| Some(d.list))
}

#[component]
pub fn DetailRoute() -> impl IntoView {
    resource_route(|d| Some(d.detail))
}

#[component]
pub fn EditRoute() -> impl IntoView {
    resource_route(|d| d.edit)
}

#[component]
pub fn CreateRoute() -> impl IntoView {
    resource_route(|d| d.create)
}

//! The start page: how many of each resource the account may see, then what resources add.

use crate::api::{Abort, ApiError};
use crate::app::set_title;
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::resources::{CountFuture, ALL};
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    set_title("Overview");
    let info = crate::app::use_session_info();
    view! {
        <section class="page">
            <h1>"Overview"</h1>
            <p class="lede">"What authentik's own admin interface does not show: source connections and OAuth2 refresh tokens."</p>
            <Show when=move || info.is_superuser() == Some(false)>
                <p class="notice" role="note">
                    "This account is not a superuser: authentik counts and lists only what it may see."
                </p>
            </Show>
            <ul class="tiles">
                {ALL.iter().map(|d| view! { <Tile route=d.route what=d.title fetch=d.count wait=d.per_release_address /> }).collect_view()}
            </ul>
            {ALL.iter().filter_map(|d| d.home).map(|section| section()).collect_view()}
        </section>
    }
}

#[component]
fn Tile(
    route: &'static str,
    what: &'static str,
    fetch: fn(Abort) -> CountFuture,
    wait: bool,
) -> impl IntoView {
    let server = crate::app::use_session_info().server;
    let n = use_remote(
        move || wait && server.loading.get(),
        move |waiting, abort| -> CountFuture {
            if waiting {
                Box::pin(async { Err(ApiError::Aborted) })
            } else {
                fetch(abort)
            }
        },
    );
    view! {
        <li class="tile">
            <Link href=route>
                <span class="count">
                    {move || match n.state.get() {
                        Some(Ok(n)) => n.to_string(),
                        Some(Err(ApiError::Forbidden(_))) => "—".into(),
                        Some(Err(_)) => "?".into(),
                        None => "…".into(),
                    }}
                </span>
                <span class="what">{what}</span>
            </Link>
        </li>
    }
}

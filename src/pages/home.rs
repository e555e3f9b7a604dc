//! The start page: how many of each resource the account may see, then what resources add.

use crate::api::{Abort, ApiError};
use crate::app::set_title;
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::resources::{CountFuture, NavGroup, ALL};
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    set_title("Overview");
    let info = crate::app::use_session_info();
    view! {
        <section class="page">
            <h1>"Overview"</h1>
            <p class="lede">"Everything authentik keeps that lets someone in, side by side and across users: source connections, OAuth2 grants, sessions and tokens."</p>
            <Show when=move || info.is_superuser() == Some(false)>
                <p class="notice" role="note">
                    "This account is not a superuser: authentik counts and lists only what it may see."
                </p>
            </Show>
            <div class="counts">
                {NavGroup::ALL
                    .iter()
                    .map(|&g| (g, ALL.iter().filter(move |d| d.group == g)))
                    .filter(|(_, ds)| ds.clone().next().is_some())
                    .map(|(g, ds)| {
                        let id = format!("counts-{g:?}").to_lowercase();
                        let heading = id.clone();
                        view! {
                            <section aria-labelledby=id>
                                <h2 id=heading class="group-title">{g.label()}</h2>
                                <ul class="tiles">
                                    {ds.map(|d| view! { <Tile route=d.route what=d.title fetch=d.count /> }).collect_view()}
                                </ul>
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
            {ALL.iter().filter_map(|d| d.home).map(|section| section()).collect_view()}
        </section>
    }
}

#[component]
fn Tile(route: &'static str, what: &'static str, fetch: fn(Abort) -> CountFuture) -> impl IntoView {
    let n = use_remote(|| (), move |_, abort| fetch(abort));
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

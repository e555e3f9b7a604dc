//! The start page: how many of each resource the account may see, then what resources add.

use crate::api::{Abort, ApiError};
use crate::components::link::Link;
use crate::components::lookups;
use crate::components::remote::use_remote;
use crate::components::session::set_title;
use crate::components::{aria_bool, reactive, State, Stored};
use crate::resources::{Declaration, NavGroup, ALL};
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    set_title("Overview");
    let info = crate::components::session::use_session_info();
    view! {
        <section class="page">
            <h1>"Overview"</h1>
            <p class="lede">"Everything authentik keeps that lets someone in, side by side and across users: source connections, OAuth2 grants, sessions and tokens."</p>
            {crate::components::show_when(move || info.is_superuser() == Some(false), move || view! {
                <p class="notice" role="note">
                    "This account is not a superuser: authentik counts and lists only what it may see."
                </p>
            }.into_any())}
            <FindUser />
            <div class="counts">
                {NavGroup::ALL
                    .iter()
                    .map(|&g| (g, ALL.iter().filter(move |d| d.group == g)))
                    .filter(|(_, ds)| ds.clone().next().is_some())
                    .map(|(g, ds)| {
                        let id = format!("counts-{}", g.slug());
                        let heading = id.clone();
                        view! {
                            <section aria-labelledby=id>
                                <h2 id=heading class="group-title">{g.label()}</h2>
                                <ul class="tiles">
                                    {ds.map(|d| view! { <Tile decl=d /> }.into_any()).collect_view()}
                                </ul>
                            </section>
                        }.into_any()
                    })
                    .collect_view()}
            </div>
            {ALL.iter().filter_map(|d| d.home).map(|section| section()).collect_view()}
        </section>
    }.into_any()
}

#[component]
fn Tile(decl: &'static Declaration) -> impl IntoView {
    let (route, what) = (decl.route, decl.counted);
    // The release, which decides some addresses, is known before any page is drawn.
    let n = use_remote(|| (), move |_, abort| decl.count(abort));
    view! {
        <li class="tile">
            <Link href=route>
                <span class="count">
                    {reactive(move || (match n.get() {
                        Some(Ok(n)) => n.to_string(),
                        Some(Err(ApiError::Forbidden(_))) => "—".into(),
                        Some(Err(_)) => "?".into(),
                        None => "…".into(),
                    }).into_any())}
                </span>
                <span class="what">{what}</span>
            </Link>
        </li>
    }
    .into_any()
}

/// "Find a user": a username (or, when no one has that username, a user ID) leads to the
/// user's page.
#[component]
fn FindUser() -> impl IntoView {
    let toasts = crate::components::toast::use_toasts();
    let text = State::new(String::new());
    let error = State::new(None::<String>);
    let address = crate::components::route::use_address();
    // The lookup belongs to this page: leaving it cancels the lookup, so its answer can
    // never move the admin.
    let lookup = Stored::new(None::<Abort>);
    let cancel = move || {
        if let Some(Some(a)) = lookup.try_update_value(Option::take) {
            a.cancel();
        }
    };
    on_cleanup(cancel);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        cancel();
        error.set(None);
        let name = text.get_untracked().trim().to_string();
        if name.is_empty() {
            error.set(Some("Enter a username.".into()));
            return;
        }
        let abort = Abort::default();
        lookup.set_value(Some(abort.clone()));
        leptos::task::spawn_local(async move {
            match lookups::typed_user(&name, abort).await {
                Ok(Some(found)) => {
                    if let Some(note) = lookups::typed_note(&name, &found) {
                        toasts.push(note);
                    }
                    address.go(
                        &crate::components::link::user_href(found.user.pk),
                        crate::components::route::Go::Push,
                    )
                }
                Ok(None) => {
                    error.try_set(Some(lookups::nobody_note(&name)));
                }
                Err(ApiError::Aborted) => {}
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
    };
    view! {
        <form class="filter find-user" on:submit=find>
            <label for="find-user">"Find a user"</label>
            <input
                id="find-user"
                type="search"
                placeholder="username"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                aria-invalid=move || aria_bool(error.get().is_some())
                aria-describedby=move || error.get().is_some().then_some("find-user-error")
            />
            <button type="submit" class="btn">"Open"</button>
            {reactive(move || error.get().map(|m| view! { <span class="field-error" id="find-user-error" role="alert">{m}</span> }.into_any()).into_any())}
        </form>
    }.into_any()
}

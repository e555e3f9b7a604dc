use super::{detail_href, list_href};
use crate::api::models::UserSourceConnection as Conn;
use crate::api::resources::UserConnections;
use crate::app::set_title;
use crate::components::list::{use_list_query, Column, ListContext, ResourceList};
use crate::components::remote::use_remote;
use crate::components::time::RelativeTime;
use crate::pages::lookups::{self, UserLink};
use leptos::prelude::*;
use leptos_router::components::A;

fn columns() -> Vec<Column<Conn>> {
    vec![
        Column {
            label: "ID",
            order: Some("pk"),
            cell: |c| {
                let pk = c.pk;
                view! { <A href=detail_href(&pk.to_string())>{pk}</A> }.into_any()
            },
        },
        Column {
            label: "User",
            order: Some("user"),
            cell: |c| {
                view! { <UserLink pk=c.user href=list_href("user", &c.user.to_string()) /> }
                    .into_any()
            },
        },
        Column {
            label: "Source",
            order: None,
            cell: |c| match c.source_details() {
                Some(s) => {
                    let name = s.name.clone();
                    view! { <A href=list_href("source__slug", &s.slug)>{name}</A> }.into_any()
                }
                None => {
                    view! { <span class="mono">{c.source_uuid().to_string()}</span> }.into_any()
                }
            },
        },
        Column {
            label: "Identifier",
            order: Some("identifier"),
            cell: |c| {
                match &c.identifier {
                Some(i) => {
                    let text = i.clone();
                    view! { <A href=detail_href(&c.pk.to_string()) attr:class="clip">{text}</A> }.into_any()
                }
                None => view! { <span class="muted" title="Not sent by this authentik version">"—"</span> }.into_any(),
            }
            },
        },
        Column {
            label: "Created",
            order: Some("created"),
            cell: |c| view! { <RelativeTime iso=c.created.clone() /> }.into_any(),
        },
    ]
}

#[component]
pub fn ListPage() -> impl IntoView {
    set_title("User source connections");
    let ctx = use_list_query::<UserConnections>();
    view! {
        <section class="page">
            <h1>"User source connections"</h1>
            <p class="lede">"Links between authentik users and their accounts at external sources."</p>
            <ResourceList<UserConnections>
                ctx=ctx
                columns=columns()
                noun="user source connections"
                filters=view! { <Filters ctx=ctx /> }.into_any()
            />
        </section>
    }
}

/// User (typed as a username, resolved to the pk the API filters on) and source (by slug).
#[component]
fn Filters(ctx: ListContext) -> impl IntoView {
    let sources = use_remote(|| (), |_, abort| lookups::sources(abort));
    let user_text = RwSignal::new(String::new());
    let user_error = RwSignal::new(None::<String>);
    // Show the username for a pk that came from the URL.
    let user_pk = Memo::new(move |_| ctx.query.with(|q| q.filter("user").to_string()));
    let current_user = use_remote(
        move || user_pk.get(),
        |pk, abort| async move {
            match pk.parse::<i64>() {
                Ok(pk) => lookups::user(pk, abort).await.map(Some),
                Err(_) => Ok(None),
            }
        },
    );
    Effect::new(move |_| {
        let text = match current_user.state.get() {
            Some(Ok(Some(u))) => u.username,
            _ => user_pk.get(),
        };
        user_text.set(text);
    });

    let apply_user = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = user_text.get_untracked().trim().to_string();
        user_error.set(None);
        if text.is_empty() {
            ctx.set_filter("user", "");
            return;
        }
        if text.parse::<i64>().is_ok() {
            ctx.set_filter("user", &text);
            return;
        }
        leptos::task::spawn_local(async move {
            match lookups::user_by_username(&text, Default::default()).await {
                Ok(Some(u)) => ctx.set_filter("user", &u.pk.to_string()),
                Ok(None) => user_error.set(Some(format!("No user is named “{text}”."))),
                Err(e) => user_error.set(Some(e.to_string())),
            }
        });
    };

    let source_options = move || {
        sources
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.slug.clone(), format!("{} ({})", s.name, s.slug)))
            .collect::<Vec<_>>()
    };
    let current_slug = move || ctx.query.with(|q| q.filter("source__slug").to_string());

    view! {
        <form class="filter" on:submit=apply_user>
            <label for="filter-user">"User"</label>
            <input
                id="filter-user"
                type="search"
                placeholder="username"
                prop:value=move || user_text.get()
                on:input=move |ev| user_text.set(event_target_value(&ev))
                aria-invalid=move || if user_error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=move || user_error.with(Option::is_some).then_some("filter-user-error")
            />
            <button type="submit" class="btn">"Filter"</button>
            <Show when=move || user_error.with(Option::is_some)>
                <span class="field-error" id="filter-user-error" role="alert">{move || user_error.get()}</span>
            </Show>
        </form>
        <div class="filter">
            <label for="filter-source">"Source"</label>
            <select id="filter-source" on:change=move |ev| ctx.set_filter("source__slug", &event_target_value(&ev))>
                <option value="" selected=move || current_slug().is_empty()>"All sources"</option>
                {move || {
                    let current = current_slug();
                    let mut opts = source_options();
                    if !current.is_empty() && !opts.iter().any(|(v, _)| *v == current) {
                        opts.insert(0, (current.clone(), current.clone()));
                    }
                    opts.into_iter()
                        .map(|(v, label)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

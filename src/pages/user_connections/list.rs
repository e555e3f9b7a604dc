use crate::api::models::Connection as _;
use crate::api::models::UserSourceConnection as Conn;
use crate::api::resources::{Resource, UserConnections};
use crate::app::set_title;
use crate::components::link::Link;
use crate::components::list::{use_list_query, Column, ListContext, ResourceList};
use crate::components::time::RelativeTime;
use crate::pages::filters::{source_slug_options, SelectFilter, UserFilter};
use crate::pages::lookups::UserLink;
use leptos::prelude::*;

fn columns() -> Vec<Column<Conn>> {
    vec![
        Column {
            label: "ID",
            order: Some("pk"),
            cell: |c| {
                let pk = c.pk;
                view! { <Link href=UserConnections::detail_href(&pk.to_string())>{pk}</Link> }
                    .into_any()
            },
        },
        Column {
            label: "User",
            order: Some("user"),
            cell: |c| {
                view! { <UserLink pk=c.user href=UserConnections::list_href("user", &c.user.to_string()) /> }
                    .into_any()
            },
        },
        Column {
            label: "Source",
            order: None,
            cell: |c| match c.source_details() {
                Some(s) => {
                    let name = s.name.clone();
                    view! { <Link href=UserConnections::list_href("source__slug", &s.slug)>{name}</Link> }.into_any()
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
                    let title = i.clone();
                    view! { <Link href=UserConnections::detail_href(&c.pk.to_string()) attr:class="clip" attr:title=title>{text}</Link> }.into_any()
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
    view! {
        <UserFilter ctx=ctx />
        <SelectFilter ctx=ctx key="source__slug" label="Source" all_label="All sources" options=source_slug_options() />
    }
}

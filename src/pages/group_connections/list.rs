use crate::api::models::Connection as _;
use crate::api::models::GroupSourceConnection as Conn;
use crate::api::resources::{GroupConnections, Resource};
use crate::app::set_title;
use crate::components::link::Link;
use crate::components::list::{use_list_query, Column, ResourceList};
use crate::components::time::RelativeTime;
use crate::pages::filters::{group_options, source_slug_options, SelectFilter};
use crate::pages::lookups::{GroupName, SourceName};
use leptos::prelude::*;

fn columns() -> Vec<Column<Conn>> {
    vec![
        Column {
            label: "ID",
            order: Some("pk"),
            cell: |c| {
                let pk = c.pk;
                view! { <Link href=GroupConnections::detail_href(&pk.to_string())>{pk}</Link> }
                    .into_any()
            },
        },
        Column {
            label: "Group",
            order: Some("group"),
            cell: |c| {
                let group = c.group.clone();
                view! { <Link href=GroupConnections::list_href("group", &group)><GroupName pk=group.clone() /></Link> }
                    .into_any()
            },
        },
        Column {
            label: "Source",
            order: None,
            cell: |c| {
                let known = c.source_details().cloned();
                let uuid = c.source_uuid().to_string();
                view! { <SourceName known=known uuid=uuid /> }.into_any()
            },
        },
        Column {
            label: "Identifier",
            order: Some("identifier"),
            cell: |c| {
                let text = c.identifier.clone().unwrap_or_default();
                let title = text.clone();
                view! { <Link href=GroupConnections::detail_href(&c.pk.to_string()) attr:class="clip" attr:title=title>{text}</Link> }
                    .into_any()
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
    set_title("Group source connections");
    let ctx = use_list_query::<GroupConnections>();
    view! {
        <section class="page">
            <h1>"Group source connections"</h1>
            <p class="lede">"Links between authentik groups and groups at OAuth sources."</p>
            <div class="toolbar">
                <Link href=format!("{}/new", GroupConnections::ROUTE) attr:class="btn primary">"New connection"</Link>
            </div>
            <ResourceList<GroupConnections>
                ctx=ctx
                columns=columns()
                noun="group source connections"
                filters=view! {
                    <SelectFilter ctx=ctx key="group" label="Group" all_label="All groups" options=group_options() />
                    <SelectFilter ctx=ctx key="source__slug" label="Source" all_label="All sources" options=source_slug_options() />
                }
                .into_any()
            />
        </section>
    }
}

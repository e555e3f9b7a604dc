use crate::api::models::GroupSourceConnection as Conn;
use crate::api::resources::{GroupConnections, Resource};
use crate::app::set_title;
use crate::components::link::Link;
use crate::components::list::{id_column, use_list_query, Column, ResourceList};
use crate::pages::connections::{created_column, identifier_column, source_column};
use crate::pages::filters::{group_options, source_slug_options, SelectFilter};
use crate::pages::lookups::GroupName;
use leptos::prelude::*;

fn columns() -> Vec<Column<Conn>> {
    vec![
        id_column::<GroupConnections>(),
        Column {
            label: "Group",
            order: Some("group"),
            cell: |c| {
                let group = c.group.clone();
                view! { <Link href=GroupConnections::list_href("group", &group)><GroupName pk=group.clone() /></Link> }
                    .into_any()
            },
        },
        source_column::<GroupConnections>(),
        identifier_column::<GroupConnections>(),
        created_column(),
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
                <super::NewConnectionLink />
            </div>
            <ResourceList<GroupConnections>
                ctx=ctx
                columns=columns()
                filters=view! {
                    <SelectFilter ctx=ctx key="group" label="Group" all_label="All groups" options=group_options() />
                    <SelectFilter ctx=ctx key="source__slug" label="Source" all_label="All sources" options=source_slug_options() />
                }
                .into_any()
            />
        </section>
    }
}

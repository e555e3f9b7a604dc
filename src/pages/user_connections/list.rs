use crate::api::models::UserSourceConnection as Conn;
use crate::api::resources::{Resource, UserConnections};
use crate::app::set_title;
use crate::components::list::{id_column, use_list_query, Column, ListContext, ResourceList};
use crate::pages::connections::{created_column, identifier_column, source_column};
use crate::pages::filters::{source_slug_options, SelectFilter, UserFilter};
use crate::pages::lookups::UserLink;
use leptos::prelude::*;

fn columns() -> Vec<Column<Conn>> {
    vec![
        id_column::<UserConnections>(),
        Column {
            label: "User",
            order: Some("user"),
            cell: |c| {
                view! { <UserLink pk=c.user href=UserConnections::list_href("user", &c.user.to_string()) /> }
                    .into_any()
            },
        },
        source_column::<UserConnections>(),
        identifier_column::<UserConnections>(),
        created_column(),
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

use crate::api::models::Connection as _;
use crate::api::models::GroupSourceConnection as Conn;
use crate::api::resources::{GroupConnections, Resource};
use crate::components::delete::DeleteButton;
use crate::components::item::{item_page, ItemView};
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::time::RelativeTime;
use crate::pages::connections::SourceCard;
use crate::pages::lookups::{self, GroupName};
use leptos::prelude::*;

#[component]
pub fn DetailPage() -> impl IntoView {
    view! {
        <section class="page">
            {item_page::<GroupConnections, _>("Group source connections", ItemView::Detail, |c| view! { <Detail conn=c /> })}
        </section>
    }
}

#[component]
fn Detail(conn: Conn) -> impl IntoView {
    let pk = conn.pk.to_string();
    let group_pk = conn.group.clone();
    let group = use_remote(
        {
            let g = group_pk.clone();
            move || g.clone()
        },
        lookups::group,
    );
    let label = {
        let pk = conn.pk;
        move || match group.ok() {
            Some(g) => format!("connection of group {}", g.name),
            None => format!("connection {pk}"),
        }
    };
    let group_card = view! {
        <section class="card" aria-labelledby="group-title">
            <h2 id="group-title">"Group"</h2>
            {move || match group.state.get() {
                Some(Ok(g)) => {
                    let parent = g.parent_name.clone().or_else(|| g.parent.clone()).or_else(|| g.parents.first().cloned());
                    view! {
                        <dl>
                            <dt>"Name"</dt><dd>{g.name.clone()}</dd>
                            <dt>"Parent"</dt>
                            <dd>{match parent {
                                Some(p) if p.len() == 36 => view! { <GroupName pk=p /> }.into_any(),
                                Some(p) => view! { <span>{p}</span> }.into_any(),
                                None => view! { <span class="muted">"none"</span> }.into_any(),
                            }}</dd>
                            <dt>"Superuser group"</dt><dd>{if g.is_superuser { "Yes" } else { "No" }}</dd>
                            <dt>"UUID"</dt><dd class="mono">{g.pk.clone()}</dd>
                        </dl>
                    }
                    .into_any()
                }
                Some(Err(e)) => view! { <p class="mono">{group_pk.clone()}</p><p class="muted">{e.to_string()}</p> }.into_any(),
                None => view! { <p class="mono">{group_pk.clone()}</p> }.into_any(),
            }}
            <Link href=GroupConnections::list_href("group", &conn.group)>"All connections of this group"</Link>
        </section>
    };
    let editable = conn.is_editable();
    view! {
        <h1>{format!("Group source connection {}", conn.pk)}</h1>
        <div class="toolbar">
            <Link href=format!("{}/{}/edit", GroupConnections::ROUTE, pk) attr:class="btn primary">
                {if editable { "Edit" } else { "View edit options" }}
            </Link>
            <DeleteButton<GroupConnections> pk=pk.clone() label=Signal::derive(label) after=GroupConnections::ROUTE />
        </div>
        <dl class="facts">
            <dt>"Identifier"</dt>
            <dd class="mono wrap">{conn.identifier.clone().unwrap_or_default()}</dd>
            <dt>"Created"</dt>
            <dd><RelativeTime iso=conn.created.clone() /></dd>
            <dt>"Last updated"</dt>
            <dd><RelativeTime iso=conn.last_updated.clone() /></dd>
        </dl>
        <div class="cards">
            {group_card}
            <SourceCard known=conn.source_details().cloned() uuid=conn.source_uuid().to_string() list_href=GroupConnections::list_href kind_hint="OAuth source" />
        </div>
    }
}

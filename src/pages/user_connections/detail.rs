use crate::api::models::Connection as _;
use crate::api::models::UserSourceConnection as Conn;
use crate::api::resources::{Resource, UserConnections};
use crate::components::delete::DeleteButton;
use crate::components::item::{item_page, ItemView};
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::time::RelativeTime;
use crate::pages::connections::SourceCard;
use crate::pages::lookups;
use leptos::prelude::*;

#[component]
pub fn DetailPage() -> impl IntoView {
    view! {
        <section class="page">
            {item_page::<UserConnections, _>("User source connections", ItemView::Detail, |c| view! { <Detail conn=c /> })}
        </section>
    }
}

#[component]
fn Detail(conn: Conn) -> impl IntoView {
    let pk = conn.pk.to_string();
    let user_pk = conn.user;
    let user = use_remote(move || user_pk, lookups::user);
    let source = conn.source_details().cloned();
    let label = move || match (user.ok(), &source) {
        (Some(u), Some(s)) => format!("connection of {} to {}", u.username, s.name),
        _ => format!("connection {}", conn.pk),
    };
    let source_card = view! {
        <SourceCard known=conn.source_details().cloned() uuid=conn.source_uuid().to_string() list_href=UserConnections::list_href />
    };
    let user_card = view! {
        <section class="card" aria-labelledby="user-title">
            <h2 id="user-title">"User"</h2>
            {move || match user.state.get() {
                Some(Ok(u)) => view! {
                    <dl>
                        <dt>"Username"</dt><dd>{u.username.clone()}</dd>
                        <dt>"Name"</dt><dd>{u.name.clone()}</dd>
                        <dt>"Active"</dt><dd>{if u.is_active { "Yes" } else { "No" }}</dd>
                        <dt>"ID"</dt><dd>{u.pk}</dd>
                    </dl>
                }
                .into_any(),
                Some(Err(e)) => view! { <p>{format!("User #{user_pk}")}</p><p class="muted">{e.to_string()}</p> }.into_any(),
                None => view! { <p>{format!("User #{user_pk}")}</p> }.into_any(),
            }}
            <Link href=UserConnections::list_href("user", &user_pk.to_string())>"All connections of this user"</Link>
        </section>
    };
    let editable = conn.is_editable();
    view! {
        <h1>{format!("User source connection {}", conn.pk)}</h1>
        <div class="toolbar">
            <Link href=format!("{}/{}/edit", UserConnections::ROUTE, pk) attr:class="btn primary">
                {if editable { "Edit" } else { "View edit options" }}
            </Link>
            <DeleteButton<UserConnections> pk=pk.clone() label=Signal::derive(label) after=UserConnections::ROUTE />
        </div>
        <dl class="facts">
            <dt>"Identifier"</dt>
            <dd class="mono wrap">{conn.identifier.clone().unwrap_or_else(|| "— (not sent by this authentik version)".into())}</dd>
            <dt>"Created"</dt>
            <dd><RelativeTime iso=conn.created.clone() /></dd>
            <dt>"Last updated"</dt>
            <dd><RelativeTime iso=conn.last_updated.clone() /></dd>
        </dl>
        <div class="cards">{user_card}{source_card}</div>
    }
}

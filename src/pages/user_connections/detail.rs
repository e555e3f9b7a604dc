use super::list_href;
use crate::api::models::UserSourceConnection as Conn;
use crate::api::resources::{self, Resource, UserConnections};
use crate::app::set_title;
use crate::components::delete::DeleteButton;
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::status::{ErrorPanel, Loading};
use crate::components::time::RelativeTime;
use crate::pages::connections::SourceCard;
use crate::pages::lookups;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn use_connection() -> (Memo<String>, crate::components::remote::Remote<Conn>) {
    let params = use_params_map();
    let pk = Memo::new(move |_| params.with(|p| p.get("pk").unwrap_or_default()));
    let remote = use_remote(
        move || pk.get(),
        |pk, abort| async move { resources::retrieve::<UserConnections>(&pk, &abort).await },
    );
    (pk, remote)
}

#[component]
pub fn DetailPage() -> impl IntoView {
    let (pk, remote) = use_connection();
    Effect::new(move |_| set_title(&format!("User source connection {}", pk.get())));
    view! {
        <section class="page">
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                <Link href=UserConnections::ROUTE>"User source connections"</Link>
                " / "
                <span aria-current="page">{move || pk.get()}</span>
            </nav>
            {move || match remote.state.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e retry=Callback::new(move |_| remote.reload()) /> }.into_any(),
                Some(Ok(c)) => view! { <Detail conn=c /> }.into_any(),
            }}
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
        <SourceCard known=conn.source_details().cloned() uuid=conn.source_uuid().to_string() list_href=list_href />
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
            <Link href=list_href("user", &user_pk.to_string())>"All connections of this user"</Link>
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

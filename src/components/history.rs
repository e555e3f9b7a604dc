//! authentik's event log for one object: who created, changed or deleted it, when, from
//! which address and through which request. One view for every resource (it takes the
//! object's `EventSubject`, not its type).

use crate::api::client;
use crate::api::models::{Event, Page};
use crate::api::resources::EventSubject;
use crate::api::ApiError;
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::status::{Empty, ErrorPanel, Loading};
use crate::components::time::RelativeTime;
use leptos::prelude::*;

/// Events shown per page.
pub const PAGE_SIZE: u64 = 20;

/// The newest events first, 20 at a time, with "Older" / "Newer".
#[component]
pub fn History(subject: EventSubject) -> impl IntoView {
    let page = RwSignal::new(1u64);
    let subject = StoredValue::new(subject);
    let events = use_remote(
        move || subject.with_value(|s| s.query(page.get(), PAGE_SIZE)),
        |query, abort| async move {
            client::get::<Page<Event>>("events/events/", &query, &abort)
                .await
                .map_err(ApiError::on_read)
        },
    );
    let body = move || match events.state.get() {
        None => view! { <Loading label="Loading the history…" /> }.into_any(),
        // authentik lets only superusers read its event log (403 for everyone else,
        // capture 668 of 2026.2.2): a fact about the account, not a failure.
        Some(Err(ApiError::Forbidden(_))) => view! {
            <p class="muted" role="note">"Only superusers can read authentik's event log."</p>
        }
        .into_any(),
        Some(Err(e)) => {
            view! { <ErrorPanel error=e retry=Callback::new(move |_| events.reload()) /> }
                .into_any()
        }
        Some(Ok(p)) if p.results.is_empty() => view! {
            <Empty>"authentik's event log holds nothing about this object."</Empty>
        }
        .into_any(),
        Some(Ok(p)) => {
            let older = p.pagination.next > 0;
            let newer = page.get_untracked() > 1;
            view! {
                <ol class="history-list">{p.results.into_iter().map(event_item).collect_view()}</ol>
                <div class="toolbar">
                    {newer.then(|| view! {
                        <button type="button" class="btn" on:click=move |_| page.update(|n| *n = n.saturating_sub(1).max(1))>"Newer"</button>
                    })}
                    {older.then(|| view! {
                        <button type="button" class="btn" on:click=move |_| page.update(|n| *n += 1)>"Older"</button>
                    })}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            {body}
        </section>
    }
}

fn event_item(e: Event) -> impl IntoView {
    let (name, pk) = e.who();
    let who = match (name, pk) {
        (Some(n), Some(pk)) => {
            view! { <Link href=crate::pages::user::user_href(pk)>{n}</Link> }.into_any()
        }
        (Some(n), None) => view! { <span>{n}</span> }.into_any(),
        (None, _) => view! { <span class="muted">"someone unknown"</span> }.into_any(),
    };
    let request = e.request();
    let agent = e.user_agent();
    let ip = e.client_ip();
    view! {
        <li class="history-event">
            <p>
                <strong>{e.action_words()}</strong>" by "{who}" "<RelativeTime iso=e.created() />
                {ip.map(|ip| view! { " from "<span class="mono">{ip}</span> })}
            </p>
            {request.map(|r| view! { <p class="mono small">{r}</p> })}
            {agent.map(|a| view! { <p class="muted small">{a}</p> })}
        </li>
    }
}

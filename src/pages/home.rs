use crate::api::models::Source;
use crate::api::query::ListQuery;
use crate::api::resources::{self, GroupConnections, RefreshTokens, Resource, UserConnections};
use crate::api::{Abort, ApiError};
use crate::app::set_title;
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::status::ErrorPanel;
use crate::pages::lookups;
use leptos::prelude::*;

async fn count<R: Resource>(filter: Option<(&str, &str)>, abort: &Abort) -> Result<u64, ApiError> {
    let mut q = ListQuery {
        page_size: 1,
        ordering: String::new(),
        ..ListQuery::default()
    };
    if let Some((k, v)) = filter {
        q.filters.push((k.into(), v.into()));
    }
    resources::list::<R>(&q, abort)
        .await
        .map(|p| p.pagination.count)
}

/// How many of the charted sources at most: one request each.
const CHART_SOURCES: usize = 12;

#[component]
pub fn Home() -> impl IntoView {
    set_title("Overview");
    let info = crate::app::use_session_info();
    view! {
        <section class="page">
            <h1>"Overview"</h1>
            <p class="lede">"What authentik's own admin interface does not show: source connections and OAuth2 refresh tokens."</p>
            <Show when=move || info.is_superuser() == Some(false)>
                <p class="notice" role="note">
                    "This account is not a superuser: authentik counts and lists only what it may see."
                </p>
            </Show>
            <ul class="tiles">
                <Tile route=UserConnections::ROUTE what="User source connections" fetch=|a| Box::pin(async move { count::<UserConnections>(None, &a).await }) />
                <Tile route=GroupConnections::ROUTE what="Group source connections" fetch=|a| Box::pin(async move { count::<GroupConnections>(None, &a).await }) />
                <Tile route=RefreshTokens::ROUTE what="OAuth2 refresh tokens" fetch=|a| Box::pin(async move { count::<RefreshTokens>(None, &a).await }) />
            </ul>
            <ConnectionsPerSource />
        </section>
    }
}

type CountFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<u64, ApiError>>>>;

#[component]
fn Tile(route: &'static str, what: &'static str, fetch: fn(Abort) -> CountFuture) -> impl IntoView {
    let n = use_remote(|| (), move |_, abort| fetch(abort));
    view! {
        <li class="tile">
            <Link href=route>
                <span class="count">
                    {move || match n.state.get() {
                        Some(Ok(n)) => n.to_string(),
                        Some(Err(ApiError::Forbidden(_))) => "—".into(),
                        Some(Err(_)) => "?".into(),
                        None => "…".into(),
                    }}
                </span>
                <span class="what">{what}</span>
            </Link>
        </li>
    }
}

/// A bar per source: its user connections, drawn as SVG (no chart library needed).
#[component]
fn ConnectionsPerSource() -> impl IntoView {
    let data = use_remote(
        || (),
        |_, abort| async move {
            let sources: Vec<Source> = lookups::sources(abort.clone()).await?;
            let mut out = Vec::new();
            for s in sources.into_iter().take(CHART_SOURCES) {
                let n = count::<UserConnections>(Some(("source__slug", &s.slug)), &abort).await?;
                out.push((s, n));
            }
            Ok(out)
        },
    );
    view! {
        <section class="card chart" aria-labelledby="chart-title">
            <h2 id="chart-title">"User connections per source"</h2>
            {move || match data.state.get() {
                None => view! { <p role="status">"Counting…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e retry=Callback::new(move |_| data.reload()) /> }.into_any(),
                Some(Ok(rows)) if rows.is_empty() => view! { <p>"No sources."</p> }.into_any(),
                Some(Ok(rows)) => bar_chart(rows).into_any(),
            }}
        </section>
    }
}

/// One row per source: its name as text at the page's size (an SVG scaled to a phone shrank
/// it to a few pixels), a bar, and the count. Each row is a link named by what it shows.
fn bar_chart(rows: Vec<(Source, u64)>) -> impl IntoView {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let bars = rows
        .into_iter()
        .map(|(s, n)| {
            // Set through the style object, which the CSP allows (a style attribute it would not).
            let width = format!("{:.1}%", 100.0 * n as f64 / max);
            let href = UserConnections::list_href("source__slug", &s.slug);
            view! {
                <li>
                    <Link href=href>
                        <span class="bar-label">{s.name}</span>
                        <span class="bar-track" aria-hidden="true"><span class="bar" style:width=width></span></span>
                        <span class="bar-value">{n}<span class="visually-hidden">" user connections"</span></span>
                    </Link>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="bars" aria-labelledby="chart-title">{bars}</ul> }
}

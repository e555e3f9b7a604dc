use crate::api::query::ListQuery;
use crate::api::resources::{self, Resource, UserConnections};
use crate::app::set_title;
use crate::components::remote::use_remote;
use crate::components::status::ErrorPanel;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    set_title("Overview");
    let count = use_remote(
        || (),
        |_, abort| async move {
            let q = ListQuery {
                page_size: 1,
                ..ListQuery::default()
            };
            resources::list::<UserConnections>(&q, &abort)
                .await
                .map(|p| p.pagination.count)
        },
    );
    view! {
        <section class="page">
            <h1>"Overview"</h1>
            <p class="lede">"Manage what authentik's own admin interface does not show: source connections and OAuth2 refresh tokens."</p>
            {move || match count.state.get() {
                Some(Err(e)) => view! { <ErrorPanel error=e retry=Callback::new(move |_| count.reload()) /> }.into_any(),
                state => {
                    let n = match state {
                        Some(Ok(n)) => n.to_string(),
                        _ => "…".into(),
                    };
                    view! {
                        <ul class="tiles">
                            <li class="tile">
                                <A href=UserConnections::ROUTE>
                                    <span class="count">{n}</span>
                                    <span class="what">"User source connections"</span>
                                </A>
                            </li>
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

use super::TokenBadges;
use crate::api::models::RefreshToken;
use crate::api::resources::{RefreshTokens, Resource};
use crate::app::set_title;
use crate::components::delete::BulkDelete;
use crate::components::link::Link;
use crate::components::list::{id_column, use_list_query, Column, ResourceList, Selection};
use crate::components::time::RelativeTime;
use crate::pages::filters::{provider_options, SelectFilter, UserFilter};
use leptos::prelude::*;

fn columns() -> Vec<Column<RefreshToken>> {
    vec![
        id_column::<RefreshTokens>(),
        Column {
            label: "User",
            order: Some("user"),
            cell: |t| {
                let name = t.user.username.clone();
                view! { <Link href=RefreshTokens::list_href("user", &t.user.pk.to_string())><span class="username" title=name.clone()>{name.clone()}</span></Link> }
                    .into_any()
            },
        },
        Column {
            label: "Provider",
            order: Some("provider"),
            cell: |t| {
                let name = t.provider.name.clone();
                view! { <Link href=RefreshTokens::list_href("provider", &t.provider.pk.to_string())>{name}</Link> }
                    .into_any()
            },
        },
        Column {
            label: "Scopes",
            order: None,
            cell: |t| view! { <span class="scopes">{t.scope.join(" ")}</span> }.into_any(),
        },
        Column {
            label: "Expires",
            order: Some("expires"),
            cell: |t| {
                let token = t.clone();
                view! { <RelativeTime iso=t.expires.clone() />" "<TokenBadges token=token /> }
                    .into_any()
            },
        },
    ]
}

#[component]
pub fn ListPage() -> impl IntoView {
    set_title("OAuth2 refresh tokens");
    let ctx = use_list_query::<RefreshTokens>();
    let selection: Selection = RwSignal::new(Vec::new());
    let refresh = RwSignal::new(0u32);
    view! {
        <section class="page">
            <h1>"OAuth2 refresh tokens"</h1>
            <p class="lede">"Tokens that let applications act for users. Revoking one ends that grant."</p>
            <div class="toolbar">
                <BulkDelete<RefreshTokens> selection=selection refresh=refresh verb="Revoke" />
            </div>
            <ResourceList<RefreshTokens>
                ctx=ctx
                columns=columns()
                selection=selection
                refresh=refresh
                filters=view! {
                    <UserFilter ctx=ctx />
                    <SelectFilter ctx=ctx key="provider" label="Provider" all_label="All providers" options=provider_options() />
                }
                .into_any()
            />
        </section>
    }
}

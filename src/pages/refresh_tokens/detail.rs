use super::TokenBadges;
use crate::api::id_token::{claims, pretty, Claim};
use crate::api::models::RefreshToken;
use crate::api::resources::{RefreshTokens, Resource, UserConnections};
use crate::components::delete::DeleteButton;
use crate::components::item::{item_page, ItemView};
use crate::components::link::Link;
use crate::components::time::RelativeTime;
use leptos::prelude::*;

#[component]
pub fn DetailPage() -> impl IntoView {
    view! {
        <section class="page">
            {item_page::<RefreshTokens, _>("OAuth2 refresh tokens", ItemView::Detail, |t| view! { <Detail token=t /> })}
        </section>
    }
}

#[component]
fn Detail(token: RefreshToken) -> impl IntoView {
    let pk = token.pk.to_string();
    let label = format!(
        "refresh token {} of {} for {}",
        token.pk, token.user.username, token.provider.name
    );
    let user = token.user.clone();
    let provider = token.provider.clone();
    let groups = user.groups_obj.clone().unwrap_or_default();
    view! {
        <h1>{format!("Refresh token {}", token.pk)} " " <TokenBadges token=token.clone() /></h1>
        <div class="toolbar">
            <DeleteButton<RefreshTokens> pk=pk label=Signal::stored(label) after=RefreshTokens::ROUTE verb="Revoke" />
        </div>
        <dl class="facts">
            <dt>"Scopes"</dt>
            <dd>{token.scope.join(" ")}</dd>
            <dt>"Expires"</dt>
            <dd><RelativeTime iso=token.expires.clone() /></dd>
            <dt>"Revoked"</dt>
            <dd>{if token.revoked { "Yes" } else { "No" }}</dd>
        </dl>
        <div class="cards">
            <section class="card" aria-labelledby="provider-title">
                <h2 id="provider-title">"Provider"</h2>
                <dl>
                    <dt>"Name"</dt><dd>{provider.name.clone()}</dd>
                    <dt>"Application"</dt><dd>{provider.assigned_application_name.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Client type"</dt><dd>{provider.client_type.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Client ID"</dt><dd class="mono wrap">{provider.client_id.clone().unwrap_or_else(|| "—".into())}</dd>
                </dl>
                <Link href=RefreshTokens::list_href("provider", &provider.pk.to_string())>"All tokens of this provider"</Link>
            </section>
            <section class="card" aria-labelledby="user-title">
                <h2 id="user-title">"User"</h2>
                <dl>
                    <dt>"Username"</dt><dd>{user.username.clone()}</dd>
                    <dt>"Name"</dt><dd>{user.name.clone()}</dd>
                    <dt>"Active"</dt><dd>{if user.is_active { "Yes" } else { "No" }}</dd>
                    <dt>"Groups"</dt>
                    <dd>
                        {if groups.is_empty() {
                            view! { <span class="muted">"none"</span> }.into_any()
                        } else {
                            groups.into_iter().map(|g| view! { <span class="chip">{g.name}</span> }).collect_view().into_any()
                        }}
                    </dd>
                </dl>
                <Link href=RefreshTokens::list_href("user", &user.pk.to_string())>"All tokens of this user"</Link>
                " · "
                <Link href=UserConnections::list_href("user", &user.pk.to_string())>"Source connections of this user"</Link>
            </section>
        </div>
        <IdTokenClaims id_token=token.id_token.clone() />
    }
}

#[component]
fn IdTokenClaims(id_token: String) -> impl IntoView {
    let rows = claims(&id_token);
    let raw = pretty(&id_token);
    let show_raw = RwSignal::new(rows.is_none());
    let table = rows.map(|rows| {
        view! {
            <table class="data claims">
                <caption class="visually-hidden">"ID token claims"</caption>
                <thead><tr><th scope="col">"Claim"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(k, v)| {
                            let value = match v {
                                Claim::Time(secs) => {
                                    let iso = js_sys::Date::new(&(secs * 1000.0).into()).to_iso_string().as_string();
                                    view! { <RelativeTime iso=iso /> }.into_any()
                                }
                                Claim::Text(t) => view! { <span class="wrap">{t}</span> }.into_any(),
                                Claim::Json(j) => view! { <code class="wrap">{j}</code> }.into_any(),
                            };
                            view! { <tr><th scope="row" class="mono">{k}</th><td>{value}</td></tr> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <section class="card" aria-labelledby="claims-title">
            <h2 id="claims-title">"ID token"</h2>
            {table}
            <button
                type="button"
                class="btn-link"
                aria-expanded=move || if show_raw.get() { "true" } else { "false" }
                aria-controls="raw-id-token"
                on:click=move |_| show_raw.update(|v| *v = !*v)
            >
                {move || if show_raw.get() { "Hide raw JSON" } else { "Show raw JSON" }}
            </button>
            <Show when=move || show_raw.get()>
                <pre id="raw-id-token" class="raw">{raw.clone()}</pre>
            </Show>
        </section>
    }
}

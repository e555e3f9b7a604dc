//! OAuth2 refresh tokens: `/oauth2/refresh_tokens/` — read and revoke; the API has no update.

use super::{Declared, NavGroup, Sweep};
use crate::api::id_token::{claims, pretty, Claim};
use crate::api::models::RefreshToken;
use crate::api::query::{FilterKey, Honoured, ListSupport};
use crate::api::resources::{Resource, UpdateMethod, Verb};
use crate::components::delete::DeleteButton;
use crate::components::facts::{card, facts, Fact};
use crate::components::link::Link;
use crate::components::list::{id_column, Column};
use crate::components::time::{relative, RelativeTime};
use leptos::prelude::*;

pub struct RefreshTokens;

const FILTERS: &[FilterKey] = &[FilterKey::User, FilterKey::Provider];

/// Refresh tokens have no search fields on any release: `search` returns every token.
const HONOURED: Honoured = Honoured {
    search: &[],
    ordering: &["pk", "expires", "user", "provider"],
    filters: FILTERS,
};

impl Resource for RefreshTokens {
    type Item = RefreshToken;
    const PATH: &'static str = "oauth2/refresh_tokens/";
    const NAME: &'static str = "Refresh token";
    const ONE: &'static str = "refresh token";
    const MANY: &'static str = "refresh tokens";
    const ROUTE: &'static str = "/refresh-tokens";
    const FILTERS: &'static [FilterKey] = FILTERS;
    /// Soonest expiry first: what an admin reviewing tokens looks at.
    const DEFAULT_ORDERING: &'static str = "expires";
    const LIST: ListSupport = ListSupport {
        legacy: HONOURED,
        current: HONOURED,
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = None;
    const VERB: Verb = Verb::Revoke;

    const OWNER: Option<fn(&RefreshToken) -> i64> = Some(|t| t.user.pk);

    fn pk(item: &RefreshToken) -> String {
        item.pk.to_string()
    }

    fn describe(item: &RefreshToken) -> String {
        format!("{}, {}", item.user.username, item.provider.name)
    }
}

impl Declared for RefreshTokens {
    const GROUP: NavGroup = NavGroup::OAuth2;
    const SWEEP: Sweep = Sweep::Always;
    const TITLE: &'static str = "OAuth2 refresh tokens";
    const NAV: &'static str = "Refresh tokens";
    const LEDE: &'static str =
        "Tokens that let applications act for users. Revoking one ends that grant.";
    const BULK: bool = true;

    fn columns() -> Vec<Column<RefreshToken>> {
        vec![
            id_column::<Self>(),
            Column {
                label: "User",
                order: Some("user"),
                cell: |t| {
                    let name = t.user.username.clone();
                    view! { <Link href=RefreshTokens::list_href(FilterKey::User, &t.user.pk.to_string())><span class="username" title=name.clone()>{name.clone()}</span></Link> }
                        .into_any()
                },
            },
            Column {
                label: "Provider",
                order: Some("provider"),
                cell: |t| {
                    let name = t.provider.name.clone();
                    view! { <Link href=RefreshTokens::list_href(FilterKey::Provider, &t.provider.pk.to_string())>{name}</Link> }
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
                cell: |t| view! { <RelativeTime iso=t.expires.clone() />" "{badges(t)} }.into_any(),
            },
        ]
    }

    fn detail(token: RefreshToken) -> AnyView {
        let pk = token.pk.to_string();
        let label = format!(
            "refresh token {} of {} for {}",
            token.pk, token.user.username, token.provider.name
        );
        let user = token.user.clone();
        let provider = token.provider.clone();
        let groups = user.groups_obj.clone().unwrap_or_default();
        view! {
            <h1>{format!("Refresh token {}", token.pk)} " " {badges(&token)}</h1>
            <div class="toolbar">
                <DeleteButton meta=Self::META pk=pk label=Signal::stored(label) after=Self::ROUTE />
            </div>
            {facts(Some("facts"), vec![
                ("Scopes", Fact::Text(token.scope.join(" "))),
                ("Expires", Fact::Time(token.expires.clone())),
                ("Revoked", Fact::YesNo(token.revoked)),
            ])}
            <div class="cards">
                {card("provider-title", "Provider", view! {
                    {facts(None, vec![
                        ("Name", Fact::Text(provider.name.clone())),
                        ("Application", Fact::Text(provider.assigned_application_name.clone().unwrap_or_else(|| "—".into()))),
                        ("Client type", Fact::Text(provider.client_type.clone().unwrap_or_else(|| "—".into()))),
                        ("Client ID", Fact::Code(provider.client_id.clone().unwrap_or_else(|| "—".into()))),
                    ])}
                    {super::related("Lists of this provider", FilterKey::Provider, &provider.pk.to_string())}
                }.into_any())}
                {card("user-title", "User", view! {
                    {facts(None, vec![
                        ("Username", Fact::Text(user.username.clone())),
                        ("Name", Fact::Text(user.name.clone())),
                        ("Active", Fact::YesNo(user.is_active)),
                        ("Groups", if groups.is_empty() {
                            Fact::Muted("none")
                        } else {
                            Fact::View(groups.into_iter().map(|g| view! { <span class="chip">{g.name}</span> }).collect_view().into_any())
                        }),
                    ])}
                    {super::related("Lists of this user", FilterKey::User, &user.pk.to_string())}
                }.into_any())}
            </div>
            <IdTokenClaims id_token=token.id_token.clone() />
        }
        .into_any()
    }
}

/// Revoked / expired / "expires in N days" at a glance.
fn badges(token: &RefreshToken) -> AnyView {
    let expiry = token.expires.as_deref().and_then(relative);
    view! {
        <span class="badges">
            {token.revoked.then(|| view! { <span class="badge bad">"Revoked"</span> })}
            {if token.is_expired {
                Some(view! { <span class="badge warn">"Expired"</span> }.into_any())
            } else {
                expiry.map(|e| view! { <span class="badge">{format!("Expires {e}")}</span> }.into_any())
            }}
        </span>
    }
    .into_any()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::{Ignored, ListQuery, Offered};
    use crate::api::server::Release;

    #[test]
    fn refresh_tokens_are_never_searched() {
        for v in ["2024.8.6", "2026.2.2", ""] {
            let o = Offered::new(&RefreshTokens::LIST, Release::parse(v));
            assert!(o.search().is_empty(), "{v}");
            for key in [
                "expires",
                "-expires",
                "user",
                "-user",
                "provider",
                "-provider",
            ] {
                assert!(o.sorts_by(key), "{key} on {v}");
            }
            assert!(!o.sorts_by("scope"));
            assert!(o.filters_by("user") && o.filters_by("provider"));
        }
        let asked = ListQuery::from_pairs([("search", "wiki")], FILTERS, "expires");
        let (q, ignored) =
            Offered::new(&RefreshTokens::LIST, Release::parse("2026.2.2")).apply(&asked, "expires");
        assert_eq!(q.search, "");
        assert_eq!(ignored, [Ignored::Search("wiki".into())]);
        assert_eq!(ignored[0].to_string(), "search \u{201c}wiki\u{201d}");
    }
}

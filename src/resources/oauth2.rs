//! What the OAuth2 grants (refresh tokens, access tokens, authorization codes) share: one
//! item type, so their columns, badges, detail and ID-token view exist once in the build;
//! only the two link cells are per resource (they name its route), and they are one line.

use crate::api::id_token::{claims, pretty, Claim};
use crate::api::json::from_fields;
use crate::api::models::{TokenProvider, TokenUser};
use crate::api::query::{FilterKey, Honoured};
use crate::api::resources::{Meta, Resource};
use crate::components::delete::DeleteButton;
use crate::components::facts::{card, facts, user_facts, Fact};
use crate::components::link::user_link;
use crate::components::link::Link;
use crate::components::list::{id_column, Column};
use crate::components::time::{relative, RelativeTime};
use crate::components::{aria_bool, reactive, Derived, State};
use leptos::prelude::*;

/// An OAuth2 grant: a refresh token, an access token or an authorization code, which
/// authentik serialises alike (`TokenModel`, and `ExpiringBaseGrantModel` for a code, which
/// lacks `id_token` and `revoked`: hence the options).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OAuth2Token {
    pub pk: i64,
    pub provider: TokenProvider,
    pub user: TokenUser,
    pub is_expired: bool,
    pub expires: Option<String>,
    pub scope: Vec<String>,
    pub id_token: Option<String>,
    pub revoked: Option<bool>,
}
from_fields!(OAuth2Token {
    pk,
    provider,
    user,
    is_expired,
    expires,
    scope,
    id_token,
    revoked
});

pub const FILTERS: &[FilterKey] = &[FilterKey::User, FilterKey::Provider];

/// What every grant list honours on every release recorded (2024.8.6 and 2026.2.2): no
/// search fields (any `search` returns every row), `user` and `provider` filters, and
/// ordering by expiry, user and provider both ways. (The 2024.8.6 recording of
/// `access_tokens/?ordering=expires`, 634, matched the default order only because the
/// default, provider then expires, sorted those four tokens by expiry too; `-expires`, 635,
/// and the refresh tokens of the same view class show the key is honoured.)
pub const HONOURED: Honoured = Honoured {
    search: &[],
    ordering: &["pk", "expires", "user", "provider"],
    filters: FILTERS,
};

/// Declares one OAuth2 grant resource, `Resource` and `Declared`: refresh tokens, access
/// tokens and authorization codes differ only in these words, their API path and route and
/// their event model's name. What they do is the shared code of this file; each keeps a file
/// of its own (its `leave-out-…` feature, its tests, the benchmark's per-resource count).
macro_rules! grant {
    (
        $(#[$attr:meta])*
        $ty:ident {
            path: $path:literal,
            name: $name:literal,
            one: $one:literal,
            many: $many:literal,
            route: $route:literal,
            event_model: $model:literal,
            title: $title:literal,
            nav: $nav:literal,
            lede: $lede:literal $(,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $ty;

        impl $crate::api::resources::Resource for $ty {
            type Item = $crate::resources::oauth2::OAuth2Token;
            const PATH: &'static str = $path;
            const NAME: &'static str = $name;
            const ONE: &'static str = $one;
            const MANY: &'static str = $many;
            const ROUTE: &'static str = $route;
            const FILTERS: &'static [$crate::api::query::FilterKey] = super::oauth2::FILTERS;
            /// Soonest expiry first: what an admin reviewing grants looks at.
            const DEFAULT_ORDERING: &'static str = "expires";
            const LIST: $crate::api::query::ListSupport = $crate::api::query::ListSupport {
                legacy: super::oauth2::HONOURED,
                current: super::oauth2::HONOURED,
                legacy_fails_without_superuser: false,
            };
            /// The API has no update (PATCH is a 405 on 2024.8.6 and 2026.2.2).
            const UPDATE_METHOD: Option<$crate::api::resources::UpdateMethod> = None;
            const VERB: $crate::api::resources::Verb = $crate::api::resources::Verb::Revoke;

            const OWNER: Option<fn(&Self::Item) -> i64> = Some(super::oauth2::owner);

            /// authentik's model `authentik_providers_oauth2.<event_model>` (Django's
            /// lowercase class name; inferred from authentik's models, no recording shows one
            /// of its events).
            fn event_subject(item: &Self::Item) -> Option<$crate::api::resources::EventSubject> {
                Some($crate::api::resources::EventSubject::new(
                    "authentik_providers_oauth2",
                    $model,
                    item.pk,
                ))
            }

            fn pk(item: &Self::Item) -> String {
                item.pk.to_string()
            }

            fn describe(item: &Self::Item) -> String {
                super::oauth2::describe(item)
            }
        }

        impl super::Declared for $ty {
            const GROUP: super::NavGroup = super::NavGroup::OAuth2;
            const SWEEP: super::Sweep = super::Sweep::Always;
            /// Newest grant first: pks are given in issuing order.
            const NEWEST: &'static [&'static str] = &["-pk"];
            const TITLE: &'static str = $title;
            const NAV: &'static str = $nav;
            const LEDE: &'static str = $lede;
            const BULK: bool = true;

            fn columns() -> Vec<$crate::components::list::Column<Self::Item>> {
                super::oauth2::columns::<Self>()
            }

            fn detail(grant: &Self::Item) -> leptos::prelude::AnyView {
                super::oauth2::detail(<Self as $crate::api::resources::Resource>::META, grant)
            }
        }
    };
}
pub(super) use grant;

/// ID, user, provider, scopes, expiry.
pub fn columns<R: Resource<Item = OAuth2Token>>() -> Vec<Column<OAuth2Token>> {
    fn provider<R: Resource>(t: &OAuth2Token) -> AnyView {
        provider_link(R::ROUTE, t)
    }
    vec![
        id_column::<R>(),
        Column {
            label: "User",
            order: Some("user"),
            cell: |t| user_link(t.user.pk, t.user.username.clone()),
        },
        Column {
            label: "Provider",
            order: Some("provider"),
            cell: provider::<R>,
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

fn provider_link(route: &'static str, t: &OAuth2Token) -> AnyView {
    let href = Meta::list_href_of(route, FilterKey::Provider, &t.provider.pk.to_string());
    let name = t.provider.name.clone();
    view! { <Link href=href>{name}</Link> }.into_any()
}

/// "alice, Wiki Provider": a row's words in the bulk dialog.
/// The user a grant was given for.
pub fn owner(t: &OAuth2Token) -> i64 {
    t.user.pk
}

pub fn describe(t: &OAuth2Token) -> String {
    format!("{}, {}", t.user.username, t.provider.name)
}

/// A grant's page: heading with badges, revoke, facts, the provider and user cards with
/// their related lists, and the decoded ID token where the grant has one.
pub fn detail(meta: Meta, token: &OAuth2Token) -> AnyView {
    let pk = token.pk.to_string();
    let label = format!(
        "{} {} of {} for {}",
        meta.one, token.pk, token.user.username, token.provider.name
    );
    let user = token.user.clone();
    let provider = token.provider.clone();
    let mut own = vec![
        ("Scopes", Fact::Text(token.scope.join(" "))),
        ("Expires", Fact::Time(token.expires.clone())),
    ];
    // Authorization codes have no revoked flag: nothing to say rather than "No".
    if let Some(revoked) = token.revoked {
        own.push(("Revoked", Fact::YesNo(revoked)));
    }
    let id_token = token.id_token.clone().filter(|t| !t.trim().is_empty());
    view! {
        <h1>{format!("{} {}", meta.name, token.pk)} " " {badges(token)}</h1>
        <div class="toolbar">
            <DeleteButton meta=meta pk=pk label=Derived::stored(label) after=meta.route />
        </div>
        {facts(Some("facts"), own)}
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
                {facts(None, user_facts(&user))}
                {super::related("Lists of this user", FilterKey::User, &user.pk.to_string())}
            }.into_any())}
        </div>
        {id_token.map(|t| view! { <IdTokenClaims id_token=t /> }.into_any())}
    }
    .into_any()
}

/// Revoked / expired / "expires in N days" at a glance.
pub fn badges(token: &OAuth2Token) -> AnyView {
    let expiry = token.expires.as_deref().and_then(relative);
    view! {
        <span class="badges">
            {(token.revoked == Some(true)).then(|| view! { <span class="badge bad">"Revoked"</span> }.into_any())}
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
    let show_raw = State::new(rows.is_none());
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
                            view! { <tr><th scope="row" class="mono">{k}</th><td>{value}</td></tr> }.into_any()
                        })
                        .collect_view()}
                </tbody>
            </table>
        }.into_any()
    });
    view! {
        <section class="card" aria-labelledby="claims-title">
            <h2 id="claims-title">"ID token"</h2>
            {table}
            <button
                type="button"
                class="btn-link"
                aria-expanded=move || aria_bool(show_raw.get())
                aria-controls="raw-id-token"
                on:click=move |_| show_raw.update(|v| *v = !*v)
            >
                {reactive(move || (if show_raw.get() { "Hide raw JSON" } else { "Show raw JSON" }).into_any())}
            </button>
            {crate::components::show_when(move || show_raw.get(), move || view! {
                <pre id="raw-id-token" class="raw">{raw.clone()}</pre>
            }.into_any())}
        </section>
    }
    .into_any()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::OAuth2Token;
    use crate::api::query::{Ignored, ListQuery, ListSupport, Offered};
    use crate::api::server::Release;

    /// An authorization code as 2024.8.6 sends it (capture 692): the provider carries its
    /// `client_secret`, which is never decoded; there is no ID token nor revoked flag.
    #[test]
    fn an_authorization_code_decodes_without_its_secret() {
        let body = r#"{"pk": 1, "provider": {"pk": 1, "name": "Demo App Provider",
            "client_type": "confidential", "client_id": "demo-app-client-id",
            "client_secret": "demo-app-client-secret", "verbose_name": "OAuth2/OpenID Provider",
            "assigned_application_name": "Demo App"},
            "user": {"pk": 4, "username": "alice", "name": "Alice Anderson", "is_active": true},
            "is_expired": true, "expires": "2026-11-28T04:35:28.126576Z", "scope": ["openid", "email"]}"#;
        let code: OAuth2Token = crate::api::json::parse(body).unwrap();
        assert_eq!((&code.id_token, code.revoked), (&None, None));
        assert_eq!(
            code.provider.client_id.as_deref(),
            Some("demo-app-client-id")
        );
        assert!(!format!("{code:?}").contains("demo-app-client-secret"));
    }

    /// No release searches a grant list (the term is reported as ignored); every release
    /// sorts by expiry, user and provider both ways and filters by user and provider.
    pub(crate) fn grants_are_never_searched(list: &'static ListSupport) {
        for v in ["2024.8.6", "2026.2.2", ""] {
            let o = Offered::new(list, Release::parse(v));
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
            assert!(!o.sorts_by("scope") && !o.sorts_by("is_expired"));
            assert!(o.filters_by("user") && o.filters_by("provider"));
            let asked = ListQuery::from_pairs([("search", "wiki")], super::FILTERS, "expires");
            let (q, ignored) = o.apply(&asked, "expires");
            assert_eq!(q.search, "");
            assert_eq!(ignored, [Ignored::Search("wiki".into())]);
            assert_eq!(ignored[0].to_string(), "search \u{201c}wiki\u{201d}");
        }
    }
}

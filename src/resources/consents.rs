//! User consents: `/core/user_consent/` — what each user agreed an application may read.
//! Read and revoke; the API has no update (PATCH is 405 on every release).

use super::{Declared, NavGroup, Sweep};
use crate::api::json::from_fields;
use crate::api::models::{Application, TokenUser};
use crate::api::query::{FilterKey, Honoured, ListSupport};
use crate::api::resources::{EventSubject, Resource, UpdateMethod, Verb};
use crate::components::delete::DeleteButton;
use crate::components::facts::{card, facts, Fact};
use crate::components::link::user_link;
use crate::components::link::Link;
use crate::components::list::{id_column, Column};
use crate::components::time::{relative, RelativeTime};
use crate::components::Derived;
use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserConsent {
    pub pk: i64,
    /// 2026.x sends `null` for a consent that never expires; 2024.8 a date it ignores.
    pub expires: Option<String>,
    pub expiring: bool,
    pub user: TokenUser,
    pub application: Application,
    /// The scopes consented to, space-separated (empty for "always require consent").
    pub permissions: String,
}
from_fields!(UserConsent {
    pk,
    expires,
    expiring,
    user,
    application,
    permissions
});

pub struct UserConsents;

const FILTERS: &[FilterKey] = &[FilterKey::User, FilterKey::Application];

/// The same view on 2024.8 and 2026.2: `filterset_fields` user and application,
/// `search_fields` user__username (recorded on 2024.8, file 732), and the serializer's
/// fields for `ordering`.
const HONOURED: Honoured = Honoured {
    search: &["username"],
    ordering: &[
        "pk",
        "expires",
        "expiring",
        "user",
        "application",
        "permissions",
    ],
    filters: FILTERS,
};

impl Resource for UserConsents {
    type Item = UserConsent;
    const PATH: &'static str = "core/user_consent/";
    const NAME: &'static str = "User consent";
    const ONE: &'static str = "user consent";
    const MANY: &'static str = "user consents";
    const ROUTE: &'static str = "/user-consents";
    const FILTERS: &'static [FilterKey] = FILTERS;
    /// Soonest expiry first (consents that never expire last, as PostgreSQL sorts nulls).
    const DEFAULT_ORDERING: &'static str = "expires";
    const LIST: ListSupport = ListSupport {
        legacy: HONOURED,
        current: HONOURED,
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = None;
    const VERB: Verb = Verb::Revoke;

    const OWNER: Option<fn(&UserConsent) -> i64> = Some(|c| c.user.pk);

    /// `authentik_core.userconsent` (Django's lowercase class name of `UserConsent`;
    /// inferred from authentik's models, no recording shows one of its events).
    fn event_subject(item: &UserConsent) -> Option<EventSubject> {
        Some(EventSubject::new("authentik_core", "userconsent", item.pk))
    }

    fn pk(item: &UserConsent) -> String {
        item.pk.to_string()
    }

    fn describe(item: &UserConsent) -> String {
        format!("{}, {}", item.user.username, item.application.name)
    }
}

impl Declared for UserConsents {
    /// Newest consent first: pks are given in creation order.
    const NEWEST: &'static [&'static str] = &["-pk"];
    const GROUP: NavGroup = NavGroup::OAuth2;
    const SWEEP: Sweep = Sweep::Always;
    const TITLE: &'static str = "User consents";
    const NAV: &'static str = "Consents";
    const LEDE: &'static str = "What users agreed applications may read about them. Revoking a consent makes authentik ask again at the next sign-in.";
    const BULK: bool = true;

    fn columns() -> Vec<Column<UserConsent>> {
        vec![
            id_column::<Self>(),
            Column {
                label: "User",
                order: Some("user"),
                cell: |c| user_link(c.user.pk, c.user.username.clone()),
            },
            Column {
                label: "Application",
                order: Some("application"),
                cell: |c| {
                    let name = c.application.name.clone();
                    view! { <Link href=UserConsents::list_href(FilterKey::Application, &c.application.pk)>{name}</Link> }
                        .into_any()
                },
            },
            Column {
                label: "Permissions",
                order: Some("permissions"),
                cell: |c| permissions(&c.permissions),
            },
            Column {
                label: "Expires",
                order: Some("expires"),
                cell: |c| {
                    let when = c.expiring.then(|| c.expires.clone()).flatten();
                    view! { {when.map(|iso| view! { <RelativeTime iso=iso />" " }.into_any())}{badges(c)} }
                        .into_any()
                },
            },
        ]
    }

    fn detail(c: &UserConsent) -> AnyView {
        let pk = c.pk.to_string();
        let label = format!(
            "consent {} of {} to {}",
            c.pk, c.user.username, c.application.name
        );
        let user = c.user.clone();
        let app = c.application.clone();
        view! {
            <h1>{format!("User consent {}", c.pk)} " " {badges(c)}</h1>
            <div class="toolbar">
                <DeleteButton meta=Self::META pk=pk label=Derived::stored(label) after=Self::ROUTE />
            </div>
            {facts(Some("facts"), vec![
                ("Permissions", Fact::View(permissions(&c.permissions))),
                ("Expires", if c.expiring { Fact::Time(c.expires.clone()) } else { Fact::Muted("never") }),
            ])}
            <div class="cards">
                {card("application-title", "Application", view! {
                    {facts(None, vec![
                        ("Name", Fact::Text(app.name.clone())),
                        ("Slug", Fact::Mono(app.slug.clone())),
                        ("ID", Fact::Code(app.pk.clone())),
                        ("Launch URL", Fact::Code(app.launch_url.clone().filter(|u| !u.is_empty()).unwrap_or_else(|| "—".into()))),
                    ])}
                    {super::related("Lists of this application", FilterKey::Application, &app.pk)}
                }.into_any())}
                {card("user-title", "User", view! {
                    {facts(None, vec![
                        ("Username", Fact::View(user_link(user.pk, user.username.clone()))),
                        ("Name", Fact::Text(user.name.clone())),
                        ("Active", Fact::YesNo(user.is_active)),
                    ])}
                    {super::related("Lists of this user", FilterKey::User, &user.pk.to_string())}
                    {super::related("Sessions of this user", FilterKey::Username, &user.username)}
                }.into_any())}
            </div>
        }
        .into_any()
    }
}

/// Scopes as chips; an empty string means the application asked for none.
fn permissions(p: &str) -> AnyView {
    let scopes: Vec<String> = p.split_whitespace().map(str::to_string).collect();
    if scopes.is_empty() {
        return view! { <span class="muted">"none"</span> }.into_any();
    }
    view! { <span class="scopes">{scopes.join(" ")}</span> }.into_any()
}

/// How a consent's expiry reads: never, expired, or when.
#[derive(Debug, PartialEq, Eq)]
pub enum Expiry {
    Never,
    Expired,
    Expires,
}

/// `expiring` false means the date (2024.8 still sends one) is not used; an expired consent
/// stays listed until authentik's cleanup removes it.
pub fn expiry(expiring: bool, expires_ms: Option<f64>, now_ms: f64) -> Expiry {
    match (expiring, expires_ms) {
        (false, _) => Expiry::Never,
        (true, Some(ms)) if ms <= now_ms => Expiry::Expired,
        (true, _) => Expiry::Expires,
    }
}

fn badges(c: &UserConsent) -> AnyView {
    let ms = c
        .expires
        .as_deref()
        .map(js_sys::Date::parse)
        .filter(|m| !m.is_nan());
    let badge = match expiry(c.expiring, ms, js_sys::Date::now()) {
        Expiry::Never => Some(view! { <span class="badge">"Does not expire"</span> }.into_any()),
        Expiry::Expired => Some(view! { <span class="badge warn">"Expired"</span> }.into_any()),
        Expiry::Expires => c
            .expires
            .as_deref()
            .and_then(relative)
            .map(|e| view! { <span class="badge">{format!("Expires {e}")}</span> }.into_any()),
    };
    view! { <span class="badges">{badge}</span> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::{ListQuery, Offered};
    use crate::api::server::Release;

    #[test]
    fn consents_filter_by_user_and_application_and_search_usernames_everywhere() {
        for v in ["2024.8.6", "2026.2.2", ""] {
            let o = Offered::new(&UserConsents::LIST, Release::parse(v));
            assert_eq!(o.search(), ["username"], "{v}");
            assert!(o.filters_by("user") && o.filters_by("application"), "{v}");
            for key in ["expires", "-expires", "user", "application", "-pk"] {
                assert!(o.sorts_by(key), "{key} on {v}");
            }
            assert!(!o.sorts_by("user__username"), "{v}");
        }
        let asked = ListQuery::from_pairs(
            [
                ("application", "611f8649-c052-4030-95d5-c4ba2d5fb688"),
                ("search", "al"),
            ],
            FILTERS,
            "expires",
        );
        let (q, ignored) =
            Offered::new(&UserConsents::LIST, Release::parse("2024.8.6")).apply(&asked, "expires");
        assert!(ignored.is_empty());
        assert_eq!(
            q.to_api_query(),
            "page=1&page_size=20&search=al&ordering=expires&application=611f8649-c052-4030-95d5-c4ba2d5fb688"
        );
    }

    #[test]
    fn a_consent_that_does_not_expire_ignores_its_date() {
        let now = 1_000.0;
        // 2024.8 sends a past date with `expiring: false` (capture 699, pk 2).
        assert_eq!(expiry(false, Some(10.0), now), Expiry::Never);
        // 2026.2 sends null (capture 681, pk 2).
        assert_eq!(expiry(false, None, now), Expiry::Never);
        assert_eq!(expiry(true, Some(10.0), now), Expiry::Expired);
        assert_eq!(expiry(true, Some(now), now), Expiry::Expired);
        assert_eq!(expiry(true, Some(2_000.0), now), Expiry::Expires);
    }
}

//! API tokens and app passwords: `/core/tokens/`, looked up by identifier (the route's pk).
//! Read, edit (description; an app password's expiry) and delete. The key is never asked
//! for (`view_key/` is never called) and never shown.
//!
//! authentik's update changes more than it is sent (recorded on 2024.8.6 and 2026.2.2): a
//! body without `intent` makes an app password an API token, one without `user` gives the
//! token to the admin who saves, an API token's expiry becomes now + 30 minutes on every
//! save, and `expires: null` on an app password raises. So `intent` and `user` are always
//! sent (`ALWAYS_SENT`), the form says what happens to the expiry before saving, an empty
//! expiry is refused locally, and the saved message and page show what the server returned.

use super::{Declared, NavGroup, Sweep};
use crate::api::json::from_fields;
use crate::api::kinds::INTENTS;
use crate::api::models::TokenUser;
use crate::api::query::{FilterKey, Honoured, ListSupport};
use crate::api::resources::{EventSubject, Resource, UpdateMethod};
use crate::components::delete::DeleteButton;
use crate::components::edit_form::{FormField, Widget};
use crate::components::facts::{card, facts, user_facts, Fact};
use crate::components::link::user_link;
use crate::components::link::Link;
use crate::components::list::Column;
use crate::components::session::use_session_info;
use crate::components::time::{exact, relative, RelativeTime};
use crate::components::{reactive, Derived};
use crate::forms::{FieldSpec, Kind, Rules};
use crate::resources::page::update_form;
use leptos::prelude::*;

/// A token of `/core/tokens/`. Its key is never part of it: only `view_key/` answers the key,
/// and the console never asks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiToken {
    pub pk: String,
    pub managed: Option<String>,
    pub identifier: String,
    pub intent: String,
    pub user: i64,
    pub user_obj: TokenUser,
    pub description: String,
    pub expires: Option<String>,
    /// Off: the token never expires, whatever `expires` says.
    pub expiring: bool,
}
from_fields!(ApiToken {
    pk,
    managed,
    identifier,
    intent,
    user,
    user_obj,
    description,
    expires,
    expiring
});

impl ApiToken {
    /// "API token", "App password", …; an intent this console does not know, as sent.
    pub fn intent_label(&self) -> String {
        INTENTS
            .iter()
            .find(|(v, _)| *v == self.intent)
            .map(|(_, l)| l.to_string())
            .unwrap_or_else(|| self.intent.clone())
    }

    /// Only API tokens and app passwords can be saved through the API (authentik refuses
    /// other intents in its validation).
    pub fn is_editable(&self) -> bool {
        matches!(self.intent.as_str(), "api" | "app_password")
    }
}

pub struct ApiTokens;

const FILTERS: &[FilterKey] = &[FilterKey::Username, FilterKey::Intent];

/// The same view on every captured release (search recorded on 2024.8.6: `search=alice`
/// matched identifiers; `user__username` and `-expires` honoured).
const HONOURED: Honoured = Honoured {
    search: &["identifier", "intent", "owner's username", "description"],
    ordering: &[
        "pk",
        "identifier",
        "intent",
        "user",
        "description",
        "expires",
    ],
    filters: FILTERS,
};

impl Resource for ApiTokens {
    type Item = ApiToken;
    const PATH: &'static str = "core/tokens/";
    const NAME: &'static str = "Token";
    const ONE: &'static str = "token";
    const MANY: &'static str = "API tokens and app passwords";
    const ROUTE: &'static str = "/tokens";
    const FILTERS: &'static [FilterKey] = FILTERS;
    /// Soonest expiry first (tokens that never expire last, as PostgreSQL sorts NULL).
    const DEFAULT_ORDERING: &'static str = "expires";
    const LIST: ListSupport = ListSupport {
        legacy: HONOURED,
        current: HONOURED,
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Patch);
    const ALWAYS_SENT: &'static [&'static str] = &["intent", "user"];

    const OWNER: Option<fn(&ApiToken) -> i64> = Some(|t| t.user);

    /// Logged by its uuid as hex without dashes (capture 729), not by the identifier.
    fn event_subject(item: &ApiToken) -> Option<EventSubject> {
        Some(EventSubject::new(
            "authentik_core",
            "token",
            EventSubject::uuid_hex(&item.pk),
        ))
    }

    fn pk(item: &ApiToken) -> String {
        item.identifier.clone()
    }

    /// authentik's own tokens (`managed`, e.g. the embedded outpost's): deleting one breaks
    /// authentik itself.
    fn managed(item: &ApiToken) -> bool {
        item.managed.is_some()
    }

    fn describe(item: &ApiToken) -> String {
        format!("{}, {}", item.intent_label(), item.user_obj.username)
    }

    fn saved_note(item: &ApiToken) -> String {
        match (item.expiring, item.expires.as_deref()) {
            (true, Some(e)) => format!(
                " authentik set it to expire {} ({}).",
                relative(e).unwrap_or_default(),
                exact(e).unwrap_or_else(|| e.to_string())
            ),
            _ => String::new(),
        }
    }
}

impl Declared for ApiTokens {
    const GROUP: NavGroup = NavGroup::SessionsAndTokens;
    const SWEEP: Sweep = Sweep::OptIn;
    const TITLE: &'static str = "API tokens and app passwords";
    const NAV: &'static str = "API tokens";
    const LEDE: &'static str =
        "Tokens that act as their owner on authentik's API, app passwords, and the \
         links authentik sends for recovery and email verification. Keys are never shown here.";
    const BULK: bool = true;
    const EDIT: Option<fn(&ApiToken) -> AnyView> = Some(edit);

    fn columns() -> Vec<Column<ApiToken>> {
        vec![
            Column {
                label: "Identifier",
                order: Some("identifier"),
                cell: |t| {
                    let id = t.identifier.clone();
                    view! { <Link href=ApiTokens::detail_href(&id)><span class="mono wrap">{id.clone()}</span></Link> }
                        .into_any()
                },
            },
            Column {
                label: "Intent",
                order: Some("intent"),
                cell: |t| view! { <span class="chip">{t.intent_label()}</span> }.into_any(),
            },
            Column {
                label: "Owner",
                order: Some("user"),
                cell: |t| user_link(t.user_obj.pk, t.user_obj.username.clone()),
            },
            Column {
                label: "Expires",
                order: Some("expires"),
                cell: |t| expiry(t),
            },
            Column {
                label: "Description",
                order: Some("description"),
                cell: |t| view! { <span class="wrap">{t.description.clone()}</span> }.into_any(),
            },
        ]
    }

    fn detail(token: &ApiToken) -> AnyView {
        let label = format!(
            "{} {} of {}",
            token.intent_label().to_ascii_lowercase(),
            token.identifier,
            token.user_obj.username
        );
        let user = token.user_obj.clone();
        let edit = token.is_editable().then(|| {
            view! { <Link href=ApiTokens::META.edit_href(&token.identifier) attr:class="btn primary">"Edit"</Link> }.into_any()
        });
        view! {
            <h1>{format!("{} {}", token.intent_label(), token.identifier)} " " {badges(token)}</h1>
            <div class="toolbar">
                {edit}
                <DeleteButton meta=Self::META pk=token.identifier.clone() label=Derived::stored(label) after=Self::ROUTE />
            </div>
            {facts(Some("facts"), vec![
                ("Identifier", Fact::Code(token.identifier.clone())),
                ("Intent", Fact::Text(token.intent_label())),
                ("Description", if token.description.is_empty() { Fact::Muted("none") } else { Fact::Text(token.description.clone()) }),
                ("Expires", expires_fact(token)),
                ("Managed by", match token.managed.clone() {
                    Some(m) => Fact::Code(m),
                    None => Fact::Muted("nobody (made by a person)"),
                }),
                ("UUID", Fact::Mono(token.pk.clone())),
                ("Key", Fact::Muted("never shown here: its owner reads it in authentik")),
            ])}
            <div class="cards">
                {card("user-title", "Owner", view! {
                    {facts(None, user_facts(&user))}
                    {super::related("Lists of this user", FilterKey::User, &user.pk.to_string())}
                    <p><Link href=ApiTokens::list_href(FilterKey::Username, &user.username)>"Tokens of this user"</Link></p>
                }.into_any())}
            </div>
        }
        .into_any()
    }
}

/// Whether an expiry lies in the past (unreadable: no).
fn is_past(iso: &str) -> bool {
    let ms = js_sys::Date::parse(iso);
    !ms.is_nan() && ms < js_sys::Date::now()
}

/// "Never" when the token does not expire (`expiring` off: `expires` is then ignored).
fn expires_fact(token: &ApiToken) -> Fact {
    match (token.expiring, token.expires.clone()) {
        (true, e @ Some(_)) => Fact::Time(e),
        (true, None) => Fact::Muted("—"),
        (false, _) => Fact::Muted("never"),
    }
}

fn expiry(token: &ApiToken) -> AnyView {
    match (token.expiring, token.expires.clone()) {
        (true, e @ Some(_)) => view! { <RelativeTime iso=e />" "{badges(token)} }.into_any(),
        (true, None) => view! { <span class="muted">"—"</span> }.into_any(),
        (false, _) => view! { <span class="badge">"Never"</span> }.into_any(),
    }
}

/// Expired / "expires in N days" at a glance.
fn badges(token: &ApiToken) -> AnyView {
    let e = token.expires.as_deref().filter(|_| token.expiring);
    view! {
        <span class="badges">
            {e.map(|e| if is_past(e) {
                view! { <span class="badge warn">"Expired"</span> }.into_any()
            } else {
                view! { <span class="badge">{format!("Expires {}", relative(e).unwrap_or_default())}</span> }.into_any()
            })}
        </span>
    }
    .into_any()
}

/// What the server will do to the expiry, said before saving.
fn expiry_notice(token: &ApiToken) -> AnyView {
    let server = move || match use_session_info().release() {
        Some(r) => format!("authentik {}.{}", r.year, r.month),
        None => "authentik".to_string(),
    };
    let never = !token.expiring;
    if token.intent == "api" {
        view! {
            <div class="notice warn" role="note" id="expiry-notice">
                <h2>"The expiry will change"</h2>
                <p>
                    {reactive(move || format!("{} sets the expiry of an API token to 30 minutes from now on every save, whatever is entered.", server()).into_any())}
                    {never.then_some(" This token does not expire (its expiry is switched off), so the new date has no effect on it.")}
                </p>
                <p>"Save only if that is what you want; the token's page shows the expiry authentik set."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="notice" role="note" id="expiry-notice">
                <p>
                    "authentik refuses an app password's expiry later than the owner's maximum token lifetime: 30 minutes from \
                     now, unless the owner's groups set goauthentik.io/user/token-maximum-lifetime. An expiry cannot be removed."
                </p>
            </div>
        }
        .into_any()
    }
}

/// Description (and an app password's expiry); `intent` and `user` ride along unchanged.
fn edit(token: &ApiToken) -> AnyView {
    let back = view! { <Link href=ApiTokens::detail_href(&token.identifier) attr:class="btn">"Back to the token"</Link> }.into_any();
    if !token.is_editable() {
        return view! {
            <div class="notice readonly" role="note">
                <h2>"Cannot be changed"</h2>
                <p>{format!("authentik changes only API tokens and app passwords through its API; this is a {}.", token.intent_label().to_ascii_lowercase())}</p>
            </div>
            {back}
        }
        .into_any();
    }
    let app_password = token.intent == "app_password";
    let mut fields = vec![FormField {
        spec: FieldSpec {
            name: "description",
            label: "Description",
            kind: Kind::Text,
            rules: Rules::default(),
        },
        widget: Widget::Text,
        hint: "What the token is for.",
    }];
    let mut initial = vec![token.description.clone()];
    if app_password {
        fields.push(FormField {
            spec: FieldSpec {
                name: "expires",
                label: "Expires",
                kind: Kind::Text,
                // Never sent empty: authentik answers `expires: null` with a server error.
                // Never in the past: authentik saves it, and the app password is dead.
                rules: Rules::required().future(),
            },
            widget: Widget::Text,
            hint: "Date and time with time zone, e.g. 2026-12-01T09:00:00Z.",
        });
        initial.push(token.expires.clone().unwrap_or_default());
    }
    fields.push(FormField {
        spec: FieldSpec {
            name: "intent",
            label: "Intent",
            kind: Kind::Text,
            rules: Rules::default(),
        },
        widget: Widget::Hidden,
        hint: "",
    });
    initial.push(token.intent.clone());
    fields.push(FormField {
        spec: FieldSpec {
            name: "user",
            label: "Owner",
            kind: Kind::Integer,
            rules: Rules::default(),
        },
        widget: Widget::Hidden,
        hint: "",
    });
    initial.push(token.user.to_string());
    view! {
        <p class="lede">
            {token.intent_label()} " of " <strong>{user_link(token.user_obj.pk, token.user_obj.username.clone())}</strong>
            ". Its intent and owner are sent unchanged with every save, so authentik keeps them."
        </p>
        {expiry_notice(token)}
        {update_form::<ApiTokens>(token.identifier.clone(), fields, initial)}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::{search_hint, Offered};
    use crate::api::server::Release;

    /// Capture 729: a token's events name it by its uuid without dashes.
    #[test]
    fn a_token_is_named_in_the_event_log_by_its_uuid_hex() {
        let t = ApiToken {
            pk: "e5bf6933-8afd-4ec3-b1a1-170e11182f0c".into(),
            identifier: "alice-patch-token".into(),
            ..ApiToken::default()
        };
        let s = ApiTokens::event_subject(&t).unwrap();
        assert_eq!(
            (s.app.as_str(), s.model_name.as_str(), s.pk.as_str()),
            (
                "authentik_core",
                "token",
                "e5bf69338afd4ec3b1a1170e11182f0c"
            )
        );
    }

    #[test]
    fn tokens_list_the_same_on_every_release() {
        for v in ["2024.8.6", "2026.2.2", ""] {
            let o = Offered::new(&ApiTokens::LIST, Release::parse(v));
            assert!(
                o.filters_by("user__username") && o.filters_by("intent"),
                "{v}"
            );
            assert!(
                !o.filters_by("user"),
                "tokens filter owners by username only"
            );
            assert!(o.sorts_by("-expires") && o.sorts_by(ApiTokens::DEFAULT_ORDERING));
            assert_eq!(
                search_hint(o.search()),
                "Searches identifier, intent, owner's username and description."
            );
        }
    }
}

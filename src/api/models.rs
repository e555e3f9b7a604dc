//! DTOs that several resources, pages and components read (users, groups, sources,
//! applications, events, MFA devices, pagination); a resource's own item type is declared
//! beside it in `resources/`. All are tolerant on purpose: fields that differ between 2024.8
//! and 2026.x are optional or defaulted, unknown fields are ignored, and capability (what is
//! writable) is read from the response shape.

use crate::api::json::{from_fields, FromJson, Obj, PkText, Read};
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pagination {
    pub next: u64,
    pub previous: u64,
    pub count: u64,
    pub current: u64,
    pub total_pages: u64,
    pub start_index: u64,
    pub end_index: u64,
}
from_fields!(Pagination {
    next,
    previous,
    count,
    current,
    total_pages,
    start_index,
    end_index
});

#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub pagination: Pagination,
    pub results: Vec<T>,
}

impl<T: FromJson> FromJson for Page<T> {
    fn from_json(v: Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let value = Page {
            pagination: o.get("pagination"),
            results: o.need("results"),
        };
        o.end(value)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub pk: String,
    pub name: String,
    pub slug: String,
    pub enabled: bool,
    pub component: String,
    pub verbose_name: String,
    pub meta_model_name: String,
    pub user_matching_mode: Option<String>,
}
from_fields!(Source {
    pk,
    name,
    slug,
    enabled,
    component,
    verbose_name,
    meta_model_name,
    user_matching_mode
});

impl Source {
    /// The family from the subclass the server names: `authentik_sources_oauth.oauthsource`
    /// or the form component `ak-source-oauth-form` → `oauth`. Empty for the generic base
    /// (`authentik_core.source`), which is how every version nests a connection's source.
    pub fn family(&self) -> &str {
        if let Some(f) = self
            .meta_model_name
            .strip_prefix("authentik_sources_")
            .and_then(|m| m.split('.').next())
        {
            return f;
        }
        self.component
            .strip_prefix("ak-source-")
            .and_then(|c| c.strip_suffix("-form"))
            .unwrap_or("")
    }

    /// The source's family (`oauth`, `saml`, …) when the server names the subclass.
    pub fn family_name(&self) -> Option<&str> {
        Some(self.family()).filter(|f| !f.is_empty())
    }

    /// OAuth sources: the only ones a group connection of `group_connections/oauth/` takes.
    pub fn is_oauth(&self) -> bool {
        self.family() == "oauth"
    }

    /// A readable kind ("OAuth source"), or `None` when the object is the generic base and
    /// says nothing (look the source up in `sources/all/`, which names the subclass).
    pub fn kind(&self) -> Option<String> {
        let known = match self.family() {
            "oauth" => "OAuth source",
            "saml" => "SAML source",
            "ldap" => "LDAP source",
            "plex" => "Plex source",
            "kerberos" => "Kerberos source",
            "scim" => "SCIM source",
            "telegram" => "Telegram source",
            "" => {
                return (!self.verbose_name.is_empty() && self.verbose_name != "source")
                    .then(|| self.verbose_name.clone())
            }
            other => return Some(format!("{other} source")),
        };
        Some(known.to_string())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct User {
    pub pk: i64,
    pub username: String,
    pub name: String,
    pub is_active: bool,
    pub is_superuser: bool,
    pub email: String,
}
from_fields!(User {
    pk,
    username,
    name,
    is_active,
    is_superuser,
    email
});

#[derive(Clone, Debug, PartialEq)]
pub struct Me {
    pub user: User,
}

impl FromJson for Me {
    fn from_json(v: Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let user = o.need("user");
        o.end(Me { user })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsedBy {
    pub app: String,
    pub model_name: String,
    pub pk: String,
    pub name: String,
    pub action: String,
}
from_fields!(UsedBy {
    app,
    model_name,
    pk,
    name,
    action
});

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    pub pk: String,
    pub name: String,
    pub is_superuser: bool,
    /// 2024.8: one parent; newer versions list `parents`.
    pub parent: Option<String>,
    pub parent_name: Option<String>,
    pub parents: Vec<String>,
}
from_fields!(Group {
    pk,
    name,
    is_superuser,
    parent,
    parent_name,
    parents
});

/// The provider inside an OAuth2 grant. Deliberately has no `client_secret` field: 2024.8
/// and 2026.2 send the secret, and what is not decoded can never be rendered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenProvider {
    pub pk: i64,
    pub name: String,
    pub client_type: Option<String>,
    pub client_id: Option<String>,
    pub verbose_name: String,
    pub assigned_application_name: Option<String>,
}
from_fields!(TokenProvider {
    pk,
    name,
    client_type,
    client_id,
    verbose_name,
    assigned_application_name
});

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartialGroup {
    pub pk: String,
    pub name: String,
}
from_fields!(PartialGroup { pk, name });

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenUser {
    pub pk: i64,
    pub username: String,
    pub name: String,
    pub is_active: bool,
    pub groups_obj: Option<Vec<PartialGroup>>,
}
from_fields!(TokenUser {
    pk,
    username,
    name,
    is_active,
    groups_obj
});

/// The application a consent was given to, as nested in the consent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Application {
    pub pk: String,
    pub name: String,
    pub slug: String,
    pub launch_url: Option<String>,
    pub meta_publisher: String,
}
from_fields!(Application {
    pk,
    name,
    slug,
    launch_url,
    meta_publisher
});

#[cfg(test)]
mod tests {
    use super::Source;

    fn source(component: &str, verbose: &str, model: &str) -> Source {
        Source {
            component: component.into(),
            verbose_name: verbose.into(),
            meta_model_name: model.into(),
            ..Source::default()
        }
    }

    #[test]
    fn kind_comes_from_the_subclass_the_server_names() {
        // As `sources/all/` lists an OAuth source (2024.8.6 capture 188).
        let oauth = source(
            "ak-source-oauth-form",
            "OAuth Source",
            "authentik_sources_oauth.oauthsource",
        );
        assert_eq!(oauth.kind().as_deref(), Some("OAuth source"));
        assert!(oauth.is_oauth());
        // As nested in a connection, and the built-in source in `sources/all/`: generic.
        let nested = source("", "source", "authentik_core.source");
        assert_eq!(nested.kind(), None);
        assert!(!nested.is_oauth());
        assert_eq!(
            source("ak-source-saml-form", "", "").kind().as_deref(),
            Some("SAML source")
        );
        assert_eq!(
            source("", "", "authentik_sources_plex.plexsource")
                .kind()
                .as_deref(),
            Some("Plex source")
        );
        assert_eq!(
            source("", "Custom Source", "").kind().as_deref(),
            Some("Custom Source")
        );
    }
}

/// A user as `core/users/<pk>/` returns it, for the user page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserDetail {
    pub pk: i64,
    pub username: String,
    pub name: String,
    pub email: String,
    pub is_active: bool,
    pub is_superuser: bool,
    /// `type`.
    pub kind: Option<String>,
    pub last_login: Option<String>,
    pub groups_obj: Option<Vec<PartialGroup>>,
}

impl FromJson for UserDetail {
    fn from_json(v: Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let value = UserDetail {
            pk: o.get("pk"),
            username: o.get("username"),
            name: o.get("name"),
            email: o.get("email"),
            is_active: o.get("is_active"),
            is_superuser: o.get("is_superuser"),
            kind: o.get("type"),
            last_login: o.get("last_login"),
            groups_obj: o.get("groups_obj"),
        };
        o.end(value)
    }
}

// ---- authentik's event log (`events/events/`), read for an object's history.

/// One event. Everything but the action is read through accessors from loosely typed JSON:
/// the context differs per action and per release, and an odd event must show what it can
/// rather than fail the whole page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    pub pk: serde_json::Value,
    pub action: String,
    pub user: serde_json::Value,
    pub context: serde_json::Value,
    pub client_ip: serde_json::Value,
    pub created: serde_json::Value,
}
from_fields!(Event {
    pk,
    action,
    user,
    context,
    client_ip,
    created
});

/// A text inside loosely typed JSON (`context.http_request.path`, a session's
/// `user_agent.os.family`), trimmed; None when missing, not text, or blank.
pub fn text_at<'a>(v: &'a serde_json::Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Event {
    /// The action in words: "Changed", "Created", "Deleted", else authentik's name for it.
    pub fn action_words(&self) -> String {
        match self.action.as_str() {
            "model_updated" => "Changed".into(),
            "model_created" => "Created".into(),
            "model_deleted" => "Deleted".into(),
            "" => "Event".into(),
            other => crate::api::text::capital(&other.replace('_', " ")),
        }
    }

    /// Who acted: the username, and the pk when it is a real account (authentik's shell and
    /// anonymous requests carry pk 0 or none).
    pub fn who(&self) -> (Option<String>, Option<i64>) {
        let name = text_at(&self.user, &["username"]).map(str::to_owned);
        let pk = self
            .user
            .get("pk")
            .and_then(serde_json::Value::as_i64)
            .filter(|pk| *pk > 0);
        (name, pk)
    }

    pub fn created(&self) -> Option<String> {
        self.created.as_str().map(str::to_owned)
    }

    pub fn client_ip(&self) -> Option<String> {
        self.client_ip
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// "PATCH /api/v3/…", when the event came from an HTTP request.
    pub fn request(&self) -> Option<String> {
        let method = text_at(&self.context, &["http_request", "method"]);
        let path = text_at(&self.context, &["http_request", "path"]);
        match (method, path) {
            (None, None) => None,
            (m, p) => Some([m, p].into_iter().flatten().collect::<Vec<_>>().join(" ")),
        }
    }

    pub fn user_agent(&self) -> Option<String> {
        text_at(&self.context, &["http_request", "user_agent"]).map(str::to_owned)
    }

    /// The fields authentik itself recorded as changed: `context.diff`, which authentik's
    /// enterprise audit log adds to `model_created` / `model_updated` (field →
    /// `{previous_value, new_value}`, or for a many-to-many relation `{add | remove: [pks]}`,
    /// `{clear: true}`); the servers captured, without it, send none. Credential-named fields
    /// are left out whatever their (already masked) value.
    pub fn diff(&self) -> Vec<(String, String, String)> {
        let Some(diff) = self.context.get("diff").and_then(|d| d.as_object()) else {
            return Vec::new();
        };
        let text = |v: Option<&serde_json::Value>| match v {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        crate::api::text::sorted_keys(diff)
            .into_iter()
            .filter(|k| !crate::api::json::is_secret_key(k))
            .map(|k| {
                let change = &diff[k];
                let (before, after) = if change.get("previous_value").is_some()
                    || change.get("new_value").is_some()
                {
                    (
                        text(change.get("previous_value")),
                        text(change.get("new_value")),
                    )
                } else {
                    // A relation: what was added, removed or cleared.
                    let words = ["add", "remove", "clear"]
                        .iter()
                        .filter_map(|a| change.get(*a).map(|v| format!("{a}: {}", text(Some(v)))))
                        .collect::<Vec<_>>()
                        .join("; ");
                    (
                        String::new(),
                        if words.is_empty() {
                            text(Some(change))
                        } else {
                            words
                        },
                    )
                };
                (k.clone(), before, after)
            })
            .collect()
    }

    /// The id of the API request that caused the event: the `X-authentik-id` its answer
    /// carried (capture 665 of 2026.2.2 against 663/664).
    pub fn request_id(&self) -> Option<&str> {
        text_at(&self.context, &["http_request", "request_id"])
    }

    /// A stable key for a list of events.
    pub fn key(&self) -> String {
        match &self.pk {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod event_tests {
    use super::{Event, Page};
    use serde_json::{json, Value};

    fn capture(name: &str) -> Value {
        let path = format!(
            "{}/tests/fixtures/2026.2.2/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v["response"]["body"].clone()
    }

    /// Every recorded answer of `events/events/` with results decodes, event by event.
    #[test]
    fn every_recorded_event_decodes() {
        for name in [
            "665-get-events-context-model-group-connection-3.json",
            "666-get-events-context-model-group-connection-3-with-app.json",
            "667-get-events-context-model-wrong-app.json",
            "728-get-events-context-model-deleted-saml-group-connection-9.json",
            "729-get-events-context-model-deleted-token.json",
        ] {
            let body = capture(name);
            let page: Page<Event> = crate::api::json::read(body.clone()).unwrap();
            assert_eq!(
                page.results.len(),
                body["results"].as_array().unwrap().len(),
                "{name}"
            );
            for e in &page.results {
                assert!(e.action.starts_with("model_"), "{name}");
                assert!(e.created().is_some(), "{name}");
            }
        }
    }

    #[test]
    fn an_api_change_says_who_when_where_and_how() {
        let page: Page<Event> = crate::api::json::read(capture(
            "665-get-events-context-model-group-connection-3.json",
        ))
        .unwrap();
        let e = &page.results[0];
        assert_eq!(e.action_words(), "Changed");
        assert_eq!(e.who(), (Some("akadmin".into()), Some(3)));
        assert_eq!(e.client_ip().as_deref(), Some("127.0.0.1"));
        assert_eq!(
            e.request().as_deref(),
            Some("PATCH /api/v3/sources/group_connections/oauth/3/")
        );
        assert_eq!(e.user_agent().as_deref(), Some("python-requests/2.34.2"));
        assert_eq!(page.results.last().unwrap().action_words(), "Created");
        // The event names the request by the id its answer carried in `X-authentik-id`.
        let path = format!(
            "{}/tests/fixtures/2026.2.2/664-bearer-patch-via-8126-foreign-origin.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let patch: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(
            e.request_id(),
            patch["response"]["headers"]["x-authentik-id"].as_str()
        );
        assert!(e.request_id().is_some());
        assert_eq!(page.results.last().unwrap().request_id(), None);
    }

    /// The Django shell's creation: user pk 0 (no page to link to), no request, no address.
    #[test]
    fn a_shell_creation_has_no_account_request_or_address() {
        let page: Page<Event> = crate::api::json::read(capture(
            "728-get-events-context-model-deleted-saml-group-connection-9.json",
        ))
        .unwrap();
        assert_eq!(page.results[0].action_words(), "Deleted");
        let shell = &page.results[1];
        assert_eq!(shell.who(), (Some("authentik-shell".into()), None));
        assert_eq!(shell.request(), None);
        assert_eq!(shell.client_ip(), None);
    }

    /// authentik's enterprise audit log adds a diff (its `EnterpriseAuditMiddleware.diff`:
    /// field → previous/new value, relations as add/remove/clear, credentials masked).
    #[test]
    fn a_diff_authentik_recorded_is_read_field_by_field() {
        let e: Event = crate::api::json::read(json!({"action": "model_updated", "context": {"diff": {
            "identifier": {"previous_value": "acme-org/ops", "new_value": "acme/ops"},
            "last_updated": {"previous_value": "2026-11-28T04:11:12Z", "new_value": "2026-11-28T04:41:51Z"},
            "expiring": {"previous_value": true, "new_value": false},
            "expires": {"previous_value": null, "new_value": "2026-12-01T00:00:00Z"},
            "users": {"add": [5, 6]},
            "key": {"previous_value": "********************", "new_value": "********************"},
            "client_secret": {"previous_value": "****", "new_value": "****"},
        }}}))
        .unwrap();
        assert_eq!(
            e.diff(),
            [
                ("expires", "", "2026-12-01T00:00:00Z"),
                ("expiring", "true", "false"),
                ("identifier", "acme-org/ops", "acme/ops"),
                (
                    "last_updated",
                    "2026-11-28T04:11:12Z",
                    "2026-11-28T04:41:51Z"
                ),
                ("users", "", "add: [5,6]"),
            ]
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        );
        for odd in [
            json!({}),
            json!({"diff": []}),
            json!({"diff": {"x": 1}}),
            json!({"diff": {"x": {"clear": true}}}),
        ] {
            let e: Event = crate::api::json::read(json!({"context": odd})).unwrap();
            let _ = e.diff();
        }
        let page: Page<Event> = crate::api::json::read(capture(
            "665-get-events-context-model-group-connection-3.json",
        ))
        .unwrap();
        assert!(
            page.results.iter().all(|e| e.diff().is_empty()),
            "the captured servers record none"
        );
    }

    #[test]
    fn odd_events_decode_without_failing() {
        for odd in [
            json!({}),
            json!({"pk": 5, "user": "x", "context": [1, 2], "client_ip": 7, "created": null}),
            json!({"action": "custom_thing", "user": {"pk": "3", "username": 4}}),
            json!({"context": {"http_request": {"method": "GET"}}, "user": {"pk": -1, "username": ""}}),
        ] {
            let e: Event = crate::api::json::read(odd).unwrap();
            let _ = (
                e.action_words(),
                e.who(),
                e.request(),
                e.user_agent(),
                e.client_ip(),
                e.key(),
                e.request_id(),
            );
        }
        let e: Event = crate::api::json::read(json!({"action": "custom_thing"})).unwrap();
        assert_eq!(e.action_words(), "Custom thing");
        let e: Event =
            crate::api::json::read(json!({"context": {"http_request": {"method": "GET"}}}))
                .unwrap();
        assert_eq!(e.request().as_deref(), Some("GET"));
    }
}

// ---- MFA devices (`authenticators/admin/<kind>/`, `authenticators/admin/all/`).

/// A WebAuthn device's authenticator model, as authentik knows it from its AAGUID.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WebAuthnType {
    pub aaguid: String,
    pub description: String,
}
from_fields!(WebAuthnType {
    aaguid,
    description
});

/// An MFA device as its kind's admin endpoint sends it (every kind in one type: the kind's
/// own fields are optional). A static device's backup codes (`token_set`, sent in clear
/// text) have no field: they are skipped while decoding and never held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Device {
    /// An integer or a string (`PkText`).
    pub pk: String,
    pub name: String,
    /// 2026 only (none on endpoint devices).
    pub user: Option<TokenUser>,
    /// SMS.
    pub phone_number: Option<String>,
    /// Email devices (2026): the address codes are sent to.
    pub email: Option<String>,
    /// WebAuthn.
    pub created_on: Option<String>,
    pub device_type: Option<WebAuthnType>,
    pub aaguid: Option<String>,
    /// The kind whose endpoint it was read from (`totp`, `static` …); set by the console.
    pub kind: String,
}

impl FromJson for Device {
    fn from_json(v: Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let value = Device {
            pk: o.get::<PkText>("pk").0,
            name: o.get("name"),
            user: o.get("user"),
            phone_number: o.get("phone_number"),
            email: o.get("email"),
            created_on: o.get("created_on"),
            device_type: o.get("device_type"),
            aaguid: o.get("aaguid"),
            kind: String::new(),
        };
        o.end(value)
    }
}

//! The objects the stand-in server holds, and how each authentik version renders them.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use time::OffsetDateTime;

use crate::Compat;

#[derive(Clone, Debug)]
pub struct Source {
    pub pk: String,
    pub slug: String,
    pub name: String,
    /// As `/sources/all/` lists it (the subclass view: component, verbose name, icon).
    pub list: Value,
    /// As nested in a connection (`source` in 2024.8, `source_obj` later).
    pub embed: Value,
    /// The source type whose typed endpoints (`user_connections/<kind>/`) list its
    /// connections: oauth, saml, plex, …; empty for the built-in source.
    pub kind: String,
}

/// The users the demo's fixed API tokens (and the session login) act as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accounts {
    pub admin: i64,
    pub alice: i64,
    pub noperm: i64,
}

impl Default for Accounts {
    /// The first recordings' users: akadmin 5, alice 6, dave-noperm 9.
    fn default() -> Self {
        Accounts {
            admin: 5,
            alice: 6,
            noperm: 9,
        }
    }
}

#[derive(Clone, Debug)]
pub struct User {
    pub pk: i64,
    pub username: String,
    pub name: String,
    pub email: String,
    pub is_superuser: bool,
    pub obj: Value,
    pub me: Value,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub pk: String,
    pub name: String,
    pub list: Value,
}

#[derive(Clone, Debug)]
pub struct UserConn {
    pub pk: i64,
    pub user: i64,
    pub source: String,
    pub identifier: String,
    pub created: String,
    pub last_updated: String,
    pub expires: Option<Value>,
    /// A Plex connection's token: held like authentik holds it, never rendered (every
    /// version's serializer declares it write-only; 2026.2.2's list shows no such field).
    pub plex_token: Option<String>,
}

#[derive(Clone, Debug)]
pub struct GroupConn {
    pub pk: i64,
    pub group: String,
    pub source: String,
    pub identifier: String,
    pub created: String,
    pub last_updated: String,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub pk: i64,
    pub provider: i64,
    pub user: i64,
    pub expires: String,
    pub revoked: bool,
    pub scope: Value,
    pub id_token: Value,
}

/// A user's consent to an application (`core/user_consent/`).
#[derive(Clone, Debug)]
pub struct Consent {
    pub pk: i64,
    pub user: i64,
    /// The application's pk (a UUID), a key of `World::applications`.
    pub application: String,
    /// `null` on 2026.x when the consent never expires; 2024.8 keeps a date it ignores.
    pub expires: Value,
    pub expiring: bool,
    pub permissions: String,
}

/// A signed-in session (`core/authenticated_sessions/`).
#[derive(Clone, Debug)]
pub struct AuthSession {
    pub uuid: String,
    pub user: i64,
    pub last_ip: String,
    pub last_user_agent: String,
    /// As authentik's `ua_parser` parses `last_user_agent` (stored, not parsed here).
    pub user_agent: Value,
    pub geo_ip: Value,
    pub asn: Value,
    pub last_used: String,
    pub expires: String,
    /// The demo login's session cookie, when this session is one: `current` for requests
    /// made with it, and ending it signs that cookie out.
    pub key: Option<String>,
    /// PostgreSQL's heap order: rows equal on the ordering come out in this order.
    pub seq: i64,
}

pub fn consent_from(v: &Value) -> Consent {
    Consent {
        pk: v["pk"].as_i64().unwrap_or_default(),
        user: v["user"].as_i64().unwrap_or_default(),
        application: s(v, "application"),
        expires: v["expires"].clone(),
        expiring: v["expiring"].as_bool().unwrap_or(true),
        permissions: s(v, "permissions"),
    }
}

pub fn session_from(v: &Value, seq: i64) -> AuthSession {
    AuthSession {
        uuid: s(v, "uuid"),
        user: v["user"].as_i64().unwrap_or_default(),
        last_ip: s(v, "last_ip"),
        last_user_agent: s(v, "last_user_agent"),
        user_agent: v["user_agent"].clone(),
        geo_ip: v["geo_ip"].clone(),
        asn: v["asn"].clone(),
        last_used: s(v, "last_used"),
        expires: s(v, "expires"),
        key: None,
        seq,
    }
}

/// An API token, app password or other token of `/core/tokens/` (looked up by identifier).
#[derive(Clone, Debug)]
pub struct ApiToken {
    pub pk: String,
    pub managed: Option<String>,
    pub identifier: String,
    pub intent: String,
    pub user: i64,
    pub description: String,
    pub expires: Option<String>,
    pub expiring: bool,
    /// The secret, only ever answered by `view_key/`.
    pub key: String,
    /// When it was last written, relative to the others: PostgreSQL's heap order, which
    /// decides the order of rows equal on every sorted field.
    pub heap: i64,
}

/// An MFA device (authenticator) of any kind: what every kind shares (`admin/all/`'s
/// fields) and what its own admin serializer adds (`fields`: `token_set`, `phone_number`,
/// `email`, `created_on`, `device_type`, `aaguid`), rendered as each version renders it.
#[derive(Clone, Debug)]
pub struct Device {
    /// `totp`, `static`, `webauthn`, `duo`, `sms`, `email`, `endpoint`.
    pub kind: String,
    /// An integer as text, or a UUID (endpoint devices).
    pub pk: String,
    pub user: i64,
    pub name: String,
    pub confirmed: bool,
    pub created: String,
    pub last_updated: String,
    pub last_used: Option<String>,
    /// 2026's `admin/all/` extras: WebAuthn's type description and aaguid, an endpoint
    /// device's model.
    pub extra_description: Value,
    pub external_id: Value,
    /// The kind's own fields. A static device's `token_set` keeps its backup codes in
    /// clear text, as authentik answers them.
    pub fields: Map<String, Value>,
    /// PostgreSQL's heap order.
    pub seq: i64,
}

pub fn device_from(v: &Value) -> Device {
    Device {
        kind: s(v, "kind"),
        pk: s(v, "pk"),
        user: v["user"].as_i64().unwrap_or_default(),
        name: s(v, "name"),
        confirmed: v["confirmed"].as_bool().unwrap_or(true),
        created: s(v, "created"),
        last_updated: s(v, "last_updated"),
        last_used: v["last_used"].as_str().map(str::to_string),
        extra_description: v["extra_description"].clone(),
        external_id: v["external_id"].clone(),
        fields: v["fields"].as_object().cloned().unwrap_or_default(),
        seq: v["seq"].as_i64().unwrap_or_default(),
    }
}

#[derive(Clone, Debug, Default)]
pub struct Later {
    pub user_connections: Vec<UserConn>,
    pub group_connections: Vec<GroupConn>,
    pub tokens: Vec<Token>,
}

#[derive(Clone, Debug, Default)]
pub struct World {
    pub compat: Compat,
    pub sources: Vec<Source>,
    pub users: BTreeMap<i64, User>,
    pub groups: Vec<Group>,
    pub providers: BTreeMap<i64, Value>,
    pub user_connections: BTreeMap<i64, UserConn>,
    pub group_connections: BTreeMap<i64, GroupConn>,
    pub tokens: BTreeMap<i64, Token>,
    /// OAuth2 access tokens and authorization codes: a refresh token's fields (a code has
    /// no `id_token` nor `revoked`, see `api::oauth2_grants`).
    pub access_tokens: BTreeMap<i64, Token>,
    pub authorization_codes: BTreeMap<i64, Token>,
    /// Applications as a consent nests them, by pk.
    pub applications: BTreeMap<String, Value>,
    pub consents: BTreeMap<i64, Consent>,
    /// In heap order (`seq`).
    pub sessions: Vec<AuthSession>,
    pub api_tokens: Vec<ApiToken>,
    /// MFA devices of every kind, in heap order.
    pub devices: Vec<Device>,
    pub root_config: Value,
    pub accounts: Accounts,
    /// Objects the recorded servers gained outside the recorded requests; a replay adds
    /// them when the recording first shows them.
    pub later: Later,
    /// authentik's event log (`events/events/`): the seed's, then every write through the API.
    pub events: Vec<Value>,
}

pub fn timestamp(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

fn s(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn conn_from(v: &Value, owner: &str) -> (i64, Value, String, String, String, String) {
    (
        v["pk"].as_i64().unwrap_or_default(),
        v[owner].clone(),
        s(v, "source"),
        s(v, "identifier"),
        s(v, "created"),
        s(v, "last_updated"),
    )
}

pub fn user_conn_from(v: &Value) -> UserConn {
    let (pk, user, source, identifier, created, last_updated) = conn_from(v, "user");
    UserConn {
        pk,
        user: user.as_i64().unwrap_or_default(),
        source,
        identifier,
        created,
        last_updated,
        expires: v.get("expires").cloned(),
        plex_token: None,
    }
}

pub fn group_conn_from(v: &Value) -> GroupConn {
    let (pk, group, source, identifier, created, last_updated) = conn_from(v, "group");
    GroupConn {
        pk,
        group: group.as_str().unwrap_or_default().to_string(),
        source,
        identifier,
        created,
        last_updated,
    }
}

/// An API token as `/core/tokens/` renders it (or as the seed keeps it).
pub fn api_token_from(v: &Value, heap: i64) -> ApiToken {
    let opt = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    ApiToken {
        pk: s(v, "pk"),
        managed: opt("managed"),
        identifier: s(v, "identifier"),
        intent: s(v, "intent"),
        user: v["user"].as_i64().unwrap_or_default(),
        description: s(v, "description"),
        expires: opt("expires"),
        expiring: v["expiring"].as_bool().unwrap_or_default(),
        key: opt("key").unwrap_or_else(|| "<token key>".into()),
        heap,
    }
}

pub fn token_from(v: &Value) -> Token {
    Token {
        pk: v["pk"].as_i64().unwrap_or_default(),
        provider: v["provider"].as_i64().unwrap_or_default(),
        user: v["user"].as_i64().unwrap_or_default(),
        expires: s(v, "expires"),
        revoked: v["revoked"].as_bool().unwrap_or_default(),
        scope: v["scope"].clone(),
        id_token: v["id_token"].clone(),
    }
}

impl World {
    /// A world recorded by `seed/extract.py` from the real servers' answers.
    pub fn from_capture(compat: Compat, text: &str) -> World {
        let w: Value = serde_json::from_str(text).expect("seed file is valid JSON");
        let sources = w["sources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| Source {
                pk: s["pk"].as_str().unwrap_or_default().into(),
                slug: self::s(&s["list"], "slug"),
                name: self::s(&s["list"], "name"),
                list: s["list"].clone(),
                embed: s["embed"].clone(),
                kind: s["kind"].as_str().unwrap_or("oauth").into(),
            })
            .collect();
        let account = |k: &str, default: i64| w["accounts"][k].as_i64().unwrap_or(default);
        let d = Accounts::default();
        let accounts = Accounts {
            admin: account("admin", d.admin),
            alice: account("alice", d.alice),
            noperm: account("noperm", d.noperm),
        };
        let mut users = BTreeMap::new();
        for u in w["users"].as_array().into_iter().flatten() {
            let obj = u["obj"].clone();
            let pk = obj["pk"].as_i64().unwrap_or_default();
            let me = if u["me"].is_object() {
                u["me"].clone()
            } else {
                Value::Null
            };
            let user = User {
                pk,
                username: s(&obj, "username"),
                name: s(&obj, "name"),
                email: s(&obj, "email"),
                is_superuser: obj["is_superuser"].as_bool().unwrap_or_default(),
                obj,
                me,
            };
            users.insert(pk, user);
        }
        let modern = compat != Compat::V2024_8;
        let groups = w["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| {
                let list = if g["list"].is_object() {
                    g["list"].clone()
                } else {
                    group_list_from_embed(&g["embed"], modern)
                };
                Some(Group {
                    pk: g["pk"].as_str()?.into(),
                    name: s(&list, "name"),
                    list,
                })
            })
            .collect();
        let providers = w["providers"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| (p["pk"].as_i64().unwrap_or_default(), p.clone()))
            .collect();
        let list = |key: &str| -> Vec<Value> { w[key].as_array().cloned().unwrap_or_default() };
        let later =
            |key: &str| -> Vec<Value> { w["later"][key].as_array().cloned().unwrap_or_default() };
        let mut world = World {
            events: Vec::new(),
            compat,
            sources,
            users,
            groups,
            providers,
            user_connections: list("user_connections")
                .iter()
                .map(user_conn_from)
                .map(|c| (c.pk, c))
                .collect(),
            group_connections: list("group_connections")
                .iter()
                .map(group_conn_from)
                .map(|c| (c.pk, c))
                .collect(),
            tokens: list("tokens")
                .iter()
                .map(token_from)
                .map(|t| (t.pk, t))
                .collect(),
            access_tokens: list("access_tokens")
                .iter()
                .map(token_from)
                .map(|t| (t.pk, t))
                .collect(),
            authorization_codes: list("authorization_codes")
                .iter()
                .map(token_from)
                .map(|t| (t.pk, t))
                .collect(),
            applications: list("applications")
                .into_iter()
                .map(|a| (s(&a, "pk"), a))
                .collect(),
            consents: list("consents")
                .iter()
                .map(consent_from)
                .map(|c| (c.pk, c))
                .collect(),
            sessions: list("sessions")
                .iter()
                .enumerate()
                .map(|(i, v)| session_from(v, i as i64))
                .collect(),
            api_tokens: list("api_tokens")
                .iter()
                .enumerate()
                .map(|(i, t)| api_token_from(t, t["heap"].as_i64().unwrap_or(i as i64)))
                .collect(),
            devices: list("devices").iter().map(device_from).collect(),
            root_config: w["root_config"].clone(),
            accounts,
            later: Later {
                user_connections: later("user_connections")
                    .iter()
                    .map(user_conn_from)
                    .collect(),
                group_connections: later("group_connections")
                    .iter()
                    .map(group_conn_from)
                    .collect(),
                tokens: later("tokens").iter().map(token_from).collect(),
            },
        };
        world.fill_me();
        world
    }

    /// `/core/users/me/` for users the recording never asked about, shaped like one it did.
    pub fn fill_me(&mut self) {
        let template = self
            .users
            .values()
            .find(|u| u.me.is_object() && !u.is_superuser)
            .or_else(|| self.users.values().find(|u| u.me.is_object()))
            .map(|u| u.me.clone());
        let Some(template) = template else { return };
        let groups: BTreeMap<String, String> = self
            .groups
            .iter()
            .map(|g| (g.pk.clone(), g.name.clone()))
            .collect();
        for u in self.users.values_mut() {
            if u.me.is_object() {
                continue;
            }
            let mut me = template.clone();
            let m = &mut me["user"];
            m["pk"] = json!(u.pk);
            m["username"] = json!(u.username);
            m["name"] = json!(u.name);
            m["email"] = json!(u.email);
            m["is_superuser"] = json!(u.is_superuser);
            m["is_active"] = u.obj["is_active"].clone();
            m["uid"] = u.obj["uid"].clone();
            m["groups"] = Value::Array(
                u.obj["groups"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(
                        |pk| json!({"name": groups.get(pk).cloned().unwrap_or_default(), "pk": pk}),
                    )
                    .collect(),
            );
            u.me = me;
        }
    }

    pub fn source(&self, pk: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.pk == pk)
    }

    pub fn group(&self, pk: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.pk == pk)
    }

    pub fn source_slug(&self, pk: &str) -> String {
        self.source(pk).map(|s| s.slug.clone()).unwrap_or_default()
    }

    fn source_embed(&self, pk: &str) -> Value {
        self.source(pk)
            .map(|s| s.embed.clone())
            .unwrap_or(Value::Null)
    }

    /// The source type of a source (empty for the built-in one or an unknown pk).
    pub fn source_kind(&self, pk: &str) -> &str {
        self.source(pk).map(|s| s.kind.as_str()).unwrap_or("")
    }

    /// A user connection as the generic endpoint (`kind` None) or a source type's renders it.
    pub fn render_user_conn(&self, c: &UserConn, kind: Option<&str>) -> Value {
        let oauth = kind == Some("oauth");
        let mut o = Map::new();
        o.insert("pk".into(), json!(c.pk));
        o.insert("user".into(), json!(c.user));
        if self.compat == Compat::V2024_8 {
            o.insert("source".into(), self.source_embed(&c.source));
            if kind.is_some() {
                o.insert("identifier".into(), json!(c.identifier));
            }
            o.insert("created".into(), json!(c.created));
            return Value::Object(o);
        }
        o.insert("source".into(), json!(c.source));
        o.insert("source_obj".into(), self.source_embed(&c.source));
        o.insert("identifier".into(), json!(c.identifier));
        o.insert("created".into(), json!(c.created));
        o.insert("last_updated".into(), json!(c.last_updated));
        if oauth {
            o.insert("expires".into(), c.expires.clone().unwrap_or(Value::Null));
        }
        Value::Object(o)
    }

    pub fn render_group_conn(&self, c: &GroupConn) -> Value {
        if self.compat == Compat::V2024_8 {
            return json!({
                "pk": c.pk,
                "group": c.group,
                "source": self.source_embed(&c.source),
                "identifier": c.identifier,
                "created": c.created,
            });
        }
        // 2026.x declares `source_obj` but its responses lack it.
        json!({
            "pk": c.pk,
            "group": c.group,
            "source": c.source,
            "identifier": c.identifier,
            "created": c.created,
            "last_updated": c.last_updated,
        })
    }

    pub fn render_token(&self, t: &Token, now: OffsetDateTime) -> Value {
        let expired = parse_timestamp(&t.expires).is_some_and(|e| e < now);
        let provider = self
            .providers
            .get(&t.provider)
            .cloned()
            .unwrap_or(Value::Null);
        let provider = if self.compat == Compat::V2026_5 {
            base_provider(&provider)
        } else {
            provider
        };
        json!({
            "pk": t.pk,
            "provider": provider,
            "user": self.users.get(&t.user).map(|u| u.obj.clone()).unwrap_or(Value::Null),
            "is_expired": expired,
            "expires": t.expires,
            "scope": t.scope,
            "id_token": t.id_token,
            "revoked": t.revoked,
        })
    }

    pub fn render_consent(&self, c: &Consent) -> Value {
        json!({
            "pk": c.pk,
            "expires": c.expires,
            "expiring": c.expiring,
            "user": self.users.get(&c.user).map(|u| u.obj.clone()).unwrap_or(Value::Null),
            "application": self.applications.get(&c.application).cloned().unwrap_or(Value::Null),
            "permissions": c.permissions,
        })
    }

    /// `current`: whether the request came with this session's cookie.
    pub fn render_session(&self, x: &AuthSession, cookie: Option<&str>) -> Value {
        json!({
            "uuid": x.uuid,
            "current": cookie.is_some() && x.key.as_deref() == cookie,
            "user_agent": x.user_agent,
            "geo_ip": x.geo_ip,
            "asn": x.asn,
            "user": x.user,
            "last_ip": x.last_ip,
            "last_user_agent": x.last_user_agent,
            "last_used": x.last_used,
            "expires": x.expires,
        })
    }

    /// The session the demo login made for `key`, if it has not been ended.
    pub fn has_session_key(&self, key: &str) -> bool {
        self.sessions.iter().any(|x| x.key.as_deref() == Some(key))
    }

    pub fn next_session_seq(&self) -> i64 {
        self.sessions.iter().map(|x| x.seq + 1).max().unwrap_or(0)
    }

    pub fn render_api_token(&self, t: &ApiToken) -> Value {
        json!({
            "pk": t.pk,
            "managed": t.managed,
            "identifier": t.identifier,
            "intent": t.intent,
            "user": t.user,
            "user_obj": self.users.get(&t.user).map(|u| u.obj.clone()).unwrap_or(Value::Null),
            "description": t.description,
            "expires": t.expires,
            "expiring": t.expiring,
        })
    }

    pub fn render_provider(&self, p: &Value) -> Value {
        p.clone()
    }
}

/// 2026.2.3+ nests the base Provider in a refresh token: no client settings, no secret.
fn base_provider(p: &Value) -> Value {
    const KEEP: &[&str] = &[
        "pk",
        "name",
        "authentication_flow",
        "authorization_flow",
        "invalidation_flow",
        "property_mappings",
        "component",
        "assigned_application_slug",
        "assigned_application_name",
        "assigned_backchannel_application_slug",
        "assigned_backchannel_application_name",
        "verbose_name",
        "verbose_name_plural",
        "meta_model_name",
    ];
    let mut o = Map::new();
    for k in KEEP {
        if let Some(v) = p.get(*k) {
            o.insert((*k).into(), v.clone());
        }
    }
    Value::Object(o)
}

/// `/core/groups/` items built from the short form nested in users, in the version's shape.
pub fn group_list_from_embed(embed: &Value, modern: bool) -> Value {
    let mut o = Map::new();
    for k in ["pk", "num_pk", "name", "is_superuser"] {
        o.insert(k.into(), embed.get(k).cloned().unwrap_or(Value::Null));
    }
    if modern {
        o.insert("parents".into(), json!([]));
        o.insert("parents_obj".into(), json!([]));
    } else {
        o.insert(
            "parent".into(),
            embed.get("parent").cloned().unwrap_or(Value::Null),
        );
        o.insert(
            "parent_name".into(),
            embed.get("parent_name").cloned().unwrap_or(Value::Null),
        );
    }
    o.insert("users".into(), json!([]));
    o.insert("users_obj".into(), json!([]));
    o.insert(
        "attributes".into(),
        embed.get("attributes").cloned().unwrap_or(json!({})),
    );
    o.insert("roles".into(), json!([]));
    o.insert("roles_obj".into(), json!([]));
    if modern {
        o.insert("inherited_roles_obj".into(), json!([]));
        o.insert("children".into(), json!([]));
        o.insert("children_obj".into(), json!([]));
    }
    Value::Object(o)
}

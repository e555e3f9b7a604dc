//! `authenticators/admin/…`: MFA devices (captures 800–884 of both versions).
//!
//! - `admin/all/`: one plain array over every kind (no pagination, search or ordering), no
//!   `user` on the items, `?user=` honoured; 2024.8 turns non-superusers away (403), 2026
//!   answers them `[]` (each kind filtered by the account's view permission: the demo's
//!   accounts have none). 2024.8's integer `pk` is a string on 2026.
//! - `admin/<kind>/`: one paginated list per kind (`email` and `endpoint` on 2026 only),
//!   superusers only; `search` (name), `ordering`, `name` honoured, `?user=` ignored. Only
//!   `name` is writable; a POST raises inside authentik (an empty 405).
//! - Anything else under `admin/`: Django's HTML 404.

use axum::{http::Method, response::Response};
use serde_json::{json, Value};

use super::guard::{Route, READ_WRITE};
use super::list::{self, Filter, Key, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{
    detail, html, json, method_not_allowed, no_content, no_route, server_error_on_write,
    ERROR_PAGE, NO_PERMISSION,
};
use super::Ctx;
use crate::seed::{Gen, Seeding, HOSTILE, PLANTED_BACKUP_CODE};
use crate::validate::{self, Errors, Mode, Outcome};
use crate::world::{timestamp, Device, World};
use crate::Compat;
use time::Duration;

/// One kind of device: its endpoint, model and what it accepts.
pub struct Kind {
    pub key: &'static str,
    pub app: &'static str,
    pub model: &'static str,
    pub verbose: &'static str,
    pub modern_only: bool,
    /// `name`'s max length: Device's 64, WebAuthn's 200.
    pub max_name: usize,
    /// The per-kind serializer nests the user (2026; never on endpoint devices).
    pub has_user: bool,
}

const fn kind(
    key: &'static str,
    app: &'static str,
    model: &'static str,
    verbose: &'static str,
    modern_only: bool,
    max_name: usize,
    has_user: bool,
) -> Kind {
    Kind {
        key,
        app,
        model,
        verbose,
        modern_only,
        max_name,
        has_user,
    }
}

/// In `admin/all/`'s order (authentik's app registry: duo, email, sms, static, totp,
/// webauthn, then the enterprise endpoint devices).
pub const KINDS: &[Kind] = &[
    kind(
        "duo",
        "authentik_stages_authenticator_duo",
        "DuoDevice",
        "Duo Device",
        false,
        64,
        true,
    ),
    kind(
        "email",
        "authentik_stages_authenticator_email",
        "EmailDevice",
        "Email Device",
        true,
        64,
        true,
    ),
    kind(
        "sms",
        "authentik_stages_authenticator_sms",
        "SMSDevice",
        "SMS Device",
        false,
        64,
        true,
    ),
    kind(
        "static",
        "authentik_stages_authenticator_static",
        "StaticDevice",
        "Static Device",
        false,
        64,
        true,
    ),
    kind(
        "totp",
        "authentik_stages_authenticator_totp",
        "TOTPDevice",
        "TOTP Device",
        false,
        64,
        true,
    ),
    kind(
        "webauthn",
        "authentik_stages_authenticator_webauthn",
        "WebAuthnDevice",
        "WebAuthn Device",
        false,
        200,
        true,
    ),
    kind(
        "endpoint",
        "authentik_stages_authenticator_endpoint_gdtc",
        "EndpointDevice",
        "Endpoint Device",
        true,
        64,
        false,
    ),
];

pub fn kind_of(key: &str, compat: Compat) -> Option<&'static Kind> {
    KINDS
        .iter()
        .find(|k| k.key == key && (compat.modern() || !k.modern_only))
}

fn rank(key: &str) -> usize {
    KINDS
        .iter()
        .position(|k| k.key == key)
        .unwrap_or(KINDS.len())
}

/// A device's pk as its kind's key: an integer, or a UUID for endpoint devices.
fn pk_key(d: &Device) -> Key {
    match d.pk.parse::<i64>() {
        Ok(n) => Key::Int(n),
        Err(_) => Key::str(&d.pk),
    }
}

fn pk_value(d: &Device) -> Value {
    match d.pk.parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(d.pk),
    }
}

const LIST: ListSpec<Device> = ListSpec {
    field: |_, d, f| match f {
        "name" => Key::str(&d.name),
        "user" => Key::Int(d.user),
        _ => pk_key(d),
    },
    // `filterset_fields = ["name"]`; `?user=` is not one of them (ignored, 817–819).
    filters: &[Filter::ExactUnlessEmpty("name")],
    search: Versions::same(Some(&["name"])),
    // The serializer's fields; 2024.8's has no `user` (826: ignored there).
    ordering: Versions {
        v2024_8: &["name", "pk"],
        modern: &["name", "pk", "user"],
    },
    default_order: &["name"],
    heap: |d| (Key::Int(0), d.seq),
    rows: Rows::All,
    pages: AUTHENTIK_PAGES,
};

impl World {
    /// As the kind's admin endpoint renders it: `name`, `pk`, the kind's fields, and on
    /// 2026 the nested user.
    pub fn render_device(&self, d: &Device) -> Value {
        let mut v = json!({ "name": d.name, "pk": pk_value(d) });
        for (k, x) in &d.fields {
            v[k] = x.clone();
        }
        let nests_user = kind_of(&d.kind, self.compat).is_some_and(|k| k.has_user);
        if self.compat.modern() && nests_user {
            let partial = self.users.get(&d.user).map(|u| {
                let o = &u.obj;
                json!({
                    "pk": u.pk,
                    "username": o["username"],
                    "name": o["name"],
                    "is_active": o["is_active"],
                    "last_login": o["last_login"],
                    "email": o["email"],
                    "attributes": o["attributes"],
                    "uid": o["uid"],
                })
            });
            v["user"] = partial.unwrap_or(Value::Null);
        }
        v
    }

    /// As `admin/all/` renders it (no user; 2026: string pk and the extras).
    pub fn render_device_summary(&self, d: &Device) -> Value {
        let Some(k) = kind_of(&d.kind, self.compat) else {
            return Value::Null;
        };
        let mut v = json!({
            "verbose_name": k.verbose,
            "verbose_name_plural": format!("{}s", k.verbose),
            "meta_model_name": format!("{}.{}", k.app, k.model.to_lowercase()),
            "pk": pk_value(d),
            "name": d.name,
            "type": format!("{}.{}", k.app, k.model),
            "confirmed": d.confirmed,
            "created": d.created,
            "last_updated": d.last_updated,
            "last_used": d.last_used,
        });
        if self.compat.modern() {
            v["pk"] = json!(d.pk);
            v["extra_description"] = d.extra_description.clone();
            v["external_id"] = d.external_id.clone();
        }
        v
    }

    /// The event-log subject of a device write.
    pub fn device_subject(&self, kind: &str, pk: &str) -> Option<(String, String, String)> {
        let k = kind_of(kind, self.compat)?;
        let d = self.devices.iter().find(|d| d.kind == kind && d.pk == pk)?;
        Some((
            k.app.to_string(),
            k.model.to_lowercase(),
            super::events::uuid_hex(&d.pk),
        ))
    }
}

/// Written through their kind's admin endpoint, logged under that kind's model.
pub(super) const MOUNTED: super::Mounted = super::Mounted {
    prefix: &["authenticators", "admin"],
    serve,
    seed: Some(seed),
    subject: |world, method, rest| match rest {
        [kind, pk] if *method != Method::POST => world.device_subject(kind, pk),
        _ => None,
    },
};

pub fn serve(ctx: &Ctx, world: &mut World, rest: &[&str]) -> Result<Response, Response> {
    match rest {
        ["all"] => all(ctx, world),
        // No detail route on `admin/all/`: a read is Django's 404, a write raises (810).
        ["all", ..] if super::reply::is_safe(ctx.method) => Ok(no_route()),
        ["all", ..] => Ok(server_error_on_write()),
        [key, more @ ..] => match kind_of(key, ctx.compat) {
            Some(k) => one_kind(ctx, world, k, more),
            None => Ok(no_route()),
        },
        [] => Ok(no_route()),
    }
}

fn all(ctx: &Ctx, world: &World) -> Result<Response, Response> {
    ctx.signed_in()?;
    ctx.allow(&[Method::GET])?;
    let modern = ctx.compat.modern();
    if !modern && !ctx.superuser(world) {
        return Err(detail(403, NO_PERMISSION));
    }
    let user = match ctx.q("user").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match v.trim().parse::<i64>() {
            Ok(pk) if modern && !world.users.contains_key(&pk) => {
                let msg = format!("Invalid pk \"{v}\" - object does not exist.");
                return Err(json(400, json!({ "user": [msg] })));
            }
            Ok(pk) => Some(pk),
            // 2024.8 filters with the raw text: a server error.
            Err(_) if !modern => return Err(html(500, ERROR_PAGE)),
            Err(_) => {
                let msg = "Incorrect type. Expected pk value, received str.";
                return Err(json(400, json!({ "user": [msg] })));
            }
        },
    };
    // 2026: each kind as far as the account may view it; the demo's other accounts have no
    // view permission on any device model.
    if !ctx.superuser(world) {
        return Ok(json(200, json!([])));
    }
    let mut rows: Vec<&Device> = world
        .devices
        .iter()
        .filter(|d| kind_of(&d.kind, ctx.compat).is_some())
        .filter(|d| user.is_none_or(|u| d.user == u))
        .collect();
    rows.sort_by_key(|d| (rank(&d.kind), d.seq));
    let out: Vec<Value> = rows
        .into_iter()
        .map(|d| world.render_device_summary(d))
        .collect();
    Ok(json(200, Value::Array(out)))
}

fn one_kind(ctx: &Ctx, world: &mut World, k: &Kind, rest: &[&str]) -> Result<Response, Response> {
    match Route::of(rest) {
        Route::List => {
            ctx.signed_in()?;
            if *ctx.method == Method::POST {
                ctx.admin(world)?;
                // The serializer cannot set `user`: authentik raises (844).
                return Ok(server_error_on_write());
            }
            ctx.allow(&[Method::GET])?;
            ctx.admin(world)?;
            let world = &*world;
            let rows = world.devices.iter().filter(|d| d.kind == k.key);
            list::run(ctx, world, &LIST, rows, |d| world.render_device(d))
        }
        Route::Object { pk, used_by: false } => {
            ctx.signed_in()?;
            ctx.allow(READ_WRITE)?;
            ctx.admin(world)?;
            // The URL converter: integers, or a UUID for endpoint devices (834).
            let pk = if k.key == "endpoint" {
                uuid::Uuid::parse_str(pk)
                    .map(|u| u.hyphenated().to_string())
                    .map_err(|_| detail(404, "Not found."))?
            } else {
                super::guard::int_pk(pk)?.to_string()
            };
            let Some(i) = world
                .devices
                .iter()
                .position(|d| d.kind == k.key && d.pk == pk)
            else {
                return Err(ctx.not_found(k.model));
            };
            match *ctx.method {
                Method::DELETE => {
                    world.devices.remove(i);
                    Ok(no_content())
                }
                Method::PUT | Method::PATCH => {
                    let data = ctx.object()?;
                    let mode = if *ctx.method == Method::PUT {
                        Mode::Required
                    } else {
                        Mode::Optional
                    };
                    let mut errors = Errors::default();
                    let name =
                        validate::char_field(&data, "name", mode, Some(k.max_name), &mut errors);
                    if !errors.is_empty() {
                        return Err(json(400, errors.into_value()));
                    }
                    // Everything else the body carries is read-only: ignored (841, 861, 869, 872).
                    let now = ctx.now();
                    let d = &mut world.devices[i];
                    if let Outcome::Value(n) = name {
                        d.name = n;
                    }
                    d.last_updated = now;
                    Ok(json(200, world.render_device(&world.devices[i])))
                }
                _ => Ok(json(200, world.render_device(&world.devices[i]))),
            }
        }
        _ => {
            if super::reply::is_safe(ctx.method) {
                Ok(no_route())
            } else {
                Ok(method_not_allowed(ctx.method))
            }
        }
    }
}

/// MFA devices of every kind the version has: alice (6) holds one of each, with
/// `PLANTED_BACKUP_CODE` among her backup codes and an unconfirmed TOTP; bob (7) a phone;
/// carol (8) none; then the generated users, a TOTP for most (enough for several pages).
fn seed(world: &mut World, s: &mut Seeding) {
    let modern = world.compat.modern();
    let (users, now, hostile, g) = (&world.users, s.now, s.hostile, &mut *s.g);
    let at = |days: i64| timestamp(now - Duration::days(days));
    let mut out: Vec<Device> = Vec::new();
    let mut add = |kind: &str, user: i64, name: String, days: i64, fields: Value, g: &mut Gen| {
        let pk = if kind == "endpoint" {
            g.uuid()
        } else {
            (out.iter().filter(|d| d.kind == kind).count() + 1).to_string()
        };
        let seq = out.len() as i64;
        let (extra, external) = match kind {
            "webauthn" if modern => (
                fields["device_type"]["description"].clone(),
                fields["aaguid"].clone(),
            ),
            "endpoint" => (json!("MacBookPro18,3"), json!("MacBookPro18,3")),
            _ => (Value::Null, Value::Null),
        };
        out.push(Device {
            kind: kind.into(),
            pk,
            user,
            confirmed: !name.ends_with("(unconfirmed)"),
            name,
            created: at(days),
            last_updated: at(days),
            last_used: (days % 3 == 0).then(|| at(days / 3)),
            extra_description: extra,
            external_id: external,
            fields: fields.as_object().cloned().unwrap_or_default(),
            seq,
        });
    };
    let yubikey = json!({
        "created_on": at(40),
        "device_type": {"aaguid": "2fc0579f-8113-47ea-b116-bb5a8db9202a", "description": "YubiKey 5 Series with NFC"},
        "aaguid": "2fc0579f-8113-47ea-b116-bb5a8db9202a",
    });
    add("totp", 6, "alice phone".into(), 90, json!({}), g);
    add(
        "totp",
        6,
        "alice old phone (unconfirmed)".into(),
        60,
        json!({}),
        g,
    );
    let codes: Vec<Value> = [PLANTED_BACKUP_CODE, "srvcum5n", "yc2wcg2h"]
        .iter()
        .map(|t| json!({ "token": t }))
        .collect();
    add(
        "static",
        6,
        "alice backup codes".into(),
        89,
        json!({ "token_set": codes }),
        g,
    );
    add(
        "webauthn",
        6,
        "alice yubikey".into(),
        40,
        yubikey.clone(),
        g,
    );
    add(
        "sms",
        6,
        "alice sms".into(),
        30,
        json!({"phone_number": "+15555550123"}),
        g,
    );
    add("duo", 6, "alice duo".into(), 20, json!({}), g);
    if modern {
        add(
            "email",
            6,
            "alice email".into(),
            10,
            json!({"email": "alice.mfa@example.com"}),
            g,
        );
        add("endpoint", 6, "alice laptop".into(), 5, json!({}), g);
    }
    add("totp", 7, "bob phone".into(), 45, json!({}), g);
    for (i, u) in users.values().filter(|u| u.pk >= 10).enumerate() {
        let name = |what: &str| {
            if hostile && i == 2 {
                HOSTILE[0].to_string()
            } else {
                format!("{} {what}", u.username)
            }
        };
        let days = 1 + (i as i64 * 7) % 300;
        if i % 5 != 4 {
            add("totp", u.pk, name("phone"), days, json!({}), g);
        }
        if i % 3 == 0 {
            let mut key = yubikey.clone();
            key["created_on"] = json!(at(days));
            add("webauthn", u.pk, name("security key"), days, key, g);
        }
        if i % 4 == 0 {
            let codes: Vec<Value> = (0..3).map(|_| json!({ "token": g.hex(8) })).collect();
            add(
                "static",
                u.pk,
                name("backup codes"),
                days,
                json!({ "token_set": codes }),
                g,
            );
        }
        if i % 7 == 0 {
            let phone = format!("+1555555{:04}", u.pk);
            add(
                "sms",
                u.pk,
                name("sms"),
                days,
                json!({ "phone_number": phone }),
                g,
            );
        }
        if i % 11 == 0 {
            add("duo", u.pk, name("duo"), days, json!({}), g);
        }
        if modern && i % 13 == 0 {
            let email = u.email.clone();
            add(
                "email",
                u.pk,
                name("email"),
                days,
                json!({ "email": email }),
                g,
            );
        }
    }
    world.devices = out;
}

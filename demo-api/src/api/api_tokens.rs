//! `core/tokens/`: API tokens, app passwords and the tokens authentik makes for itself,
//! looked up by `identifier`. Every signed-in account lists and reads its own (a superuser
//! all of them); only superusers change or delete them here.
//!
//! The update is authentik's `TokenSerializer.validate`, quirks included (recorded on
//! 2024.8.6 and 2026.2.2 alike): a body without `user` gives the token to whoever asks, one
//! without `intent` makes it an API token, an API token's `expires` becomes now + 30 minutes
//! whatever is sent, an app password's may not be later than that, and `expires: null` on an
//! app password raises (a 405 with no body).

use axum::{http::Method, response::Response};
use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};

use super::guard::{READ, READ_WRITE};
use super::list::{self, Filter, Key, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{detail, json, no_content, no_route, server_error_on_write, NO_PERMISSION};
use super::Ctx;
use crate::validate::{self, Errors, Mode, Outcome};
use crate::world::{parse_timestamp, ApiToken, World};

const INTENTS: &[&str] = &["verification", "api", "recovery", "app_password"];

/// A missing expiry sorts as PostgreSQL sorts NULL: after every value.
const NO_EXPIRY: &str = "\u{10FFFF}";

const LIST: ListSpec<ApiToken> = ListSpec {
    field: |w, t, f| match f {
        "identifier" => Key::str(&t.identifier),
        "intent" => Key::str(&t.intent),
        "user" => Key::Int(t.user),
        "user__username" => Key::Str(
            w.users
                .get(&t.user)
                .map(|u| u.username.clone())
                .unwrap_or_default(),
        ),
        "description" => Key::str(&t.description),
        "expires" => Key::str(t.expires.as_deref().unwrap_or(NO_EXPIRY)),
        "expiring" => Key::str(if t.expiring { "true" } else { "false" }),
        "managed" => Key::str(t.managed.as_deref().unwrap_or("")),
        _ => Key::str(&t.pk),
    },
    // The view's filterset_fields (django-filter skips empty values).
    filters: &[
        Filter::ExactUnlessEmpty("identifier"),
        Filter::ExactUnlessEmpty("intent"),
        Filter::ExactUnlessEmpty("user__username"),
        Filter::ExactUnlessEmpty("description"),
        Filter::ExactUnlessEmpty("expiring"),
        Filter::ExactUnlessEmpty("managed"),
    ],
    // Recorded on 2024.8.6: `search=alice` matches identifiers (search_fields identifier,
    // intent, user__username, description); the view is unchanged in 2026.
    search: Versions::same(Some(&[
        "identifier",
        "intent",
        "user__username",
        "description",
    ])),
    // No `ordering_fields`: DRF allows every readable model field.
    ordering: Versions::same(&[
        "pk",
        "managed",
        "identifier",
        "intent",
        "user",
        "description",
        "expires",
        "expiring",
    ]),
    default_order: &["identifier", "expires"],
    heap: |t| (Key::Int(t.heap), t.heap),
    rows: Rows::Owned(|t| t.user),
    pages: AUTHENTIK_PAGES,
};

const MODEL: &str = "Token";

/// Tokens are addressed by identifier and logged by their uuid, hex without dashes
/// (capture 729).
pub(super) const MOUNTED: super::Mounted = super::Mounted {
    prefix: &["core", "tokens"],
    serve,
    seed: None,
    subject: |world, method, rest| match rest {
        [identifier] if *method != Method::POST => {
            let t = world
                .api_tokens
                .iter()
                .find(|t| t.identifier == *identifier)?;
            Some((
                "authentik_core".into(),
                "token".into(),
                super::events::uuid_hex(&t.pk),
            ))
        }
        _ => None,
    },
};

/// authentik's `default_token_duration()`: the longest an app password may live, and what
/// an API token's expiry becomes on every save.
pub fn default_token_duration(now: OffsetDateTime) -> OffsetDateTime {
    now + Duration::minutes(30)
}

/// A datetime as DRF renders it: ISO 8601, microseconds only when there are any, `Z`.
pub fn drf_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    match t.microsecond() {
        0 => format!("{base}Z"),
        us => format!("{base}.{us:06}Z"),
    }
}

/// A datetime as Python's `str()` writes it, for the maximum-lifetime message.
fn python_time(t: OffsetDateTime) -> String {
    let iso = drf_time(t);
    format!("{}+00:00", iso.trim_end_matches('Z').replacen('T', " ", 1))
}

pub fn serve(ctx: &Ctx, world: &mut World, rest: &[&str]) -> Result<Response, Response> {
    let (ident, action) = match rest {
        [] => {
            ctx.signed_in()?;
            ctx.allow(READ)?;
            let world = &*world;
            let rows = world.api_tokens.iter();
            return list::run(ctx, world, &LIST, rows, |t| world.render_api_token(t));
        }
        [ident] => (decode(ident), None),
        [ident, action @ ("used_by" | "view_key")] => (decode(ident), Some(*action)),
        _ => return Ok(no_route()),
    };
    let me = ctx.signed_in()?;
    ctx.allow(if action.is_some() { READ } else { READ_WRITE })?;
    let admin = ctx.superuser(world);
    let found = world
        .api_tokens
        .iter()
        .position(|t| t.identifier == ident && (admin || t.user == me));
    if action == Some("view_key") && !admin && ctx.compat.modern() {
        // Recorded on 2026.2.2: the permission check answers before the lookup.
        return Err(detail(403, NO_PERMISSION));
    }
    let Some(i) = found else {
        return Err(ctx.not_found(MODEL));
    };
    match action {
        Some("used_by") => return Ok(json(200, json!([]))),
        // The owner of a token made outside the API holds no `view_token_key` permission.
        Some(_) if !admin => return Err(detail(403, NO_PERMISSION)),
        Some(_) => return Ok(json(200, json!({ "key": world.api_tokens[i].key }))),
        None => {}
    }
    match *ctx.method {
        Method::GET => Ok(json(200, world.render_api_token(&world.api_tokens[i]))),
        _ if !admin => Err(detail(403, NO_PERMISSION)),
        Method::DELETE => {
            world.api_tokens.remove(i);
            Ok(no_content())
        }
        ref m => update(ctx, world, i, me, *m == Method::PATCH),
    }
}

/// A path segment as Django hands it to the view: percent-decoded.
fn decode(seg: &str) -> String {
    let bytes = seg.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn update(
    ctx: &Ctx,
    world: &mut World,
    i: usize,
    me: i64,
    partial: bool,
) -> Result<Response, Response> {
    let data = ctx.object()?;
    let mode = if partial {
        Mode::Optional
    } else {
        Mode::Required
    };
    let current = world.api_tokens[i].clone();
    let mut errors = Errors::default();
    let identifier = slug(&data, mode, &mut errors);
    let intent = match data.get("intent") {
        None => None,
        Some(Value::String(s)) if INTENTS.contains(&s.as_str()) => Some(s.clone()),
        Some(v) => {
            errors.add(
                "intent",
                format!("\"{}\" is not a valid choice.", py_str(v)),
            );
            None
        }
    };
    let user = validate::int_pk(&data, "user", Mode::Optional, &mut errors, |pk| {
        world.users.contains_key(&pk)
    });
    if let Outcome::Value(u) = user {
        if u != current.user {
            errors.add("user", "User cannot be changed");
        }
    }
    let description = match data.get("description") {
        None => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            errors.add("description", "Not a valid string.");
            None
        }
    };
    // `None`: not sent; `Some(None)`: null.
    let expires = match data.get("expires") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) if parse_timestamp(s.trim()).is_some() => {
            Some(parse_timestamp(s.trim()))
        }
        Some(_) => {
            errors.add(
                "expires",
                "Datetime has wrong format. Use one of these formats instead: \
                 YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
            );
            None
        }
    };
    let expiring = match data.get("expiring") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            errors.add("expiring", "Must be a valid boolean.");
            None
        }
    };
    if !errors.is_empty() {
        return Err(json(400, errors.into_value()));
    }

    // TokenSerializer.validate.
    let now = ctx.cfg.now();
    let user = match user {
        Outcome::Value(u) => u,
        _ => me,
    };
    let intent = intent.unwrap_or_else(|| "api".into());
    let expires = match intent.as_str() {
        "app_password" => {
            let max = default_token_duration(now);
            match expires {
                // `>` between None and a datetime raises.
                Some(None) => return Err(server_error_on_write()),
                Some(Some(e)) if e > max => {
                    let msg = format!(
                        "Token expires exceeds maximum lifetime ({} UTC).",
                        python_time(max)
                    );
                    return Err(json(400, json!({ "expires": [msg] })));
                }
                Some(Some(e)) => Some(drf_time(e)),
                None => current.expires.clone(),
            }
        }
        "api" => Some(drf_time(default_token_duration(now))),
        other => {
            return Err(json(
                400,
                json!({ "intent": [format!("Invalid intent {other}")] }),
            ))
        }
    };
    let heap = world.api_tokens.iter().map(|t| t.heap).max().unwrap_or(0) + 1;
    let t = &mut world.api_tokens[i];
    if let Some(id) = identifier {
        t.identifier = id;
    }
    t.intent = intent;
    t.user = user;
    if let Some(d) = description {
        t.description = d;
    }
    t.expires = expires;
    if let Some(e) = expiring {
        t.expiring = e;
    }
    t.heap = heap;
    Ok(json(200, world.render_api_token(&world.api_tokens[i])))
}

/// `SlugField`: letters, digits, `-` and `_`, 1–255 characters.
fn slug(data: &Map<String, Value>, mode: Mode, errors: &mut Errors) -> Option<String> {
    match validate::char_field(data, "identifier", mode, Some(255), errors) {
        Outcome::Value(s)
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            Some(s)
        }
        Outcome::Value(_) => {
            errors.add(
                "identifier",
                "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens.",
            );
            None
        }
        _ => None,
    }
}

fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

//! `events/events/`: authentik's event log, superusers only (403 for anyone else, capture 668
//! of 2026.2.2). Every successful write through this API is recorded here as authentik's
//! audit middleware records it: `model_created` / `model_updated` / `model_deleted` with
//! `context.model` {pk, app, name, model_name} and `context.http_request`, no diff (captures
//! 665–668, 728, 729). No 2024.8 recordings of events exist: 2024.8 is assumed to serve the
//! same endpoint and shape.

use axum::http::Method;
use serde_json::{json, Value};

use super::list::{paginate, AUTHENTIK_PAGES};
use super::reply::{is_safe, method_not_allowed, no_route};
use super::Ctx;
use crate::world::World;

/// The object a write under `segs` touches, as authentik's event log names it: (app,
/// model_name, pk). Connections and users here; every other resource says it in its
/// `Mounted`. Read before the write for PUT/PATCH/DELETE (a deleted object is gone after
/// it); for POST the newest object of the collection is the created one.
pub fn subject(world: &World, method: &Method, segs: &[&str]) -> Option<(String, String, String)> {
    let int = |s: &str| s.parse::<i64>().ok();
    let source_kind = |source: &str| {
        world
            .sources
            .iter()
            .find(|s| s.pk == source)
            .map(|s| s.kind.clone())
            .filter(|k| !k.is_empty())
    };
    let conn = |side: &str, kind: String, pk: i64| {
        Some((
            format!("authentik_sources_{kind}"),
            format!("{side}{kind}sourceconnection"),
            pk.to_string(),
        ))
    };
    let post = *method == Method::POST;
    match segs {
        // authentik records no event for a PUT or PATCH through the generic connection
        // endpoints (captures 730–737 of 2026.2.2); a DELETE there is recorded (715, 728).
        ["sources", "user_connections" | "group_connections", "all", _]
            if *method != Method::DELETE =>
        {
            None
        }
        ["sources", "user_connections", _, pk] if !post => {
            let c = world.user_connections.get(&int(pk)?)?;
            conn("user", source_kind(&c.source)?, c.pk)
        }
        ["sources", "user_connections", _] if post => {
            let c = world.user_connections.values().next_back()?;
            conn("user", source_kind(&c.source)?, c.pk)
        }
        ["sources", "group_connections", _, pk] if !post => {
            let c = world.group_connections.get(&int(pk)?)?;
            conn("group", source_kind(&c.source)?, c.pk)
        }
        ["sources", "group_connections", _] if post => {
            let c = world.group_connections.values().next_back()?;
            conn("group", source_kind(&c.source)?, c.pk)
        }
        ["core", "users", pk] if *method == Method::PATCH => {
            Some(("authentik_core".into(), "user".into(), int(pk)?.to_string()))
        }
        // Every other resource says it itself.
        _ => {
            let (m, rest) = super::mounted(segs)?;
            (m.subject)(world, method, rest)
        }
    }
}

/// The subject of a write to one object `<prefix>/<pk>/` whose events name it by its
/// integer pk (none for POST: these endpoints create nothing).
pub fn by_int_pk(
    app: &str,
    model: &str,
    method: &Method,
    rest: &[&str],
) -> Option<(String, String, String)> {
    match rest {
        [pk] if *method != Method::POST => Some((
            app.into(),
            model.into(),
            pk.parse::<i64>().ok()?.to_string(),
        )),
        _ => None,
    }
}

/// A uuid pk as authentik's events carry it: hex, no dashes (capture 729).
pub fn uuid_hex(pk: &str) -> String {
    pk.chars()
        .filter(|c| *c != '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The event of a write that succeeded.
pub fn record(
    ctx: &Ctx,
    world: &mut World,
    method: &Method,
    path: &str,
    (app, model_name, pk): (String, String, String),
) {
    let action = match *method {
        Method::POST => "model_created",
        Method::DELETE => "model_deleted",
        _ => "model_updated",
    };
    let user = match ctx.who {
        super::auth::Who::User(u) => world
            .users
            .get(&u)
            .map(|u| json!({"pk": u.pk, "email": u.email, "username": u.username})),
        super::auth::Who::Anonymous => None,
    }
    .unwrap_or_else(|| json!({"pk": 0, "email": "", "username": "AnonymousUser"}));
    let agent = ctx
        .headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let n = world.events.len() + 1;
    let now = ctx.now();
    world.events.push(json!({
        "pk": format!("00000000-0000-4000-8000-{n:012x}"),
        "user": user,
        "action": action,
        "app": "authentik.events.middleware",
        "context": {
            "model": {"pk": model_pk(&pk), "app": app, "name": format!("{model_name} {pk}"), "model_name": model_name},
            "http_request": {"args": {}, "path": path, "method": method.as_str(), "request_id": ctx.request_id, "user_agent": agent},
        },
        "client_ip": "127.0.0.1",
        "created": now,
        "expires": now,
        "brand": {"pk": "55f58b0e254c4bff9ea591dac7e54178", "app": "authentik_brands", "name": "Default brand", "model_name": "brand"},
    }));
}

/// Integer pks stay numbers in `context.model.pk` (capture 665); others are text.
fn model_pk(pk: &str) -> Value {
    pk.parse::<i64>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::from(pk))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub fn serve(
    ctx: &Ctx,
    world: &World,
    rest: &[&str],
) -> Result<axum::response::Response, axum::response::Response> {
    if !rest.is_empty() {
        return Ok(no_route());
    }
    if !is_safe(ctx.method) {
        return Ok(method_not_allowed(ctx.method));
    }
    ctx.admin(world)?;
    let filters: [(&str, &[&str]); 4] = [
        ("context_model_pk", &["context", "model", "pk"]),
        ("context_model_name", &["context", "model", "model_name"]),
        ("context_model_app", &["context", "model", "app"]),
        ("action", &["action"]),
    ];
    let mut rows: Vec<&Value> = world
        .events
        .iter()
        .filter(|e| {
            filters.iter().all(|(key, path)| match ctx.q(key) {
                None | Some("") => true,
                Some(want) => {
                    let got = path.iter().try_fold(*e, |v, k| v.get(k));
                    got.map(text).as_deref() == Some(want)
                }
            })
        })
        .filter(|e| match ctx.q("user") {
            None | Some("") => true,
            Some(want) => text(&e["user"]["pk"]) == want,
        })
        .collect();
    // `created` timestamps share one format, so text order is time order.
    rows.sort_by(|a, b| text(&a["created"]).cmp(&text(&b["created"])));
    if ctx.q("ordering") != Some("created") {
        rows.reverse();
    }
    Ok(paginate(ctx, AUTHENTIK_PAGES.get(ctx.compat), rows, |e| {
        e.clone()
    }))
}

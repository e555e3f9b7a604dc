//! `/api/v3/…`: the routing table. Each endpoint lives in its module: a list endpoint is a
//! `list::ListSpec` run by the one list pipeline, plus the handlers for its objects, which
//! make their checks through `guard`.
//!
//! Adding an endpoint: a module with its `ListSpec` (a superuser-only lookup is a
//! `lookups::Lookup` and needs nothing else), its `guard::ObjectRules` and a `serve` that
//! sends list requests to `list::run` and object requests through `Ctx::open_object`
//! (`refresh_tokens` is the smallest example), and its `Mounted` (where it is mounted, its
//! `serve`, its demo data, the event-log subject of its writes), then one line in `MOUNTED`.

// An early answer travels as `Err(Response)`; boxing it would buy nothing in a test server.
#![allow(clippy::result_large_err)]

mod api_tokens;
pub(crate) mod auth;
mod connections;
mod consents;
mod devices;
mod events;
mod group_connections;
mod guard;
mod list;
mod lookups;
mod oauth2_grants;
mod refresh_tokens;
mod reply;
mod sessions;
mod user_connections;

pub use api_tokens::drf_time;
pub use auth::origin_refused;
pub use reply::{fault_response, mistyped};

use axum::{
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Value};

use crate::validate::{self, as_object, BodyError};
use crate::world::{timestamp, World};
use crate::{Compat, Config, Inner};
use auth::Who;
use connections::Endpoint;
use reply::{detail, is_safe, json, method_not_allowed, no_route};

/// One request, as the handlers see it.
struct Ctx<'a> {
    cfg: &'a Config,
    compat: Compat,
    method: &'a Method,
    query: Vec<(String, String)>,
    headers: &'a HeaderMap,
    body: &'a [u8],
    who: Who,
    /// The session cookie the request came with (no API token): marks `current`.
    session_key: Option<String>,
    /// What the answer's `X-authentik-id` says.
    request_id: &'a str,
}

impl Ctx<'_> {
    /// A query parameter; the last one wins, as in Django's `QueryDict`.
    fn q(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn now(&self) -> String {
        timestamp(self.cfg.now())
    }

    fn body(&self) -> Result<Value, Response> {
        validate::parse_body(self.headers, self.body).map_err(|e| match e {
            BodyError::UnsupportedMedia(m) => detail(415, &m),
            BodyError::Parse(m) => detail(400, &m),
        })
    }

    fn object(&self) -> Result<serde_json::Map<String, Value>, Response> {
        as_object(self.body()?).map_err(|e| json(400, e))
    }
}

/// One API request. `request_id` is the id its answer names in `X-authentik-id` (set by the
/// caller on every answer, as authentik does), which the event log keeps for a write.
#[allow(clippy::too_many_arguments)]
pub fn handle(
    cfg: &Config,
    inner: &mut Inner,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
    request_id: &str,
) -> Response {
    let Some(rest) = path.strip_prefix("/api/v3/") else {
        return no_route();
    };
    if !rest.ends_with('/') {
        return no_route();
    }
    let segs: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if *method == Method::OPTIONS {
        let mut resp = StatusCode::OK.into_response();
        resp.headers_mut().insert(
            header::ALLOW,
            HeaderValue::from_static("GET, PUT, PATCH, DELETE, HEAD, OPTIONS"),
        );
        return resp;
    }
    if segs == ["root", "config"] {
        return if is_safe(method) {
            json(200, inner.world.root_config.clone())
        } else {
            method_not_allowed(method)
        };
    }
    let who = match auth::authenticate(cfg, inner, method, headers) {
        Ok(w) => w,
        Err(resp) => return resp,
    };
    let ctx = Ctx {
        cfg,
        compat: cfg.compat,
        method,
        query: form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        headers,
        body,
        who,
        session_key: auth::session_key(headers),
        request_id,
    };
    // Writes are recorded in authentik's event log once they succeed; what they touch is
    // named before the write (a deleted object is gone after it).
    let write = [Method::PUT, Method::PATCH, Method::POST, Method::DELETE].contains(method);
    let before = write
        .then(|| events::subject(&inner.world, method, &segs))
        .flatten();
    let resp = route(&ctx, &mut inner.world, &segs).unwrap_or_else(|early| early);
    if write && resp.status().is_success() {
        let subject = if *method == Method::POST {
            events::subject(&inner.world, method, &segs)
        } else {
            before
        };
        if let Some(subject) = subject {
            events::record(&ctx, &mut inner.world, method, path, subject);
        }
    }
    resp
}

fn route(ctx: &Ctx, world: &mut World, segs: &[&str]) -> Result<Response, Response> {
    let compat = ctx.compat;
    match segs {
        ["core", "users", "me"] => {
            let pk = ctx.signed_in()?;
            ctx.allow(guard::READ)?;
            let me = world.users.get(&pk).map(|u| u.me.clone());
            Ok(json(200, me.unwrap_or_default()))
        }
        // Every signed-in account may read it (recorded for a user without permissions).
        ["admin", "version"] if is_safe(ctx.method) => {
            ctx.signed_in()?;
            let v = compat.version();
            Ok(json(
                200,
                json!({
                    "version_current": v,
                    "version_latest": v,
                    "version_latest_valid": true,
                    "build_hash": "",
                    "outdated": false,
                    "outpost_outdated": false,
                }),
            ))
        }
        ["core", "users", pk] if *ctx.method == axum::http::Method::PATCH => {
            lookups::patch_user(ctx, world, pk)
        }
        ["core", "users", rest @ ..] => lookups::serve(ctx, world, &lookups::USERS, rest),
        ["core", "groups", rest @ ..] => lookups::serve(ctx, world, &lookups::GROUPS, rest),
        ["sources", "all", rest @ ..] => lookups::serve(ctx, world, &lookups::SOURCES, rest),
        ["providers", "oauth2", rest @ ..] => lookups::serve(ctx, world, &lookups::PROVIDERS, rest),
        ["sources", "user_connections", ep, rest @ ..] => match Endpoint::parse(compat, ep) {
            Some(ep) => user_connections::serve(ctx, world, ep, rest),
            None => Ok(no_route()),
        },
        ["sources", "group_connections", ep, rest @ ..] => match Endpoint::parse(compat, ep) {
            // 2024.8 has no generic group-connection endpoint.
            Some(Endpoint::All) if !compat.modern() => Ok(no_route()),
            Some(ep) => group_connections::serve(ctx, world, ep, rest),
            None => Ok(no_route()),
        },
        // Writes are recorded by `handle` through `events::subject`.
        ["events", "events", rest @ ..] => events::serve(ctx, world, rest),
        _ => match mounted(segs) {
            Some((m, rest)) => (m.serve)(ctx, world, rest),
            None => Ok(no_route()),
        },
    }
}

/// A resource's place in the API, declared in its module: where it is mounted, how it
/// answers, its demo data, and how authentik's event log names what a write under it
/// touches. A new resource is its module, one line in `MOUNTED` and its collection in
/// `World`.
struct Mounted {
    prefix: &'static [&'static str],
    serve: fn(&Ctx, &mut World, &[&str]) -> Result<Response, Response>,
    /// Fills its collection of the demo world (`seed::demo`), if it has its own seed.
    seed: Option<fn(&mut World, &mut crate::seed::Seeding)>,
    /// `(app, model_name, pk)` of the object a write under the prefix touches (`rest`: the
    /// path after it), or None when authentik logs no event for it. Asked before the
    /// write for PUT, PATCH and DELETE (a deleted object is gone after it); for POST after,
    /// when the newest object of the collection is the created one.
    subject: fn(&World, &Method, &[&str]) -> Option<Subject>,
}

/// An object as authentik's event log names it: (app, model_name, pk).
type Subject = (String, String, String);

const MOUNTED: &[Mounted] = &[
    refresh_tokens::MOUNTED,
    oauth2_grants::MOUNTED_ACCESS_TOKENS,
    oauth2_grants::MOUNTED_AUTHORIZATION_CODES,
    consents::MOUNTED,
    sessions::MOUNTED,
    api_tokens::MOUNTED,
    devices::MOUNTED,
];

/// Lets each resource with its own seed fill its collection of the demo world.
pub fn seed(world: &mut World, seeding: &mut crate::seed::Seeding) {
    for f in MOUNTED.iter().filter_map(|m| m.seed) {
        f(world, seeding);
    }
}

/// The resource mounted where `segs` points, and the rest of the path.
fn mounted<'s, 'p>(segs: &'s [&'p str]) -> Option<(&'static Mounted, &'s [&'p str])> {
    MOUNTED
        .iter()
        .find_map(|m| segs.strip_prefix(m.prefix).map(|rest| (m, rest)))
}

//! `/api/v3/…`: authentication, permissions, lists, and the connection and token endpoints.

// An early answer travels as `Err(Response)`; boxing it would buy nothing in a test server.
#![allow(clippy::result_large_err)]

use axum::{
    body::{Body, Bytes},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Value};
use std::cmp::Ordering;

use crate::validate::{self, as_object, BodyError, Errors, Mode, Outcome};
use crate::world::{timestamp, GroupConn, UserConn, World};
use crate::{
    body_empty, body_json, Compat, Config, FaultKind, Inner, ADMIN_TOKEN, ALICE_TOKEN, NOPERM_TOKEN,
};

const NOT_PROVIDED: &str = "Authentication credentials were not provided.";
const NO_PERMISSION: &str = "You do not have permission to perform this action.";
const INVALID_CHOICE: &str =
    "Select a valid choice. That choice is not one of the available choices.";

const ERROR_PAGE: &str = "\n\n\n\n<!DOCTYPE html>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"UTF-8\">\n        <title>authentik</title>\n    </head>\n    <body>\n        <div class=\"ak-message\">\n            <h1>Something went wrong</h1>\n            <p>Please try again later.</p>\n        </div>\n    </body>\n</html>\n";
const NOT_FOUND_PAGE: &str = "\n\n\n\n<!DOCTYPE html>\n\n<html>\n    <head>\n        <meta charset=\"UTF-8\">\n        <title>\nauthentik\n</title>\n    </head>\n    <body>\n        <h1>Not Found</h1>\n        <p>The requested resource was not found on this server.</p>\n    </body>\n</html>\n";

fn json(status: u16, v: Value) -> Response {
    body_json(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), &v)
}

fn detail(status: u16, msg: &str) -> Response {
    json(status, json!({ "detail": msg }))
}

fn html(status: u16, page: &'static str) -> Response {
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        page,
    )
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

/// What authentik answers for a write that raised inside the server: 405, no body.
fn server_error_on_write() -> Response {
    let mut resp = body_empty(StatusCode::METHOD_NOT_ALLOWED, "text/html; charset=utf-8");
    resp.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    resp
}

fn server_error(method: &Method) -> Response {
    if is_safe(method) {
        html(500, ERROR_PAGE)
    } else {
        server_error_on_write()
    }
}

fn method_not_allowed(method: &Method) -> Response {
    detail(405, &format!("Method \"{}\" not allowed.", method.as_str()))
}

fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub fn fault_response(kind: FaultKind) -> Response {
    match kind {
        FaultKind::Html500 | FaultKind::None => html(500, ERROR_PAGE),
        FaultKind::Empty405 => server_error_on_write(),
        FaultKind::Forbidden => detail(403, NO_PERMISSION),
        FaultKind::SignedOut => detail(403, NOT_PROVIDED),
        FaultKind::Drop => {
            // Headers go out, then the connection dies mid-body.
            let stream = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
            });
            let mut resp = (StatusCode::OK, Body::from_stream(stream)).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            resp
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    User(i64),
}

struct Ctx<'a> {
    cfg: &'a Config,
    compat: Compat,
    method: &'a Method,
    query: Vec<(String, String)>,
    headers: &'a HeaderMap,
    body: &'a [u8],
    who: Who,
}

impl Ctx<'_> {
    fn q(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn not_found(&self, model: &str) -> Response {
        if self.compat.modern() {
            detail(404, &format!("No {model} matches the given query."))
        } else {
            detail(404, "Not found.")
        }
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

fn superuser(world: &World, who: Who) -> bool {
    match who {
        Who::User(pk) => world.users.get(&pk).is_some_and(|u| u.is_superuser),
        Who::Anonymous => false,
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn authenticate(
    cfg: &Config,
    inner: &Inner,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Who, Response> {
    if let Some(h) = headers.get(header::AUTHORIZATION) {
        let h = h.to_str().unwrap_or("");
        let (scheme, rest) = h.split_once(' ').unwrap_or((h, ""));
        if scheme.eq_ignore_ascii_case("bearer") {
            let token = rest.trim();
            if token.is_empty() {
                return Err(detail(403, NOT_PROVIDED));
            }
            let accounts = inner.world.accounts;
            let user = if token == cfg.admin_token || token == ADMIN_TOKEN {
                Some(accounts.admin)
            } else if token == ALICE_TOKEN {
                Some(accounts.alice)
            } else if token == NOPERM_TOKEN {
                Some(accounts.noperm)
            } else {
                None
            };
            return match user {
                Some(pk) if inner.world.users.contains_key(&pk) => Ok(Who::User(pk)),
                _ => Err(detail(403, "Token invalid/expired")),
            };
        }
        if scheme.eq_ignore_ascii_case("basic") && !cfg.compat.modern() {
            return Err(detail(403, "Unsupported authentication type"));
        }
        return Err(detail(403, NOT_PROVIDED));
    }
    let Some((user, csrf)) = cookie(headers, "authentik_session")
        .and_then(|sid| inner.sessions.get(sid))
        .cloned()
    else {
        return Ok(Who::Anonymous);
    };
    if !is_safe(method) {
        let fail = |why: &str| detail(403, &format!("CSRF Failed: {why}"));
        // The origin answers before the token (recorded: a request without the token header
        // through a proxy that dropped the port got the origin message).
        if let Some(why) = origin_refused(headers) {
            return Err(fail(&why));
        }
        let sent = headers
            .get("x-authentik-csrf")
            .and_then(|v| v.to_str().ok());
        let cookie_token = cookie(headers, "authentik_csrf");
        match sent {
            None | Some("") => return Err(fail("CSRF token missing.")),
            Some(s) if s.len() != 32 && s.len() != 64 => {
                return Err(fail(
                    "CSRF token from the 'X-Authentik-Csrf' HTTP header has incorrect length.",
                ))
            }
            Some(s) if Some(s) != cookie_token || s != csrf => {
                return Err(fail(
                    "CSRF token from the 'X-Authentik-Csrf' HTTP header incorrect.",
                ))
            }
            Some(_) => {}
        }
    }
    Ok(Who::User(user))
}

fn header_text(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Django's CSRF origin check (`CsrfViewMiddleware`) as authentik configures it: no
/// `CSRF_TRUSTED_ORIGINS`, the `Host` header as received (no `USE_X_FORWARDED_HOST`), and
/// https only when `X-Forwarded-Proto` says so (`SECURE_PROXY_SSL_HEADER`). A proxy that
/// rewrites `Host` (nginx's `$host` drops the port) makes every session write fail here.
/// Returns the reason for the 403, after "CSRF Failed: ".
pub fn origin_refused(headers: &HeaderMap) -> Option<String> {
    let secure = header_text(headers, "x-forwarded-proto")
        .is_some_and(|v| v.split(',').next().unwrap_or("").trim() == "https");
    let host = header_text(headers, header::HOST).unwrap_or_default();
    if let Some(origin) = header_text(headers, header::ORIGIN) {
        let scheme = if secure { "https" } else { "http" };
        return (origin != format!("{scheme}://{host}")).then(|| {
            format!("Origin checking failed - {origin} does not match any trusted origins.")
        });
    }
    if !secure {
        // Plain http without an Origin (a non-browser client): on to the token check.
        return None;
    }
    // Over https without an Origin, Django wants a same-host https Referer.
    let Some(referer) = header_text(headers, header::REFERER) else {
        return Some("Referer checking failed - no Referer.".into());
    };
    let (scheme, rest) = referer.split_once("://").unwrap_or(("", ""));
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or("");
    if scheme.is_empty() || netloc.is_empty() {
        return Some("Referer checking failed - Referer is malformed.".into());
    }
    if !scheme.eq_ignore_ascii_case("https") {
        return Some("Referer checking failed - Referer is insecure while host is secure.".into());
    }
    (!netloc.eq_ignore_ascii_case(&host))
        .then(|| format!("Referer checking failed - {referer} does not match any trusted origins."))
}

#[allow(clippy::too_many_arguments)]
pub fn handle(
    cfg: &Config,
    inner: &mut Inner,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let Some(rest) = path.strip_prefix("/api/v3/") else {
        return html(404, NOT_FOUND_PAGE);
    };
    if !rest.ends_with('/') {
        return html(404, NOT_FOUND_PAGE);
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
    let who = match authenticate(cfg, inner, method, headers) {
        Ok(w) => w,
        Err(resp) => return resp,
    };
    let ctx = Ctx {
        cfg,
        compat: cfg.compat,
        method,
        query: form_urlencoded_pairs(query),
        headers,
        body,
        who,
    };
    let world = &mut inner.world;
    match segs.as_slice() {
        ["core", "users", "me"] => match who {
            Who::Anonymous => detail(403, NOT_PROVIDED),
            Who::User(pk) if *method == Method::GET => json(
                200,
                world
                    .users
                    .get(&pk)
                    .map(|u| u.me.clone())
                    .unwrap_or_default(),
            ),
            Who::User(_) => method_not_allowed(method),
        },
        // Every signed-in account may read it (recorded for a user without permissions).
        ["admin", "version"] if is_safe(method) => {
            let v = cfg.compat.version();
            if matches!(who, Who::Anonymous) {
                return detail(403, NOT_PROVIDED);
            }
            json(
                200,
                json!({
                    "version_current": v,
                    "version_latest": v,
                    "version_latest_valid": true,
                    "build_hash": "",
                    "outdated": false,
                    "outpost_outdated": false,
                }),
            )
        }
        ["core", "users", rest @ ..] => users(&ctx, world, rest),
        ["core", "groups", rest @ ..] => groups(&ctx, world, rest),
        ["sources", "all", rest @ ..] => sources(&ctx, world, rest),
        ["providers", "oauth2", rest @ ..] => providers(&ctx, world, rest),
        ["sources", "user_connections", ep, rest @ ..] => match Endpoint::parse(cfg.compat, ep) {
            Some(ep) => user_connections(&ctx, world, ep, rest),
            None => html(404, NOT_FOUND_PAGE),
        },
        ["sources", "group_connections", ep, rest @ ..] => match Endpoint::parse(cfg.compat, ep) {
            // 2024.8 has no generic group-connection endpoint.
            Some(Endpoint::All) if !cfg.compat.modern() => html(404, NOT_FOUND_PAGE),
            Some(ep) => group_connections(&ctx, world, ep, rest),
            None => html(404, NOT_FOUND_PAGE),
        },
        ["oauth2", "refresh_tokens", rest @ ..] => tokens(&ctx, world, rest),
        _ => html(404, NOT_FOUND_PAGE),
    }
}

fn form_urlencoded_pairs(q: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

// ---------------------------------------------------------------- lists

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Str(String),
}

/// DRF's OrderingFilter: `ordering` names the fields to sort by; fields outside `allowed`
/// (the serializer's readable fields: what the version honours) are dropped, and when none
/// is left the view's `default` applies. Rows equal on every field come out the way
/// PostgreSQL read them: in heap order (`heap`, the order of their last write), walked
/// backwards when the first field is descending, as a backward index scan does.
fn order<T: Copy>(
    items: &mut [T],
    ordering: Option<&str>,
    allowed: &[&str],
    default: &[&str],
    key: impl Fn(&T, &str) -> Key,
    heap: impl Fn(&T) -> (Key, i64),
) {
    let parse = |f: &str| match f.strip_prefix('-') {
        Some(n) => (n.to_string(), true),
        None => (f.to_string(), false),
    };
    let mut fields: Vec<(String, bool)> = ordering
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .map(parse)
        .filter(|(name, _)| allowed.contains(&name.as_str()))
        .collect();
    if fields.is_empty() {
        fields = default.iter().map(|f| parse(f)).collect();
    }
    let backwards = fields.first().is_some_and(|(_, desc)| *desc);
    // PostgreSQL's collation sorts letters before case.
    let fold = |k: Key| match k {
        Key::Str(s) => Key::Str(s.to_lowercase()),
        k => k,
    };
    // Keys computed once per row, not per comparison.
    let mut keyed: Vec<(Vec<Key>, (Key, i64), usize)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let k = fields.iter().map(|(f, _)| fold(key(t, f))).collect();
            (k, heap(t), i)
        })
        .collect();
    keyed.sort_by(|(a, ha, _), (b, hb, _)| {
        for ((x, y), (_, desc)) in a.iter().zip(b).zip(&fields) {
            let o = x.cmp(y);
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        let o = ha.cmp(hb);
        if backwards {
            o.reverse()
        } else {
            o
        }
    });
    let sorted: Vec<T> = keyed.iter().map(|(_, _, i)| items[*i]).collect();
    items.copy_from_slice(&sorted);
}

/// DRF's SearchFilter: the terms (split at spaces and commas) must each be contained,
/// ignoring case, in at least one of the view's `search_fields` (`hay`).
fn matches_search(needle: Option<&str>, hay: &[&str]) -> bool {
    let terms: Vec<String> = needle
        .unwrap_or("")
        .replace(['\0', ','], " ")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    terms
        .iter()
        .all(|t| hay.iter().any(|h| h.to_lowercase().contains(t.as_str())))
}

/// authentik's pagination: page numbers, 0 for none; out-of-range pages are 404.
/// Only the rows of the page asked for are rendered.
fn paginate<T>(ctx: &Ctx, items: Vec<T>, render: impl Fn(T) -> Value) -> Response {
    let default = if ctx.compat.modern() { 20 } else { 100 };
    let mut size = ctx
        .q("page_size")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default);
    if ctx.compat.modern() {
        size = size.min(100);
    }
    let count = items.len();
    let total_pages = count.div_ceil(size).max(1);
    let page = match ctx.q("page") {
        None => 1,
        Some("last") => total_pages,
        Some(p) => match p.parse::<usize>() {
            Ok(n) if n >= 1 && n <= total_pages => n,
            _ => return detail(404, "Invalid page."),
        },
    };
    let start = (page - 1) * size;
    let results: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(size)
        .map(render)
        .collect();
    let shown = results.len();
    let mut body = json!({
        "pagination": {
            "next": if page < total_pages { page + 1 } else { 0 },
            "previous": page.saturating_sub(1),
            "count": count,
            "current": page,
            "total_pages": total_pages,
            "start_index": if shown == 0 { 0 } else { start + 1 },
            "end_index": if shown == 0 { 0 } else { start + shown },
        },
        "results": results,
    });
    if ctx.compat.modern() {
        body["autocomplete"] = json!({});
    }
    json(200, body)
}

fn int_filter(
    ctx: &Ctx,
    name: &str,
    exists: impl Fn(i64) -> bool,
) -> Result<Option<i64>, Response> {
    match ctx.q(name).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match v.parse::<i64>() {
            Ok(n) if exists(n) => Ok(Some(n)),
            _ => Err(json(400, json!({ name: [INVALID_CHOICE] }))),
        },
    }
}

fn uuid_filter(
    ctx: &Ctx,
    name: &str,
    exists: impl Fn(&str) -> bool,
) -> Result<Option<String>, Response> {
    match ctx.q(name).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match uuid::Uuid::parse_str(v) {
            Err(_) => Err(json(
                400,
                json!({ name: [format!("\u{201c}{v}\u{201d} is not a valid UUID.")] }),
            )),
            Ok(u) => {
                let pk = u.hyphenated().to_string();
                if exists(&pk) {
                    Ok(Some(pk))
                } else {
                    Err(json(400, json!({ name: [INVALID_CHOICE] })))
                }
            }
        },
    }
}

// ---------------------------------------------------------------- lookups

fn admin_only(ctx: &Ctx, world: &World) -> Option<Response> {
    match ctx.who {
        Who::Anonymous => Some(detail(403, NOT_PROVIDED)),
        w if !superuser(world, w) => Some(detail(403, NO_PERMISSION)),
        _ => None,
    }
}

/// The lookup endpoints: read-only, and only for admins.
fn admin_lookup(ctx: &Ctx, world: &World) -> Option<Response> {
    admin_only(ctx, world)
        .or_else(|| (*ctx.method != Method::GET).then(|| method_not_allowed(ctx.method)))
}

fn users(ctx: &Ctx, world: &World, rest: &[&str]) -> Response {
    if let Some(r) = admin_lookup(ctx, world) {
        return r;
    }
    match rest {
        [] => {
            let mut list: Vec<_> = world
                .users
                .values()
                .filter(|u| matches_search(ctx.q("search"), &[&u.username, &u.name, &u.email]))
                .filter(|u| ctx.q("username").is_none_or(|n| n == u.username))
                .filter(|u| ctx.q("pk").is_none_or(|p| p == u.pk.to_string()))
                .collect();
            order(
                &mut list,
                ctx.q("ordering"),
                &["pk", "username", "name", "email"],
                &["username"],
                |u, f| match f {
                    "username" => Key::Str(u.username.clone()),
                    "name" => Key::Str(u.name.clone()),
                    "email" => Key::Str(u.email.clone()),
                    _ => Key::Int(u.pk),
                },
                |u| (Key::Int(u.pk), u.pk),
            );
            paginate(ctx, list, |u| u.obj.clone())
        }
        [pk] => match pk.parse::<i64>().ok().and_then(|pk| world.users.get(&pk)) {
            Some(u) => json(200, u.obj.clone()),
            None if pk.parse::<i64>().is_err() => detail(404, "Not found."),
            None => ctx.not_found("User"),
        },
        _ => html(404, NOT_FOUND_PAGE),
    }
}

fn groups(ctx: &Ctx, world: &World, rest: &[&str]) -> Response {
    if let Some(r) = admin_lookup(ctx, world) {
        return r;
    }
    match rest {
        [] => {
            let mut list: Vec<_> = world
                .groups
                .iter()
                .filter(|g| matches_search(ctx.q("search"), &[&g.name]))
                .filter(|g| ctx.q("name").is_none_or(|n| n == g.name))
                .collect();
            order(
                &mut list,
                ctx.q("ordering"),
                &["name", "is_superuser"],
                &["name"],
                |g, f| match f {
                    "pk" => Key::Str(g.pk.clone()),
                    _ => Key::Str(g.name.clone()),
                },
                |g| (Key::Str(g.pk.clone()), 0),
            );
            paginate(ctx, list, |g| g.list.clone())
        }
        [pk] => match world.group(pk) {
            Some(g) => json(200, g.list.clone()),
            None => ctx.not_found("Group"),
        },
        _ => html(404, NOT_FOUND_PAGE),
    }
}

fn sources(ctx: &Ctx, world: &World, rest: &[&str]) -> Response {
    if let Some(r) = admin_lookup(ctx, world) {
        return r;
    }
    match rest {
        [] => {
            let mut list: Vec<_> = world
                .sources
                .iter()
                .filter(|s| matches_search(ctx.q("search"), &[&s.name, &s.slug]))
                .filter(|s| ctx.q("slug").is_none_or(|v| v == s.slug))
                .filter(|s| ctx.q("pbm_uuid").is_none_or(|v| v == s.pk))
                .filter(|s| ctx.q("name").is_none_or(|v| v == s.name))
                .collect();
            order(
                &mut list,
                ctx.q("ordering"),
                &["name", "slug", "enabled"],
                &["name"],
                |s, f| match f {
                    "slug" => Key::Str(s.slug.clone()),
                    "pk" => Key::Str(s.pk.clone()),
                    _ => Key::Str(s.name.clone()),
                },
                |s| (Key::Str(s.pk.clone()), 0),
            );
            paginate(ctx, list, |s| s.list.clone())
        }
        [slug] => match world.sources.iter().find(|s| s.slug == *slug) {
            Some(s) => json(200, s.list.clone()),
            None => ctx.not_found("Source"),
        },
        _ => html(404, NOT_FOUND_PAGE),
    }
}

fn providers(ctx: &Ctx, world: &World, rest: &[&str]) -> Response {
    if let Some(r) = admin_lookup(ctx, world) {
        return r;
    }
    match rest {
        [] => {
            let mut list: Vec<&Value> = world
                .providers
                .values()
                .filter(|p| {
                    matches_search(ctx.q("search"), &[p["name"].as_str().unwrap_or_default()])
                })
                .collect();
            order(
                &mut list,
                ctx.q("ordering"),
                &["name"],
                &["name"],
                |p, f| match f {
                    "pk" => Key::Int(p["pk"].as_i64().unwrap_or_default()),
                    _ => Key::Str(p["name"].as_str().unwrap_or_default().to_string()),
                },
                |p| (Key::Int(p["pk"].as_i64().unwrap_or_default()), 0),
            );
            paginate(ctx, list, |p| world.render_provider(p))
        }
        [pk] => match pk
            .parse::<i64>()
            .ok()
            .and_then(|pk| world.providers.get(&pk))
        {
            Some(p) => json(200, world.render_provider(p)),
            None => ctx.not_found("OAuth2Provider"),
        },
        _ => html(404, NOT_FOUND_PAGE),
    }
}

// ---------------------------------------------------------------- connection writes

/// PATCH may leave fields out; PUT and POST may not.
fn write_mode(partial: bool) -> Mode {
    if partial {
        Mode::Optional
    } else {
        Mode::Required
    }
}

/// DRF's UniqueTogetherValidator on (owner, source).
fn not_unique(owner: &str) -> Response {
    json(
        400,
        json!({ "non_field_errors": [format!("The fields {owner}, source must make a unique set.")] }),
    )
}

fn next_pk<T>(objects: &std::collections::BTreeMap<i64, T>) -> i64 {
    objects.keys().max().copied().unwrap_or(0) + 1
}

// ---------------------------------------------------------------- connection endpoints

/// The source types with their own connection endpoints (`…_connections/<kind>/`).
const KINDS_2024: &[&str] = &["oauth", "saml", "plex"];
const KINDS_MODERN: &[&str] = &["oauth", "saml", "plex", "kerberos", "ldap", "telegram"];

/// A connection endpoint: the generic `all/`, which lists every source type, or one type's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    All,
    Typed(&'static str),
}

impl Endpoint {
    fn parse(compat: Compat, seg: &str) -> Option<Endpoint> {
        if seg == "all" {
            return Some(Endpoint::All);
        }
        let kinds = if compat.modern() {
            KINDS_MODERN
        } else {
            KINDS_2024
        };
        kinds
            .iter()
            .find(|k| **k == seg)
            .map(|k| Endpoint::Typed(k))
    }

    fn kind(self) -> Option<&'static str> {
        match self {
            Endpoint::All => None,
            Endpoint::Typed(k) => Some(k),
        }
    }

    fn oauth(self) -> bool {
        self == Endpoint::Typed("oauth")
    }

    /// Whether a connection to a source of `kind` is listed here.
    fn admits(self, kind: &str) -> bool {
        self.kind().is_none_or(|k| k == kind)
    }

    /// The model name in 2026's "No … matches the given query."
    fn model(self, owner: &str) -> String {
        let kind = match self.kind() {
            None => "",
            Some("oauth") => "OAuth",
            Some("saml") => "SAML",
            Some("plex") => "Plex",
            Some("kerberos") => "Kerberos",
            Some("ldap") => "LDAP",
            Some(_) => "Telegram",
        };
        format!("{owner}{kind}SourceConnection")
    }
}

/// The fields each version's connection serializers render, which DRF also accepts for
/// `ordering` (recorded: 2024.8 ignores identifier on `all/`, where it is not rendered, and
/// source__name / source__slug everywhere).
fn conn_ordering(compat: Compat, ep: Endpoint, owner: &'static str) -> Vec<&'static str> {
    let mut fields = vec!["pk", owner, "source"];
    if compat.modern() || ep != Endpoint::All {
        fields.push("identifier");
    }
    fields.push("created");
    if compat.modern() {
        fields.push("last_updated");
    }
    fields
}

/// The default ordering of every connection view.
const CONN_DEFAULT_ORDER: &[&str] = &["source__slug", "pk"];

// ---------------------------------------------------------------- user connections

fn user_connections(ctx: &Ctx, world: &mut World, ep: Endpoint, rest: &[&str]) -> Response {
    let model = ep.model("User");
    let oauth = ep.oauth();
    let admin = superuser(world, ctx.who);
    match rest {
        [] => {
            if ctx.who == Who::Anonymous {
                return detail(403, NOT_PROVIDED);
            }
            match *ctx.method {
                Method::GET => list_user_connections(ctx, world, ep),
                Method::POST if oauth => {
                    if !admin {
                        return detail(403, NO_PERMISSION);
                    }
                    create_user_connection(ctx, world)
                }
                _ => method_not_allowed(ctx.method),
            }
        }
        [pk] | [pk, "used_by"] => {
            let used_by = rest.len() == 2;
            if ctx.who == Who::Anonymous {
                // 2026.x fails inside the owner filter for anonymous detail requests.
                return if ctx.compat.modern() {
                    server_error(ctx.method)
                } else {
                    detail(403, NOT_PROVIDED)
                };
            }
            let allowed: &[Method] = if used_by {
                &[Method::GET]
            } else {
                &[Method::GET, Method::PUT, Method::PATCH, Method::DELETE]
            };
            if !allowed.contains(ctx.method) {
                return method_not_allowed(ctx.method);
            }
            let Ok(pk) = pk.parse::<i64>() else {
                return detail(404, "Not found.");
            };
            let visible = world.user_connections.get(&pk).is_some_and(|c| {
                (admin || Who::User(c.user) == ctx.who) && ep.admits(world.source_kind(&c.source))
            });
            if !visible {
                return ctx.not_found(&model);
            }
            if used_by {
                // authentik's used_by walks a relation this model lacks.
                return html(500, ERROR_PAGE);
            }
            match *ctx.method {
                Method::GET => json(
                    200,
                    world.render_user_conn(&world.user_connections[&pk], ep.kind()),
                ),
                Method::DELETE => {
                    world.user_connections.remove(&pk);
                    no_content()
                }
                _ => update_user_connection(ctx, world, pk, *ctx.method == Method::PATCH, ep),
            }
        }
        _ => html(404, NOT_FOUND_PAGE),
    }
}

fn list_user_connections(ctx: &Ctx, world: &World, ep: Endpoint) -> Response {
    let admin = superuser(world, ctx.who);
    let user = match int_filter(ctx, "user", |pk| world.users.contains_key(&pk)) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let slug = ctx.q("source__slug").filter(|s| !s.is_empty());
    let mut list: Vec<&UserConn> = world
        .user_connections
        .values()
        .filter(|c| admin || Who::User(c.user) == ctx.who)
        .filter(|c| ep.admits(world.source_kind(&c.source)))
        .filter(|c| user.is_none_or(|u| c.user == u))
        .filter(|c| slug.is_none_or(|s| world.source_slug(&c.source) == s))
        .filter(|c| {
            let slug = world.source_slug(&c.source);
            // 2024.8 searches the source slug only; later versions the username and the
            // identifier too (recorded: "alice" finds nothing on 2024.8).
            if !ctx.compat.modern() {
                return matches_search(ctx.q("search"), &[&slug]);
            }
            let username = world
                .users
                .get(&c.user)
                .map(|u| u.username.as_str())
                .unwrap_or("");
            matches_search(ctx.q("search"), &[username, &slug, &c.identifier])
        })
        .collect();
    order(
        &mut list,
        ctx.q("ordering"),
        &conn_ordering(ctx.compat, ep, "user"),
        CONN_DEFAULT_ORDER,
        |c, f| {
            conn_key(
                world,
                f,
                c.pk,
                Key::Int(c.user),
                &c.source,
                &c.identifier,
                &c.created,
                &c.last_updated,
            )
        },
        |c| (Key::Str(c.last_updated.clone()), c.pk),
    );
    paginate(ctx, list, |c| world.render_user_conn(c, ep.kind()))
}

#[allow(clippy::too_many_arguments)]
fn conn_key(
    world: &World,
    f: &str,
    pk: i64,
    owner: Key,
    source: &str,
    identifier: &str,
    created: &str,
    updated: &str,
) -> Key {
    match f {
        // Foreign keys sort by the related primary key (User and Group have no Meta
        // ordering): user pk, group uuid, source uuid.
        "user" | "group" => owner,
        "source" => Key::Str(source.to_string()),
        "source__slug" => Key::Str(world.source_slug(source)),
        "identifier" => Key::Str(identifier.to_string()),
        "created" => Key::Str(created.to_string()),
        "last_updated" => Key::Str(updated.to_string()),
        _ => Key::Int(pk),
    }
}

/// The writable fields this version has on a user connection.
struct UserConnFields {
    user: Outcome<i64>,
    source: Outcome<String>,
    identifier: Outcome<String>,
}

fn validate_user_conn(
    ctx: &Ctx,
    world: &World,
    data: &serde_json::Map<String, Value>,
    mode: Mode,
    errors: &mut Errors,
) -> UserConnFields {
    let user = if ctx.compat == Compat::V2026_2 {
        validate::int_pk(data, "user", mode, errors, |pk| {
            world.users.contains_key(&pk)
        })
    } else {
        Outcome::Absent
    };
    let source = validate::uuid_pk(data, "source", mode, errors, |pk| {
        world.source(pk).is_some()
    });
    let identifier = validate::char_field(data, "identifier", mode, None, errors);
    UserConnFields {
        user,
        source,
        identifier,
    }
}

/// PostgreSQL refuses index rows over ~2.7 KB; authentik's unique index on identifier
/// turns that into a server error.
const INDEX_ROW_LIMIT: usize = 2704;

fn update_user_connection(
    ctx: &Ctx,
    world: &mut World,
    pk: i64,
    partial: bool,
    ep: Endpoint,
) -> Response {
    let oauth = ep.oauth();
    let data = match ctx.object() {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mode = write_mode(partial);
    let mut errors = Errors::default();
    if !ctx.compat.modern() {
        if ep == Endpoint::All {
            // 2024.8's generic serializer has no writable field: the object comes back as is.
            return json(
                200,
                world.render_user_conn(&world.user_connections[&pk], None),
            );
        }
        let identifier = validate::char_field(&data, "identifier", mode, Some(255), &mut errors);
        if oauth {
            validate::optional_string(&data, "access_token", &mut errors);
        }
        if !errors.is_empty() {
            return json(400, errors.into_value());
        }
        let now = ctx.now();
        if let Some(c) = world.user_connections.get_mut(&pk) {
            if let Outcome::Value(i) = identifier {
                c.identifier = i;
            }
            c.last_updated = now;
        }
        return json(
            200,
            world.render_user_conn(&world.user_connections[&pk], ep.kind()),
        );
    }
    let fields = validate_user_conn(ctx, world, &data, mode, &mut errors);
    if oauth {
        validate::optional_string(&data, "access_token", &mut errors);
    }
    if !errors.is_empty() {
        return json(400, errors.into_value());
    }
    let current = world.user_connections[&pk].clone();
    let user = fields.user.or(&current.user);
    let source = fields.source.or(&current.source);
    let touches_unique = !partial || data.contains_key("user") || data.contains_key("source");
    if touches_unique
        && world
            .user_connections
            .values()
            .any(|c| c.pk != pk && c.user == user && c.source == source)
    {
        return not_unique("user");
    }
    if let Outcome::Value(i) = &fields.identifier {
        if i.len() > INDEX_ROW_LIMIT {
            return server_error_on_write();
        }
    }
    let now = ctx.now();
    if let Some(c) = world.user_connections.get_mut(&pk) {
        c.user = user;
        c.source = source;
        if let Outcome::Value(i) = fields.identifier {
            c.identifier = i;
        }
        c.last_updated = now;
    }
    json(
        200,
        world.render_user_conn(&world.user_connections[&pk], ep.kind()),
    )
}

fn create_user_connection(ctx: &Ctx, world: &mut World) -> Response {
    let data = match ctx.object() {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    if !ctx.compat.modern() {
        let _ = validate::char_field(&data, "identifier", Mode::Required, Some(255), &mut errors);
        validate::optional_string(&data, "access_token", &mut errors);
        if !errors.is_empty() {
            return json(400, errors.into_value());
        }
        // user and source are read-only there, so the row cannot be saved.
        return server_error_on_write();
    }
    let fields = validate_user_conn(ctx, world, &data, Mode::Required, &mut errors);
    validate::optional_string(&data, "access_token", &mut errors);
    if !errors.is_empty() {
        return json(400, errors.into_value());
    }
    let (Outcome::Value(user), Outcome::Value(source), Outcome::Value(identifier)) =
        (fields.user, fields.source, fields.identifier)
    else {
        return server_error_on_write();
    };
    if world
        .user_connections
        .values()
        .any(|c| c.user == user && c.source == source)
    {
        return not_unique("user");
    }
    let pk = next_pk(&world.user_connections);
    let now = ctx.now();
    let c = UserConn {
        pk,
        user,
        source,
        identifier,
        created: now.clone(),
        last_updated: now.clone(),
        expires: Some(json!(now)),
    };
    world.user_connections.insert(pk, c);
    json(
        201,
        world.render_user_conn(&world.user_connections[&pk], Some("oauth")),
    )
}

// ---------------------------------------------------------------- group connections

fn group_connections(ctx: &Ctx, world: &mut World, ep: Endpoint, rest: &[&str]) -> Response {
    let model = ep.model("Group");
    if ctx.who == Who::Anonymous {
        return if ctx.compat.modern() && !rest.is_empty() {
            detail(403, NO_PERMISSION)
        } else {
            detail(403, NOT_PROVIDED)
        };
    }
    if !superuser(world, ctx.who) {
        // 2024.8's owner filter breaks on a model without a user; 2026 asks for permission.
        return if ctx.compat.modern() {
            detail(403, NO_PERMISSION)
        } else {
            server_error(ctx.method)
        };
    }
    match rest {
        [] => match *ctx.method {
            Method::GET => list_group_connections(ctx, world, ep),
            Method::POST if ep.oauth() => create_group_connection(ctx, world),
            _ => method_not_allowed(ctx.method),
        },
        [pk] | [pk, "used_by"] => {
            let used_by = rest.len() == 2;
            let allowed: &[Method] = if used_by {
                &[Method::GET]
            } else {
                &[Method::GET, Method::PUT, Method::PATCH, Method::DELETE]
            };
            if !allowed.contains(ctx.method) {
                return method_not_allowed(ctx.method);
            }
            let Some(pk) = pk.parse::<i64>().ok().filter(|pk| {
                world
                    .group_connections
                    .get(pk)
                    .is_some_and(|c| ep.admits(world.source_kind(&c.source)))
            }) else {
                return if pk.parse::<i64>().is_err() {
                    detail(404, "Not found.")
                } else {
                    ctx.not_found(&model)
                };
            };
            if used_by {
                // The generic model's used_by raises (recorded on 2026.2: an HTML 500).
                return if ep == Endpoint::All {
                    html(500, ERROR_PAGE)
                } else {
                    json(200, json!([]))
                };
            }
            match *ctx.method {
                Method::GET => json(200, world.render_group_conn(&world.group_connections[&pk])),
                Method::DELETE => {
                    world.group_connections.remove(&pk);
                    no_content()
                }
                _ => update_group_connection(ctx, world, pk, *ctx.method == Method::PATCH),
            }
        }
        _ => html(404, NOT_FOUND_PAGE),
    }
}

fn list_group_connections(ctx: &Ctx, world: &World, ep: Endpoint) -> Response {
    let group = match uuid_filter(ctx, "group", |pk| world.group(pk).is_some()) {
        Ok(g) => g,
        Err(r) => return r,
    };
    let slug = ctx.q("source__slug").filter(|s| !s.is_empty());
    let mut list: Vec<&GroupConn> = world
        .group_connections
        .values()
        .filter(|c| ep.admits(world.source_kind(&c.source)))
        .filter(|c| group.as_deref().is_none_or(|g| c.group == g))
        .filter(|c| slug.is_none_or(|s| world.source_slug(&c.source) == s))
        .filter(|c| {
            let slug = world.source_slug(&c.source);
            // 2024.8 searches the source slug only (recorded: "engineering" finds nothing).
            if !ctx.compat.modern() {
                return matches_search(ctx.q("search"), &[&slug]);
            }
            let gname = world.group(&c.group).map(|g| g.name.as_str()).unwrap_or("");
            matches_search(ctx.q("search"), &[gname, &slug, &c.identifier])
        })
        .collect();
    order(
        &mut list,
        ctx.q("ordering"),
        &conn_ordering(ctx.compat, ep, "group"),
        CONN_DEFAULT_ORDER,
        |c, f| {
            conn_key(
                world,
                f,
                c.pk,
                Key::Str(c.group.clone()),
                &c.source,
                &c.identifier,
                &c.created,
                &c.last_updated,
            )
        },
        |c| (Key::Str(c.last_updated.clone()), c.pk),
    );
    paginate(ctx, list, |c| world.render_group_conn(c))
}

struct GroupConnFields {
    group: Outcome<String>,
    source: Outcome<String>,
    identifier: Outcome<String>,
}

fn validate_group_conn(
    ctx: &Ctx,
    world: &World,
    data: &serde_json::Map<String, Value>,
    mode: Mode,
    creating: bool,
    errors: &mut Errors,
) -> GroupConnFields {
    let group = if ctx.compat == Compat::V2026_2 || creating {
        validate::uuid_pk(data, "group", mode, errors, |pk| world.group(pk).is_some())
    } else {
        Outcome::Absent
    };
    let source = validate::uuid_pk(data, "source", mode, errors, |pk| {
        world.source(pk).is_some()
    });
    let identifier = validate::char_field(data, "identifier", mode, None, errors);
    GroupConnFields {
        group,
        source,
        identifier,
    }
}

fn update_group_connection(ctx: &Ctx, world: &mut World, pk: i64, partial: bool) -> Response {
    let data = match ctx.object() {
        Ok(d) => d,
        Err(r) => return r,
    };
    if !ctx.compat.modern() {
        return json(200, world.render_group_conn(&world.group_connections[&pk]));
    }
    let mode = write_mode(partial);
    let mut errors = Errors::default();
    let fields = validate_group_conn(ctx, world, &data, mode, false, &mut errors);
    if !errors.is_empty() {
        return json(400, errors.into_value());
    }
    let current = world.group_connections[&pk].clone();
    let group = fields.group.or(&current.group);
    let source = fields.source.or(&current.source);
    let touches_unique = !partial || data.contains_key("group") || data.contains_key("source");
    if touches_unique
        && world
            .group_connections
            .values()
            .any(|c| c.pk != pk && c.group == group && c.source == source)
    {
        return not_unique("group");
    }
    let now = ctx.now();
    if let Some(c) = world.group_connections.get_mut(&pk) {
        c.group = group;
        c.source = source;
        if let Outcome::Value(i) = fields.identifier {
            c.identifier = i;
        }
        c.last_updated = now;
    }
    json(200, world.render_group_conn(&world.group_connections[&pk]))
}

fn create_group_connection(ctx: &Ctx, world: &mut World) -> Response {
    let data = match ctx.object() {
        Ok(d) => d,
        Err(r) => return r,
    };
    if !ctx.compat.modern() {
        return server_error_on_write();
    }
    let mut errors = Errors::default();
    let fields = validate_group_conn(ctx, world, &data, Mode::Required, true, &mut errors);
    if !errors.is_empty() {
        return json(400, errors.into_value());
    }
    let (Outcome::Value(group), Outcome::Value(source), Outcome::Value(identifier)) =
        (fields.group, fields.source, fields.identifier)
    else {
        return server_error_on_write();
    };
    if world
        .group_connections
        .values()
        .any(|c| c.group == group && c.source == source)
    {
        return not_unique("group");
    }
    let pk = next_pk(&world.group_connections);
    let now = ctx.now();
    world.group_connections.insert(
        pk,
        GroupConn {
            pk,
            group,
            source,
            identifier,
            created: now.clone(),
            last_updated: now,
        },
    );
    json(201, world.render_group_conn(&world.group_connections[&pk]))
}

// ---------------------------------------------------------------- refresh tokens

fn tokens(ctx: &Ctx, world: &mut World, rest: &[&str]) -> Response {
    let admin = superuser(world, ctx.who);
    let now = ctx.cfg.now();
    match rest {
        [] => {
            if ctx.who == Who::Anonymous {
                return detail(403, NOT_PROVIDED);
            }
            if *ctx.method != Method::GET {
                return method_not_allowed(ctx.method);
            }
            let user = match int_filter(ctx, "user", |pk| world.users.contains_key(&pk)) {
                Ok(u) => u,
                Err(r) => return r,
            };
            let provider = match int_filter(ctx, "provider", |pk| world.providers.contains_key(&pk))
            {
                Ok(p) => p,
                Err(r) => return r,
            };
            let mut list: Vec<_> = world
                .tokens
                .values()
                .filter(|t| admin || Who::User(t.user) == ctx.who)
                .filter(|t| user.is_none_or(|u| t.user == u))
                .filter(|t| provider.is_none_or(|p| t.provider == p))
                // No search_fields on this view: `search` is ignored by every version
                // (recorded: any term returns every token).
                .collect();
            order(
                &mut list,
                ctx.q("ordering"),
                &["pk", "expires", "user", "provider", "revoked"],
                &["provider", "expires"],
                |t, f| match f {
                    "expires" => Key::Str(t.expires.clone()),
                    "user" => Key::Int(t.user),
                    "provider" => Key::Int(t.provider),
                    "revoked" => Key::Int(t.revoked as i64),
                    _ => Key::Int(t.pk),
                },
                |t| (Key::Int(t.pk), t.pk),
            );
            paginate(ctx, list, |t| world.render_token(t, now))
        }
        [pk] | [pk, "used_by"] => {
            let used_by = rest.len() == 2;
            let Ok(pk) = pk.parse::<i64>() else {
                return detail(404, "Not found.");
            };
            if ctx.who == Who::Anonymous {
                return if ctx.compat.modern() {
                    ctx.not_found("RefreshToken")
                } else {
                    detail(403, NOT_PROVIDED)
                };
            }
            let allowed: &[Method] = if used_by {
                &[Method::GET]
            } else {
                &[Method::GET, Method::DELETE]
            };
            if !allowed.contains(ctx.method) {
                return method_not_allowed(ctx.method);
            }
            let visible = world
                .tokens
                .get(&pk)
                .is_some_and(|t| admin || Who::User(t.user) == ctx.who);
            if !visible {
                return ctx.not_found("RefreshToken");
            }
            if used_by {
                return json(200, json!([]));
            }
            match *ctx.method {
                Method::DELETE if !admin => detail(403, NO_PERMISSION),
                Method::DELETE => {
                    world.tokens.remove(&pk);
                    no_content()
                }
                _ => json(200, world.render_token(&world.tokens[&pk], now)),
            }
        }
        _ => html(404, NOT_FOUND_PAGE),
    }
}

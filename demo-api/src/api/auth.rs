//! Who is asking: a bearer token or a session cookie, and for a session's writes Django's
//! CSRF checks (origin first, then the token).

use axum::http::{header, HeaderMap, Method};

use super::reply::{detail, is_safe, NOT_PROVIDED};
use crate::{Config, Inner, SeedKind, ADMIN_TOKEN, ALICE_TOKEN, NOPERM_TOKEN};
use axum::response::Response;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    User(i64),
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

pub fn authenticate(
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
        // A demo login's session that was ended (its row deleted) signs that cookie out.
        .filter(|sid| cfg.seed != SeedKind::Demo || inner.world.has_session_key(sid))
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

/// The session cookie of a request authenticated by it (an API token wins over it).
pub fn session_key(headers: &HeaderMap) -> Option<String> {
    if headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    cookie(headers, "authentik_session").map(str::to_string)
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

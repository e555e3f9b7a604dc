//! `core/authenticated_sessions/`: every signed-in account lists and reads its own
//! sessions (a superuser all of them) and may end them. The view is looked up by `uuid`
//! (no URL converter: a malformed one is the view's plain 404). 2026.x adds
//! `bulk_delete/?user_pks=…`, which ends every session of those users; on 2024.8 that path
//! is the detail route of a session called "bulk_delete".

use axum::{http::Method, response::Response};
use serde_json::json;

use super::auth::Who;
use super::guard::{Route, READ, READ_DELETE};
use super::list::{self, Filter, Key, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{detail, json, no_content, no_route, NOT_PROVIDED};
use super::Ctx;
use crate::world::{AuthSession, World};

fn field(w: &World, x: &AuthSession, f: &str) -> Key {
    match f.trim_start_matches("session__") {
        "user" => Key::Int(x.user),
        "user__username" => Key::str(w.users.get(&x.user).map_or("", |u| &u.username)),
        "last_ip" => Key::str(&x.last_ip),
        "last_user_agent" => Key::str(&x.last_user_agent),
        "last_used" => Key::str(&x.last_used),
        "expires" => Key::str(&x.expires),
        _ => Key::str(&x.uuid),
    }
}

/// 2024.8 keeps the times and the client on the session row; 2026.x on the Django session
/// it points to, and names them by that path in the filterset, search and ordering.
const fn spec(
    filters: &'static [Filter],
    search: &'static [&'static str],
    ordering: &'static [&'static str],
) -> ListSpec<AuthSession> {
    ListSpec {
        field,
        filters,
        search: Versions::same(Some(search)),
        ordering: Versions::same(ordering),
        default_order: &["user__username"],
        heap: |x| (Key::Int(x.seq), x.seq),
        rows: Rows::Owned(|x| x.user),
        pages: AUTHENTIK_PAGES,
    }
}

const LIST_2024: ListSpec<AuthSession> = spec(
    &[
        Filter::ExactUnlessEmpty("user__username"),
        Filter::ExactUnlessEmpty("last_ip"),
        Filter::ExactUnlessEmpty("last_user_agent"),
    ],
    &["user__username", "last_ip", "last_user_agent"],
    &[
        "uuid",
        "user",
        "last_ip",
        "last_user_agent",
        "last_used",
        "expires",
    ],
);

const LIST_MODERN: ListSpec<AuthSession> = spec(
    &[
        Filter::ExactUnlessEmpty("user__username"),
        Filter::ExactUnlessEmpty("session__last_ip"),
        Filter::ExactUnlessEmpty("session__last_user_agent"),
    ],
    &[
        "user__username",
        "session__last_ip",
        "session__last_user_agent",
    ],
    &[
        "uuid",
        "user",
        "session__last_ip",
        "session__last_user_agent",
        "session__last_used",
        "session__expires",
    ],
);

const MODEL: &str = "AuthenticatedSession";

/// Writes here are not logged: authentik's audit middleware ignores sessions.
pub(super) const MOUNTED: super::Mounted = super::Mounted {
    prefix: &["core", "authenticated_sessions"],
    serve,
    seed: None,
    subject: |_, _, _| None,
};

pub fn serve(ctx: &Ctx, world: &mut World, rest: &[&str]) -> Result<Response, Response> {
    let cookie = ctx.session_key.as_deref();
    match rest {
        ["bulk_delete"] if ctx.compat.modern() => return bulk_delete(ctx, world),
        _ => {}
    }
    match Route::of(rest) {
        Route::List => {
            ctx.signed_in()?;
            ctx.allow(READ)?;
            let world = &*world;
            let spec = if ctx.compat.modern() {
                &LIST_MODERN
            } else {
                &LIST_2024
            };
            list::run(ctx, world, spec, world.sessions.iter(), |x| {
                world.render_session(x, cookie)
            })
        }
        Route::Object { pk, used_by } => {
            if ctx.who == Who::Anonymous {
                return Err(if ctx.compat.modern() {
                    ctx.not_found(MODEL)
                } else {
                    detail(403, NOT_PROVIDED)
                });
            }
            ctx.allow(if used_by { READ } else { READ_DELETE })?;
            // `uuid` is looked up as text: a malformed one fails validation, which DRF
            // answers with a bare 404 on every release.
            let uuid = uuid::Uuid::parse_str(pk)
                .map(|u| u.hyphenated().to_string())
                .map_err(|_| detail(404, "Not found."))?;
            let at = world
                .sessions
                .iter()
                .position(|x| x.uuid == uuid && ctx.sees(world, x.user))
                .ok_or_else(|| ctx.not_found(MODEL))?;
            if used_by {
                return Ok(json(200, json!([])));
            }
            if *ctx.method == Method::DELETE {
                world.sessions.remove(at);
                return Ok(no_content());
            }
            Ok(json(200, world.render_session(&world.sessions[at], cookie)))
        }
        Route::Other => Ok(no_route()),
    }
}

/// `DELETE bulk_delete/?user_pks=1&user_pks=2`: ends every session of those users and
/// says how many (recorded: `{"deleted": 1}`, then `{"deleted": 0}`; 400s for a missing or
/// non-integer `user_pks`).
fn bulk_delete(ctx: &Ctx, world: &mut World) -> Result<Response, Response> {
    ctx.signed_in()?;
    ctx.allow(&[Method::DELETE])?;
    ctx.admin(world)?;
    let values: Vec<&str> = ctx
        .query
        .iter()
        .filter(|(k, _)| k == "user_pks")
        .map(|(_, v)| v.as_str())
        .collect();
    if values.is_empty() {
        return Err(json(400, json!({"user_pks": ["This field is required."]})));
    }
    let mut bad = serde_json::Map::new();
    let mut pks = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v.trim().parse::<i64>() {
            Ok(pk) => pks.push(pk),
            Err(_) => {
                bad.insert(i.to_string(), json!(["A valid integer is required."]));
            }
        }
    }
    if !bad.is_empty() {
        return Err(json(400, json!({ "user_pks": bad })));
    }
    let before = world.sessions.len();
    world.sessions.retain(|x| !pks.contains(&x.user));
    Ok(json(200, json!({"deleted": before - world.sessions.len()})))
}

//! `sources/user_connections/<all|kind>/`: every signed-in account lists its own
//! connections (a superuser all of them); superusers create OAuth ones; the owner or a
//! superuser reads, edits and deletes one.

use axum::{http::Method, response::Response};
use serde_json::{json, Value};

use super::connections::{self, next_pk, not_unique, valid, write_mode, Endpoint, DEFAULT_ORDER};
use super::guard::{AnonymousObject, ObjectRules, Route, READ_WRITE};
use super::list::{self, Filter, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{
    html, json, method_not_allowed, no_content, no_route, server_error_on_write, ERROR_PAGE,
};
use super::Ctx;
use crate::validate::{self, Errors, Mode, Outcome};
use crate::world::{UserConn, World};
use crate::Compat;

const TYPED: ListSpec<UserConn> = ListSpec {
    field: connections::field::<UserConn>,
    filters: &[
        Filter::IntChoice("user", |w, pk| w.users.contains_key(&pk)),
        Filter::ExactUnlessEmpty("source__slug"),
    ],
    // 2024.8 searches the source slug only; later versions the username and the identifier
    // too (recorded: "alice" finds nothing on 2024.8).
    search: Versions {
        v2024_8: Some(&["source__slug"]),
        modern: Some(&["user__username", "source__slug", "identifier"]),
    },
    // The fields each version's serializer renders, which DRF also accepts for `ordering`
    // (recorded: source__name / source__slug are ignored everywhere).
    ordering: Versions {
        v2024_8: &["pk", "user", "source", "identifier", "created"],
        modern: &[
            "pk",
            "user",
            "source",
            "identifier",
            "created",
            "last_updated",
        ],
    },
    default_order: DEFAULT_ORDER,
    heap: connections::heap::<UserConn>,
    rows: Rows::Owned(|c| c.user),
    pages: AUTHENTIK_PAGES,
};

/// 2024.8's generic serializer does not render `identifier`, so it cannot sort by it.
const ALL: ListSpec<UserConn> = ListSpec {
    ordering: Versions {
        v2024_8: &["pk", "user", "source", "created"],
        ..TYPED.ordering
    },
    ..TYPED
};

/// 2026.x fails inside the owner filter for anonymous requests about one connection.
const OBJECTS: ObjectRules = ObjectRules {
    methods: READ_WRITE,
    anonymous: AnonymousObject::ServerError,
    pk_first: false,
};

pub fn serve(
    ctx: &Ctx,
    world: &mut World,
    ep: Endpoint,
    rest: &[&str],
) -> Result<Response, Response> {
    match Route::of(rest) {
        Route::List => {
            ctx.signed_in()?;
            match *ctx.method {
                Method::GET => {
                    let world = &*world;
                    let rows = world.user_connections.values();
                    list::run(
                        ctx,
                        world,
                        ep.pick(&ALL, &TYPED),
                        rows.filter(|c| ep.admits(world, &c.source)),
                        |c| world.render_user_conn(c, ep.kind()),
                    )
                }
                Method::POST if ep.oauth() => {
                    ctx.admin(world)?;
                    create(ctx, world)
                }
                _ => Err(method_not_allowed(ctx.method)),
            }
        }
        Route::Object { pk, used_by } => {
            let pk = ctx.open_object(&OBJECTS, &ep.model("User"), pk, used_by, |pk| {
                world
                    .user_connections
                    .get(&pk)
                    .is_some_and(|c| ctx.sees(world, c.user) && ep.admits(world, &c.source))
            })?;
            if used_by {
                // authentik's used_by walks a relation this model lacks.
                return Ok(html(500, ERROR_PAGE));
            }
            match *ctx.method {
                Method::GET => Ok(render(world, pk, ep.kind())),
                Method::DELETE => {
                    world.user_connections.remove(&pk);
                    Ok(no_content())
                }
                _ => update(ctx, world, pk, *ctx.method == Method::PATCH, ep),
            }
        }
        Route::Other => Ok(no_route()),
    }
}

fn render(world: &World, pk: i64, kind: Option<&str>) -> Response {
    json(
        200,
        world.render_user_conn(&world.user_connections[&pk], kind),
    )
}

/// The writable fields this version has on a user connection.
struct Fields {
    user: Outcome<i64>,
    source: Outcome<String>,
    identifier: Outcome<String>,
}

fn validate_fields(
    ctx: &Ctx,
    world: &World,
    data: &serde_json::Map<String, Value>,
    mode: Mode,
    errors: &mut Errors,
) -> Fields {
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
    Fields {
        user,
        source,
        identifier,
    }
}

/// PostgreSQL refuses index rows over ~2.7 KB; authentik's unique index on identifier
/// turns that into a server error.
const INDEX_ROW_LIMIT: usize = 2704;

fn update(
    ctx: &Ctx,
    world: &mut World,
    pk: i64,
    partial: bool,
    ep: Endpoint,
) -> Result<Response, Response> {
    let data = ctx.object()?;
    let mode = write_mode(partial);
    let mut errors = Errors::default();
    if !ctx.compat.modern() {
        if ep == Endpoint::All {
            // 2024.8's generic serializer has no writable field: the object comes back as is.
            return Ok(render(world, pk, None));
        }
        let identifier = validate::char_field(&data, "identifier", mode, Some(255), &mut errors);
        if ep.oauth() {
            validate::optional_string(&data, "access_token", &mut errors);
        }
        valid(errors)?;
        let now = ctx.now();
        if let Some(c) = world.user_connections.get_mut(&pk) {
            if let Outcome::Value(i) = identifier {
                c.identifier = i;
            }
            c.last_updated = now;
        }
        return Ok(render(world, pk, ep.kind()));
    }
    let fields = validate_fields(ctx, world, &data, mode, &mut errors);
    if ep.oauth() {
        validate::optional_string(&data, "access_token", &mut errors);
    }
    valid(errors)?;
    let current = &world.user_connections[&pk];
    let user = fields.user.or(&current.user);
    let source = fields.source.or(&current.source);
    let touches_unique = !partial || data.contains_key("user") || data.contains_key("source");
    if touches_unique
        && world
            .user_connections
            .values()
            .any(|c| c.pk != pk && c.user == user && c.source == source)
    {
        return Err(not_unique("user"));
    }
    if let Outcome::Value(i) = &fields.identifier {
        if i.len() > INDEX_ROW_LIMIT {
            return Err(server_error_on_write());
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
    Ok(render(world, pk, ep.kind()))
}

fn create(ctx: &Ctx, world: &mut World) -> Result<Response, Response> {
    let data = ctx.object()?;
    let mut errors = Errors::default();
    if !ctx.compat.modern() {
        let _ = validate::char_field(&data, "identifier", Mode::Required, Some(255), &mut errors);
        validate::optional_string(&data, "access_token", &mut errors);
        valid(errors)?;
        // user and source are read-only there, so the row cannot be saved.
        return Err(server_error_on_write());
    }
    let fields = validate_fields(ctx, world, &data, Mode::Required, &mut errors);
    validate::optional_string(&data, "access_token", &mut errors);
    valid(errors)?;
    let (Outcome::Value(user), Outcome::Value(source), Outcome::Value(identifier)) =
        (fields.user, fields.source, fields.identifier)
    else {
        return Err(server_error_on_write());
    };
    if world
        .user_connections
        .values()
        .any(|c| c.user == user && c.source == source)
    {
        return Err(not_unique("user"));
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
        plex_token: None,
    };
    world.user_connections.insert(pk, c);
    Ok(json(
        201,
        world.render_user_conn(&world.user_connections[&pk], Some("oauth")),
    ))
}

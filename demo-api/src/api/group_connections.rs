//! `sources/group_connections/<all|kind>/`: superusers only (2024.8 had no generic `all/`).

use axum::{http::Method, response::Response};
use serde_json::{json, Value};

use super::auth::Who;
use super::connections::{self, next_pk, not_unique, valid, write_mode, Endpoint, DEFAULT_ORDER};
use super::guard::{AnonymousObject, ObjectRules, Route, READ_WRITE};
use super::list::{self, Filter, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{
    detail, html, json, method_not_allowed, no_content, no_route, server_error,
    server_error_on_write, ERROR_PAGE, NOT_PROVIDED, NO_PERMISSION,
};
use super::Ctx;
use crate::validate::{self, Errors, Mode, Outcome};
use crate::world::{GroupConn, World};
use crate::Compat;

/// `all/` (2026 only) and the typed endpoints alike.
const LIST: ListSpec<GroupConn> = ListSpec {
    field: connections::field::<GroupConn>,
    filters: &[
        Filter::UuidChoice("group", |w, pk| w.group(pk).is_some()),
        Filter::ExactUnlessEmpty("source__slug"),
    ],
    // 2024.8 searches the source slug only (recorded: "engineering" finds nothing).
    search: Versions {
        v2024_8: Some(&["source__slug"]),
        modern: Some(&["group__name", "source__slug", "identifier"]),
    },
    // The fields each version's serializer renders, which DRF also accepts for `ordering`.
    ordering: Versions {
        v2024_8: &["pk", "group", "source", "identifier", "created"],
        modern: &[
            "pk",
            "group",
            "source",
            "identifier",
            "created",
            "last_updated",
        ],
    },
    default_order: DEFAULT_ORDER,
    heap: connections::heap::<GroupConn>,
    // The endpoint turns away whoever is not a superuser.
    rows: Rows::All,
    pages: AUTHENTIK_PAGES,
};

/// Only superusers get this far, so the anonymous rule never answers.
const OBJECTS: ObjectRules = ObjectRules {
    methods: READ_WRITE,
    anonymous: AnonymousObject::NotFound,
    pk_first: false,
};

pub fn serve(
    ctx: &Ctx,
    world: &mut World,
    ep: Endpoint,
    rest: &[&str],
) -> Result<Response, Response> {
    if ctx.who == Who::Anonymous {
        let msg = if ctx.compat.modern() && !rest.is_empty() {
            NO_PERMISSION
        } else {
            NOT_PROVIDED
        };
        return Err(detail(403, msg));
    }
    if !ctx.superuser(world) {
        // 2024.8's owner filter breaks on a model without a user; 2026 asks for permission.
        return Err(if ctx.compat.modern() {
            detail(403, NO_PERMISSION)
        } else {
            server_error(ctx.method)
        });
    }
    match Route::of(rest) {
        Route::List => match *ctx.method {
            Method::GET => {
                let world = &*world;
                let rows = world.group_connections.values();
                list::run(
                    ctx,
                    world,
                    &LIST,
                    rows.filter(|c| ep.admits(world, &c.source)),
                    |c| world.render_group_conn(c),
                )
            }
            // Every kind's endpoint creates on 2026.x (captures 718–726: `allow: GET, POST,
            // HEAD, OPTIONS`), through the serializer the OAuth one shares (197, 198).
            Method::POST => match ep {
                Endpoint::All => Err(method_not_allowed(ctx.method)),
                // 2024.8's SAML endpoint is read-only (capture 735: `allow: GET, HEAD,
                // OPTIONS`); its OAuth and Plex ones allow POST but fail inside (162).
                Endpoint::Typed("saml") if !ctx.compat.modern() => {
                    Err(read_only(method_not_allowed(ctx.method)))
                }
                Endpoint::Typed(_) => create(ctx, world),
            },
            _ => Err(method_not_allowed(ctx.method)),
        },
        Route::Object { pk, used_by } => {
            let pk = ctx.open_object(&OBJECTS, &ep.model("Group"), pk, used_by, |pk| {
                let c = world.group_connections.get(&pk);
                c.is_some_and(|c| ep.admits(world, &c.source))
            })?;
            if used_by {
                // The generic model's used_by raises (recorded on 2026.2: an HTML 500).
                return Ok(if ep == Endpoint::All {
                    html(500, ERROR_PAGE)
                } else {
                    json(200, json!([]))
                });
            }
            match *ctx.method {
                Method::GET => Ok(render(world, pk)),
                Method::DELETE => {
                    world.group_connections.remove(&pk);
                    Ok(no_content())
                }
                _ => update(ctx, world, pk, *ctx.method == Method::PATCH),
            }
        }
        Route::Other => Ok(no_route()),
    }
}

/// DRF names the methods a view has in `Allow` on every answer.
fn read_only(mut resp: Response) -> Response {
    resp.headers_mut().insert(
        axum::http::header::ALLOW,
        axum::http::HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    resp
}

fn render(world: &World, pk: i64) -> Response {
    json(200, world.render_group_conn(&world.group_connections[&pk]))
}

/// The writable fields this version has on a group connection.
struct Fields {
    group: Outcome<String>,
    source: Outcome<String>,
    identifier: Outcome<String>,
}

fn validate_fields(
    ctx: &Ctx,
    world: &World,
    data: &serde_json::Map<String, Value>,
    mode: Mode,
    creating: bool,
    errors: &mut Errors,
) -> Fields {
    let group = if ctx.compat == Compat::V2026_2 || creating {
        validate::uuid_pk(data, "group", mode, errors, |pk| world.group(pk).is_some())
    } else {
        Outcome::Absent
    };
    let source = validate::uuid_pk(data, "source", mode, errors, |pk| {
        world.source(pk).is_some()
    });
    let identifier = validate::char_field(data, "identifier", mode, None, errors);
    Fields {
        group,
        source,
        identifier,
    }
}

fn update(ctx: &Ctx, world: &mut World, pk: i64, partial: bool) -> Result<Response, Response> {
    let data = ctx.object()?;
    if !ctx.compat.modern() {
        return Ok(render(world, pk));
    }
    let mut errors = Errors::default();
    let fields = validate_fields(ctx, world, &data, write_mode(partial), false, &mut errors);
    valid(errors)?;
    let current = &world.group_connections[&pk];
    let group = fields.group.or(&current.group);
    let source = fields.source.or(&current.source);
    let touches_unique = !partial || data.contains_key("group") || data.contains_key("source");
    if touches_unique
        && world
            .group_connections
            .values()
            .any(|c| c.pk != pk && c.group == group && c.source == source)
    {
        return Err(not_unique("group"));
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
    Ok(render(world, pk))
}

/// authentik's serializer takes any source at any kind's endpoint (its `source` is the
/// generic base); this model derives a connection's kind from its source, so a pair sent
/// to another kind's endpoint is listed under its source's kind here. The console sends a
/// source to its own kind's endpoint only.
fn create(ctx: &Ctx, world: &mut World) -> Result<Response, Response> {
    let data = ctx.object()?;
    if !ctx.compat.modern() {
        return Err(server_error_on_write());
    }
    let mut errors = Errors::default();
    let fields = validate_fields(ctx, world, &data, Mode::Required, true, &mut errors);
    valid(errors)?;
    let (Outcome::Value(group), Outcome::Value(source), Outcome::Value(identifier)) =
        (fields.group, fields.source, fields.identifier)
    else {
        return Err(server_error_on_write());
    };
    if world
        .group_connections
        .values()
        .any(|c| c.group == group && c.source == source)
    {
        return Err(not_unique("group"));
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
    Ok(json(
        201,
        world.render_group_conn(&world.group_connections[&pk]),
    ))
}

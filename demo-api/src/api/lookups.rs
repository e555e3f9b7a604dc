//! The lookup endpoints the console reads beside its resources (users, groups, sources,
//! OAuth2 providers): read-only, and only for superusers, but for a user's `is_active`.

use axum::response::Response;
use serde_json::Value;

use super::guard::{int_pk, Route, READ, READ_WRITE};
use super::list::{self, Filter, Key, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{json, no_route};
use super::Ctx;
use crate::world::{Group, Source, User, World};
use serde_json::json;

/// A lookup endpoint: its list, and how one object is found and rendered.
pub struct Lookup<T: 'static> {
    pub list: ListSpec<T>,
    pub rows: fn(&World) -> Vec<&T>,
    /// Integer primary keys: anything else is "Not found." before the lookup.
    pub int_pk: bool,
    pub find: for<'w> fn(&'w World, &str) -> Option<&'w T>,
    /// The model in 2026's "No … matches the given query."
    pub model: &'static str,
    /// The same in the list and alone.
    pub render: fn(&World, &T) -> Value,
}

pub fn serve<T>(
    ctx: &Ctx,
    world: &World,
    lookup: &Lookup<T>,
    rest: &[&str],
) -> Result<Response, Response> {
    ctx.admin(world)?;
    ctx.allow(READ)?;
    match Route::of(rest) {
        Route::List => list::run(
            ctx,
            world,
            &lookup.list,
            (lookup.rows)(world).into_iter(),
            |t| (lookup.render)(world, t),
        ),
        Route::Object { pk, used_by: false } => {
            if lookup.int_pk {
                int_pk(pk)?;
            }
            let found = (lookup.find)(world, pk).ok_or_else(|| ctx.not_found(lookup.model))?;
            Ok(json(200, (lookup.render)(world, found)))
        }
        _ => Ok(no_route()),
    }
}

pub const USERS: Lookup<User> = Lookup {
    list: ListSpec {
        field: |_, u, f| match f {
            "username" => Key::str(&u.username),
            "name" => Key::str(&u.name),
            "email" => Key::str(&u.email),
            _ => Key::Int(u.pk),
        },
        filters: &[Filter::Exact("username"), Filter::Exact("pk")],
        search: Versions::same(Some(&["username", "name", "email"])),
        ordering: Versions::same(&["pk", "username", "name", "email"]),
        default_order: &["username"],
        heap: |u| (Key::Int(u.pk), u.pk),
        rows: Rows::All,
        pages: AUTHENTIK_PAGES,
    },
    rows: |w| w.users.values().collect(),
    int_pk: true,
    find: |w, pk| pk.parse().ok().and_then(|pk| w.users.get(&pk)),
    model: "User",
    render: |_, u| u.obj.clone(),
};

pub const GROUPS: Lookup<Group> = Lookup {
    list: ListSpec {
        // `is_superuser` is honoured but sorts as the name does here.
        field: |_, g, f| match f {
            "pk" => Key::str(&g.pk),
            _ => Key::str(&g.name),
        },
        filters: &[Filter::Exact("name")],
        search: Versions::same(Some(&["name"])),
        ordering: Versions::same(&["name", "is_superuser"]),
        default_order: &["name"],
        heap: |g| (Key::str(&g.pk), 0),
        rows: Rows::All,
        pages: AUTHENTIK_PAGES,
    },
    rows: |w| w.groups.iter().collect(),
    int_pk: false,
    find: |w, pk| w.group(pk),
    model: "Group",
    render: |_, g| g.list.clone(),
};

/// `sources/all/`: objects are addressed by slug.
pub const SOURCES: Lookup<Source> = Lookup {
    list: ListSpec {
        // `enabled` is honoured but sorts as the name does here.
        field: |_, s, f| match f {
            "slug" => Key::str(&s.slug),
            "pk" | "pbm_uuid" => Key::str(&s.pk),
            _ => Key::str(&s.name),
        },
        filters: &[
            Filter::Exact("slug"),
            Filter::Exact("pbm_uuid"),
            Filter::Exact("name"),
        ],
        search: Versions::same(Some(&["name", "slug"])),
        ordering: Versions::same(&["name", "slug", "enabled"]),
        default_order: &["name"],
        heap: |s| (Key::str(&s.pk), 0),
        rows: Rows::All,
        pages: AUTHENTIK_PAGES,
    },
    rows: |w| w.sources.iter().collect(),
    int_pk: false,
    find: |w, slug| w.sources.iter().find(|s| s.slug == slug),
    model: "Source",
    render: |_, s| s.list.clone(),
};

/// `providers/oauth2/`: a malformed primary key is the model's 404, not "Not found.".
pub const PROVIDERS: Lookup<Value> = Lookup {
    list: ListSpec {
        field: |_, p, f| match f {
            "pk" => Key::Int(p["pk"].as_i64().unwrap_or_default()),
            _ => Key::str(p["name"].as_str().unwrap_or_default()),
        },
        filters: &[],
        search: Versions::same(Some(&["name"])),
        ordering: Versions::same(&["name"]),
        default_order: &["name"],
        heap: |p| (Key::Int(p["pk"].as_i64().unwrap_or_default()), 0),
        rows: Rows::All,
        pages: AUTHENTIK_PAGES,
    },
    rows: |w| w.providers.values().collect(),
    int_pk: false,
    find: |w, pk| pk.parse().ok().and_then(|pk| w.providers.get(&pk)),
    model: "OAuth2Provider",
    render: |w, p| w.render_provider(p),
};

/// `PATCH core/users/<pk>/` with `is_active`, as the console deactivates an account (other
/// fields of the user are not modelled: they are answered as authentik's field errors for a
/// wrong type would be, and otherwise left as they are).
pub fn patch_user(ctx: &Ctx, world: &mut World, pk: &str) -> Result<Response, Response> {
    ctx.admin(world)?;
    ctx.allow(READ_WRITE)?;
    let pk = int_pk(pk)?;
    if !world.users.contains_key(&pk) {
        return Err(ctx.not_found("User"));
    }
    let fields = ctx.object()?;
    if let Some(v) = fields.get("is_active") {
        let Some(active) = v.as_bool() else {
            return Ok(json(
                400,
                json!({"is_active": ["Must be a valid boolean."]}),
            ));
        };
        if let Some(u) = world.users.get_mut(&pk) {
            u.obj["is_active"] = json!(active);
            u.me["user"]["is_active"] = json!(active);
        }
    }
    Ok(json(200, world.users[&pk].obj.clone()))
}

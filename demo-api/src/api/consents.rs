//! `core/user_consent/`: every signed-in account lists and reads its own consents (a
//! superuser all of them) and may revoke them; nothing is writable (PATCH is 405).

use axum::{http::Method, response::Response};
use serde_json::json;

use super::guard::{AnonymousObject, ObjectRules, Route, READ, READ_DELETE};
use super::list::{self, Filter, Key, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{json, no_content, no_route};
use super::Ctx;
use crate::world::{Consent, World};

/// A nullable timestamp, sorted as PostgreSQL does: nulls after every date ascending.
fn nullable(v: &serde_json::Value) -> Key {
    match v.as_str() {
        Some(s) => Key::str(s),
        None => Key::str("\u{10ffff}"),
    }
}

const LIST: ListSpec<Consent> = ListSpec {
    field: |w, c, f| match f {
        "expires" => nullable(&c.expires),
        "expiring" => Key::Int(c.expiring as i64),
        "user" => Key::Int(c.user),
        "user__username" => Key::str(w.users.get(&c.user).map_or("", |u| &u.username)),
        "application" => Key::str(&c.application),
        "permissions" => Key::str(&c.permissions),
        _ => Key::Int(c.pk),
    },
    filters: &[
        Filter::IntChoice("user", |w, pk| w.users.contains_key(&pk)),
        Filter::UuidChoice("application", |w, pk| w.applications.contains_key(pk)),
    ],
    // Recorded on 2024.8 (file 732): `search=alice` matches alice's consents only.
    search: Versions::same(Some(&["user__username"])),
    // No `ordering_fields`: DRF takes the serializer's fields.
    ordering: Versions::same(&[
        "pk",
        "expires",
        "expiring",
        "user",
        "application",
        "permissions",
    ]),
    default_order: &["application", "expires"],
    heap: |c| (Key::Int(c.pk), c.pk),
    rows: Rows::Owned(|c| c.user),
    pages: AUTHENTIK_PAGES,
};

const OBJECTS: ObjectRules = ObjectRules {
    methods: READ_DELETE,
    anonymous: AnonymousObject::NotFound,
    pk_first: true,
};

const MODEL: &str = "UserConsent";

pub(super) const MOUNTED: super::Mounted = super::Mounted {
    prefix: &["core", "user_consent"],
    serve,
    seed: None,
    subject: |_, method, rest| {
        super::events::by_int_pk("authentik_core", "userconsent", method, rest)
    },
};

pub fn serve(ctx: &Ctx, world: &mut World, rest: &[&str]) -> Result<Response, Response> {
    match Route::of(rest) {
        Route::List => {
            ctx.signed_in()?;
            ctx.allow(READ)?;
            let world = &*world;
            list::run(ctx, world, &LIST, world.consents.values(), |c| {
                world.render_consent(c)
            })
        }
        Route::Object { pk, used_by } => {
            let pk = ctx.open_object(&OBJECTS, MODEL, pk, used_by, |pk| {
                let c = world.consents.get(&pk);
                c.is_some_and(|c| ctx.sees(world, c.user))
            })?;
            if used_by {
                return Ok(json(200, json!([])));
            }
            // The owner revokes their own consents in authentik's user settings.
            if *ctx.method == Method::DELETE {
                world.consents.remove(&pk);
                return Ok(no_content());
            }
            Ok(json(200, world.render_consent(&world.consents[&pk])))
        }
        Route::Other => Ok(no_route()),
    }
}

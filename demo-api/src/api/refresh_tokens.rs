//! `oauth2/refresh_tokens/`: every signed-in account lists and reads its own tokens (a
//! superuser all of them); only superusers delete.

use axum::{http::Method, response::Response};
use serde_json::json;

use super::guard::{AnonymousObject, ObjectRules, Route, READ, READ_DELETE};
use super::list::{self, Filter, Key, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{json, no_content, no_route};
use super::Ctx;
use crate::world::{Token, World};

const LIST: ListSpec<Token> = ListSpec {
    field: |_, t, f| match f {
        "expires" => Key::str(&t.expires),
        "user" => Key::Int(t.user),
        "provider" => Key::Int(t.provider),
        "revoked" => Key::Int(t.revoked as i64),
        _ => Key::Int(t.pk),
    },
    filters: &[
        Filter::IntChoice("user", |w, pk| w.users.contains_key(&pk)),
        Filter::IntChoice("provider", |w, pk| w.providers.contains_key(&pk)),
    ],
    // No search_fields on this view: `search` is ignored by every version (recorded: any
    // term returns every token).
    search: Versions::same(None),
    ordering: Versions::same(&["pk", "expires", "user", "provider", "revoked"]),
    default_order: &["provider", "expires"],
    heap: |t| (Key::Int(t.pk), t.pk),
    rows: Rows::Owned(|t| t.user),
    pages: AUTHENTIK_PAGES,
};

/// The primary key is a URL converter here; 2026's owner filter finds nothing for an
/// anonymous request.
const OBJECTS: ObjectRules = ObjectRules {
    methods: READ_DELETE,
    anonymous: AnonymousObject::NotFound,
    pk_first: true,
};

const MODEL: &str = "RefreshToken";

pub(super) const MOUNTED: super::Mounted = super::Mounted {
    prefix: &["oauth2", "refresh_tokens"],
    serve,
    seed: None,
    subject: |_, method, rest| {
        super::events::by_int_pk("authentik_providers_oauth2", "refreshtoken", method, rest)
    },
};

pub fn serve(ctx: &Ctx, world: &mut World, rest: &[&str]) -> Result<Response, Response> {
    let now = ctx.cfg.now();
    match Route::of(rest) {
        Route::List => {
            ctx.signed_in()?;
            ctx.allow(READ)?;
            let world = &*world;
            let rows = world.tokens.values();
            list::run(ctx, world, &LIST, rows, |t| world.render_token(t, now))
        }
        Route::Object { pk, used_by } => {
            let pk = ctx.open_object(&OBJECTS, MODEL, pk, used_by, |pk| {
                let t = world.tokens.get(&pk);
                t.is_some_and(|t| ctx.sees(world, t.user))
            })?;
            if used_by {
                return Ok(json(200, json!([])));
            }
            if *ctx.method == Method::DELETE {
                ctx.admin(world)?;
                world.tokens.remove(&pk);
                return Ok(no_content());
            }
            Ok(json(200, world.render_token(&world.tokens[&pk], now)))
        }
        Route::Other => Ok(no_route()),
    }
}

//! `oauth2/access_tokens/` and `oauth2/authorization_codes/`: the refresh tokens' view
//! twice over (no search fields, filters `user` and `provider`, default ordering provider,
//! expires, rows owned by their user, read and delete only). An authorization code renders
//! without `id_token` and `revoked` (authentik's `ExpiringBaseGrantModelSerializer`).

use axum::{http::Method, response::Response};
use serde_json::json;
use std::collections::BTreeMap;

use super::guard::{AnonymousObject, ObjectRules, Route, READ, READ_DELETE};
use super::list::{self, Filter, Key, ListSpec, Rows, Versions, AUTHENTIK_PAGES};
use super::reply::{json, no_content, no_route};
use super::Ctx;
use crate::world::{Token, World};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    AccessToken,
    AuthorizationCode,
}

pub(super) const MOUNTED_ACCESS_TOKENS: super::Mounted = super::Mounted {
    prefix: &["oauth2", "access_tokens"],
    serve: |ctx, world, rest| serve(ctx, world, Grant::AccessToken, rest),
    seed: None,
    subject: |_, method, rest| {
        super::events::by_int_pk("authentik_providers_oauth2", "accesstoken", method, rest)
    },
};

pub(super) const MOUNTED_AUTHORIZATION_CODES: super::Mounted = super::Mounted {
    prefix: &["oauth2", "authorization_codes"],
    serve: |ctx, world, rest| serve(ctx, world, Grant::AuthorizationCode, rest),
    seed: None,
    subject: |_, method, rest| {
        super::events::by_int_pk(
            "authentik_providers_oauth2",
            "authorizationcode",
            method,
            rest,
        )
    },
};

impl Grant {
    fn model(self) -> &'static str {
        match self {
            Grant::AccessToken => "AccessToken",
            Grant::AuthorizationCode => "AuthorizationCode",
        }
    }

    fn rows(self, world: &World) -> &BTreeMap<i64, Token> {
        match self {
            Grant::AccessToken => &world.access_tokens,
            Grant::AuthorizationCode => &world.authorization_codes,
        }
    }

    fn rows_mut(self, world: &mut World) -> &mut BTreeMap<i64, Token> {
        match self {
            Grant::AccessToken => &mut world.access_tokens,
            Grant::AuthorizationCode => &mut world.authorization_codes,
        }
    }
}

fn field(_: &World, t: &Token, f: &str) -> Key {
    match f {
        "expires" => Key::str(&t.expires),
        "user" => Key::Int(t.user),
        "provider" => Key::Int(t.provider),
        "revoked" => Key::Int(t.revoked as i64),
        _ => Key::Int(t.pk),
    }
}

const FILTERS: &[Filter] = &[
    Filter::IntChoice("user", |w, pk| w.users.contains_key(&pk)),
    Filter::IntChoice("provider", |w, pk| w.providers.contains_key(&pk)),
];

/// Recorded on both versions: `search` returns every row (2024.8.6 632/633 and 644/645,
/// 2026.2.2 623/624 and 632/633); `expires`, `user` and `provider` sort both ways (on
/// 2024.8.6 `ordering=expires` (634) gave the default order, which sorts by provider then
/// expires and was sorted by expiry too on that data; `-expires` (635) shows the field is
/// honoured, as it is for the refresh tokens of the same release).
const ACCESS_TOKENS: ListSpec<Token> = ListSpec {
    field,
    filters: FILTERS,
    search: Versions::same(None),
    ordering: Versions::same(&["pk", "expires", "user", "provider", "revoked"]),
    default_order: &["provider", "expires"],
    heap: |t| (Key::Int(t.pk), t.pk),
    rows: Rows::Owned(|t| t.user),
    pages: AUTHENTIK_PAGES,
};

/// A code has no `revoked` field to sort by.
const AUTHORIZATION_CODES: ListSpec<Token> = ListSpec {
    ordering: Versions::same(&["pk", "expires", "user", "provider"]),
    ..ACCESS_TOKENS
};

/// As the refresh tokens: the primary key is a URL converter, and 2026's owner filter finds
/// nothing for an anonymous request.
const OBJECTS: ObjectRules = ObjectRules {
    methods: READ_DELETE,
    anonymous: AnonymousObject::NotFound,
    pk_first: true,
};

fn render(world: &World, grant: Grant, t: &Token, now: time::OffsetDateTime) -> serde_json::Value {
    let mut v = world.render_token(t, now);
    if grant == Grant::AuthorizationCode {
        if let Some(o) = v.as_object_mut() {
            o.remove("id_token");
            o.remove("revoked");
        }
    }
    v
}

pub fn serve(
    ctx: &Ctx,
    world: &mut World,
    grant: Grant,
    rest: &[&str],
) -> Result<Response, Response> {
    let now = ctx.cfg.now();
    match Route::of(rest) {
        Route::List => {
            ctx.signed_in()?;
            ctx.allow(READ)?;
            let world = &*world;
            let spec = match grant {
                Grant::AccessToken => &ACCESS_TOKENS,
                Grant::AuthorizationCode => &AUTHORIZATION_CODES,
            };
            list::run(ctx, world, spec, grant.rows(world).values(), |t| {
                render(world, grant, t, now)
            })
        }
        Route::Object { pk, used_by } => {
            let pk = ctx.open_object(&OBJECTS, grant.model(), pk, used_by, |pk| {
                let t = grant.rows(world).get(&pk);
                t.is_some_and(|t| ctx.sees(world, t.user))
            })?;
            if used_by {
                return Ok(json(200, json!([])));
            }
            if *ctx.method == Method::DELETE {
                ctx.admin(world)?;
                grant.rows_mut(world).remove(&pk);
                return Ok(no_content());
            }
            Ok(json(
                200,
                render(world, grant, &grant.rows(world)[&pk], now),
            ))
        }
        Route::Other => Ok(no_route()),
    }
}

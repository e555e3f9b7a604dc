//! The checks every endpoint makes, in one place: signed in, superuser, method, primary key,
//! and whether the asker sees the object. Each returns the early answer as `Err`, so a
//! handler reads as the sequence of checks authentik's view makes, joined by `?`.

use axum::{http::Method, response::Response};

use super::auth::Who;
use super::reply::{detail, method_not_allowed, server_error, NOT_PROVIDED, NO_PERMISSION};
use super::Ctx;
use crate::world::World;

pub const READ: &[Method] = &[Method::GET];
pub const READ_DELETE: &[Method] = &[Method::GET, Method::DELETE];
pub const READ_WRITE: &[Method] = &[Method::GET, Method::PUT, Method::PATCH, Method::DELETE];

/// The paths under an endpoint.
pub enum Route<'a> {
    /// `…/`
    List,
    /// `…/<pk>/`, or `…/<pk>/used_by/` when `used_by`.
    Object { pk: &'a str, used_by: bool },
    /// Anything deeper: Django's HTML 404.
    Other,
}

impl<'a> Route<'a> {
    pub fn of(rest: &[&'a str]) -> Route<'a> {
        match rest {
            [] => Route::List,
            [pk] => Route::Object { pk, used_by: false },
            [pk, "used_by"] => Route::Object { pk, used_by: true },
            _ => Route::Other,
        }
    }
}

/// How a resource's single objects are guarded.
pub struct ObjectRules {
    /// The methods on the object (`used_by/` allows GET only).
    pub methods: &'static [Method],
    pub anonymous: AnonymousObject,
    /// The primary key is parsed before anything else (a URL converter, not a view lookup).
    pub pk_first: bool,
}

/// What an anonymous request for one object gets on 2026 (2024.8 always says "not provided").
#[derive(Clone, Copy)]
pub enum AnonymousObject {
    /// The owner filter fails on an anonymous user: a server error.
    ServerError,
    /// The owner filter finds nothing: the model's 404.
    NotFound,
}

impl Ctx<'_> {
    pub fn superuser(&self, world: &World) -> bool {
        match self.who {
            Who::User(pk) => world.users.get(&pk).is_some_and(|u| u.is_superuser),
            Who::Anonymous => false,
        }
    }

    pub fn signed_in(&self) -> Result<i64, Response> {
        match self.who {
            Who::User(pk) => Ok(pk),
            Who::Anonymous => Err(detail(403, NOT_PROVIDED)),
        }
    }

    /// Signed in as a superuser.
    pub fn admin(&self, world: &World) -> Result<(), Response> {
        self.signed_in()?;
        if self.superuser(world) {
            Ok(())
        } else {
            Err(detail(403, NO_PERMISSION))
        }
    }

    pub fn allow(&self, methods: &[Method]) -> Result<(), Response> {
        if methods.contains(self.method) {
            Ok(())
        } else {
            Err(method_not_allowed(self.method))
        }
    }

    /// A superuser, or the owner.
    pub fn sees(&self, world: &World, owner: i64) -> bool {
        self.superuser(world) || self.who == Who::User(owner)
    }

    pub fn not_found(&self, model: &str) -> Response {
        if self.compat.modern() {
            detail(404, &format!("No {model} matches the given query."))
        } else {
            detail(404, "Not found.")
        }
    }

    /// The checks before a request touches one object, in authentik's order: signed in,
    /// method (`used_by/` is read-only), primary key, and whether this asker may see it
    /// (`visible`, else the model's 404). Gives the pk.
    pub fn open_object(
        &self,
        rules: &ObjectRules,
        model: &str,
        pk: &str,
        used_by: bool,
        visible: impl FnOnce(i64) -> bool,
    ) -> Result<i64, Response> {
        let early_pk = if rules.pk_first {
            Some(int_pk(pk)?)
        } else {
            None
        };
        if self.who == Who::Anonymous {
            return Err(match rules.anonymous {
                _ if !self.compat.modern() => detail(403, NOT_PROVIDED),
                AnonymousObject::ServerError => server_error(self.method),
                AnonymousObject::NotFound => self.not_found(model),
            });
        }
        self.allow(if used_by { READ } else { rules.methods })?;
        let pk = match early_pk {
            Some(pk) => pk,
            None => int_pk(pk)?,
        };
        if !visible(pk) {
            return Err(self.not_found(model));
        }
        Ok(pk)
    }
}

/// An integer primary key; anything else matches no URL pattern's converter: "Not found."
pub fn int_pk(seg: &str) -> Result<i64, Response> {
    seg.parse::<i64>().map_err(|_| detail(404, "Not found."))
}

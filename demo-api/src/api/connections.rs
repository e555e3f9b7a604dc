//! What user and group connections share: the endpoints per source type, the fields their
//! lists filter, search and sort on, and the rules of their writes.

use axum::response::Response;
use serde_json::json;
use std::collections::BTreeMap;

use super::list::Key;
use super::reply::json;
use crate::validate::{Errors, Mode};
use crate::world::{GroupConn, UserConn, World};
use crate::Compat;

/// The source types with their own connection endpoints (`…_connections/<kind>/`).
const KINDS_2024: &[&str] = &["oauth", "saml", "plex"];
const KINDS_MODERN: &[&str] = &["oauth", "saml", "plex", "kerberos", "ldap", "telegram"];

/// A connection endpoint: the generic `all/`, which lists every source type, or one type's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    All,
    Typed(&'static str),
}

impl Endpoint {
    pub fn parse(compat: Compat, seg: &str) -> Option<Endpoint> {
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

    pub fn kind(self) -> Option<&'static str> {
        match self {
            Endpoint::All => None,
            Endpoint::Typed(k) => Some(k),
        }
    }

    pub fn oauth(self) -> bool {
        self == Endpoint::Typed("oauth")
    }

    /// Whether a connection to a source of `kind` is served here.
    pub fn admits(self, world: &World, source: &str) -> bool {
        self.kind().is_none_or(|k| k == world.source_kind(source))
    }

    /// The model name in 2026's "No … matches the given query."
    pub fn model(self, owner: &str) -> String {
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

    /// The generic endpoint's value or a source type's.
    pub fn pick<X>(self, all: X, typed: X) -> X {
        if self == Endpoint::All {
            all
        } else {
            typed
        }
    }
}

/// The default ordering of every connection view.
pub const DEFAULT_ORDER: &[&str] = &["source__slug", "pk"];

/// A user or group connection, as the lists see it.
pub trait Connection {
    fn pk(&self) -> i64;
    fn source(&self) -> &str;
    fn identifier(&self) -> &str;
    fn created(&self) -> &str;
    fn last_updated(&self) -> &str;
    /// The owner's foreign key as it sorts (User and Group have no Meta ordering): the user
    /// pk, the group uuid.
    fn owner(&self) -> Key;
    /// The owner's name as searched (`user__username`, `group__name`).
    fn owner_name(&self, world: &World) -> String;
}

/// The accessors both rows have under the same names.
macro_rules! shared_fields {
    () => {
        fn pk(&self) -> i64 {
            self.pk
        }
        fn source(&self) -> &str {
            &self.source
        }
        fn identifier(&self) -> &str {
            &self.identifier
        }
        fn created(&self) -> &str {
            &self.created
        }
        fn last_updated(&self) -> &str {
            &self.last_updated
        }
    };
}

impl Connection for UserConn {
    shared_fields!();
    fn owner(&self) -> Key {
        Key::Int(self.user)
    }
    fn owner_name(&self, world: &World) -> String {
        let user = world.users.get(&self.user);
        user.map(|u| u.username.clone()).unwrap_or_default()
    }
}

impl Connection for GroupConn {
    shared_fields!();
    fn owner(&self) -> Key {
        Key::str(&self.group)
    }
    fn owner_name(&self, world: &World) -> String {
        let group = world.group(&self.group);
        group.map(|g| g.name.clone()).unwrap_or_default()
    }
}

/// A connection's value for a field of the list specifications.
pub fn field<C: Connection>(world: &World, c: &C, name: &str) -> Key {
    match name {
        "user" | "group" => c.owner(),
        "user__username" | "group__name" => Key::Str(c.owner_name(world)),
        "source" => Key::str(c.source()),
        "source__slug" => Key::Str(world.source_slug(c.source())),
        "identifier" => Key::str(c.identifier()),
        "created" => Key::str(c.created()),
        "last_updated" => Key::str(c.last_updated()),
        _ => Key::Int(c.pk()),
    }
}

/// Heap order: the order of the last write.
pub fn heap<C: Connection>(c: &C) -> (Key, i64) {
    (Key::str(c.last_updated()), c.pk())
}

/// PATCH may leave fields out; PUT and POST may not.
pub fn write_mode(partial: bool) -> Mode {
    if partial {
        Mode::Optional
    } else {
        Mode::Required
    }
}

/// DRF's UniqueTogetherValidator on (owner, source).
pub fn not_unique(owner: &str) -> Response {
    json(
        400,
        json!({ "non_field_errors": [format!("The fields {owner}, source must make a unique set.")] }),
    )
}

pub fn next_pk<T>(objects: &BTreeMap<i64, T>) -> i64 {
    objects.keys().max().copied().unwrap_or(0) + 1
}

/// DRF's 400 with every field's errors, when there are any.
pub fn valid(errors: Errors) -> Result<(), Response> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(json(400, errors.into_value()))
    }
}

//! Which page an address names: the console's one route table. leptos_router keeps the
//! history, the query and link clicks; the page is found here from the address's segments
//! after the base path. (A `<Route>` is compiled once for every pattern; the console has
//! seven patterns, four of them a resource's, which this match serves for less.)

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// A page of the console. An object's pk is not part of it: the page reads it (`use_pk`),
/// so another pk is the page's own business, as a new query is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Home,
    SignIn,
    /// `/users/{pk}`.
    User,
    /// A resource's list, create, detail and edit pages, by the resource's route segment.
    List(String),
    Create(String),
    Detail(String),
    Edit(String),
    /// Nothing is at this address.
    Unknown,
}

impl Place {
    /// The route segment of the resource whose page this is.
    pub fn resource(&self) -> Option<&str> {
        match self {
            Place::List(r) | Place::Create(r) | Place::Detail(r) | Place::Edit(r) => Some(r),
            _ => None,
        }
    }
}

/// The place `path` (as the browser has it) names and its pk ("" where it has none), with
/// `prefix` the base path without its trailing slash. As leptos_router matched: one trailing
/// slash is allowed, an empty segment matches nothing, a segment is taken as it is written
/// (the console's pks need no escaping), and `/users/…` is a user's page, not a resource's.
pub fn place_of<'a>(path: &'a str, prefix: &str) -> (Place, &'a str) {
    let rest = match path.strip_prefix(prefix) {
        Some(rest) => rest.strip_suffix('/').unwrap_or(rest),
        None => return (Place::Unknown, ""),
    };
    if rest.is_empty() {
        return (Place::Home, "");
    }
    let Some(rest) = rest.strip_prefix('/') else {
        return (Place::Unknown, "");
    };
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.contains(&"") {
        return (Place::Unknown, "");
    }
    match segments[..] {
        ["sign-in"] => (Place::SignIn, ""),
        ["users", pk] => (Place::User, pk),
        [r] => (Place::List(r.into()), ""),
        [r, "new"] => (Place::Create(r.into()), ""),
        [r, pk] => (Place::Detail(r.into()), pk),
        [r, pk, "edit"] => (Place::Edit(r.into()), pk),
        _ => (Place::Unknown, ""),
    }
}

/// The current address's place (a memo: only another place changes it).
pub fn use_place() -> Memo<Place> {
    let path = use_location().pathname;
    crate::components::memo(move || path.with(|p| place_of(p, crate::config::prefix()).0))
}

/// The current address's pk, for the page that calls this. It keeps its last value once the
/// address names another place: that page is about to go, and must not read "its" object
/// again under another page's address meanwhile.
pub fn use_pk() -> Memo<String> {
    let path = use_location().pathname;
    let mine = path.with_untracked(|p| place_of(p, crate::config::prefix()).0);
    Memo::new(move |before: Option<&String>| {
        path.with(|p| match place_of(p, crate::config::prefix()) {
            (place, pk) if place == mine => pk.to_string(),
            _ => before.cloned().unwrap_or_default(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_name_their_pages() {
        let at = |path| place_of(path, "");
        assert_eq!(at("/"), (Place::Home, ""));
        assert_eq!(at(""), (Place::Home, ""));
        assert_eq!(at("/sign-in"), (Place::SignIn, ""));
        assert_eq!(at("/sign-in/"), (Place::SignIn, ""));
        assert_eq!(at("/users/6"), (Place::User, "6"));
        assert_eq!(at("/users/new"), (Place::User, "new"));
        assert_eq!(at("/users"), (Place::List("users".into()), ""));
        assert_eq!(at("/sessions"), (Place::List("sessions".into()), ""));
        assert_eq!(at("/sessions/"), (Place::List("sessions".into()), ""));
        assert_eq!(
            at("/group-connections/new"),
            (Place::Create("group-connections".into()), "")
        );
        assert_eq!(
            at("/api-tokens/my-token"),
            (Place::Detail("api-tokens".into()), "my-token")
        );
        assert_eq!(
            at("/api-tokens/my-token/edit"),
            (Place::Edit("api-tokens".into()), "my-token")
        );
        assert_eq!(at("/sign-in/x"), (Place::Detail("sign-in".into()), "x"));
        assert_eq!(at("/sessions/5/edit").0.resource(), Some("sessions"));
        assert_eq!(at("/users/5").0.resource(), None);
        for nothing in ["//", "/a//b", "/a/b/c", "/a/b/edit/x", "/sessions//"] {
            assert_eq!(at(nothing), (Place::Unknown, ""), "{nothing}");
        }
    }

    #[test]
    fn only_addresses_under_the_base_path_are_pages() {
        let at = |path| place_of(path, "/ak-admin");
        assert_eq!(at("/ak-admin/"), (Place::Home, ""));
        assert_eq!(at("/ak-admin"), (Place::Home, ""));
        assert_eq!(
            at("/ak-admin/sessions/5"),
            (Place::Detail("sessions".into()), "5")
        );
        assert_eq!(at("/ak-admin-old/sessions"), (Place::Unknown, ""));
        assert_eq!(at("/sessions"), (Place::Unknown, ""));
    }
}

//! The console's address and its one route table: the address as two signals (path and
//! query) kept in step with the browser's history, link clicks and Back/Forward turned into
//! history entries without a page load, and the page an address names found from its
//! segments after the base path. This is all the console needs of a router; a general one
//! (leptos_router) took 24 KB of the optimised module for the same, 11 KB of it brotli.

use crate::components::{memo, memo_with, Derived, State};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the console is: the path as the browser has it (the base path included) and the
/// query without its `?`. One per console (`provide_address`), read through `use_address`.
#[derive(Clone, Copy)]
pub struct Address {
    pub path: State<String>,
    pub query: State<String>,
    /// The query's pairs, decoded (`+` and `%xx`) as a form's: read once per address for
    /// every part of the page that asks (the list, its toolbar, the sign-in page).
    pub pairs: Derived<Vec<(String, String)>>,
}

/// How `Address::go` enters the new address in the history.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Go {
    /// A new entry, the page scrolled to its top (a link, a redirect).
    Push,
    /// In place of the current entry (what Back should skip: a form already sent).
    Replace,
    /// A new entry, the scroll kept: the same page asked for something else (a list's query).
    PushKeepScroll,
    /// In place of the current entry, the scroll kept.
    ReplaceKeepScroll,
}

impl Address {
    /// Takes the browser's address again (after a history change).
    fn sync(self) {
        let location = window().location();
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        let query = search.strip_prefix('?').unwrap_or(&search);
        if self.path.with_untracked(|p| *p != path) {
            self.path.set(path);
        }
        if self.query.with_untracked(|q| q != query) {
            self.query.set(query.to_string());
        }
    }

    /// Goes to the console route `route` (`/sessions?user=3`: without the base path).
    /// Callable after the page that asked has gone: the signals are the console's.
    pub fn go(self, route: &str, how: Go) {
        self.go_to(&crate::config::href(route), how);
    }

    /// Goes to `full`, an address under the base path as the browser has it.
    fn go_to(self, full: &str, how: Go) {
        let Ok(history) = window().history() else {
            return;
        };
        let replace = matches!(how, Go::Replace | Go::ReplaceKeepScroll);
        let here = self.path.get_untracked()
            + &self.query.with_untracked(|q| {
                if q.is_empty() {
                    String::new()
                } else {
                    format!("?{q}")
                }
            });
        let written = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(full))
        } else if full != here {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(full))
        } else {
            Ok(())
        };
        if written.is_err() {
            return;
        }
        self.sync();
        if matches!(how, Go::Push | Go::Replace) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// The first value of `key` among a query's pairs.
pub fn param(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// Sets up the console's address: the browser's, followed through Back/Forward, and link
/// clicks inside the console turned into history entries.
pub fn provide_address() -> Address {
    let query = State::new(String::new());
    let pairs = memo(move || {
        query.with(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
    });
    let address = Address {
        path: State::new(String::new()),
        query,
        pairs,
    };
    address.sync();
    provide_context(address);
    let popstate = window_event_listener(leptos::ev::popstate, move |_| address.sync());
    let click = window_event_listener(leptos::ev::click, move |ev| on_click(address, ev));
    on_cleanup(move || {
        popstate.remove();
        click.remove();
    });
    address
}

/// The console's address (`provide_address`).
pub fn use_address() -> Address {
    expect_context()
}

/// A click on a link of the console's: a route under the base path becomes a history entry
/// without a page load; a link to a place in the page (`#main`, the skip link) moves focus
/// there instead of resolving against the base path (which would leave the page). Left to
/// the browser: other buttons and modifier keys (a new tab), a `target`, a download,
/// `rel="external"` (authentik's own pages), and anything outside the base path.
fn on_click(address: Address, ev: web_sys::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return;
    }
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
    else {
        return;
    };
    let attr = |name: &str| link.get_attribute(name);
    let external = attr("rel").is_some_and(|r| r.split_ascii_whitespace().any(|p| p == "external"));
    if attr("target").is_some_and(|t| !t.is_empty()) || attr("download").is_some() || external {
        return;
    }
    let href = attr("href").unwrap_or_default();
    if let Some(id) = href.strip_prefix('#') {
        if let Some(target) = document().get_element_by_id(id) {
            ev.prevent_default();
            target.scroll_into_view();
            if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
                let _ = target.focus();
            }
        }
        return;
    }
    let prefix = crate::config::prefix();
    let inside = href.starts_with('/')
        && !href.starts_with("//")
        && href
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']));
    if inside {
        ev.prevent_default();
        address.go_to(&href, Go::Push);
    }
}

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
pub fn use_place() -> Derived<Place> {
    let path = use_address().path;
    memo(move || path.with(|p| place_of(p, crate::config::prefix()).0))
}

/// The current address's pk, for the page that calls this. It keeps its last value once the
/// address names another place: that page is about to go, and must not read "its" object
/// again under another page's address meanwhile.
pub fn use_pk() -> Derived<String> {
    let path = use_address().path;
    let mine = path.with_untracked(|p| place_of(p, crate::config::prefix()).0);
    memo_with(move |before: Option<&String>| {
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

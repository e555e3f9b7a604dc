//! One description per REST resource; lists, details, edits and deletes are generic over it.

use super::client::{self, Abort};
use super::error::ApiError;
use super::models::{GroupSourceConnection, Page, RefreshToken, UsedBy, UserSourceConnection};
use super::query::{encode_segment, Honoured, ListQuery, ListSupport};
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub trait Resource: 'static {
    type Item: DeserializeOwned + Clone + PartialEq + 'static;
    /// Relative to the API base, with authentik's trailing slash.
    const PATH: &'static str;
    /// Singular, for messages ("User source connection 12 deleted").
    const NAME: &'static str;
    /// Counted: "1 refresh token", "20 refresh tokens".
    const ONE: &'static str;
    const MANY: &'static str;
    /// The console route prefix (`/user-connections`).
    const ROUTE: &'static str;
    /// Every filter the URL may carry, in display order; which of them the connected
    /// server honours is in `LIST`.
    const FILTERS: &'static [&'static str];
    /// Honoured by every release (the unit tests check it).
    const DEFAULT_ORDERING: &'static str;
    /// What the list endpoint honours per release: the one place that decides which
    /// search, sorting and filters the console offers.
    const LIST: ListSupport;
    /// PUT sends the whole object; PATCH only what changed; None: the API has no update.
    const UPDATE_METHOD: Option<UpdateMethod>;

    fn pk(item: &Self::Item) -> String;

    /// A few words that tell one object from another where only its pk would show
    /// (a bulk confirmation); empty when the pk is all there is.
    fn describe(_item: &Self::Item) -> String {
        String::new()
    }

    /// The console route of one object.
    fn detail_href(pk: &str) -> String {
        format!("{}/{pk}", Self::ROUTE)
    }

    /// The console list filtered on one field (`?user=6`).
    fn list_href(filter: &str, value: &str) -> String {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(filter, value)
            .finish();
        format!("{}?{q}", Self::ROUTE)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateMethod {
    Put,
    Patch,
}

fn item_path<R: Resource>(pk: &str) -> String {
    format!("{}{}/", R::PATH, encode_segment(pk))
}

pub async fn list<R: Resource>(q: &ListQuery, abort: &Abort) -> Result<Page<R::Item>, ApiError> {
    client::get(R::PATH, &q.to_api_query(), abort)
        .await
        .map_err(ApiError::on_read)
}

pub async fn retrieve<R: Resource>(pk: &str, abort: &Abort) -> Result<R::Item, ApiError> {
    client::get(&item_path::<R>(pk), "", abort)
        .await
        .map_err(ApiError::on_read)
}

pub async fn update<R: Resource>(
    pk: &str,
    body: &Value,
    abort: &Abort,
) -> Result<R::Item, ApiError> {
    let method = match R::UPDATE_METHOD {
        Some(UpdateMethod::Put) => Method::PUT,
        Some(UpdateMethod::Patch) => Method::PATCH,
        None => {
            return Err(ApiError::NotAllowed(format!(
                "{} cannot be changed.",
                R::NAME
            )))
        }
    };
    client::write(method, &item_path::<R>(pk), body, abort).await
}

pub async fn create<R: Resource>(body: &Value, abort: &Abort) -> Result<R::Item, ApiError> {
    client::write(Method::POST, R::PATH, body, abort).await
}

pub async fn destroy<R: Resource>(pk: &str, abort: &Abort) -> Result<(), ApiError> {
    client::delete(&item_path::<R>(pk), abort).await
}

pub async fn used_by<R: Resource>(pk: &str, abort: &Abort) -> Result<Vec<UsedBy>, ApiError> {
    client::get(&format!("{}used_by/", item_path::<R>(pk)), "", abort)
        .await
        .map_err(ApiError::on_read)
}

// What each list honours, from the captures of authentik 2024.8.6 and 2026.2.2 (files 600+
// of tests/fixtures): a parameter counts as honoured when the rows changed as it says, in
// both directions for orderings. Orderings not captured follow DRF's rule (every field the
// list returns is sortable), which the captured ones confirm: 2024.8's /all/ user connections
// return no `identifier` and ignore `ordering=identifier`.

const USER_CONNECTION_FILTERS: &[&str] = &["user", "source__slug"];

const USER_CONNECTIONS: ListSupport = ListSupport {
    legacy: Honoured {
        // `alice` and `gh-` match nothing on 2024.8; `github` matches every GitHub row.
        search: &["source slug"],
        ordering: &["pk", "user", "created"],
        filters: USER_CONNECTION_FILTERS,
    },
    current: Honoured {
        search: &["username", "source slug", "identifier"],
        ordering: &["pk", "user", "identifier", "created", "last_updated"],
        filters: USER_CONNECTION_FILTERS,
    },
    legacy_fails_without_superuser: false,
};

const GROUP_CONNECTION_FILTERS: &[&str] = &["group", "source__slug"];

// Not `group`: it sorts by a relation, and no capture shows whether by the group's uuid or
// its name, so the column could not say what its order means.
const GROUP_CONNECTIONS: ListSupport = ListSupport {
    legacy: Honoured {
        search: &["source slug"],
        ordering: &["pk", "identifier", "created"],
        filters: GROUP_CONNECTION_FILTERS,
    },
    current: Honoured {
        search: &["group name", "source slug", "identifier"],
        ordering: &["pk", "identifier", "created", "last_updated"],
        filters: GROUP_CONNECTION_FILTERS,
    },
    legacy_fails_without_superuser: true,
};

const TOKEN_FILTERS: &[&str] = &["user", "provider"];

/// Refresh tokens have no search fields on any release: `search` returns every token.
const TOKENS: Honoured = Honoured {
    search: &[],
    ordering: &["pk", "expires", "user", "provider"],
    filters: TOKEN_FILTERS,
};

const REFRESH_TOKENS: ListSupport = ListSupport {
    legacy: TOKENS,
    current: TOKENS,
    legacy_fails_without_superuser: false,
};

pub struct UserConnections;

impl Resource for UserConnections {
    type Item = UserSourceConnection;
    const PATH: &'static str = "sources/user_connections/all/";
    const NAME: &'static str = "User source connection";
    const ONE: &'static str = "user source connection";
    const MANY: &'static str = "user source connections";
    const ROUTE: &'static str = "/user-connections";
    const FILTERS: &'static [&'static str] = USER_CONNECTION_FILTERS;
    const DEFAULT_ORDERING: &'static str = "pk";
    const LIST: ListSupport = USER_CONNECTIONS;
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Put);

    fn pk(item: &Self::Item) -> String {
        item.pk.to_string()
    }
}

pub struct GroupConnections;

impl Resource for GroupConnections {
    type Item = GroupSourceConnection;
    const PATH: &'static str = "sources/group_connections/oauth/";
    const NAME: &'static str = "Group source connection";
    const ONE: &'static str = "group source connection";
    const MANY: &'static str = "group source connections";
    const ROUTE: &'static str = "/group-connections";
    const FILTERS: &'static [&'static str] = GROUP_CONNECTION_FILTERS;
    const DEFAULT_ORDERING: &'static str = "pk";
    const LIST: ListSupport = GROUP_CONNECTIONS;
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Patch);

    fn pk(item: &Self::Item) -> String {
        item.pk.to_string()
    }
}

pub struct RefreshTokens;

impl Resource for RefreshTokens {
    type Item = RefreshToken;
    const PATH: &'static str = "oauth2/refresh_tokens/";
    const NAME: &'static str = "Refresh token";
    const ONE: &'static str = "refresh token";
    const MANY: &'static str = "refresh tokens";
    const ROUTE: &'static str = "/refresh-tokens";
    const FILTERS: &'static [&'static str] = TOKEN_FILTERS;
    /// Soonest expiry first: what an admin reviewing tokens looks at.
    const DEFAULT_ORDERING: &'static str = "expires";
    const LIST: ListSupport = REFRESH_TOKENS;
    const UPDATE_METHOD: Option<UpdateMethod> = None;

    fn pk(item: &Self::Item) -> String {
        item.pk.to_string()
    }

    fn describe(item: &Self::Item) -> String {
        format!("{}, {}", item.user.username, item.provider.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::{search_hint, Era, Ignored, Offered};
    use crate::api::server::Release;

    fn release(v: &str) -> Option<Release> {
        Release::parse(v)
    }

    fn offered<R: Resource>(v: &str) -> Offered {
        Offered::new(&R::LIST, release(v))
    }

    #[test]
    fn eras_follow_the_captured_releases() {
        assert_eq!(Era::of(release("2024.8.6")), Era::Legacy);
        assert_eq!(Era::of(release("2024.4.1")), Era::Legacy);
        assert_eq!(Era::of(release("2026.2.2")), Era::Current);
        assert_eq!(Era::of(release("2026.5.6")), Era::Current);
        // Never captured: only what every release honours.
        assert_eq!(Era::of(release("2025.4.0")), Era::Unknown);
        assert_eq!(Era::of(None), Era::Unknown);
    }

    #[test]
    fn user_connections_per_release() {
        let old = offered::<UserConnections>("2024.8.6");
        assert_eq!(old.search(), ["source slug"]);
        assert_eq!(search_hint(old.search()), "Searches the source slug only.");
        for key in ["pk", "-pk", "user", "-user", "created", "-created"] {
            assert!(old.sorts_by(key), "{key} on 2024.8");
        }
        for key in ["identifier", "-identifier", "source__name", "-source__slug"] {
            assert!(!old.sorts_by(key), "{key} is ignored by 2024.8");
        }
        let new = offered::<UserConnections>("2026.2.2");
        assert_eq!(
            search_hint(new.search()),
            "Searches username, source slug and identifier."
        );
        assert!(new.sorts_by("identifier") && new.sorts_by("-identifier"));
        assert!(!new.sorts_by("source__name"));
        for o in [old, new] {
            assert!(o.filters_by("user") && o.filters_by("source__slug"));
            assert!(!o.fails_without_superuser());
        }
        // Unknown release: the search fields differ, so no search box; no identifier sort.
        let unknown = offered::<UserConnections>("");
        assert!(unknown.search().is_empty());
        assert!(!unknown.sorts_by("identifier"));
        assert!(unknown.sorts_by("-created"));
    }

    #[test]
    fn group_connections_per_release() {
        let old = offered::<GroupConnections>("2024.8.6");
        assert_eq!(old.search(), ["source slug"]);
        assert!(old.sorts_by("identifier") && old.sorts_by("-identifier"));
        assert!(old.fails_without_superuser());
        assert!(!old.sorts_by("group"), "order of a relation not captured");
        let new = offered::<GroupConnections>("2026.2.2");
        assert_eq!(
            search_hint(new.search()),
            "Searches group name, source slug and identifier."
        );
        assert!(!new.fails_without_superuser());
        assert!(!offered::<GroupConnections>("").fails_without_superuser());
    }

    #[test]
    fn refresh_tokens_are_never_searched() {
        for v in ["2024.8.6", "2026.2.2", ""] {
            let o = offered::<RefreshTokens>(v);
            assert!(o.search().is_empty(), "{v}");
            for key in [
                "expires",
                "-expires",
                "user",
                "-user",
                "provider",
                "-provider",
            ] {
                assert!(o.sorts_by(key), "{key} on {v}");
            }
            assert!(!o.sorts_by("scope"));
            assert!(o.filters_by("user") && o.filters_by("provider"));
        }
    }

    /// The defaults and every filter a URL may carry are honoured everywhere, so a plain
    /// list never shows a note about something ignored.
    #[test]
    fn declarations_are_consistent() {
        fn check<R: Resource>() {
            for h in [R::LIST.legacy, R::LIST.current] {
                assert!(h.ordering.contains(&R::DEFAULT_ORDERING), "{}", R::NAME);
                assert!(h.ordering.contains(&"pk"), "{}: the ID column", R::NAME);
                assert_eq!(h.filters, R::FILTERS, "{}", R::NAME);
            }
            let plain = ListQuery::from_pairs([], R::FILTERS, R::DEFAULT_ORDERING);
            for v in ["2024.8.6", "2026.2.2", ""] {
                let (q, ignored) =
                    Offered::new(&R::LIST, release(v)).apply(&plain, R::DEFAULT_ORDERING);
                assert_eq!((q, ignored), (plain.clone(), vec![]), "{} on {v}", R::NAME);
            }
        }
        check::<UserConnections>();
        check::<GroupConnections>();
        check::<RefreshTokens>();
    }

    #[test]
    fn ignored_parameters_are_dropped_and_named() {
        let asked = ListQuery::from_pairs(
            [
                ("ordering", "-identifier"),
                ("search", "alice"),
                ("user", "6"),
            ],
            UserConnections::FILTERS,
            "pk",
        );
        let (q, ignored) = offered::<UserConnections>("2024.8.6").apply(&asked, "pk");
        assert_eq!(q.ordering, "pk");
        assert_eq!(q.search, "alice", "2024.8 searches (the slug)");
        assert_eq!(q.filter("user"), "6");
        assert_eq!(ignored, [Ignored::Ordering("-identifier".into())]);
        assert_eq!(ignored[0].to_string(), "sorting by identifier");
        let (q, none) = offered::<UserConnections>("2026.2.2").apply(&asked, "pk");
        assert_eq!((q, none), (asked, vec![]));

        let asked = ListQuery::from_pairs([("search", "wiki")], RefreshTokens::FILTERS, "expires");
        let (q, ignored) = offered::<RefreshTokens>("2026.2.2").apply(&asked, "expires");
        assert_eq!(q.search, "");
        assert_eq!(ignored, [Ignored::Search("wiki".into())]);
        assert_eq!(ignored[0].to_string(), "search \u{201c}wiki\u{201d}");
    }
}

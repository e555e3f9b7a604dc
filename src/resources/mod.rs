//! Every resource the console manages, each declared once in its own file: names, route,
//! API path and list support (`Resource`), columns, detail, edit and capabilities
//! (`Declared`). Routes, the header, the home page and the generic list, detail and edit
//! pages iterate `ALL`; nothing else names a resource.
//!
//! Adding one: a file here with both impls, a line in `ALL`, a `leave-out-…` feature in
//! Cargo.toml (the benchmark builds without it to measure what one resource costs).

pub mod access_tokens;
pub mod api_tokens;
pub mod authorization_codes;
pub mod connections;
pub mod consents;
pub mod group_connections;
pub mod mfa_devices;
pub mod oauth2;
pub mod page;
pub mod refresh_tokens;
pub mod sessions;
pub mod user_connections;

use crate::api::query::FilterKey;
use crate::api::query::{ListQuery, ListSupport, Offered};
use crate::api::resources::{self, Meta, Ops, Resource};
use crate::api::server::Release;
use crate::api::{Abort, ApiError};
use crate::components::link::Link;
use crate::components::list::Column;
use crate::components::list::Picked;
use leptos::prelude::*;
use page::{detail_page, edit_page, list_page};
use std::future::Future;
use std::pin::Pin;

/// The header's groups, in order: ten resources stay easy to find when each sits under
/// what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavGroup {
    Connections,
    OAuth2,
    SessionsAndTokens,
}

impl NavGroup {
    pub const ALL: [NavGroup; 3] = [
        NavGroup::Connections,
        NavGroup::OAuth2,
        NavGroup::SessionsAndTokens,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            NavGroup::Connections => "Connections",
            NavGroup::OAuth2 => "OAuth2",
            NavGroup::SessionsAndTokens => "Sessions and tokens",
        }
    }

    /// The group's part of element ids (`nav-oauth2`, `counts-oauth2`).
    pub const fn slug(self) -> &'static str {
        match self {
            NavGroup::Connections => "connections",
            NavGroup::OAuth2 => "oauth2",
            NavGroup::SessionsAndTokens => "sessionsandtokens",
        }
    }
}

/// What "sign out everywhere" does with a resource's objects of the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sweep {
    /// Not part of it (objects not tied to one user).
    Never,
    /// Always removed: what lets the user in right now (sessions, grants, consents).
    Always,
    /// Removed only when the admin ticks it (credentials they may want to keep).
    OptIn,
}

/// What the console shows of a resource, beside what the API layer knows of it.
pub trait Declared: Resource {
    /// Its part in "sign out everywhere" (needs `Resource::OWNER` and a `user` filter).
    const SWEEP: Sweep = Sweep::Never;
    /// Where the header lists it.
    const GROUP: NavGroup;
    /// The list's heading and the breadcrumbs' first step ("User source connections").
    const TITLE: &'static str;
    /// The header's link text.
    const NAV: &'static str;
    /// One sentence under the list's heading.
    const LEDE: &'static str;
    /// Row checkboxes and "Delete selected" / "Revoke selected".
    const BULK: bool = false;
    /// More buttons above the list ("New connection").
    const TOOLBAR: Option<fn() -> AnyView> = None;
    /// A ticked row's label as the bulk confirmation shows it, when it can say more than
    /// when the row loaded (a username that has arrived since).
    const RELABEL: Option<fn(&crate::components::list::Picked) -> String> = None;
    /// The edit page's body for one object; `None`: no edit page.
    const EDIT: Option<fn(&Self::Item) -> AnyView> = None;
    /// The create page; `None`: no create page.
    const CREATE: Option<fn() -> AnyView> = None;
    /// A section of its own on the home page, below the counts.
    const HOME: Option<fn() -> AnyView> = None;
    /// Orderings that put a user's newest objects first, in preference; the user page uses
    /// the first the connected release sorts by (none: the default ordering).
    const NEWEST: &'static [&'static str] = &[];
    /// Reads one user's objects itself, where its list cannot be filtered by user (MFA
    /// devices: `admin/all/?user=`); `None`: through the list's user filter and `OWNER`.
    const OF_USER: Option<fn(UserKey, Reach, Abort) -> OwnedFuture> = None;
    /// The home page's count, where its list's count is not all of it (MFA devices: the
    /// list shows one kind); `None`: the list's count.
    const COUNT: Option<fn(Abort) -> CountFuture> = None;
    /// What the home page's tile says it counts, where that is not what its link lists
    /// (`COUNT`'s); `None`: the title.
    const COUNTED: Option<&'static str> = None;

    fn columns() -> Vec<Column<Self::Item>>;

    /// The detail page's body for one object (heading included: it may carry badges).
    fn detail(item: &Self::Item) -> AnyView;
}

/// A page of the console.
pub type Page = fn() -> AnyView;

pub type CountFuture = Pin<Box<dyn Future<Output = Result<u64, ApiError>>>>;

/// A resource as routes, header and home page see it: no item type, so each of those
/// exists once in the build, whatever the number of resources.
pub struct Declaration {
    /// `/user-connections`.
    pub route: &'static str,
    pub title: &'static str,
    /// The home tile's words (`Declared::COUNTED`, else the title).
    pub counted: &'static str,
    pub nav: &'static str,
    pub group: NavGroup,
    /// "refresh tokens": a related-list link's words.
    pub many: &'static str,
    /// The filters its list takes, for links from other resources' pages.
    pub filters: &'static [FilterKey],
    pub list: Page,
    pub detail: Page,
    pub edit: Option<Page>,
    pub create: Option<Page>,
    /// A section of the home page.
    pub home: Option<Page>,
    /// How many objects this account may see (the home page's tile), where that is not
    /// its list's count (`Declared::COUNT`).
    pub count: Option<fn(Abort) -> CountFuture>,
    pub meta: Meta,
    pub sweep: Sweep,
    /// One user's objects (newest page or all pages, see `Reach`), each checked to be that
    /// user's; `None` when the resource cannot be listed per user.
    pub of_user: Option<fn(UserKey, Reach, Abort) -> OwnedFuture>,
    /// `Declared::NEWEST`.
    pub newest: &'static [&'static str],
    /// The filter that lists one user's objects (`user`, or `user__username` for sessions).
    pub user_filter: Option<FilterKey>,
    pub list_support: &'static ListSupport,
    /// `Declared::OF_USER` is set: one user's objects are not read through the list.
    pub reads_user_itself: bool,
}

impl Declaration {
    /// Whether one user's objects can be read on `release`: through a user filter the
    /// release honours, or the resource's own read.
    pub fn reads_user(&self, release: Option<Release>) -> bool {
        self.reads_user_itself
            || self
                .user_filter
                .is_some_and(|k| Offered::new(self.list_support, release).filters_by(k.as_str()))
    }

    /// How many objects this account may see: the home page's tile.
    pub fn count(&'static self, abort: Abort) -> CountFuture {
        match self.count {
            Some(count) => count(abort),
            None => Box::pin(async move { resources::count(&self.meta, None, &abort).await }),
        }
    }

    /// Whether its list can be filtered to one user (the user page links to it).
    pub fn lists_user(&self) -> bool {
        self.user_filter.is_some_and(|k| self.filters.contains(&k))
    }

    /// The ordering that lists a user's newest objects first on `release`; "" (the
    /// resource's default ordering) where it sorts by none of them.
    pub fn newest_first(&self, release: Option<Release>) -> &'static str {
        let offered = Offered::new(self.list_support, release);
        self.newest
            .iter()
            .copied()
            .find(|o| offered.sorts_by(o))
            .unwrap_or("")
    }
}

/// How much of a user's objects to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// One small page in this ordering ("": the default): the count and the first few, all
    /// the user page needs when it opens.
    Newest(&'static str),
    /// Every page: what "sign out everywhere" will remove.
    Every,
}

/// How many objects `Reach::Newest` reads.
pub const NEWEST_READ: u64 = 5;

/// A user's objects of one kind: how many authentik counts, and those read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Owned {
    pub count: u64,
    pub items: Vec<Picked>,
}

/// Objects of one user as the user page and the confirmation list them.
pub type OwnedFuture = Pin<Box<dyn Future<Output = Result<Owned, ApiError>>>>;

const fn declare<R: Declared>() -> Declaration {
    Declaration {
        route: R::ROUTE,
        title: R::TITLE,
        counted: match R::COUNTED {
            Some(words) => words,
            None => R::TITLE,
        },
        nav: R::NAV,
        group: R::GROUP,
        many: R::MANY,
        filters: R::FILTERS,
        list: list_page::<R>,
        detail: detail_page::<R>,
        edit: match R::EDIT {
            Some(_) => Some(edit_page::<R>),
            None => None,
        },
        create: R::CREATE,
        home: R::HOME,
        count: R::COUNT,
        meta: R::META,
        sweep: R::SWEEP,
        of_user: match (R::OF_USER, R::OWNER) {
            (Some(read), _) => Some(read),
            (None, Some(_)) => Some(of_user::<R>),
            (None, None) => None,
        },
        newest: R::NEWEST,
        list_support: &R::LIST,
        user_filter: match R::OF_USER {
            Some(_) => Some(FilterKey::User),
            None => user_filter(R::FILTERS),
        },
        reads_user_itself: R::OF_USER.is_some(),
    }
}

/// A user as the lists filter by them: most by pk, sessions by username.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserKey {
    pub pk: i64,
    pub username: String,
}

const fn user_filter(filters: &[FilterKey]) -> Option<FilterKey> {
    let mut i = 0;
    let mut found = None;
    while i < filters.len() {
        match filters[i] {
            FilterKey::User => return Some(FilterKey::User),
            FilterKey::Username => found = Some(FilterKey::Username),
            _ => {}
        }
        i += 1;
    }
    found
}

/// Objects of `user`: the newest page, or every page one after the other; an object of
/// another user (a server that ignored the filter) fails the whole read, so nothing of
/// anyone else can be shown as theirs or listed for removal.
fn of_user<R: Resource>(user: UserKey, reach: Reach, abort: Abort) -> OwnedFuture {
    Box::pin(read_of_user(
        R::OPS,
        R::FILTERS,
        R::DEFAULT_ORDERING,
        user,
        reach,
        abort,
    ))
}

/// `of_user` without the item type: compiled once.
async fn read_of_user(
    ops: Ops,
    filters: &'static [FilterKey],
    default_ordering: &'static str,
    user: UserKey,
    reach: Reach,
    abort: Abort,
) -> Result<Owned, ApiError> {
    let Some(key) = user_filter(filters) else {
        return Ok(Owned::default());
    };
    let value = match key {
        FilterKey::Username => user.username.clone(),
        _ => user.pk.to_string(),
    };
    let (page_size, ordering) = match reach {
        Reach::Newest("") => (NEWEST_READ, default_ordering),
        Reach::Newest(ordering) => (NEWEST_READ, ordering),
        Reach::Every => (crate::api::export::PAGE_SIZE, default_ordering),
    };
    let mut q = ListQuery {
        page_size,
        ordering: ordering.to_string(),
        filters: vec![(key.as_str().to_string(), value)],
        ..ListQuery::default()
    };
    let user = user.pk;
    let mut out = Vec::new();
    loop {
        let page = resources::list(&ops, &q, &abort).await?;
        for item in &page.results {
            if (ops.owner)(item) != Some(user) {
                return Err(ApiError::Unexpected {
                    status: 200,
                    detail: Some(format!(
                        "authentik listed {} {} of another user for user {user}: nothing is listed for removal.",
                        ops.meta.one,
                        (ops.pk)(item)
                    )),
                });
            }
            // What authentik manages itself is never part of what a run removes.
            if reach == Reach::Every && (ops.managed)(item) {
                continue;
            }
            out.push(Picked {
                pk: (ops.pk)(item),
                label: (ops.describe)(item),
            });
        }
        if reach != Reach::Every || page.pagination.next == 0 {
            return Ok(Owned {
                count: page.pagination.count,
                items: out,
            });
        }
        q.page = page.pagination.next;
    }
}

/// Every resource, in the header's order.
pub static ALL: &[Declaration] = &[
    #[cfg(not(feature = "leave-out-user-connections"))]
    declare::<user_connections::UserConnections>(),
    #[cfg(not(feature = "leave-out-group-connections"))]
    declare::<group_connections::GroupConnections>(),
    #[cfg(not(feature = "leave-out-refresh-tokens"))]
    declare::<refresh_tokens::RefreshTokens>(),
    #[cfg(not(feature = "leave-out-access-tokens"))]
    declare::<access_tokens::AccessTokens>(),
    #[cfg(not(feature = "leave-out-authorization-codes"))]
    declare::<authorization_codes::AuthorizationCodes>(),
    #[cfg(not(feature = "leave-out-user-consents"))]
    declare::<consents::UserConsents>(),
    #[cfg(not(feature = "leave-out-sessions"))]
    declare::<sessions::Sessions>(),
    #[cfg(not(feature = "leave-out-api-tokens"))]
    declare::<api_tokens::ApiTokens>(),
    #[cfg(not(feature = "leave-out-mfa-devices"))]
    declare::<mfa_devices::MfaDevices>(),
];

/// Links to every list that can be filtered to the same user (provider, application,
/// source…): "what else does this user have" is one click from any page that names them.
pub fn related(title: &'static str, key: FilterKey, value: &str) -> AnyView {
    let links = ALL
        .iter()
        .filter(|d| d.filters.contains(&key))
        .map(|d| {
            let href = crate::api::resources::Meta::list_href_of(d.route, key, value);
            view! { <li><Link href=href>{crate::api::text::capital(d.many)}</Link></li> }.into_any()
        })
        .collect_view();
    // A user's own page first: everything of theirs, and signing them out everywhere.
    let user_page = (key == FilterKey::User)
        .then(|| value.parse::<i64>().ok())
        .flatten()
        .map(|pk| {
            view! { <li><Link href=crate::components::link::user_href(pk)>"User page"</Link></li> }
                .into_any()
        });
    view! {
        <nav class="related" aria-label=title>
            <span class="related-title">{title}</span>
            <ul>{user_page}{links}</ul>
        </nav>
    }
    .into_any()
}

/// The resource behind a route's first segment.
pub fn find(segment: &str) -> Option<&'static Declaration> {
    ALL.iter()
        .find(|d| d.route.strip_prefix('/') == Some(segment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_unique_and_found_by_their_segment() {
        for d in ALL {
            let segment = d.route.trim_start_matches('/');
            assert!(!segment.is_empty() && !segment.contains('/'), "{}", d.route);
            assert!(std::ptr::eq(find(segment).unwrap(), d), "{}", d.route);
        }
        // The other routes of the console are not resources.
        for other in ["", "sign-in", "new"] {
            assert!(find(other).is_none(), "{other}");
        }
    }

    /// The user page asks each release for a user's newest objects by a key it sorts by.
    #[test]
    fn the_newest_first_ordering_is_one_the_release_sorts_by() {
        use crate::api::server::Release;
        let of = |d: Declaration, v: &str| d.newest_first(Release::parse(v));
        for v in ["2024.8.6", "2026.2.2"] {
            assert_eq!(of(declare::<refresh_tokens::RefreshTokens>(), v), "-pk");
            assert_eq!(of(declare::<consents::UserConsents>(), v), "-pk");
            assert_eq!(
                of(declare::<user_connections::UserConnections>(), v),
                "-created"
            );
            // API tokens have a UUID pk and no creation date to sort by: default ordering.
            assert_eq!(of(declare::<api_tokens::ApiTokens>(), v), "");
        }
        let sessions = || declare::<sessions::Sessions>();
        assert_eq!(of(sessions(), "2024.8.6"), "-last_used");
        assert_eq!(of(sessions(), "2026.2.2"), "-session__last_used");
    }

    /// MFA devices are read per user from `admin/all/?user=` on every release, opt-in in sign
    /// out everywhere, and never linked as a list filtered by user (their lists ignore
    /// `?user=`); the other resources keep reading through their list's user filter.
    #[test]
    fn mfa_devices_are_read_per_user_their_own_way() {
        use crate::api::server::Release;
        let mfa = declare::<mfa_devices::MfaDevices>();
        for v in ["2024.8.6", "2026.2.2", ""] {
            assert!(mfa.reads_user(Release::parse(v)), "{v}");
        }
        assert!(mfa.of_user.is_some() && !mfa.lists_user());
        assert_eq!(mfa.sweep, Sweep::OptIn);
        for d in [
            declare::<refresh_tokens::RefreshTokens>(),
            declare::<sessions::Sessions>(),
            declare::<api_tokens::ApiTokens>(),
        ] {
            assert!(!d.reads_user_itself && d.lists_user(), "{}", d.route);
            assert!(d.reads_user(Release::parse("2026.2.2")), "{}", d.route);
        }
    }

    /// The defaults and every filter a URL may carry are honoured everywhere, so a plain
    /// list never shows a note about something ignored.
    #[test]
    fn declarations_are_consistent() {
        use crate::api::query::{ListQuery, Offered};
        use crate::api::server::Release;
        fn check<R: Declared>() {
            check_with_id::<R>("pk")
        }
        /// `id`: the key the ID column sorts by (sessions have a `uuid`, no `pk` field).
        fn check_with_id<R: Declared>(id: &str) {
            // A newest-first ordering some release honours (a typo would never be used).
            for o in R::NEWEST {
                let key = o.trim_start_matches('-');
                assert!(
                    [R::LIST.legacy, R::LIST.current]
                        .iter()
                        .any(|h| h.ordering.contains(&key)),
                    "{}: {o}",
                    R::NAME
                );
            }
            for h in [R::LIST.legacy, R::LIST.current] {
                assert!(h.ordering.contains(&R::DEFAULT_ORDERING), "{}", R::NAME);
                assert!(h.ordering.contains(&id), "{}: the ID column", R::NAME);
                assert_eq!(h.filters, R::FILTERS, "{}", R::NAME);
            }
            let plain = ListQuery::from_pairs([], R::FILTERS, R::DEFAULT_ORDERING);
            for v in ["2024.8.6", "2026.2.2", ""] {
                let (q, ignored) =
                    Offered::new(&R::LIST, Release::parse(v)).apply(&plain, R::DEFAULT_ORDERING);
                assert_eq!((q, ignored), (plain.clone(), vec![]), "{} on {v}", R::NAME);
            }
        }
        check::<user_connections::UserConnections>();
        check::<group_connections::GroupConnections>();
        check::<refresh_tokens::RefreshTokens>();
        check::<access_tokens::AccessTokens>();
        check::<authorization_codes::AuthorizationCodes>();
        check::<consents::UserConsents>();
        check_with_id::<sessions::Sessions>("uuid");
        check::<api_tokens::ApiTokens>();
        check::<mfa_devices::MfaDevices>();
    }
}

//! Lookups shared by pages: users, groups and sources, asked for once and cached for the
//! signed-in session. What one account could read is no business of the next: every cache
//! is dropped when the session changes (`forget_all`), and an answer that arrives after that
//! is not kept.

use crate::api::client::{self, Abort};
use crate::api::models::{Group, Page, Source, TokenProvider, User};
use crate::api::ApiError;
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::{memo, reactive, Derived};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;
use std::thread::LocalKey;

/// An answer of any of the caches: each cache holds one type, so the reading and sharing
/// of requests exists once in the build rather than once per type.
type Answer = Result<Rc<dyn Any>, ApiError>;
type Pending = Shared<LocalBoxFuture<'static, Answer>>;

/// Answers kept for the session, and one request per key however many callers ask at once
/// (a table of rows showing the same user, group or source).
#[derive(Default)]
pub struct Lookup {
    done: RefCell<HashMap<String, Rc<dyn Any>>>,
    pending: RefCell<HashMap<String, Pending>>,
}

impl Lookup {
    fn known<V: Clone + 'static>(&self, key: &str) -> Option<V> {
        self.done
            .borrow()
            .get(key)
            .and_then(|v| v.downcast_ref::<V>())
            .cloned()
    }

    fn clear(&self) {
        self.done.borrow_mut().clear();
        self.pending.borrow_mut().clear();
    }
}

/// The cached answer for `key`, or the one request in flight for it, or `fetch`. The
/// request is not tied to any caller's abort handle: other callers wait on the same answer.
async fn lookup<V: Clone + 'static>(
    cache: &'static LocalKey<Lookup>,
    key: String,
    fetch: impl Future<Output = Result<V, ApiError>> + 'static,
) -> Result<V, ApiError> {
    let fetch = async move { fetch.await.map(|v| Rc::new(v) as Rc<dyn Any>) }.boxed_local();
    let answer = lookup_any(cache, key, fetch).await?;
    answer
        .downcast_ref::<V>()
        .cloned()
        .ok_or_else(|| ApiError::Decode("a cached answer of another kind".into()))
}

/// `lookup` without the value's type.
async fn lookup_any(
    cache: &'static LocalKey<Lookup>,
    key: String,
    fetch: LocalBoxFuture<'static, Answer>,
) -> Answer {
    if let Some(v) = cache.with(|c| c.done.borrow().get(&key).cloned()) {
        return Ok(v);
    }
    let asked_in = generation();
    let pending = cache.with(|c| {
        c.pending
            .borrow_mut()
            .entry(key.clone())
            .or_insert_with(|| {
                async move {
                    let result = fetch.await;
                    // Asked for by an earlier session: answer that caller, keep nothing.
                    if generation() == asked_in {
                        cache.with(|c| {
                            if let Ok(v) = &result {
                                c.done.borrow_mut().insert(key.clone(), v.clone());
                            }
                            c.pending.borrow_mut().remove(&key);
                        });
                    }
                    result
                }
                .boxed_local()
                .shared()
            })
            .clone()
    });
    pending.await
}

thread_local! {
    /// Users by pk, groups by uuid, and the sources' list (under "").
    static USERS: Lookup = Lookup::default();
    static GROUPS: Lookup = Lookup::default();
    static SOURCES: Lookup = Lookup::default();
    /// Counts session changes, so an answer to an earlier session is recognised.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

/// Which signed-in session this is: an answer asked for under another is not kept.
pub fn generation() -> u32 {
    GENERATION.with(Cell::get)
}

/// Drops every cached answer and every request in flight: called at sign-in and sign-out.
pub fn forget_all() {
    GENERATION.with(|g| g.set(g.get().wrapping_add(1)));
    USERS.with(Lookup::clear);
    GROUPS.with(Lookup::clear);
    SOURCES.with(Lookup::clear);
    USER_CELLS.with_borrow_mut(HashMap::clear);
    USERS_TO_FETCH.with_borrow_mut(Vec::clear);
    REFUSED_CELLS.with_borrow_mut(Vec::clear);
}

/// A user known without asking (the signed-in one, from `core/users/me/`). Rows already
/// drawn with that user (whose lookup may have been refused: an account without permission
/// to read users may still read its own name) show it too.
pub fn remember_user(user: User) {
    let pk = user.pk;
    if let Some(cell) = USER_CELLS.with_borrow(|c| c.get(&pk).cloned()) {
        cell.set(Some(user.clone()));
    }
    REFUSED_CELLS.with_borrow_mut(|r| {
        for (_, cell) in r.iter().filter(|(p, _)| *p == pk) {
            cell.set(Some(user.clone()));
        }
        r.retain(|(p, _)| *p != pk);
    });
    USERS.with(|c| c.done.borrow_mut().insert(pk.to_string(), Rc::new(user)));
}

/// A user's username, if this session of the console already knows it (asks nothing).
pub fn known_username(pk: i64) -> Option<String> {
    USERS
        .with(|c| c.known::<User>(&pk.to_string()))
        .map(|u| u.username)
}

/// A user in words: the username where known, else "user #pk".
pub fn user_label(pk: i64) -> String {
    known_username(pk).unwrap_or_else(|| format!("user #{pk}"))
}

/// `user_label` that fills in the username once it arrives (asked for like a table cell).
pub fn user_label_signal(pk: i64) -> Derived<String> {
    let cell = user_cell(pk);
    memo(move || {
        cell.with(|u| u.as_ref().map(|u| u.username.clone()))
            .unwrap_or_else(|| format!("user #{pk}"))
    })
}

/// A user by pk. The abort handle is unused: the request may be shared with other callers.
pub async fn user(pk: i64, _abort: Abort) -> Result<User, ApiError> {
    let path = format!("core/users/{pk}/");
    lookup(&USERS, pk.to_string(), async move {
        client::get::<User>(&path, "", &Abort::default()).await
    })
    .await
}

/// Resolves a username typed in a filter to its pk.
pub async fn user_by_username(username: &str, abort: Abort) -> Result<Option<User>, ApiError> {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("username", username)
        .finish();
    let page: Page<User> = client::get_page("core/users/", &q, &abort).await?;
    Ok(page.results.into_iter().find(|u| u.username == username))
}

/// A user typed in "Find a user" or a User filter, and whether it was taken as an ID.
pub struct Typed {
    pub user: User,
    /// Digits that are nobody's username, taken as the user's ID instead: say so.
    pub by_id: bool,
}

/// Digits only, as a user ID could be typed ("1001"; no sign, no spaces).
pub fn id_digits(text: &str) -> Option<i64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The user someone typed: by username first — a user may be named `1001` — and only
/// when no username matches, by ID for digits. `None`: neither.
pub async fn typed_user(text: &str, abort: Abort) -> Result<Option<Typed>, ApiError> {
    if let Some(user) = user_by_username(text, abort.clone()).await? {
        return Ok(Some(Typed { user, by_id: false }));
    }
    let Some(pk) = id_digits(text) else {
        return Ok(None);
    };
    match user(pk, abort).await {
        Ok(user) => Ok(Some(Typed { user, by_id: true })),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Why `typed_user` found no one.
pub fn nobody_note(text: &str) -> String {
    let id = if id_digits(text).is_some() {
        ", and no user has that ID"
    } else {
        ""
    };
    format!("No user is named “{text}”{id}.")
}

/// What was found for `text`, said when it was not the username.
pub fn typed_note(text: &str, t: &Typed) -> Option<String> {
    t.by_id.then(|| {
        format!(
            "No user is named “{text}”: user ID {} ({}) was used.",
            t.user.pk, t.user.username
        )
    })
}

/// Up to 100 sources, enough for a picker on any real install; sorted by name and kept
/// for the session (sources rarely change while an admin edits connections).
pub async fn sources(_abort: Abort) -> Result<Vec<Source>, ApiError> {
    lookup(&SOURCES, String::new(), async {
        let page: Page<Source> = client::get_page(
            "sources/all/",
            "page_size=100&ordering=name",
            &Abort::default(),
        )
        .await?;
        Ok(page.results)
    })
    .await
}

/// A source by its uuid: from the picker list when there, else asked for by `pbm_uuid`.
pub async fn source_by_uuid(uuid: &str, abort: Abort) -> Result<Option<Source>, ApiError> {
    if let Some(s) = sources(abort.clone())
        .await?
        .into_iter()
        .find(|s| s.pk == uuid)
    {
        return Ok(Some(s));
    }
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("pbm_uuid", uuid)
        .finish();
    let page: Page<Source> = client::get_page("sources/all/", &q, &abort).await?;
    Ok(page.results.into_iter().find(|s| s.pk == uuid))
}

/// A group by uuid. The abort handle is unused: the request may be shared.
pub async fn group(pk: String, _abort: Abort) -> Result<Group, ApiError> {
    let path = format!("core/groups/{}/", crate::api::query::encode_segment(&pk));
    lookup(&GROUPS, pk, async move {
        client::get::<Group>(&path, "", &Abort::default()).await
    })
    .await
}

/// OAuth2 providers for the token filter (first 100 by name).
pub async fn providers(abort: Abort) -> Result<Vec<TokenProvider>, ApiError> {
    let page: Page<TokenProvider> =
        client::get_page("providers/oauth2/", "page_size=100&ordering=name", &abort).await?;
    Ok(page.results)
}

/// Groups matching a search, for pickers (first 100 by name).
pub async fn groups(search: String, abort: Abort) -> Result<Vec<Group>, ApiError> {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("page_size", "100")
        .append_pair("ordering", "name");
    if !search.is_empty() {
        q.append_pair("search", &search);
    }
    let page: Page<Group> = client::get_page("core/groups/", &q.finish(), &abort).await?;
    Ok(page.results)
}

/// One user's name as rows show it. Reference-counted, not owned by a page like a `State`:
/// rows of several pages share it, and it outlives them (`forget_all` drops the lot).
#[allow(clippy::disallowed_types)]
type UserCell = ArcRwSignal<Option<User>>;

thread_local! {
    /// One signal per user, shared by every row showing that user.
    static USER_CELLS: RefCell<HashMap<i64, UserCell>> = RefCell::new(HashMap::new());
}

thread_local! {
    static USERS_TO_FETCH: RefCell<Vec<(i64, UserCell)>> = const { RefCell::new(Vec::new()) };
    /// Cells whose lookup failed, still on screen: the signed-in account's own name may
    /// arrive later (`remember_user`).
    static REFUSED_CELLS: RefCell<Vec<(i64, UserCell)>> = const { RefCell::new(Vec::new()) };
}

/// The user behind `pk` as a signal that fills in when known: one request per user, and no
/// per-row future, so a 1,000-row table stays cheap. Requests start after the table is
/// painted (a zero timeout), not in the microtasks that would hold up its first paint. A
/// failed lookup is forgotten, so a later render asks again (after signing in, say).
fn user_cell(pk: i64) -> UserCell {
    USER_CELLS.with_borrow_mut(|cells| {
        cells
            .entry(pk)
            .or_insert_with(|| {
                let cell = UserCell::new(USERS.with(|c| c.known::<User>(&pk.to_string())));
                if cell.with_untracked(Option::is_none) {
                    let first = USERS_TO_FETCH.with_borrow_mut(|q| {
                        q.push((pk, cell.clone()));
                        q.len() == 1
                    });
                    if first {
                        set_timeout(fetch_queued_users, std::time::Duration::ZERO);
                    }
                }
                cell
            })
            .clone()
    })
}

fn fetch_queued_users() {
    for (pk, cell) in USERS_TO_FETCH.with_borrow_mut(std::mem::take) {
        let asked_in = generation();
        leptos::task::spawn_local(async move {
            let result = user(pk, Abort::default()).await;
            if generation() != asked_in {
                return;
            }
            match result {
                Ok(u) => cell.set(Some(u)),
                Err(_) => {
                    USER_CELLS.with_borrow_mut(|c| c.remove(&pk));
                    REFUSED_CELLS.with_borrow_mut(|r| {
                        // Bounded: a long list of users the account may not read.
                        if r.len() >= 1_000 {
                            r.remove(0);
                        }
                        r.push((pk, cell));
                    });
                }
            }
        });
    }
}

/// A user's username once known; "user #pk" until then, or if the viewer may not read users.
#[component]
pub fn UserName(pk: i64) -> impl IntoView {
    let cell = user_cell(pk);
    // One effect for text and title, so the two never disagree (two effects could be seen
    // half-applied).
    reactive(
        move || match cell.with(|u| u.as_ref().map(|u| u.username.clone())) {
            Some(name) => {
                let title = name.clone();
                view! { <span class="username" title=title>{name}</span> }.into_any()
            }
            None => view! { <span class="username">{format!("user #{pk}")}</span> }.into_any(),
        },
    )
}

/// Links to the user's page, labelled with the username once known ("user #pk" until then).
#[component]
pub fn UserLink(pk: i64) -> impl IntoView {
    view! {
        <Link href=crate::components::link::user_href(pk)>
            <UserName pk=pk />
        </Link>
    }
    .into_any()
}

/// A group's name once known; its uuid until then.
#[component]
pub fn GroupName(#[prop(into)] pk: String) -> impl IntoView {
    let key = pk.clone();
    let remote = use_remote(move || key.clone(), group);
    view! { <span class="groupname">{reactive(move || remote.ok().map(|g| g.name).unwrap_or_else(|| pk.clone()).into_any())}</span> }.into_any()
}

/// A source's name: from the response when nested, else looked up by uuid.
#[component]
pub fn SourceName(known: Option<Source>, #[prop(into)] uuid: String) -> impl IntoView {
    let key = uuid.clone();
    let remote = use_remote(
        || (),
        move |_, abort| {
            let known = known.clone();
            let uuid = key.clone();
            async move {
                match known {
                    Some(s) => Ok(Some(s)),
                    None => source_by_uuid(&uuid, abort).await,
                }
            }
        },
    );
    view! {
        <span class="sourcename">
            {reactive(move || (match remote.ok().flatten() {
                Some(s) => s.name,
                None => uuid.clone(),
            }).into_any())}
        </span>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::id_digits;

    #[test]
    fn only_plain_digits_may_be_an_id() {
        assert_eq!(id_digits("1001"), Some(1001));
        assert_eq!(id_digits("007"), Some(7));
        for not in [
            "",
            "-1",
            "+1",
            " 1",
            "1e3",
            "١٢",
            "99999999999999999999",
            "alice",
        ] {
            assert_eq!(id_digits(not), None, "{not}");
        }
    }
}

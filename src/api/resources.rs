//! What the API layer knows of a resource: where it lives, what its list honours, how it is
//! changed. Each resource's declaration (`crate::resources`) implements `Resource`, typed;
//! everything that lists, reads and saves objects works on `Item`s through `Ops`, the
//! resource's typed functions behind plain pointers, so it exists once in the build
//! whatever the number of resources.

use super::client::{self, Abort};
use super::error::ApiError;
use super::models::{Page, UsedBy};
use super::query::{encode_segment, Era, FilterKey, ListQuery, ListSupport};
use super::server::{remembered, Release};
use crate::api::json::{FromJson, Read};
use gloo_net::http::Method;
use serde_json::Value;
use std::any::Any;
use std::rc::Rc;

pub trait Resource: Sized + 'static {
    type Item: FromJson + Clone + PartialEq + 'static;
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
    const FILTERS: &'static [FilterKey];
    /// Honoured by every release (the unit tests check it).
    const DEFAULT_ORDERING: &'static str;
    /// What the list endpoint honours per release: the one place that decides which
    /// search, sorting and filters the console offers.
    const LIST: ListSupport;
    /// PUT sends the whole object; PATCH only what changed; None: the API has no update.
    const UPDATE_METHOD: Option<UpdateMethod>;
    /// Fields a PATCH always carries, at their current values (as hidden form fields):
    /// the server changes them when they are left out (authentik's tokens: `intent`, `user`).
    const ALWAYS_SENT: &'static [&'static str] = &[];
    /// What removing one is called.
    const VERB: Verb = Verb::Delete;
    /// For objects kept at one endpoint per source kind under this prefix (`…/oauth/`,
    /// `…/saml/`, and `…/all/` on current releases); `PATH` is the kind every release has.
    const KINDS: Option<&'static str> = None;
    /// Whether `KINDS`' `all/` lists every kind on current releases (source connections'
    /// does; MFA devices' `authenticators/admin/all/` is no list: a plain array, no paging).
    const ALL_KINDS_LISTED: bool = true;
    /// Whether the object's endpoint answers `used_by/` (MFA devices' admin ones have none:
    /// no other object refers to a device).
    const USED_BY: bool = true;
    /// The same, without the item type, for the code that does not decode items.
    const META: Meta = Meta {
        path: Self::PATH,
        name: Self::NAME,
        one: Self::ONE,
        many: Self::MANY,
        route: Self::ROUTE,
        verb: Self::VERB,
        kinds: Self::KINDS,
        all_kinds_listed: Self::ALL_KINDS_LISTED,
        used_by: Self::USED_BY,
    };
    /// Its typed functions for erased items.
    const OPS: Ops = Ops {
        meta: Self::META,
        update_method: Self::UPDATE_METHOD,
        decode: decode_as::<Self>,
        pk: |item| typed::<Self>(item).map(Self::pk).unwrap_or_default(),
        describe: |item| typed::<Self>(item).map(Self::describe).unwrap_or_default(),
        saved_note: |item| {
            typed::<Self>(item)
                .map(Self::saved_note)
                .unwrap_or_default()
        },
        event_subject: |item| typed::<Self>(item).and_then(Self::event_subject),
        managed: |item| typed::<Self>(item).is_some_and(Self::managed),
        owner: |item| Self::OWNER.and_then(|owner| typed::<Self>(item).map(owner)),
    };

    fn pk(item: &Self::Item) -> String;

    /// The user an object belongs to, for resources listed per user: what lets "sign out
    /// everywhere" check that every object the server listed for a user is that user's
    /// before anything is removed.
    const OWNER: Option<fn(&Self::Item) -> i64> = None;

    /// authentik manages the object itself (an outpost's token): no run of the console ever
    /// removes it, whoever it belongs to.
    fn managed(_item: &Self::Item) -> bool {
        false
    }

    /// Marks an object read from a kind's own endpoint that the default address cannot
    /// reach on this release, so its key (`pk`) names that kind. Nothing by default.
    fn from_kind(_item: &mut Self::Item, _kind: &str) {}

    /// A few words that tell one object from another where only its pk would show
    /// (a bulk confirmation); empty when the pk is all there is.
    fn describe(_item: &Self::Item) -> String {
        String::new()
    }

    /// A sentence the "saved" message adds about the object the server returned (what it
    /// changed on its own); empty when there is nothing to say.
    fn saved_note(_item: &Self::Item) -> String {
        String::new()
    }

    /// Whom authentik's event log names for this object (`context.model` of its events), or
    /// None when the console cannot tell (the history is then not offered).
    fn event_subject(_item: &Self::Item) -> Option<EventSubject> {
        None
    }

    fn detail_href(pk: &str) -> String {
        Self::META.detail_href(pk)
    }

    fn list_href(filter: FilterKey, value: &str) -> String {
        Self::META.list_href(filter, value)
    }
}

/// An object as authentik's event log names it: the Django app label, the model's name
/// (lowercase class name) and the pk as the event stores it — the filters
/// `context_model_app`, `context_model_name` and `context_model_pk` of `events/events/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSubject {
    pub app: String,
    pub model_name: String,
    pub pk: String,
}

impl EventSubject {
    pub fn new(app: impl Into<String>, model_name: impl Into<String>, pk: impl ToString) -> Self {
        EventSubject {
            app: app.into(),
            model_name: model_name.into(),
            pk: pk.to_string(),
        }
    }

    /// A UUID pk as events store it: hex without dashes (capture 729 of 2026.2.2: a core
    /// token's `context.model.pk` is `e5bf6933…` while the API's pk has dashes).
    pub fn uuid_hex(pk: &str) -> String {
        pk.chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_ascii_lowercase()
    }

    /// The query of `events/events/` for this subject's events, newest first.
    pub fn query(&self, page: u64, page_size: u64) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("context_model_app", &self.app)
            .append_pair("context_model_name", &self.model_name)
            .append_pair("context_model_pk", &self.pk)
            .append_pair("ordering", "-created")
            .append_pair("page", &page.to_string())
            .append_pair("page_size", &page_size.to_string())
            .finish()
    }
}

/// A source connection's subject: `side` is `user` or `group`, `family` the source's
/// (`oauth`, `saml`, …). Only plain lowercase names are accepted, so no odd server text
/// reaches the query.
pub fn connection_subject(side: &str, family: &str, pk: i64) -> Option<EventSubject> {
    let plain = !family.is_empty() && family.bytes().all(|b| b.is_ascii_lowercase());
    plain.then(|| {
        EventSubject::new(
            format!("authentik_sources_{family}"),
            format!("{side}{family}sourceconnection"),
            pk,
        )
    })
}

/// A resource's names and addresses, without its item type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    pub path: &'static str,
    pub name: &'static str,
    pub one: &'static str,
    pub many: &'static str,
    pub route: &'static str,
    pub verb: Verb,
    pub kinds: Option<&'static str>,
    pub all_kinds_listed: bool,
    pub used_by: bool,
}

impl Meta {
    /// The console route of one object.
    pub fn detail_href(&self, pk: &str) -> String {
        format!("{}/{pk}", self.route)
    }

    pub fn edit_href(&self, pk: &str) -> String {
        format!("{}/{pk}/edit", self.route)
    }

    /// The console list filtered on one field (`?user=6`).
    pub fn list_href(&self, filter: FilterKey, value: &str) -> String {
        Self::list_href_of(self.route, filter, value)
    }

    /// A console list route filtered by one key.
    pub fn list_href_of(route: &str, filter: FilterKey, value: &str) -> String {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(filter.as_str(), value)
            .finish();
        format!("{route}?{q}")
    }

    /// Where a list query is read: the list, its CSV export, the counts and the user page
    /// all ask this address for the same query, so none of them can read another list.
    pub fn list_path(&self, q: &ListQuery) -> String {
        self.endpoint(q.filter(FilterKey::Kind), remembered())
    }

    fn item_path(&self, key: &str) -> String {
        let (kind, pk) = self.split_key(key);
        format!(
            "{}{}/",
            self.endpoint(kind, remembered()),
            encode_segment(pk)
        )
    }

    /// The endpoint of objects of one source kind (`""`: every kind the release lists in
    /// one place, `all/` on current releases, else `PATH`'s kind). Kinds are lowercase
    /// letters only: a URL edited by hand cannot reach another address.
    pub fn endpoint(&self, kind: &str, release: Option<Release>) -> String {
        match self.kinds {
            Some(base) if valid_kind(kind) => format!("{base}{kind}/"),
            Some(base) if Era::of(release) == Era::Current && self.all_kinds_listed => {
                format!("{base}all/")
            }
            _ => self.path.to_string(),
        }
    }

    /// The kind an object read from `kind`'s endpoint must name in its key: the default
    /// address (`endpoint("")`) does not reach it on this release. Empty otherwise.
    pub fn key_kind<'a>(&self, kind: &'a str, release: Option<Release>) -> &'a str {
        let default = self.endpoint("", release);
        if self.kinds.is_some() && valid_kind(kind) && default != self.endpoint(kind, release) {
            // `all/` reaches every kind; the default kind's own endpoint only its own.
            if !default.ends_with("/all/") {
                return kind;
            }
        }
        ""
    }

    /// `saml-8` → (`saml`, `8`) for a resource kept per kind; anything else is a plain pk.
    pub fn split_key<'a>(&self, key: &'a str) -> (&'a str, &'a str) {
        match key.split_once('-') {
            Some((kind, pk)) if self.kinds.is_some() && valid_kind(kind) => (kind, pk),
            _ => ("", key),
        }
    }
}

fn valid_kind(kind: &str) -> bool {
    !kind.is_empty() && kind.len() <= 16 && kind.bytes().all(|b| b.is_ascii_lowercase())
}

/// Deleting and revoking are the same request; the words differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Delete,
    Revoke,
    /// Sessions are ended.
    End,
}

impl Verb {
    /// "Delete", as on a button.
    pub const fn label(self) -> &'static str {
        match self {
            Verb::Delete => "Delete",
            Verb::Revoke => "Revoke",
            Verb::End => "End",
        }
    }

    /// "deleted", as in "3 refresh tokens revoked."
    pub const fn past(self) -> &'static str {
        match self {
            Verb::Delete => "deleted",
            Verb::Revoke => "revoked",
            Verb::End => "ended",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateMethod {
    Put,
    Patch,
}

/// An object of some resource, decoded, its type erased: the code that lists, reads, saves
/// and shows objects handles every resource's alike; the resource's own functions (`Ops`)
/// see the type again.
pub type Item = Rc<dyn Any>;

/// The object of resource `R` behind an `Item` (None for another resource's, which the
/// console never hands over).
pub fn typed<R: Resource>(item: &Item) -> Option<&R::Item> {
    item.downcast_ref()
}

/// A resource's typed functions behind plain pointers: the one shape of a resource that
/// the generic machinery sees.
#[derive(Clone, Copy)]
pub struct Ops {
    pub meta: Meta,
    pub update_method: Option<UpdateMethod>,
    /// Decodes one object; a kind that is not empty marks it as read from that kind's
    /// endpoint (`Resource::from_kind`).
    decode: fn(Value, &str) -> Read<Item>,
    pub pk: fn(&Item) -> String,
    pub describe: fn(&Item) -> String,
    pub saved_note: fn(&Item) -> String,
    pub event_subject: fn(&Item) -> Option<EventSubject>,
    pub managed: fn(&Item) -> bool,
    /// `Resource::OWNER`: None where the resource names no owner.
    pub owner: fn(&Item) -> Option<i64>,
}

fn decode_as<R: Resource>(v: Value, kind: &str) -> Read<Item> {
    let mut item = R::Item::from_json(v)?;
    if !kind.is_empty() {
        R::from_kind(&mut item, kind);
    }
    Ok(Rc::new(item))
}

/// One object's answer, decoded by its resource.
fn decode_one(ops: &Ops, body: &str, kind: &str) -> Result<Item, ApiError> {
    Ok((ops.decode)(client::decode(body)?, kind)?)
}

/// One page of a resource's list as `q` asks for it.
pub async fn list(ops: &Ops, q: &ListQuery, abort: &Abort) -> Result<Page<Item>, ApiError> {
    let kind = q.filter(FilterKey::Kind);
    let release = remembered();
    let body = client::get_text(&ops.meta.list_path(q), &q.to_api_query(), abort)
        .await
        .map_err(ApiError::on_read)?;
    let kind = ops.meta.key_kind(kind, release);
    client::decode_page_with(&body, |item| (ops.decode)(item, kind))
}

/// How many objects the list holds for this account, optionally filtered: one row asked for,
/// the count read from the pagination. The row itself is skipped unread, so this exists once
/// for every resource.
pub async fn count(
    meta: &Meta,
    filter: Option<(FilterKey, &str)>,
    abort: &Abort,
) -> Result<u64, ApiError> {
    let q = ListQuery {
        page_size: 1,
        ordering: String::new(),
        filters: filter
            .map(|(k, v)| vec![(k.as_str().to_string(), v.to_string())])
            .unwrap_or_default(),
        ..ListQuery::default()
    };
    let page: Page<Value> = client::get_page(&meta.list_path(&q), &q.to_api_query(), abort)
        .await
        .map_err(ApiError::on_read)?;
    Ok(page.pagination.count)
}

pub async fn retrieve(ops: &Ops, pk: &str, abort: &Abort) -> Result<Item, ApiError> {
    let body = client::get_text(&ops.meta.item_path(pk), "", abort)
        .await
        .map_err(ApiError::on_read)?;
    // An object read through its kind's endpoint keeps that kind in its key.
    decode_one(ops, &body, ops.meta.split_key(pk).0)
}

/// Where a change to the object `key` is sent: its kind's own endpoint. authentik records
/// no event for a PUT or PATCH through `…/all/` (captures 730–737 of 2026.2.2: the same
/// write through `…/oauth/{pk}/` is logged), so a resource kept per kind is never changed
/// there; `kind` is the object's source kind when its key does not name it.
pub fn write_path(meta: &Meta, key: &str, kind: &str) -> Result<String, ApiError> {
    let (named, pk) = meta.split_key(key);
    let kind = if named.is_empty() { kind } else { named };
    let path = match meta.kind_endpoint(kind) {
        Some(base) => format!("{base}{}/", encode_segment(pk)),
        None => meta.item_path(key),
    };
    if meta.kinds.is_some() && crate::api::text::holds(&path, "/all/") {
        return Err(ApiError::Request(format!(
            "the kind of this {}'s source is not known, and authentik keeps no record of a change sent without it",
            meta.one
        )));
    }
    Ok(path)
}

/// The object as authentik has it now, as plain JSON, read where it would be written: what
/// a form compares with the values it opened with before it sends anything.
pub async fn current(meta: &Meta, key: &str, kind: &str, abort: &Abort) -> Result<Value, ApiError> {
    client::get(&write_path(meta, key, kind)?, "", abort)
        .await
        .map_err(ApiError::on_read)
}

/// The saved object, and authentik's id of the request that saved it.
pub async fn update(
    ops: &Ops,
    pk: &str,
    kind: &str,
    body: &Value,
    abort: &Abort,
) -> Result<(Item, Option<String>), ApiError> {
    let method = match ops.update_method {
        Some(UpdateMethod::Put) => Method::PUT,
        Some(UpdateMethod::Patch) => Method::PATCH,
        None => {
            return Err(ApiError::NotAllowed(format!(
                "{} cannot be changed.",
                ops.meta.name
            )))
        }
    };
    let path = write_path(&ops.meta, pk, kind)?;
    let (text, request_id) = client::write_text(method, &path, body, abort).await?;
    Ok((
        decode_one(ops, &text, ops.meta.split_key(pk).0)?,
        request_id,
    ))
}

// --- Creating at one source kind's endpoint ---------------------------------------------

/// POST at the endpoint of one source kind (`…/saml/`) of a resource kept per kind: each
/// kind is its own table in authentik, so an object is created at its source's kind, never
/// at another's. The created object's key names the kind where the default address does
/// not reach it (a release that lists one kind at a time).
pub async fn create_of_kind<R: Resource>(
    kind: &str,
    body: &Value,
    abort: &Abort,
) -> Result<(R::Item, Option<String>), ApiError> {
    let release = remembered();
    let path = R::META
        .kind_endpoint(kind)
        .ok_or_else(|| ApiError::Request(format!("No endpoint for “{kind}” objects.")))?;
    let (mut item, request_id) = client::write_traced(Method::POST, &path, body, abort).await?;
    let key_kind = R::META.key_kind(kind, release);
    if !key_kind.is_empty() {
        R::from_kind(&mut item, key_kind);
    }
    Ok((item, request_id))
}

impl Meta {
    /// The endpoint of exactly one kind (`…/saml/`); None for a resource not kept per kind
    /// or a kind that is not a plain lowercase name.
    pub fn kind_endpoint(&self, kind: &str) -> Option<String> {
        let base = self.kinds?;
        valid_kind(kind).then(|| format!("{base}{kind}/"))
    }
}

pub async fn destroy(meta: Meta, pk: &str, abort: &Abort) -> Result<(), ApiError> {
    client::delete(&meta.item_path(pk), abort).await
}

/// Whether the object is still there (after a write whose answer was lost).
pub async fn still_there(meta: Meta, pk: &str, abort: &Abort) -> Result<bool, ApiError> {
    match client::get::<serde_json::Value>(&meta.item_path(pk), "", abort).await {
        Ok(_) => Ok(true),
        Err(ApiError::NotFound(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn used_by(meta: Meta, pk: &str, abort: &Abort) -> Result<Vec<UsedBy>, ApiError> {
    if !meta.used_by {
        return Ok(Vec::new());
    }
    client::get(&format!("{}used_by/", meta.item_path(pk)), "", abort)
        .await
        .map_err(ApiError::on_read)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUPS: Meta = Meta {
        path: "sources/group_connections/oauth/",
        name: "Group source connection",
        one: "group source connection",
        many: "group source connections",
        route: "/group-connections",
        verb: Verb::Delete,
        kinds: Some("sources/group_connections/"),
        all_kinds_listed: true,
        used_by: true,
    };

    #[test]
    fn endpoints_per_kind_and_release() {
        let old = Release::parse("2024.8.6");
        let new = Release::parse("2026.2.2");
        // No kind: every kind together where `all/` exists, else the kind every release has.
        assert_eq!(GROUPS.endpoint("", new), "sources/group_connections/all/");
        assert_eq!(GROUPS.endpoint("", old), "sources/group_connections/oauth/");
        assert_eq!(
            GROUPS.endpoint("", None),
            "sources/group_connections/oauth/"
        );
        assert_eq!(
            GROUPS.endpoint("saml", old),
            "sources/group_connections/saml/"
        );
        // A hand-edited kind cannot reach another address.
        for bad in ["../core/users", "SAML", "saml/x", "a b"] {
            assert_eq!(
                GROUPS.endpoint(bad, new),
                "sources/group_connections/all/",
                "{bad}"
            );
        }
        // Keys name the kind only where the default address does not reach the object.
        assert_eq!(GROUPS.key_kind("saml", old), "saml");
        assert_eq!(GROUPS.key_kind("saml", None), "saml");
        assert_eq!(GROUPS.key_kind("oauth", old), "");
        assert_eq!(GROUPS.key_kind("saml", new), "", "all/ reaches every kind");
        assert_eq!(GROUPS.split_key("plex-12"), ("plex", "12"));
        assert_eq!(GROUPS.split_key("12"), ("", "12"));
        // Resources without kinds keep their keys whole.
        let plain = Meta {
            kinds: None,
            all_kinds_listed: true,
            used_by: true,
            ..GROUPS
        };
        assert_eq!(plain.split_key("plex-12"), ("", "plex-12"));
        assert_eq!(plain.endpoint("saml", old), plain.path);
    }

    #[test]
    fn object_addresses_follow_the_remembered_release() {
        crate::api::server::remember(Release::parse("2024.8.6"));
        assert_eq!(
            GROUPS.item_path("plex-12"),
            "sources/group_connections/plex/12/"
        );
        assert_eq!(
            GROUPS.item_path("12"),
            "sources/group_connections/oauth/12/"
        );
        crate::api::server::remember(Release::parse("2026.2.2"));
        assert_eq!(GROUPS.item_path("12"), "sources/group_connections/all/12/");
        assert_eq!(
            GROUPS.item_path("saml-8"),
            "sources/group_connections/saml/8/"
        );
        crate::api::server::remember(None);
    }

    /// A new object goes to its own kind's endpoint whatever the release; nothing else is
    /// reachable through it.
    #[test]
    fn creation_addresses_one_kind_only() {
        assert_eq!(
            GROUPS.kind_endpoint("saml").as_deref(),
            Some("sources/group_connections/saml/")
        );
        assert_eq!(
            GROUPS.kind_endpoint("telegram").as_deref(),
            Some("sources/group_connections/telegram/")
        );
        for bad in ["", "all/../x", "SAML", "../core/users", "a b"] {
            assert_eq!(GROUPS.kind_endpoint(bad), None, "{bad}");
        }
        let plain = Meta {
            kinds: None,
            all_kinds_listed: true,
            used_by: true,
            ..GROUPS
        };
        assert_eq!(plain.kind_endpoint("saml"), None);
    }

    /// Capture 729: the token whose API pk is `e5bf6933-8afd-4ec3-b1a1-170e11182f0c` is
    /// `e5bf69338afd4ec3b1a1170e11182f0c` in its events.
    #[test]
    fn a_uuid_pk_is_named_as_hex_without_dashes() {
        assert_eq!(
            EventSubject::uuid_hex("E5BF6933-8afd-4ec3-b1a1-170e11182f0c"),
            "e5bf69338afd4ec3b1a1170e11182f0c"
        );
    }

    /// Captures 665 and 728: connections are logged under their subclass.
    #[test]
    fn connections_are_named_by_their_source_family() {
        let s = connection_subject("group", "saml", 9).unwrap();
        assert_eq!(
            (s.app.as_str(), s.model_name.as_str(), s.pk.as_str()),
            ("authentik_sources_saml", "groupsamlsourceconnection", "9")
        );
        let s = connection_subject("user", "oauth", 3).unwrap();
        assert_eq!(s.model_name, "useroauthsourceconnection");
        assert_eq!(connection_subject("user", "", 3), None);
        assert_eq!(connection_subject("user", "o&a", 3), None);
    }

    /// The query of capture 666 (app label given), plus paging.
    #[test]
    fn the_query_names_app_model_and_pk_newest_first() {
        let q = EventSubject::new("authentik_sources_oauth", "groupoauthsourceconnection", 3)
            .query(2, 20);
        assert_eq!(
            q,
            "context_model_app=authentik_sources_oauth&context_model_name=groupoauthsourceconnection\
             &context_model_pk=3&ordering=-created&page=2&page_size=20"
        );
    }
}

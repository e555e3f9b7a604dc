//! Pieces shared by the user and group connections: the items as authentik sends them, the
//! detail page with a slot for the owner's card, the source card, columns and the source
//! pickers.

use crate::api::client;
use crate::api::json::{from_fields, FromJson, Obj, Read};
pub use crate::api::kinds::sources::{kind_of, SourceKind, KINDS};
use crate::api::models::Source;
use crate::api::query::{Era, FilterKey};
use crate::api::resources::{connection_subject, EventSubject, Meta, Resource};
use crate::api::ApiError;
use crate::components::delete::DeleteButton;
use crate::components::facts::{facts, Fact};
use crate::components::history::History;
use crate::components::link::Link;
use crate::components::list::Column;
use crate::components::lookups;
use crate::components::lookups::SourceName;
use crate::components::remote::use_remote;
use crate::components::session::use_session_info;
use crate::components::status::Loading;
use crate::components::time::RelativeTime;
use crate::components::{memo, reactive, Derived};
use leptos::prelude::*;
use serde_json::Value;

// ---- The connections as authentik sends them.

/// `source` on a connection: a uuid (2024.12+) or the whole object (2024.8).
#[derive(Clone, Debug, PartialEq)]
pub enum SourceRef {
    Uuid(String),
    Object(Source),
}

/// What stands in for a source that could not be read (the connection is refused then).
impl Default for SourceRef {
    fn default() -> Self {
        SourceRef::Uuid(String::new())
    }
}

impl FromJson for SourceRef {
    fn from_json(v: Value) -> Read<Self> {
        match v {
            Value::String(uuid) => Ok(SourceRef::Uuid(uuid)),
            v => Source::from_json(v).map(SourceRef::Object),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct UserSourceConnection {
    pub pk: i64,
    pub user: i64,
    pub source: SourceRef,
    pub source_obj: Option<Source>,
    /// Absent on 2024.8's generic endpoint.
    pub identifier: Option<String>,
    pub created: Option<String>,
    pub last_updated: Option<String>,
}

impl FromJson for UserSourceConnection {
    fn from_json(v: Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let value = UserSourceConnection {
            pk: o.need("pk"),
            user: o.need("user"),
            source: o.need("source"),
            source_obj: o.get("source_obj"),
            identifier: o.get("identifier"),
            created: o.get("created"),
            last_updated: o.get("last_updated"),
        };
        o.end(value)
    }
}

/// What user and group connections share: the source, as a uuid (2024.12+, with
/// `source_obj` when the server sends it) or nested whole (2024.8).
pub trait Connection {
    fn pk(&self) -> i64;
    fn source_ref(&self) -> &SourceRef;
    fn source_obj(&self) -> Option<&Source>;
    fn identifier(&self) -> Option<&str>;
    fn created(&self) -> Option<&str>;
    fn last_updated(&self) -> Option<&str>;

    fn source_uuid(&self) -> &str {
        match self.source_ref() {
            SourceRef::Uuid(u) => u,
            SourceRef::Object(s) => &s.pk,
        }
    }

    fn source_details(&self) -> Option<&Source> {
        match self.source_ref() {
            SourceRef::Object(s) => Some(s),
            SourceRef::Uuid(_) => self.source_obj(),
        }
    }

    /// 2024.8 nests the source and makes every field read-only; newer servers send a
    /// writable uuid. The shape, not a version string, decides.
    fn is_editable(&self) -> bool {
        matches!(self.source_ref(), SourceRef::Uuid(_))
    }
}

/// User and group connections keep the fields `Connection` reads under the same names.
macro_rules! connection_fields {
    ($t:ty) => {
        impl Connection for $t {
            fn pk(&self) -> i64 {
                self.pk
            }
            fn identifier(&self) -> Option<&str> {
                self.identifier.as_deref()
            }
            fn created(&self) -> Option<&str> {
                self.created.as_deref()
            }
            fn last_updated(&self) -> Option<&str> {
                self.last_updated.as_deref()
            }
            fn source_ref(&self) -> &SourceRef {
                &self.source
            }
            fn source_obj(&self) -> Option<&Source> {
                self.source_obj.as_ref()
            }
        }
    };
}
connection_fields!(UserSourceConnection);
connection_fields!(GroupSourceConnection);

#[derive(Clone, Debug, PartialEq)]
pub struct GroupSourceConnection {
    pub pk: i64,
    pub group: String,
    pub source: SourceRef,
    /// Declared by 2026.x schemas but missing from real responses until a 2026 fix.
    pub source_obj: Option<Source>,
    pub identifier: Option<String>,
    pub created: Option<String>,
    pub last_updated: Option<String>,
    /// The source kind whose endpoint it was read from, when only that one reaches it
    /// (2024.8 has no `all/`): its key in the console is then `saml-8`. Not sent by authentik.
    pub kind_key: String,
}

impl FromJson for GroupSourceConnection {
    fn from_json(v: Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let value = GroupSourceConnection {
            pk: o.need("pk"),
            group: o.need("group"),
            source: o.need("source"),
            source_obj: o.get("source_obj"),
            identifier: o.get("identifier"),
            created: o.get("created"),
            last_updated: o.get("last_updated"),
            kind_key: String::new(),
        };
        o.end(value)
    }
}

/// What a source type's own endpoint (`sources/user_connections/<kind>/<pk>/`) sends beyond
/// the generic `all/`. Deliberately without `plex_token` (Plex) and `access_token` (OAuth):
/// every version declares them write-only, and what is not decoded can never be rendered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypedUserConnection {
    pub pk: i64,
    /// 2024.8's typed endpoints send it; its generic `all/` does not.
    pub identifier: Option<String>,
    /// OAuth only, 2025.x and newer: when the access token authentik keeps expires.
    pub expires: Option<String>,
}
from_fields!(TypedUserConnection {
    pk,
    identifier,
    expires
});

/// A connection's detail: heading, Edit and Delete, its facts, then the owner's card (user
/// or group, the `owner` slot) beside the source's. `label` names it in the delete dialog.
pub fn connection_detail<C: Connection>(
    meta: Meta,
    key: String,
    conn: &C,
    label: Derived<String>,
    owner: AnyView,
    kind_hint: Option<&'static str>,
) -> AnyView {
    detail_view(
        meta,
        Facts {
            pk: key,
            identifier: conn.identifier().map(str::to_string),
            created: conn.created().map(str::to_string),
            last_updated: conn.last_updated().map(str::to_string),
            editable: conn.is_editable(),
            source: conn.source_details().cloned(),
            source_uuid: conn.source_uuid().to_string(),
        },
        label,
        owner,
        kind_hint,
    )
}

/// What the detail shows of any connection, so its view exists once.
struct Facts {
    pk: String,
    identifier: Option<String>,
    created: Option<String>,
    last_updated: Option<String>,
    editable: bool,
    source: Option<Source>,
    source_uuid: String,
}

fn detail_view(
    meta: Meta,
    conn: Facts,
    label: Derived<String>,
    owner: AnyView,
    kind_hint: Option<&'static str>,
) -> AnyView {
    let Facts {
        pk,
        identifier,
        created,
        last_updated,
        editable,
        source,
        source_uuid,
    } = conn;
    let identifier = identifier.unwrap_or_else(|| "— (not sent by this authentik version)".into());
    view! {
        <h1>{format!("{} {pk}", meta.name)}</h1>
        <div class="toolbar">
            <Link href=meta.edit_href(&pk) attr:class="btn primary">
                {if editable { "Edit" } else { "View edit options" }}
            </Link>
            <DeleteButton meta=meta pk=pk.clone() label=label after=meta.route />
        </div>
        {facts(Some("facts"), vec![
            ("Identifier", Fact::Code(identifier)),
            ("Created", Fact::Time(created)),
            ("Last updated", Fact::Time(last_updated)),
        ])}
        <div class="cards">
            {owner}
            <SourceCard known=source uuid=source_uuid kind_hint=kind_hint />
        </div>
    }
    .into_any()
}

/// The source of a connection as a card. `known` comes from the response when the server
/// nests it; otherwise it is looked up by uuid (2026.x group connections lack `source_obj`).
/// Nested sources are authentik's generic base, which names no kind: the kind comes from
/// `sources/all/` (which lists each subclass), else from `kind_hint` (what the endpoint
/// holds, e.g. OAuth sources only).
#[component]
fn SourceCard(
    known: Option<Source>,
    uuid: String,
    kind_hint: Option<&'static str>,
) -> impl IntoView {
    let lookup_uuid = uuid.clone();
    let source = use_remote(
        move || (),
        move |_, abort| {
            let known = known.clone();
            let uuid = lookup_uuid.clone();
            async move {
                let found = match known {
                    Some(s) => Some(s),
                    None => lookups::source_by_uuid(&uuid, abort.clone()).await?,
                };
                let kind = match found.as_ref().and_then(Source::kind) {
                    Some(k) => Some(k),
                    None => lookups::source_by_uuid(&uuid, abort)
                        .await
                        .ok()
                        .flatten()
                        .and_then(|s| s.kind()),
                }
                .or(kind_hint.map(str::to_string));
                Ok(found.map(|s| (s, kind)))
            }
        },
    );
    view! {
        <section class="card" aria-labelledby="source-title">
            <h2 id="source-title">"Source"</h2>
            {reactive(move || (match source.get() {
                Some(Ok(Some((s, kind)))) => view! {
                    {facts(None, vec![
                        ("Name", Fact::Text(s.name.clone())),
                        ("Slug", Fact::Mono(s.slug.clone())),
                        ("Kind", match kind {
                            Some(k) => Fact::Text(k),
                            None => Fact::Muted("not known (the list of sources could not be read)"),
                        }),
                        ("Enabled", Fact::YesNo(s.enabled)),
                        ("UUID", Fact::Mono(s.pk.clone())),
                    ])}
                    {super::related("Lists of this source", FilterKey::SourceSlug, &s.slug)}
                }
                .into_any(),
                Some(Ok(None)) => view! { <p class="mono">{uuid.clone()}</p><p class="muted">"Not among the sources this account can see."</p> }.into_any(),
                Some(Err(e)) => view! { <p class="mono">{uuid.clone()}</p><p class="muted">{e.to_string()}</p> }.into_any(),
                None => view! { <p class="mono">{uuid.clone()}</p> }.into_any(),
            }).into_any())}
        </section>
    }.into_any()
}

/// authentik 2024.8 serves connections with every field read-only.
#[component]
pub fn ReadOnlyNotice() -> impl IntoView {
    view! {
        <div class="notice readonly" role="note">
            <h2>"Read-only on this authentik version"</h2>
            <p>
                "This authentik server sends connections with the source as a nested object and accepts no changes to them \
                 (authentik 2024.8 and older). Upgrading authentik to 2024.12 or newer makes the source and identifier editable."
            </p>
        </div>
    }.into_any()
}

/// Why the source picker offers only the current source: the list could not be read
/// (an account without the permission to view sources, say).
#[component]
pub fn SourceListProblem() -> impl IntoView {
    let sources = use_remote(|| (), |_, abort| lookups::sources(abort));
    reactive(move || {
        sources
            .get()
            .and_then(Result::err)
            .map(|e| {
                view! {
                    <p class="notice" role="status">
                        "The list of sources could not be loaded (" {e.to_string()}
                        "), so only the current source can be kept."
                    </p>
                }
                .into_any()
            })
            .into_any()
    })
}

fn source_option(s: &Source) -> (String, String) {
    let state = if s.enabled { "" } else { ", disabled" };
    (s.pk.clone(), format!("{} ({}{state})", s.name, s.slug))
}

/// Sources of one kind (`SourceKind::key`): a connection stays in its kind's table, so its
/// edit offers no source of another kind (authentik would accept one and then serve the
/// connection under the other kind, its own endpoint answering 404).
pub fn kind_source_options(kind: &'static str) -> Derived<Vec<(String, String)>> {
    crate::components::filters::remote_options(
        move |abort| async move {
            let all = lookups::sources(abort).await?;
            Ok(all
                .into_iter()
                .filter(|s| s.family() == kind)
                .collect::<Vec<_>>())
        },
        source_option,
    )
}

/// A connection's edit once its source's kind is known: the change goes to that kind's own
/// endpoint, the one write authentik's event log records (a PUT or PATCH through `all/` is
/// answered 200 and logged nowhere, captures 730–737), and the picker offers that kind's
/// sources only. The kind comes from the source list; an account that may not read it (a
/// non-superuser editing their own connection) finds it by asking each kind's endpoint for
/// the object (connections of every kind share one sequence of pks). Without a kind nothing
/// can be sent, and the page says why.
pub fn edit_of_kind(
    meta: Meta,
    pk: i64,
    source_uuid: String,
    form: impl Fn(&'static SourceKind) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let kind = use_remote(
        || (),
        move |_, abort| {
            let uuid = source_uuid.clone();
            async move {
                if let Ok(Some(source)) = lookups::source_by_uuid(&uuid, abort.clone()).await {
                    if let Some(k) = kind_of(source.family()) {
                        return Ok(Some(k));
                    }
                }
                for k in KINDS {
                    let Some(path) = meta.kind_endpoint(k.key) else {
                        continue;
                    };
                    match client::get::<Value>(&format!("{path}{pk}/"), "", &abort).await {
                        Ok(_) => return Ok(Some(k)),
                        Err(ApiError::NotFound(_)) => continue,
                        Err(e) => return Err(e.on_read()),
                    }
                }
                Ok(None)
            }
        },
    );
    reactive(move || {
        match kind.get() {
        None => view! { <Loading label="Finding the connection's kind…" /> }.into_any(),
        Some(Ok(Some(k))) => form(k),
        Some(Ok(None)) => view! {
            <p class="notice" role="alert">
                "This connection's source is not one of the kinds the console knows, so the endpoint that would record the change in authentik's event log cannot be told. Nothing can be saved here."
            </p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <p class="notice" role="alert">
                "The connection's kind could not be told (" {e.to_string()} "). Nothing can be saved until it is known. "
                <button type="button" class="btn-link" on:click=move |_| kind.reload()>"Try again"</button>
            </p>
        }
        .into_any(),
    }
    })
}

/// The source: a link to its connections when the response names it, else its name looked
/// up by uuid.
pub fn source_column<R: Resource>() -> Column<R::Item>
where
    R::Item: Connection,
{
    fn cell<R: Resource>(c: &R::Item) -> AnyView
    where
        R::Item: Connection,
    {
        match c.source_details() {
            Some(s) => {
                let name = s.name.clone();
                view! { <Link href=R::list_href(FilterKey::SourceSlug, &s.slug)>{name}</Link> }
                    .into_any()
            }
            None => view! { <SourceName known=None uuid=c.source_uuid().to_string() /> }.into_any(),
        }
    }
    Column {
        label: "Source",
        order: None,
        cell: cell::<R>,
    }
}

/// The identifier, clipped in the table with the whole value on hover, linking to the
/// connection; a dash where the server does not send it (2024.8's generic endpoint).
pub fn identifier_column<R: Resource>() -> Column<R::Item>
where
    R::Item: Connection,
{
    fn cell<R: Resource>(c: &R::Item) -> AnyView
    where
        R::Item: Connection,
    {
        match c.identifier() {
            Some(i) => {
                let (text, title) = (i.to_string(), i.to_string());
                view! { <Link href=R::detail_href(&c.pk().to_string()) attr:class="clip" attr:title=title>{text}</Link> }
                    .into_any()
            }
            None => {
                view! { <span class="muted" title="Not sent by this authentik version">"—"</span> }
                    .into_any()
            }
        }
    }
    Column {
        label: "Identifier",
        order: Some("identifier"),
        cell: cell::<R>,
    }
}

pub fn created_column<T: Connection>() -> Column<T> {
    fn cell<T: Connection>(c: &T) -> AnyView {
        view! { <RelativeTime iso=c.created().map(str::to_string) /> }.into_any()
    }
    Column {
        label: "Created",
        order: Some("created"),
        cell: cell::<T>,
    }
}

// --- Source kinds -------------------------------------------------------------------------

/// What the detail asks a kind's own endpoint for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// It sends fields `all/` lacks: 2024.8's identifier, 2025.x+'s OAuth `expires`.
    Fetch,
    /// It sends nothing more than `all/` (2026.2.2 captures 717, 719): no request.
    Nothing,
    /// This release has no such endpoint.
    Absent,
}

/// Whether the typed endpoint is worth a request on this release. An unknown release is
/// asked (a 404 then says the endpoint is absent).
pub fn typed_fetch(kind: &SourceKind, era: Era) -> Typed {
    match era {
        Era::Legacy if kind.on_2024_8 => Typed::Fetch,
        Era::Legacy => Typed::Absent,
        Era::Current if kind.key == "oauth" => Typed::Fetch,
        Era::Current => Typed::Nothing,
        Era::Unknown => Typed::Fetch,
    }
}

/// What the kind card shows once the source and (when asked) the typed endpoint answered.
#[derive(Clone, Debug, PartialEq)]
struct KindFacts {
    kind: Option<&'static SourceKind>,
    era: Era,
    typed: Typed,
    /// The typed endpoint's answer, when it was asked and had the object.
    extra: Option<TypedUserConnection>,
}

/// A user connection's kind-specific fields: the kind named, the identifier by what it is at
/// that kind of source, the write-only credential it carries named but never requested,
/// and, where the release has them only at the kind's own endpoint, those fields.
#[component]
pub fn KindCard(pk: i64, uuid: String, identifier: Option<String>) -> impl IntoView {
    let info = use_session_info();
    let server = info.server;
    // None until the release is known: it decides whether a request is made at all.
    let era = memo(move || (!server.loading.get()).then(|| Era::of(info.release())));
    let facts_of = use_remote(
        move || era.get(),
        move |era, abort| {
            let uuid = uuid.clone();
            async move {
                let Some(era) = era else {
                    return Err(ApiError::Aborted);
                };
                let source = lookups::source_by_uuid(&uuid, abort.clone()).await?;
                let kind = source.as_ref().and_then(|s| kind_of(s.family()));
                let Some(k) = kind else {
                    return Ok(KindFacts {
                        kind,
                        era,
                        typed: Typed::Nothing,
                        extra: None,
                    });
                };
                let mut typed = typed_fetch(k, era);
                let mut extra = None;
                if typed == Typed::Fetch {
                    let path = format!("sources/user_connections/{}/{pk}/", k.key);
                    match client::get::<TypedUserConnection>(&path, "", &abort).await {
                        Ok(t) => extra = Some(t),
                        // The object is in `all/`: a 404 here means no such endpoint.
                        Err(ApiError::NotFound(_)) => typed = Typed::Absent,
                        Err(e) => return Err(e.on_read()),
                    }
                }
                Ok(KindFacts {
                    kind,
                    era,
                    typed,
                    extra,
                })
            }
        },
    );
    view! {
        <section class="card" aria-labelledby="kind-title">
            <h2 id="kind-title">"Kind-specific fields"</h2>
            {reactive(move || (match facts_of.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                Some(Ok(f)) => kind_facts(f, identifier.clone()),
            }).into_any())}
        </section>
    }
    .into_any()
}

fn kind_facts(f: KindFacts, identifier: Option<String>) -> AnyView {
    let Some(kind) = f.kind else {
        return view! {
            <p class="muted">"The source's kind is not known (it is not among the sources this account can see), so no kind-specific fields are shown."</p>
        }
        .into_any();
    };
    let identifier = f
        .extra
        .as_ref()
        .and_then(|t| t.identifier.clone())
        .or(identifier);
    let mut rows = vec![
        ("Kind", Fact::Text(format!("{} connection", kind.label))),
        (
            kind.identifier,
            match identifier {
                Some(i) => Fact::Code(i),
                None => Fact::Muted("not sent by this authentik version"),
            },
        ),
    ];
    if kind.key == "oauth" && f.typed != Typed::Absent {
        rows.push((
            "Access token expires",
            match f.extra.as_ref().and_then(|t| t.expires.clone()) {
                Some(e) => Fact::Time(Some(e)),
                // 2024.8's serializer has no such field; later ones send null when none is kept.
                None if f.era == Era::Legacy => Fact::Muted("not sent by this authentik version"),
                None => Fact::Muted("none recorded"),
            },
        ));
    }
    if let Some(secret) = kind.secret {
        rows.push((
            secret,
            Fact::Muted("kept by authentik; write-only, never sent to the console"),
        ));
    }
    let note = match f.typed {
        Typed::Absent => Some(format!(
            "This authentik version has no endpoint for {} connections: shown is what the list of every kind sends.",
            kind.label
        )),
        Typed::Nothing => Some(format!(
            "authentik keeps no other fields for {} connections.",
            kind.label
        )),
        Typed::Fetch => None,
    };
    view! {
        {facts(None, rows)}
        {note.map(|n| view! { <p class="muted" role="note">{n}</p> }.into_any())}
    }
    .into_any()
}

// --- Group connections of every kind: the source picker and the history -----------------

/// The sources a new group connection may name: those of a kind that keeps group
/// connections on this era (`sources/all/` also lists the built-in source and SCIM ones,
/// which have none; 2024.8 has OAuth, SAML and Plex only).
pub fn group_kind_sources(sources: Vec<Source>, era: Era) -> Vec<Source> {
    sources
        .into_iter()
        .filter(|s| kind_of(s.family()).is_some_and(|k| era != Era::Legacy || k.on_2024_8))
        .collect()
}

/// An option naming the source's kind, which decides the endpoint a connection is created
/// at: "Corp SAML (corp-saml) — SAML".
pub fn kind_source_option(s: &Source) -> (String, String) {
    let (pk, label) = source_option(s);
    let kind = kind_of(s.family()).map_or("kind not known", |k| k.label);
    (pk, format!("{label} — {kind}"))
}

/// The picker of a new group connection's source, for the release the page was drawn for.
pub fn group_kind_source_options() -> Derived<Vec<(String, String)>> {
    let info = use_session_info();
    let era = untrack(move || Era::of(info.release()));
    crate::components::filters::remote_options(
        move |abort| async move { Ok(group_kind_sources(lookups::sources(abort).await?, era)) },
        kind_source_option,
    )
}

/// Whom the event log names for a connection of `side` (`user`, `group`) to `source`, or
/// why it cannot be told: authentik logs a connection under its kind's model
/// (`groupsamlsourceconnection`, capture 728), and only the source says the kind.
pub fn connection_history_subject(
    side: &str,
    source: Option<&Source>,
    pk: i64,
) -> Result<EventSubject, &'static str> {
    let Some(source) = source else {
        return Err("The history cannot be shown: the connection's source is not among the sources this account can see, \
             and authentik's event log names a connection by its source's kind.");
    };
    source
        .family_name()
        .and_then(|f| connection_subject(side, f, pk))
        .ok_or("The history cannot be shown: authentik does not say of which kind the connection's source is, \
             and its event log names a connection by that kind.")
}

/// authentik's event log for a connection whose kind the object itself does not name: the
/// kind is looked up from the list of sources (cached), then the history is shown; when it
/// cannot be known, the card says why.
#[component]
pub fn ConnectionHistory(side: &'static str, pk: i64, source_uuid: String) -> impl IntoView {
    let subject = use_remote(
        || (),
        move |_, abort| {
            let uuid = source_uuid.clone();
            async move {
                let source = lookups::source_by_uuid(&uuid, abort).await?;
                Ok(connection_history_subject(side, source.as_ref(), pk))
            }
        },
    );
    reactive(move || {
        let text = match subject.get() {
            Some(Ok(Ok(subject))) => return view! { <History subject=subject /> }.into_any(),
            None => None,
            Some(Ok(Err(why))) => Some(why.to_string()),
            Some(Err(e)) => Some(format!(
                "The history cannot be shown: the list of sources, which says the connection's kind, could not be read ({e})."
            )),
        };
        view! {
            <section class="card history" aria-labelledby="history-title">
                <h2 id="history-title">"History"</h2>
                {match text {
                    Some(t) => view! { <p class="muted" role="note">{t}</p> }.into_any(),
                    None => view! { <Loading label="Finding the connection's kind…" /> }.into_any(),
                }}
            </section>
        }
        .into_any()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::Page;
    use serde_json::{json, Value};

    fn body(file: &str) -> Value {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        v["response"]["body"].clone()
    }

    fn kind(key: &str) -> &'static SourceKind {
        kind_of(key).unwrap()
    }

    #[test]
    fn the_typed_endpoint_is_asked_only_where_it_adds_fields() {
        // 2024.8: `all/` lacks the identifier; oauth/, saml/ and plex/ send it; the other
        // kinds have no endpoint there.
        for k in ["oauth", "saml", "plex"] {
            assert_eq!(typed_fetch(kind(k), Era::Legacy), Typed::Fetch, "{k}");
        }
        for k in ["kerberos", "ldap", "telegram"] {
            assert_eq!(typed_fetch(kind(k), Era::Legacy), Typed::Absent, "{k}");
        }
        // 2026.2: only OAuth adds a field (`expires`); the others send what `all/` sends.
        assert_eq!(typed_fetch(kind("oauth"), Era::Current), Typed::Fetch);
        for k in ["saml", "plex", "kerberos", "ldap", "telegram"] {
            assert_eq!(typed_fetch(kind(k), Era::Current), Typed::Nothing, "{k}");
        }
        // Unknown release: asked, a 404 then says the endpoint is absent.
        assert_eq!(typed_fetch(kind("ldap"), Era::Unknown), Typed::Fetch);
        assert!(kind_of("").is_none() && kind_of("scim").is_none());
        assert_eq!(kind("plex").secret, Some("Plex token"));
    }

    /// 2026.2.2 recordings: SAML and Plex typed lists send the generic fields only, no
    /// `plex_token`; the generic group list holds OAuth, SAML and Plex rows alike.
    #[test]
    fn recorded_typed_lists_decode() {
        let saml: Page<UserSourceConnection> =
            crate::api::json::read(body("2026.2.2/717-get-user-connections-saml.json")).unwrap();
        assert_eq!(saml.results.len(), 2);
        assert_eq!(
            saml.results[0].identifier.as_deref(),
            Some("carol-saml-nameid")
        );
        let plex = body("2026.2.2/719-get-user-connections-plex.json");
        assert!(!plex.to_string().contains("plex_token"));
        let one: TypedUserConnection = crate::api::json::read(plex["results"][0].clone()).unwrap();
        assert_eq!(
            (one.pk, one.identifier.as_deref()),
            (187, Some("plex-bob-42"))
        );
        assert_eq!(one.expires, None);
        let all: Page<GroupSourceConnection> =
            crate::api::json::read(body("2026.2.2/711-get-group-connections-all-list.json"))
                .unwrap();
        assert_eq!(all.pagination.count, 10);
        assert!(all
            .results
            .iter()
            .any(|c| c.identifier.as_deref() == Some("plex-marketing")));
        assert!(
            all.results.iter().all(|c| c.kind_key.is_empty()),
            "not sent by authentik"
        );
        // 2024.8.6's typed lists of SAML and Plex exist (empty on the recorded install).
        for f in [
            "2024.8.6/734-get-user-connections-saml.json",
            "2024.8.6/735-get-group-connections-saml.json",
            "2024.8.6/736-get-user-connections-plex.json",
            "2024.8.6/737-get-group-connections-plex.json",
        ] {
            let p: Page<GroupSourceConnection> = crate::api::json::read(body(f)).unwrap();
            assert_eq!(p.pagination.count, 0, "{f}");
        }
    }

    /// Each kind's object as its serializer shapes it: 2024.8 nests the source and adds the
    /// identifier; OAuth on 2026 adds `expires`. A `plex_token` or `access_token` in a
    /// body (authentik before the write-only fix sent the Plex token) is never kept.
    #[test]
    fn each_kind_decodes_and_credentials_are_not_kept() {
        let source = json!({"pk": "3d22992e-93cf-4664-a1e1-c1da8fdd8879", "name": "Plex", "slug": "plex",
            "enabled": true, "component": "", "verbose_name": "source", "meta_model_name": "authentik_core.source"});
        for key in ["oauth", "saml", "plex", "kerberos", "ldap", "telegram"] {
            let v = json!({"pk": 9, "user": 6, "source": source, "created": "2024-09-01T10:00:00Z",
                "identifier": format!("{key}-id"), "plex_token": "SECRET-plex-token-123",
                "access_token": "SECRET-access-token-456",
                "expires": if key == "oauth" { json!("2026-12-01T00:00:00Z") } else { Value::Null }});
            let t: TypedUserConnection = crate::api::json::read(v.clone()).unwrap();
            assert_eq!(t.identifier.as_deref(), Some(format!("{key}-id").as_str()));
            assert_eq!(t.expires.is_some(), key == "oauth", "{key}");
            let c: UserSourceConnection = crate::api::json::read(v).unwrap();
            let kept = format!("{t:?} {c:?}");
            assert!(!kept.contains("SECRET"), "{key}: {kept}");
        }
    }

    /// `sources/all/` as recorded (2024.8.6 capture 188: the built-in source and two OAuth
    /// ones) plus one source of each other kind as `sources/all/` names them.
    fn listed_sources() -> Vec<Source> {
        let mut all: Page<Source> =
            crate::api::json::read(body("2024.8.6/188-get-sources-all.json")).unwrap();
        for (kind, name) in [
            ("saml", "Corp SAML"),
            ("plex", "Plex"),
            ("ldap", "Directory"),
            ("scim", "HR feed"),
        ] {
            all.results.push(
                crate::api::json::read(json!({"pk": format!("{kind}-uuid"), "name": name,
                    "slug": format!("corp-{kind}"), "enabled": kind != "plex",
                    "component": format!("ak-source-{kind}-form"),
                    "meta_model_name": format!("authentik_sources_{kind}.{kind}source")}))
                .unwrap(),
            );
        }
        all.results
    }

    /// A new group connection may name a source of any kind with group connections (not
    /// the built-in source, not SCIM), and each option says which kind it is.
    #[test]
    fn group_connections_are_offered_every_kinds_sources_named_by_kind() {
        let sources = listed_sources();
        let labels = |era| -> Vec<String> {
            group_kind_sources(sources.clone(), era)
                .iter()
                .map(|s| kind_source_option(s).1)
                .collect()
        };
        assert_eq!(
            labels(Era::Current),
            [
                "Corp OIDC (corp-oidc) — OAuth",
                "GitHub (github) — OAuth",
                "Corp SAML (corp-saml) — SAML",
                "Plex (corp-plex, disabled) — Plex",
                "Directory (corp-ldap) — LDAP",
            ]
        );
        // 2024.8 has no LDAP group connections.
        assert!(!labels(Era::Legacy).iter().any(|l| l.contains("LDAP")));
        assert_eq!(labels(Era::Legacy).len(), 4);
        let values: Vec<String> = group_kind_sources(sources.clone(), Era::Current)
            .iter()
            .map(|s| kind_source_option(s).0)
            .collect();
        assert!(values.contains(&"saml-uuid".to_string()));
    }

    /// Capture 728: a SAML group connection's events are `authentik_sources_saml` /
    /// `groupsamlsourceconnection`; a source that names no kind, or none at all, gives a
    /// reason instead.
    #[test]
    fn a_connections_history_is_named_by_its_sources_kind() {
        let sources = listed_sources();
        let find = |slug: &str| sources.iter().find(|s| s.slug == slug);
        let s = connection_history_subject("group", find("corp-saml"), 9).unwrap();
        assert_eq!(
            (s.app.as_str(), s.model_name.as_str(), s.pk.as_str()),
            ("authentik_sources_saml", "groupsamlsourceconnection", "9")
        );
        let s = connection_history_subject("user", find("corp-plex"), 4).unwrap();
        assert_eq!(s.model_name, "userplexsourceconnection");
        let generic = connection_history_subject("user", find("authentik-built-in"), 4);
        assert!(generic.unwrap_err().contains("does not say of which kind"));
        let missing = connection_history_subject("group", None, 4);
        assert!(missing.unwrap_err().contains("not among the sources"));
    }

    #[test]
    fn the_kind_card_names_what_it_cannot_show() {
        let plex = KindFacts {
            kind: kind_of("plex"),
            era: Era::Current,
            typed: Typed::Nothing,
            extra: None,
        };
        assert_eq!(plex.kind.unwrap().identifier, "Plex account ID");
        // The labels each kind's identifier is shown under differ (a label is its row).
        let mut labels: Vec<&str> = KINDS.iter().map(|k| k.identifier).collect();
        labels.dedup();
        assert_eq!(labels.len(), KINDS.len());
    }
}

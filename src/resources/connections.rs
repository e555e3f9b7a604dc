//! Pieces shared by the user and group connections: the detail page with a slot for the
//! owner's card, the source card, columns and the source pickers.

use crate::api::models::{Connection, Source};
use crate::api::query::FilterKey;
use crate::api::resources::{Meta, Resource};
use crate::components::delete::DeleteButton;
use crate::components::facts::{facts, Fact};
use crate::components::link::Link;
use crate::components::list::Column;
use crate::components::remote::use_remote;
use crate::components::time::RelativeTime;
use crate::pages::lookups;
use crate::pages::lookups::SourceName;
use leptos::prelude::*;

/// A connection's detail: heading, Edit and Delete, its facts, then the owner's card (user
/// or group, the `owner` slot) beside the source's. `label` names it in the delete dialog.
pub fn connection_detail<C: Connection>(
    meta: Meta,
    conn: &C,
    label: Signal<String>,
    owner: AnyView,
    kind_hint: Option<&'static str>,
) -> AnyView {
    detail_view(
        meta,
        Facts {
            pk: conn.pk().to_string(),
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
    label: Signal<String>,
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
            {move || match source.state.get() {
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
            }}
        </section>
    }
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
    }
}

/// Why the source picker offers only the current source: the list could not be read
/// (an account without the permission to view sources, say).
#[component]
pub fn SourceListProblem() -> impl IntoView {
    let sources = use_remote(|| (), |_, abort| lookups::sources(abort));
    move || {
        sources.state.get().and_then(Result::err).map(|e| {
            view! {
                <p class="notice" role="status">
                    "The list of sources could not be loaded (" {e.to_string()}
                    "), so only the current source can be kept."
                </p>
            }
        })
    }
}

fn source_option(s: &Source) -> (String, String) {
    let state = if s.enabled { "" } else { ", disabled" };
    (s.pk.clone(), format!("{} ({}{state})", s.name, s.slug))
}

/// Options for a source picker: uuid → "Name (slug)", disabled ones marked.
pub fn source_options() -> Signal<Vec<(String, String)>> {
    crate::pages::filters::remote_options(lookups::sources, source_option)
}

/// The same for group connections, which live at `group_connections/oauth/`: OAuth sources
/// only (`sources/all/` also lists the built-in source, SAML, LDAP …).
pub fn oauth_source_options() -> Signal<Vec<(String, String)>> {
    crate::pages::filters::remote_options(
        |abort| async move {
            let all = lookups::sources(abort).await?;
            Ok(all.into_iter().filter(Source::is_oauth).collect::<Vec<_>>())
        },
        source_option,
    )
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

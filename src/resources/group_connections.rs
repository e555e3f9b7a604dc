//! Group source connections of every kind: `sources/group_connections/all/` on current
//! releases; 2024.8 has no such list, so there each kind's endpoint (`oauth/`, `saml/`,
//! `plex/`) is listed apart, picked with the "Source kind" filter (OAuth without one).
//! One page of one endpoint at a time: the server's pagination stays true, never merged.

use super::connections::{
    connection_detail, created_column, edit_of_kind, group_kind_source_options, identifier_column,
    kind_of, kind_source_options, source_column, ConnectionHistory, ReadOnlyNotice,
    SourceListProblem, KINDS,
};
use super::connections::{Connection as _, GroupSourceConnection as Conn};
use super::{Declared, NavGroup};
use crate::api::models::Page;
use crate::api::query::{FilterKey, Honoured, ListQuery, ListSupport};
use crate::api::resources::{self, connection_subject, EventSubject, Resource, UpdateMethod};
use crate::api::Abort;
use crate::components::edit_form::BodyMode;
use crate::components::edit_form::{EditForm, FormField, SaveFuture, Saved, Widget};
use crate::components::facts::{facts, Fact};
use crate::components::filters::group_options;
use crate::components::item::once_account_known;
use crate::components::link::Link;
use crate::components::list::{id_column, Column};
use crate::components::lookups::{self, GroupName};
use crate::components::remote::{remote_view, use_remote};
use crate::components::session::{set_title, use_session_info};
use crate::components::status::Loading;
use crate::components::{memo, reactive, Derived, Handler};
use crate::forms::{FieldSpec, Kind, Rules};
use crate::resources::page::update_form_at;
use leptos::prelude::*;
use serde_json::Value;

pub struct GroupConnections;

const FILTERS: &[FilterKey] = &[FilterKey::Group, FilterKey::SourceSlug, FilterKey::Kind];

impl Resource for GroupConnections {
    type Item = Conn;
    const PATH: &'static str = "sources/group_connections/oauth/";
    const NAME: &'static str = "Group source connection";
    const ONE: &'static str = "group source connection";
    const MANY: &'static str = "group source connections";
    const ROUTE: &'static str = "/group-connections";
    const FILTERS: &'static [FilterKey] = FILTERS;
    const DEFAULT_ORDERING: &'static str = "pk";
    // Not `group`: it sorts by a relation, and no capture shows whether by the group's uuid
    // or its name, so the column could not say what its order means.
    const LIST: ListSupport = ListSupport {
        legacy: Honoured {
            search: &["source slug"],
            ordering: &["pk", "identifier", "created"],
            filters: FILTERS,
        },
        current: Honoured {
            search: &["group name", "source slug", "identifier"],
            ordering: &["pk", "identifier", "created", "last_updated"],
            filters: FILTERS,
        },
        legacy_fails_without_superuser: true,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Patch);
    const KINDS: Option<&'static str> = Some("sources/group_connections/");

    /// `authentik_sources_<kind>.group<kind>sourceconnection` (capture 665 for OAuth, 728
    /// for SAML), when the object itself says its kind: read from one kind's endpoint
    /// (`saml-8`), or 2024.8's OAuth endpoint, which holds OAuth connections only. Otherwise
    /// (`all/` names no kind) the detail looks the kind up from the source.
    fn event_subject(item: &Conn) -> Option<EventSubject> {
        let family = match item.kind_key.as_str() {
            "" if !item.is_editable() => "oauth",
            "" => return None,
            kind => kind,
        };
        connection_subject("group", family, item.pk)
    }

    fn pk(item: &Conn) -> String {
        key(item)
    }

    fn from_kind(item: &mut Conn, kind: &str) {
        item.kind_key = kind.to_string();
    }
}

/// `8`, or `saml-8` when only the SAML endpoint reaches it on this release.
fn key(c: &Conn) -> String {
    if c.kind_key.is_empty() {
        c.pk.to_string()
    } else {
        format!("{}-{}", c.kind_key, c.pk)
    }
}

impl Declared for GroupConnections {
    const GROUP: NavGroup = NavGroup::Connections;
    const TITLE: &'static str = "Group source connections";
    const NAV: &'static str = "Group connections";
    const BULK: bool = true;
    const LEDE: &'static str =
        "Links between authentik groups and groups at external sources (OAuth, SAML, Plex …).";
    const TOOLBAR: Option<fn() -> AnyView> = Some(toolbar);
    const EDIT: Option<fn(&Conn) -> AnyView> = Some(edit);
    const CREATE: Option<fn() -> AnyView> = Some(create_page);

    fn columns() -> Vec<Column<Conn>> {
        vec![
            id_column::<Self>(),
            Column {
                label: "Group",
                order: Some("group"),
                cell: |c| {
                    let group = c.group.clone();
                    view! { <Link href=GroupConnections::list_href(FilterKey::Group, &group)><GroupName pk=group.clone() /></Link> }
                        .into_any()
                },
            },
            source_column::<Self>(),
            identifier_column::<Self>(),
            created_column(),
        ]
    }

    fn detail(conn: &Conn) -> AnyView {
        let group_pk = conn.group.clone();
        let group = use_remote(
            {
                let g = group_pk.clone();
                move || g.clone()
            },
            lookups::group,
        );
        let label = {
            let pk = key(conn);
            move || match group.ok() {
                Some(g) => format!("connection of group {}", g.name),
                None => format!("connection {pk}"),
            }
        };
        let card = view! {
            <section class="card" aria-labelledby="group-title">
                <h2 id="group-title">"Group"</h2>
                {reactive(move || (match group.get() {
                    Some(Ok(g)) => {
                        let parent = g.parent_name.clone().or_else(|| g.parent.clone()).or_else(|| g.parents.first().cloned());
                        facts(None, vec![
                            ("Name", Fact::Text(g.name)),
                            ("Parent", match parent {
                                Some(p) if p.len() == 36 => Fact::View(view! { <GroupName pk=p /> }.into_any()),
                                Some(p) => Fact::Text(p),
                                None => Fact::Muted("none"),
                            }),
                            ("Superuser group", Fact::YesNo(g.is_superuser)),
                            ("UUID", Fact::Mono(g.pk)),
                        ])
                    }
                    Some(Err(e)) => view! { <p class="mono">{group_pk.clone()}</p><p class="muted">{e.to_string()}</p> }.into_any(),
                    None => view! { <p class="mono">{group_pk.clone()}</p> }.into_any(),
                }).into_any())}
                {super::related("Lists of this group", FilterKey::Group, &conn.group)}
            </section>
        }.into_any();
        // 2024.8's OAuth endpoint holds OAuth connections only; elsewhere the kind comes
        // from the list of sources.
        let hint = (conn.kind_key.is_empty() && !conn.is_editable()).then_some("OAuth source");
        // The generic detail shows the history when the object names its kind; else here.
        let history = Self::event_subject(conn).is_none().then(|| {
            view! { <ConnectionHistory side="group" pk=conn.pk source_uuid=conn.source_uuid().to_string() /> }.into_any()
        });
        let detail = connection_detail(
            Self::META,
            key(conn),
            conn,
            memo(label),
            card.into_any(),
            hint,
        );
        view! { {detail} {history} }.into_any()
    }
}

fn source_field(options: Derived<Vec<(String, String)>>) -> FormField {
    FormField {
        spec: FieldSpec {
            name: "source",
            label: "Source",
            kind: Kind::Text,
            rules: Rules::required().uuid(),
        },
        // Editing: sources of the connection's own kind. Creating: every kind's, each named.
        widget: Widget::Select(options),
        hint: "The source whose group this is; its kind (OAuth, SAML …) is the connection's. A group may have one connection per source.",
    }
}

fn identifier_field() -> FormField {
    FormField {
        spec: FieldSpec {
            name: "identifier",
            label: "Identifier",
            kind: Kind::Text,
            rules: Rules::required().min_len(1),
        },
        widget: Widget::Text,
        hint: "The group's ID at the source (e.g. an organisation/team slug).",
    }
}

/// PATCH with only what changed, after the admin has seen and confirmed the diff.
fn edit(conn: &Conn) -> AnyView {
    if !conn.is_editable() {
        return view! {
            <ReadOnlyNotice />
            <Link href=GroupConnections::detail_href(&key(conn)) attr:class="btn">"Back to the connection"</Link>
        }
        .into_any();
    }
    let initial = vec![
        conn.source_uuid().to_string(),
        conn.identifier.clone().unwrap_or_default(),
    ];
    let pk = key(conn);
    let form = edit_of_kind(
        GroupConnections::META,
        conn.pk,
        conn.source_uuid().to_string(),
        move |kind| {
            let fields = vec![
                source_field(kind_source_options(kind.key)),
                identifier_field(),
            ];
            update_form_at::<GroupConnections>(pk.clone(), kind.key, fields, initial.clone())
        },
    );
    view! {
        <p class="lede">"Group: " <strong><GroupName pk=conn.group.clone() /></strong></p>
        <SourceListProblem />
        {form}
    }
    .into_any()
}

/// Whether this server is known to refuse new group connections (2024.8 and older).
fn creation_refused() -> bool {
    use_session_info()
        .release()
        .is_some_and(|r| r.is_2024_8_or_older())
}

/// Which kinds the list shows (one endpoint's page at a time), then "New connection".
fn toolbar() -> AnyView {
    let info = use_session_info();
    let query = crate::components::route::use_address().pairs;
    let note = move || {
        let kind = query.with(|q| crate::components::route::param(q, "kind").unwrap_or_default());
        let era = crate::api::query::Era::of(info.release());
        shown_kinds(&kind, era)
    };
    view! {
        // Inline, as `item.rs`'s heading: one shared reactive function, not a view type.
        <p class="kinds-note" role="status">{reactive(move || note().into_any())}</p>
        {new_connection_link()}
    }
    .into_any()
}

/// What the list shows, in words, for the kind picked (empty: none) on this release.
fn shown_kinds(kind: &str, era: crate::api::query::Era) -> String {
    use crate::api::query::Era;
    match (KINDS.iter().find(|k| k.key == kind), era) {
        (Some(k), _) => format!("Showing {} group connections only.", k.label),
        (None, Era::Current) => "Showing group connections of every kind.".into(),
        (None, Era::Legacy) => "Showing OAuth group connections. authentik 2024.8 has no list of every kind:              pick SAML or Plex under Source kind to see those."
            .into(),
        (None, Era::Unknown) => "Showing OAuth group connections (the authentik version is not known,              so the list of every kind is not asked for)."
            .into(),
    }
}

/// "New connection", unless the server is known to refuse creating one.
fn new_connection_link() -> AnyView {
    reactive(move || {
        (!creation_refused())
            .then(|| {
                view! { <Link href=format!("{}/new", GroupConnections::ROUTE) attr:class="btn primary">"New connection"</Link> }
                    .into_any()
            })
            .into_any()
    })
}

fn cannot_create() -> AnyView {
    view! {
        <div class="notice readonly" role="note">
            <h2>"Cannot be created on this authentik version"</h2>
            <p>
                "authentik 2024.8 and older accept no new group source connections through the API (and none of their fields \
                 can be changed). Upgrading authentik to 2024.12 or newer makes them editable and creatable."
            </p>
            <Link href=GroupConnections::ROUTE attr:class="btn">"Back to the list"</Link>
        </div>
    }
    .into_any()
}

fn create_page() -> AnyView {
    set_title("New group source connection");
    let server = use_session_info().server;
    view! {
        <section class="page">
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                <Link href=GroupConnections::ROUTE>"Group source connections"</Link>
                " / "
                <span aria-current="page">"New"</span>
            </nav>
            <h1>"New group source connection"</h1>
            // The release decides; while it is unknown, an existing object's shape does.
            {reactive(move || (match server.get() {
                _ if server.loading.get() => view! { <Loading /> }.into_any(),
                None => view! { <Loading /> }.into_any(),
                Some(Ok(s)) if s.release.is_some_and(|r| r.is_2024_8_or_older()) => cannot_create(),
                Some(Ok(s)) if s.release.is_some() => once_account_known(create_form),
                _ => create_by_shape(),
            }).into_any())}
        </section>
    }
    .into_any()
}

/// For a server whose release could not be read: 2024.8 nests the source in its objects.
fn create_by_shape() -> AnyView {
    let probe = use_remote(
        || (),
        |_, abort| async move {
            let q = ListQuery {
                page_size: 1,
                ..ListQuery::default()
            };
            resources::list(&GroupConnections::OPS, &q, &abort).await
        },
    );
    remote_view(probe, "Loading…", |page: Page<resources::Item>| {
        let first = page
            .results
            .first()
            .and_then(resources::typed::<GroupConnections>);
        if first.is_some_and(|c| !c.is_editable()) {
            cannot_create()
        } else {
            once_account_known(create_form)
        }
    })
    .into_any()
}

/// A new connection is created at its source's kind's endpoint (`…/saml/`): authentik
/// keeps each kind in its own table and would take any source at any kind's endpoint.
fn create_form() -> AnyView {
    let save = Handler::new(move |body: Value| -> SaveFuture {
        Box::pin(async move {
            let abort = Abort::default();
            let uuid = body["source"].as_str().unwrap_or_default().to_string();
            let source = lookups::source_by_uuid(&uuid, abort.clone()).await?;
            let Some(kind) = source.as_ref().and_then(|s| kind_of(s.family())) else {
                return Err(unknown_kind());
            };
            let (created, request_id) =
                resources::create_of_kind::<GroupConnections>(kind.key, &body, &abort).await?;
            let pk = GroupConnections::pk(&created);
            Ok(Saved {
                message: format!("{} {pk} created.", GroupConnections::NAME),
                link_text: format!("Show group source connection {pk}"),
                href: GroupConnections::detail_href(&pk),
                request_id,
            })
        })
    });
    let group = FormField {
        spec: FieldSpec {
            name: "group",
            label: "Group",
            kind: Kind::Text,
            rules: Rules::required().uuid(),
        },
        widget: Widget::Select(group_options()),
        hint: "The authentik group.",
    };
    view! {
        <EditForm
            fields=vec![group, source_field(group_kind_source_options()), identifier_field()]
            initial=vec![String::new(), String::new(), String::new()]
            draft_key="group-connections.new"
            body_mode=BodyMode::Full
            submit_label="Create"
            cancel_href=GroupConnections::ROUTE
            save=save
        />
    }
    .into_any()
}

/// Under the source field: the picked source's kind could not be told, so the endpoint to
/// create at is not known (the list of sources changed since the form was drawn).
fn unknown_kind() -> crate::api::ApiError {
    crate::api::ApiError::Validation(crate::api::FieldErrors::from_value(&serde_json::json!({
        "source": ["The kind of this source is not known, so the connection cannot be created: reload the page and pick the source again."]
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::{search_hint, Offered};
    use crate::api::server::Release;

    fn offered(v: &str) -> Offered {
        Offered::new(&GroupConnections::LIST, Release::parse(v))
    }

    #[test]
    fn list_support_per_release() {
        let old = offered("2024.8.6");
        assert_eq!(old.search(), ["source slug"]);
        assert!(old.sorts_by("identifier") && old.sorts_by("-identifier"));
        assert!(old.fails_without_superuser());
        assert!(!old.sorts_by("group"), "order of a relation not captured");
        let new = offered("2026.2.2");
        assert_eq!(
            search_hint(new.search()),
            "Searches group name, source slug and identifier."
        );
        assert!(!new.fails_without_superuser());
        assert!(!offered("").fails_without_superuser());
    }

    /// The object names its kind when read from one kind's endpoint (`saml-8`) or from
    /// 2024.8's OAuth endpoint (the nested, read-only shape); read through `all/` it does
    /// not, and the detail looks the kind up instead of naming OAuth for every kind.
    #[test]
    fn the_history_names_the_kind_only_when_the_object_does() {
        let conn = |source: serde_json::Value| -> Conn {
            crate::api::json::read(serde_json::json!(
                {"pk": 8, "group": "g", "source": source, "identifier": "x"}
            ))
            .unwrap()
        };
        let mut saml = conn(serde_json::json!("3d22992e-93cf-4664-a1e1-c1da8fdd8879"));
        assert_eq!(
            GroupConnections::event_subject(&saml),
            None,
            "all/ names no kind"
        );
        GroupConnections::from_kind(&mut saml, "saml");
        let s = GroupConnections::event_subject(&saml).unwrap();
        assert_eq!(
            (s.app.as_str(), s.model_name.as_str(), s.pk.as_str()),
            ("authentik_sources_saml", "groupsamlsourceconnection", "8")
        );
        let legacy = conn(serde_json::json!({"pk": "u", "name": "GitHub", "slug": "github"}));
        let s = GroupConnections::event_subject(&legacy).unwrap();
        assert_eq!(s.model_name, "groupoauthsourceconnection");
    }

    #[test]
    fn the_list_says_which_kinds_it_shows() {
        use crate::api::query::Era;
        assert_eq!(
            shown_kinds("", Era::Current),
            "Showing group connections of every kind."
        );
        assert!(shown_kinds("", Era::Legacy).starts_with("Showing OAuth group connections."));
        assert_eq!(
            shown_kinds("plex", Era::Legacy),
            "Showing Plex group connections only."
        );
        assert!(shown_kinds("nonsense", Era::Unknown).contains("OAuth"));
        // Keys name the kind only when read from a kind's own endpoint that needs it.
        let mut c: Conn = crate::api::json::read(serde_json::json!(
            {"pk": 8, "group": "g", "source": "s", "identifier": "saml-ops"}
        ))
        .unwrap();
        assert_eq!(GroupConnections::pk(&c), "8");
        GroupConnections::from_kind(&mut c, "saml");
        assert_eq!(GroupConnections::pk(&c), "saml-8");
    }
}

//! User source connections: `/sources/user_connections/all/` (every kind of source).

use super::connections::{
    connection_detail, created_column, edit_of_kind, identifier_column, kind_source_options,
    source_column, ConnectionHistory, KindCard, ReadOnlyNotice, SourceListProblem,
};
use super::connections::{Connection as _, UserSourceConnection as Conn};
use super::{Declared, NavGroup, Sweep};
use crate::api::models::Source;
use crate::api::query::{FilterKey, Honoured, ListSupport};
use crate::api::resources::{self, connection_subject, EventSubject, Resource, UpdateMethod};
use crate::api::ApiError;
use crate::components::edit_form::{FormField, Widget};
use crate::components::facts::{facts, Fact};
use crate::components::link::user_link;
use crate::components::link::Link;
use crate::components::list::{id_column, Column};
use crate::components::lookups::{self, UserLink, UserName};
use crate::components::remote::{remote_view, use_remote};
use crate::components::{memo, reactive};
use crate::forms::{FieldSpec, Kind, Rules};
use crate::resources::page::update_form_at;
use leptos::prelude::*;

pub struct UserConnections;

const FILTERS: &[FilterKey] = &[FilterKey::User, FilterKey::SourceSlug];

impl Resource for UserConnections {
    type Item = Conn;
    const PATH: &'static str = "sources/user_connections/all/";
    const NAME: &'static str = "User source connection";
    const ONE: &'static str = "user source connection";
    const MANY: &'static str = "user source connections";
    const ROUTE: &'static str = "/user-connections";
    const FILTERS: &'static [FilterKey] = FILTERS;
    const DEFAULT_ORDERING: &'static str = "pk";
    // From the captures of 2024.8.6 and 2026.2.2 (files 600+ of tests/fixtures): honoured
    // when the rows changed as the parameter says, both directions for orderings. 2024.8's
    // /all/ returns no `identifier` and ignores `ordering=identifier`.
    const LIST: ListSupport = ListSupport {
        legacy: Honoured {
            // `alice` and `gh-` match nothing on 2024.8; `github` matches every GitHub row.
            search: &["source slug"],
            ordering: &["pk", "user", "created"],
            filters: FILTERS,
        },
        current: Honoured {
            search: &["username", "source slug", "identifier"],
            ordering: &["pk", "user", "identifier", "created", "last_updated"],
            filters: FILTERS,
        },
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Put);
    // Listed through `all/` on every release; changed only through the kind's own endpoint.
    const KINDS: Option<&'static str> = Some("sources/user_connections/");

    const OWNER: Option<fn(&Conn) -> i64> = Some(|c| c.user);

    /// `authentik_sources_<kind>.user<kind>sourceconnection`: authentik logs the subclass
    /// (capture 728 of 2026.2.2: a delete through `group_connections/all/` is logged as
    /// `groupsamlsourceconnection`; the user-side names follow the same Django naming, which
    /// is inferred). None when the server sends only the generic source (`sources/all/`'s
    /// `authentik_core.source`): the kind, hence the model, is then unknown.
    fn event_subject(item: &Conn) -> Option<EventSubject> {
        connection_subject("user", item.source_details()?.family_name()?, item.pk)
    }

    fn pk(item: &Conn) -> String {
        item.pk.to_string()
    }
}

impl Declared for UserConnections {
    /// Newest connection first (`created` on every release recorded).
    const NEWEST: &'static [&'static str] = &["-created", "-pk"];
    const GROUP: NavGroup = NavGroup::Connections;
    const SWEEP: Sweep = Sweep::OptIn;
    const TITLE: &'static str = "User source connections";
    const NAV: &'static str = "User connections";
    const BULK: bool = true;
    const LEDE: &'static str =
        "Links between authentik users and their accounts at external sources.";
    const EDIT: Option<fn(&Conn) -> AnyView> = Some(edit);
    const HOME: Option<fn() -> AnyView> = Some(connections_per_source);

    fn columns() -> Vec<Column<Conn>> {
        vec![
            id_column::<Self>(),
            Column {
                label: "User",
                order: Some("user"),
                cell: |c| view! { <UserLink pk=c.user /> }.into_any(),
            },
            source_column::<Self>(),
            identifier_column::<Self>(),
            created_column(),
        ]
    }

    fn detail(conn: &Conn) -> AnyView {
        let user_pk = conn.user;
        let user = use_remote(move || user_pk, lookups::user);
        let source = conn.source_details().map(|s| s.name.clone());
        let pk = conn.pk;
        let label = move || match (user.ok(), &source) {
            (Some(u), Some(s)) => format!("connection of {} to {s}", u.username),
            _ => format!("connection {pk}"),
        };
        let card = view! {
            <section class="card" aria-labelledby="user-title">
                <h2 id="user-title">"User"</h2>
                {reactive(move || (match user.get() {
                    Some(Ok(u)) => facts(None, vec![
                        ("Username", Fact::View(user_link(u.pk, u.username))),
                        ("Name", Fact::Text(u.name)),
                        ("Active", Fact::YesNo(u.is_active)),
                        ("ID", Fact::Text(u.pk.to_string())),
                    ]),
                    Some(Err(e)) => view! { <p>{format!("User #{user_pk}")}</p><p class="muted">{e.to_string()}</p> }.into_any(),
                    None => view! { <p>{format!("User #{user_pk}")}</p> }.into_any(),
                }).into_any())}
                {super::related("Lists of this user", FilterKey::User, &user_pk.to_string())}
            </section>
        }.into_any();
        let kind = view! {
            <KindCard pk=conn.pk uuid=conn.source_uuid().to_string() identifier=conn.identifier.clone() />
        }.into_any();
        // The generic detail shows the history when the nested source names its kind;
        // `all/` nests the generic base, so the kind is looked up from the source here.
        let history = Self::event_subject(conn).is_none().then(|| {
            view! { <ConnectionHistory side="user" pk=conn.pk source_uuid=conn.source_uuid().to_string() /> }.into_any()
        });
        let detail = connection_detail(
            Self::META,
            conn.pk.to_string(),
            conn,
            memo(label),
            view! { {card} {kind} }.into_any(),
            None,
        );
        view! { {detail} {history} }.into_any()
    }
}

fn edit(conn: &Conn) -> AnyView {
    if !conn.is_editable() {
        let source = conn
            .source_details()
            .map(|s| format!("{} ({})", s.name, s.slug))
            .unwrap_or_else(|| conn.source_uuid().to_string());
        return view! {
            <ReadOnlyNotice />
            <dl class="facts">
                <dt>"User"</dt><dd><UserName pk=conn.user /></dd>
                <dt>"Source"</dt><dd>{source}</dd>
            </dl>
            <Link href=UserConnections::detail_href(&conn.pk.to_string()) attr:class="btn">"Back to the connection"</Link>
        }
        .into_any();
    }
    let pk = conn.pk.to_string();
    let user = conn.user;
    let initial = vec![
        conn.user.to_string(),
        conn.source_uuid().to_string(),
        conn.identifier.clone().unwrap_or_default(),
    ];
    let form = edit_of_kind(
        UserConnections::META,
        conn.pk,
        conn.source_uuid().to_string(),
        move |kind| {
            let fields = vec![
            FormField {
                // authentik 2024.12–2026.2.3 require `user` on PUT; later versions ignore it.
                spec: FieldSpec { name: "user", label: "User", kind: Kind::Integer, rules: Rules::required().integer() },
                widget: Widget::Hidden,
                hint: "",
            },
            FormField {
                spec: FieldSpec { name: "source", label: "Source", kind: Kind::Text, rules: Rules::required().uuid() },
                widget: Widget::Select(kind_source_options(kind.key)),
                hint: "A source of the same kind: the external source this account belongs to. A user may have one connection per source.",
            },
            FormField {
                spec: FieldSpec { name: "identifier", label: "Identifier", kind: Kind::Text, rules: Rules::required().min_len(1) },
                widget: Widget::Text,
                hint: "The user's ID at the source (e.g. the subject claim).",
            },
        ];
            update_form_at::<UserConnections>(pk.clone(), kind.key, fields, initial.clone())
        },
    );
    view! {
        <p class="lede">
            "User: " <strong><UserName pk=user /></strong>
        </p>
        <SourceListProblem />
        {form}
    }
    .into_any()
}

/// How many of the charted sources at most: one request each.
const CHART_SOURCES: usize = 12;

/// The home page's bar per source: its user connections, drawn with HTML and CSS (no chart
/// library needed).
fn connections_per_source() -> AnyView {
    let data = use_remote(
        || (),
        |_, abort| async move {
            let sources: Vec<Source> = lookups::sources(abort.clone()).await?;
            let mut out = Vec::new();
            for s in sources.into_iter().take(CHART_SOURCES) {
                let filter = Some((FilterKey::SourceSlug, s.slug.as_str()));
                let n = resources::count(&UserConnections::META, filter, &abort).await?;
                out.push((s, n));
            }
            Ok::<_, ApiError>(out)
        },
    );
    view! {
        <section class="card chart" aria-labelledby="chart-title">
            <h2 id="chart-title">"User connections per source"</h2>
            {remote_view(data, "Counting…", |rows| {
                if rows.is_empty() {
                    view! { <p>"No sources."</p> }.into_any()
                } else {
                    bar_chart(rows)
                }
            })}
        </section>
    }
    .into_any()
}

/// One row per source: its name as text at the page's size (an SVG scaled to a phone shrank
/// it to a few pixels), a bar, and the count. Each row is a link named by what it shows.
fn bar_chart(rows: Vec<(Source, u64)>) -> AnyView {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let bars = rows
        .into_iter()
        .map(|(s, n)| {
            // Set through the style object, which the CSP allows (a style attribute it would not).
            // Tenths of a percent in integers: float formatting would add its code to the build.
            let permille = n.saturating_mul(1000) / max;
            let width = format!("{}.{}%", permille / 10, permille % 10);
            let href = UserConnections::list_href(FilterKey::SourceSlug, &s.slug);
            view! {
                <li>
                    <Link href=href>
                        <span class="bar-label">{s.name}</span>
                        <span class="bar-track" aria-hidden="true"><span class="bar" style:width=width></span></span>
                        <span class="bar-value">{n}<span class="visually-hidden">" user connections"</span></span>
                    </Link>
                </li>
            }.into_any()
        })
        .collect_view();
    view! { <ul class="bars" aria-labelledby="chart-title">{bars}</ul> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::{search_hint, Ignored, ListQuery, Offered};
    use crate::api::server::Release;

    /// The subclass from the nested source names the model; the generic base names none.
    #[test]
    fn a_user_connection_is_named_by_its_source_family() {
        let conn = |model: &str| Conn {
            pk: 7,
            user: 4,
            source: crate::resources::connections::SourceRef::Uuid("u".into()),
            source_obj: Some(Source {
                meta_model_name: model.into(),
                ..Source::default()
            }),
            identifier: None,
            created: None,
            last_updated: None,
        };
        let s = UserConnections::event_subject(&conn("authentik_sources_saml.samlsource")).unwrap();
        assert_eq!(
            (s.app.as_str(), s.model_name.as_str(), s.pk.as_str()),
            ("authentik_sources_saml", "usersamlsourceconnection", "7")
        );
        assert_eq!(
            UserConnections::event_subject(&conn("authentik_core.source")),
            None
        );
    }

    fn offered(v: &str) -> Offered {
        Offered::new(&UserConnections::LIST, Release::parse(v))
    }

    #[test]
    fn list_support_per_release() {
        let old = offered("2024.8.6");
        assert_eq!(old.search(), ["source slug"]);
        assert_eq!(search_hint(old.search()), "Searches the source slug only.");
        for key in ["pk", "-pk", "user", "-user", "created", "-created"] {
            assert!(old.sorts_by(key), "{key} on 2024.8");
        }
        for key in ["identifier", "-identifier", "source__name", "-source__slug"] {
            assert!(!old.sorts_by(key), "{key} is ignored by 2024.8");
        }
        let new = offered("2026.2.2");
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
        let unknown = offered("");
        assert!(unknown.search().is_empty());
        assert!(!unknown.sorts_by("identifier"));
        assert!(unknown.sorts_by("-created"));
    }

    #[test]
    fn ignored_parameters_are_dropped_and_named() {
        let asked = ListQuery::from_pairs(
            [
                ("ordering", "-identifier"),
                ("search", "alice"),
                ("user", "6"),
            ],
            FILTERS,
            "pk",
        );
        let (q, ignored) = offered("2024.8.6").apply(&asked, "pk");
        assert_eq!(q.ordering, "pk");
        assert_eq!(q.search, "alice", "2024.8 searches (the slug)");
        assert_eq!(q.filter(FilterKey::User), "6");
        assert_eq!(ignored, [Ignored::Ordering("-identifier".into())]);
        assert_eq!(ignored[0].to_string(), "sorting by identifier");
        let (q, none) = offered("2026.2.2").apply(&asked, "pk");
        assert_eq!((q, none), (asked, vec![]));
    }
}

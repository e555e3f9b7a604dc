use crate::api::models::Connection as _;
use crate::api::models::{GroupSourceConnection as Conn, Page};
use crate::api::query::ListQuery;
use crate::api::resources::{self, GroupConnections, Resource};
use crate::api::Abort;
use crate::app::set_title;
use crate::app::use_session_info;
use crate::components::edit_form::{
    update_then_show, BodyMode, EditForm, FormField, SaveFuture, Saved, Widget,
};
use crate::components::item::{item_page, ItemView};
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::status::{ErrorPanel, Loading};
use crate::forms::{FieldSpec, Kind, Rules};
use crate::pages::connections::{oauth_source_options, ReadOnlyNotice, SourceListProblem};
use crate::pages::filters::group_options;
use crate::pages::lookups::GroupName;
use leptos::prelude::*;
use serde_json::Value;

fn source_field() -> FormField {
    FormField {
        spec: FieldSpec {
            name: "source",
            label: "Source",
            kind: Kind::Text,
            rules: Rules::required().uuid(),
        },
        // This endpoint holds OAuth connections: other kinds of source would be refused.
        widget: Widget::Select(oauth_source_options()),
        hint: "The OAuth source whose group this is. A group may have one connection per source.",
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

#[component]
pub fn EditPage() -> impl IntoView {
    view! {
        <section class="page">
            {item_page::<GroupConnections, _>("Group source connections", ItemView::Edit, |c| {
                if c.is_editable() {
                    view! { <Form conn=c /> }.into_any()
                } else {
                    view! {
                        <ReadOnlyNotice />
                        <Link href=GroupConnections::detail_href(&c.pk.to_string()) attr:class="btn">"Back to the connection"</Link>
                    }
                    .into_any()
                }
            })}
        </section>
    }
}

/// PATCH with only what changed, after the user has seen and confirmed the diff.
#[component]
fn Form(conn: Conn) -> impl IntoView {
    let pk = conn.pk.to_string();
    let initial = vec![
        conn.source_uuid().to_string(),
        conn.identifier.clone().unwrap_or_default(),
    ];
    let save = update_then_show::<GroupConnections>(pk.clone());
    view! {
        <p class="lede">"Group: " <strong><GroupName pk=conn.group.clone() /></strong></p>
        <SourceListProblem />
        <EditForm
            fields=vec![source_field(), identifier_field()]
            initial=initial
            draft_key=format!("group-connections.{pk}")
            body_mode=BodyMode::Changes
            review=true
            submit_label="Review changes"
            cancel_href=GroupConnections::detail_href(&pk)
            save=save
        />
    }
}

/// Whether this server is known to refuse new group connections (2024.8 and older).
fn creation_refused() -> bool {
    use_session_info()
        .release()
        .is_some_and(|r| r.is_2024_8_or_older())
}

/// "New connection", unless the server is known to refuse creating one.
#[component]
pub fn NewConnectionLink() -> impl IntoView {
    move || {
        (!creation_refused()).then(|| {
            view! { <Link href=format!("{}/new", GroupConnections::ROUTE) attr:class="btn primary">"New connection"</Link> }
        })
    }
}

#[component]
fn CannotCreate() -> impl IntoView {
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
}

#[component]
pub fn CreatePage() -> impl IntoView {
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
            {move || match server.state.get() {
                _ if server.loading.get() => view! { <Loading /> }.into_any(),
                None => view! { <Loading /> }.into_any(),
                Some(Ok(s)) if s.release.is_some_and(|r| r.is_2024_8_or_older()) => view! { <CannotCreate /> }.into_any(),
                Some(Ok(s)) if s.release.is_some() => view! { <CreateForm /> }.into_any(),
                _ => view! { <CreateByShape /> }.into_any(),
            }}
        </section>
    }
}

/// For a server whose release could not be read: 2024.8 nests the source in its objects.
#[component]
fn CreateByShape() -> impl IntoView {
    let probe = use_remote(
        || (),
        |_, abort| async move {
            let q = ListQuery {
                page_size: 1,
                ..ListQuery::default()
            };
            resources::list::<GroupConnections>(&q, &abort).await
        },
    );
    move || match probe.state.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <ErrorPanel error=e retry=Callback::new(move |_| probe.reload()) /> }.into_any()
        }
        Some(Ok(Page { results, .. })) if results.first().is_some_and(|c| !c.is_editable()) => {
            view! { <CannotCreate /> }.into_any()
        }
        Some(Ok(_)) => view! { <CreateForm /> }.into_any(),
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let save = Callback::new(move |body: Value| -> SaveFuture {
        Box::pin(async move {
            let created = resources::create::<GroupConnections>(&body, &Abort::default()).await?;
            Ok(Saved {
                message: format!("{} {} created.", GroupConnections::NAME, created.pk),
                link_text: format!("Show group source connection {}", created.pk),
                href: GroupConnections::detail_href(&created.pk.to_string()),
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
            fields=vec![group, source_field(), identifier_field()]
            initial=vec![String::new(), String::new(), String::new()]
            draft_key="group-connections.new"
            body_mode=BodyMode::Full
            submit_label="Create"
            cancel_href=GroupConnections::ROUTE
            save=save
        />
    }
}

use crate::api::models::Connection as _;
use crate::api::models::UserSourceConnection as Conn;
use crate::api::resources::{Resource, UserConnections};
use crate::components::edit_form::{update_then_show, BodyMode, EditForm, FormField, Widget};
use crate::components::item::{item_page, ItemView};
use crate::components::link::Link;
use crate::forms::{FieldSpec, Kind, Rules};
use crate::pages::connections::{source_options, ReadOnlyNotice, SourceListProblem};
use crate::pages::lookups::UserName;
use leptos::prelude::*;

#[component]
pub fn EditPage() -> impl IntoView {
    view! {
        <section class="page">
            {item_page::<UserConnections, _>("User source connections", ItemView::Edit, |c| {
                if c.is_editable() {
                    view! { <Form conn=c /> }.into_any()
                } else {
                    view! { <ReadOnly conn=c /> }.into_any()
                }
            })}
        </section>
    }
}

#[component]
fn ReadOnly(conn: Conn) -> impl IntoView {
    let source = conn
        .source_details()
        .map(|s| format!("{} ({})", s.name, s.slug))
        .unwrap_or_else(|| conn.source_uuid().to_string());
    view! {
        <ReadOnlyNotice />
        <dl class="facts">
            <dt>"User"</dt><dd><UserName pk=conn.user /></dd>
            <dt>"Source"</dt><dd>{source}</dd>
        </dl>
        <Link href=UserConnections::detail_href(&conn.pk.to_string()) attr:class="btn">"Back to the connection"</Link>
    }
}

#[component]
fn Form(conn: Conn) -> impl IntoView {
    let pk = conn.pk.to_string();
    let options = source_options();
    let fields = vec![
        FormField {
            // authentik 2024.12–2026.2.3 require `user` on PUT; later versions ignore it.
            spec: FieldSpec { name: "user", label: "User", kind: Kind::Integer, rules: Rules::required().integer() },
            widget: Widget::Hidden,
            hint: "",
        },
        FormField {
            spec: FieldSpec { name: "source", label: "Source", kind: Kind::Text, rules: Rules::required().uuid() },
            widget: Widget::Select(options),
            hint: "The external source this account belongs to. A user may have one connection per source.",
        },
        FormField {
            spec: FieldSpec { name: "identifier", label: "Identifier", kind: Kind::Text, rules: Rules::required().min_len(1) },
            widget: Widget::Text,
            hint: "The user's ID at the source (e.g. the subject claim).",
        },
    ];
    let initial = vec![
        conn.user.to_string(),
        conn.source_uuid().to_string(),
        conn.identifier.clone().unwrap_or_default(),
    ];
    let save = update_then_show::<UserConnections>(pk.clone());
    view! {
        <p class="lede">
            "User: " <strong><UserName pk=conn.user /></strong>
        </p>
        <SourceListProblem />
        <EditForm
            fields=fields
            initial=initial
            draft_key=format!("user-connections.{pk}")
            body_mode=BodyMode::Full
            submit_label="Save"
            cancel_href=UserConnections::detail_href(&pk)
            save=save
        />
    }
}

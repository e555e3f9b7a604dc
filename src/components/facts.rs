//! Detail pages as data: a list of labelled facts drawn by one function, so a resource's
//! detail page adds rows to a `Vec` rather than a view type of its own to the build.

use crate::api::models::TokenUser;
use crate::components::link::user_link;
use crate::components::time::RelativeTime;
use leptos::prelude::*;

/// One value of a detail page.
pub enum Fact {
    Text(String),
    /// Identifiers, uuids, slugs: monospaced, long values wrap.
    Code(String),
    /// Monospaced, short (not wrapped).
    Mono(String),
    /// A time as "in 3 days" with the exact time on hover; a dash when absent.
    Time(Option<String>),
    YesNo(bool),
    /// Words about a missing value ("none").
    Muted(&'static str),
    View(AnyView),
}

/// A `<dl>` of facts (`class`: e.g. "facts" for the page's own, none inside a card).
pub fn facts(class: Option<&'static str>, rows: Vec<(&'static str, Fact)>) -> AnyView {
    let rows = rows
        .into_iter()
        .map(|(label, fact)| {
            let (class, value) = match fact {
                Fact::Text(t) => (None, t.into_any()),
                Fact::Code(t) => (Some("mono wrap"), t.into_any()),
                Fact::Mono(t) => (Some("mono"), t.into_any()),
                Fact::Time(iso) => (None, view! { <RelativeTime iso=iso /> }.into_any()),
                Fact::YesNo(yes) => (None, if yes { "Yes" } else { "No" }.into_any()),
                Fact::Muted(t) => (None, view! { <span class="muted">{t}</span> }.into_any()),
                Fact::View(v) => (None, v),
            };
            view! { <dt>{label}</dt><dd class=class>{value}</dd> }.into_any()
        })
        .collect_view();
    view! { <dl class=class>{rows}</dl> }.into_any()
}

/// A card of a detail page: a titled section (named by its heading) with its content.
pub fn card(id: &'static str, title: &'static str, body: AnyView) -> AnyView {
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {body}
        </section>
    }
    .into_any()
}

/// A user as objects nest them: their page, name, whether active, and their groups.
pub fn user_facts(user: &TokenUser) -> Vec<(&'static str, Fact)> {
    let groups = user.groups_obj.clone().unwrap_or_default();
    vec![
        (
            "Username",
            Fact::View(user_link(user.pk, user.username.clone())),
        ),
        ("Name", Fact::Text(user.name.clone())),
        ("Active", Fact::YesNo(user.is_active)),
        (
            "Groups",
            if groups.is_empty() {
                Fact::Muted("none")
            } else {
                Fact::View(
                    groups
                        .into_iter()
                        .map(|g| view! { <span class="chip">{g.name}</span> }.into_any())
                        .collect_view()
                        .into_any(),
                )
            },
        ),
    ]
}

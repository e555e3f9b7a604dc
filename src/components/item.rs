//! The frame every detail and edit page shares.

use crate::api::resources::{self, EventSubject, Item, Meta, Ops};
use crate::components::history::History;
use crate::components::link::Link;
use crate::components::remote::{remote_view, use_remote, Remote};
use crate::components::session::set_title;
use crate::components::{memo, reactive, Derived};
use leptos::prelude::*;

/// The route's `pk` and the object behind it, fetched again when the pk changes.
pub fn use_item(ops: Ops) -> (Derived<String>, Remote<Item>) {
    let pk = crate::components::route::use_pk();
    // The release, which some addresses depend on (`all/` or a kind's), is known before
    // any page is drawn (`App`).
    let remote = use_remote(
        move || pk.get(),
        move |pk, abort| async move { resources::retrieve(&ops, &pk, &abort).await },
    );
    (pk, remote)
}

/// Which page of an object.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ItemView {
    /// Draws its own heading (it may carry badges).
    Detail,
    /// Gets "Edit …" as heading and a breadcrumb back to the object.
    Edit,
}

/// Breadcrumbs to the list (and the object), the page title, then the object behind the
/// route: loading, an error with a retry, or `render`'s view of it. The view is keyed on the
/// pk only, so a refetch never rebuilds an edit form under the user's hands.
pub fn item_page(
    ops: Ops,
    list_label: &'static str,
    page: ItemView,
    render: fn(Item) -> AnyView,
) -> AnyView {
    let (pk, remote) = use_item(ops);
    let body = match page {
        // Below the detail: authentik's event log for the object, when it can be named.
        ItemView::Detail => remote_view(remote, "Loading…", move |item: Item| {
            let subject = (ops.event_subject)(&item);
            with_history(render(item), subject)
        }),
        // A form's draft belongs to the signed-in account: shown once it is known.
        ItemView::Edit => once_account_known(move || remote_view(remote, "Loading…", render)),
    };
    item_frame(ops.meta, list_label, page, pk, body)
}

/// A detail and the history of its object, without the item type.
fn with_history(detail: AnyView, subject: Option<EventSubject>) -> AnyView {
    match subject {
        Some(subject) => view! { {detail} <History subject=subject /> }.into_any(),
        None => detail,
    }
}

/// `view` once the signed-in account is known (at once, unless the page started loading
/// beside `core/users/me/`).
pub fn once_account_known<V: IntoView + 'static>(
    view: impl Fn() -> V + Send + Sync + 'static,
) -> AnyView {
    let me = crate::components::session::use_session_info().me;
    let known = memo(move || me.answered());
    reactive(move || {
        if known.get() {
            view().into_any()
        } else {
            view! { <crate::components::status::Loading /> }.into_any()
        }
    })
}

/// `item_page` without the item type: its view exists once for all resources.
fn item_frame(
    meta: Meta,
    list_label: &'static str,
    page: ItemView,
    pk: Derived<String>,
    body: AnyView,
) -> AnyView {
    let heading = move || match page {
        ItemView::Detail => format!("{} {}", meta.name, pk.get()),
        ItemView::Edit => format!("Edit {} {}", meta.name.to_ascii_lowercase(), pk.get()),
    };
    crate::components::effect(move || set_title(&heading()));
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <Link href=meta.route>{list_label}</Link>
            " / "
            {match page {
                ItemView::Detail => view! { <span aria-current="page">{reactive(move || pk.get().into_any())}</span> }.into_any(),
                ItemView::Edit => view! {
                    <a href=move || crate::config::href(&meta.detail_href(&pk.get()))>{reactive(move || pk.get().into_any())}</a>
                    " / "
                    <span aria-current="page">"Edit"</span>
                }
                .into_any(),
            }}
        </nav>
        // `{move || …}` inline, not `{heading}`: `view!` draws an inline closure through the
        // shared reactive function; a named closure would be a view type of its own.
        {(page == ItemView::Edit).then(|| view! { <h1>{reactive(move || heading().into_any())}</h1> }.into_any())}
        {body}
    }
    .into_any()
}

//! The pages every resource has, built from its declaration: the list (with its toolbar,
//! bulk action and export), the detail and edit pages, and the edit form saved the way the
//! resource updates.

use crate::api::query::FilterKey;
use crate::api::query::ListQuery;
use crate::api::resources::{typed, Item, Meta, Ops, UpdateMethod};
use crate::components::delete::BulkDelete;
use crate::components::edit_form::{
    update_then_show, BodyMode, CurrentFuture, EditForm, FormField,
};
use crate::components::export::ExportCsv;
use crate::components::filters::filter_widgets;
use crate::components::item::{item_page, ItemView};
use crate::components::list::{
    resource_list, use_list_query, Cells, Column, ListContext, Picked, Selection,
};
use crate::components::not_found::NotFound;
use crate::components::session::set_title;
use crate::components::{Derived, Handler, State};
use crate::resources::{Declared, Page};
use leptos::prelude::*;

/// The list's reload trigger, for toolbar actions that change its rows.
#[derive(Clone, Copy)]
pub struct ListRefresh(pub State<u32>);

pub fn list_page<R: Declared>() -> AnyView {
    list_page_of(
        use_list_query::<R>(),
        R::columns().into_iter().map(Column::erased).collect(),
        ListPage {
            ops: R::OPS,
            filters: R::FILTERS,
            bulk: R::BULK.then_some(R::RELABEL),
            title: R::TITLE,
            lede: R::LEDE,
            more: R::TOOLBAR,
        },
    )
}

/// `Declared::RELABEL`.
type Relabel = Option<fn(&Picked) -> String>;

/// A list page as its resource declares it, without the item type.
struct ListPage {
    ops: Ops,
    filters: &'static [FilterKey],
    /// Bulk delete, with `Declared::RELABEL`.
    bulk: Option<Relabel>,
    title: &'static str,
    lede: &'static str,
    more: Option<Page>,
}

/// `list_page` without the item type: compiled once.
fn list_page_of(ctx: ListContext, columns: Vec<Cells>, page: ListPage) -> AnyView {
    let bulk = page
        .bulk
        .map(|relabel| (State::new(Vec::new()), State::new(0u32), relabel));
    if let Some((_, refresh, _)) = bulk {
        provide_context(ListRefresh(refresh));
    }
    let list = resource_list(
        page.ops,
        ctx,
        columns,
        Some(filter_widgets(ctx, page.filters)),
        bulk.map(|b| b.0),
        bulk.map(|b| b.1),
    );
    list_frame(
        page.ops.meta,
        page.title,
        page.lede,
        page.more,
        bulk,
        ctx.query,
        list,
    )
}

/// The bulk action's selection, the list's reload trigger and `Declared::RELABEL`.
type Bulk = (Selection, State<u32>, Relabel);

/// The list page around the list, without the item type: compiled once.
fn list_frame(
    meta: Meta,
    title: &'static str,
    lede: &'static str,
    more: Option<Page>,
    bulk: Option<Bulk>,
    query: Derived<ListQuery>,
    list: AnyView,
) -> AnyView {
    set_title(title);
    let toolbar = view! {
        <div class="toolbar">
            {more.map(|more| more())}
            {bulk.map(|(selection, refresh, relabel)| view! { <BulkDelete meta=meta selection=selection refresh=refresh relabel=relabel /> }.into_any())}
            <ExportCsv meta=meta query=query />
        </div>
    }.into_any();
    view! {
        <section class="page">
            <h1>{title}</h1>
            <p class="lede">{lede}</p>
            {toolbar}
            {list}
        </section>
    }
    .into_any()
}

pub fn detail_page<R: Declared>() -> AnyView {
    item_section(R::OPS, R::TITLE, ItemView::Detail, detail_of::<R>)
}

pub fn edit_page<R: Declared>() -> AnyView {
    match R::EDIT {
        Some(_) => item_section(R::OPS, R::TITLE, ItemView::Edit, edit_of::<R>),
        None => view! { <NotFound /> }.into_any(),
    }
}

fn item_section(
    ops: Ops,
    title: &'static str,
    page: ItemView,
    render: fn(Item) -> AnyView,
) -> AnyView {
    view! { <section class="page">{item_page(ops, title, page, render)}</section> }.into_any()
}

/// `Declared::detail` of an erased item.
fn detail_of<R: Declared>(item: Item) -> AnyView {
    match typed::<R>(&item) {
        Some(item) => R::detail(item),
        None => ().into_any(),
    }
}

/// `Declared::EDIT` of an erased item.
fn edit_of<R: Declared>(item: Item) -> AnyView {
    match (R::EDIT, typed::<R>(&item)) {
        (Some(edit), Some(item)) => edit(item),
        _ => ().into_any(),
    }
}

/// The edit form of one object as its resource updates it: PUT sends every field; PATCH
/// sends only the changes (and the resource's `ALWAYS_SENT` fields), after the admin has
/// reviewed them. Drafts are kept per object.
pub fn update_form<R: Declared>(
    pk: String,
    fields: Vec<FormField>,
    initial: Vec<String>,
) -> AnyView {
    update_form_at::<R>(pk, "", fields, initial)
}

/// The edit form of an object kept per source kind, saved at `kind`'s own endpoint.
pub fn update_form_at<R: Declared>(
    pk: String,
    kind: &'static str,
    fields: Vec<FormField>,
    initial: Vec<String>,
) -> AnyView {
    update_form_of(R::OPS, R::ALWAYS_SENT, pk, kind, fields, initial)
}

/// `update_form_at` without the item type.
fn update_form_of(
    ops: Ops,
    always: &'static [&'static str],
    pk: String,
    kind: &'static str,
    fields: Vec<FormField>,
    initial: Vec<String>,
) -> AnyView {
    let meta = ops.meta;
    let patch = ops.update_method == Some(UpdateMethod::Patch);
    let save = update_then_show(ops, pk.clone(), kind);
    let current = {
        let pk = pk.clone();
        Handler::new(move |()| -> CurrentFuture {
            let pk = pk.clone();
            Box::pin(async move {
                crate::api::resources::current(&meta, &pk, kind, &crate::api::Abort::default())
                    .await
            })
        })
    };
    view! {
        <EditForm
            fields=fields
            initial=initial
            draft_key=format!("{}.{pk}", meta.route.trim_start_matches('/'))
            body_mode=if patch { BodyMode::Changes { always } } else { BodyMode::Full }
            review=patch
            submit_label=if patch { "Review changes" } else { "Save" }
            cancel_href=meta.detail_href(&pk)
            save=save
            current=current
        />
    }
    .into_any()
}

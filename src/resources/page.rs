//! The pages every resource has, built from its declaration: the list (with its toolbar,
//! bulk action and export), the detail and edit pages, and the edit form saved the way the
//! resource updates.

use crate::api::query::ListQuery;
use crate::api::resources::{Meta, UpdateMethod};
use crate::components::delete::BulkDelete;
use crate::components::edit_form::{
    update_then_show, BodyMode, CurrentFuture, EditForm, FormField,
};
use crate::components::export::ExportCsv;
use crate::components::filters::filter_widgets;
use crate::components::item::{item_page, ItemView};
use crate::components::list::{resource_list, use_list_query, Picked, Selection};
use crate::components::not_found::NotFound;
use crate::components::session::set_title;
use crate::resources::{Declared, Page};
use leptos::prelude::*;

/// The list's reload trigger, for toolbar actions that change its rows.
#[derive(Clone, Copy)]
pub struct ListRefresh(pub RwSignal<u32>);

pub fn list_page<R: Declared>() -> AnyView {
    let ctx = use_list_query::<R>();
    let bulk = R::BULK.then(|| (RwSignal::new(Vec::new()), RwSignal::new(0u32)));
    if let Some((_, refresh)) = bulk {
        provide_context(ListRefresh(refresh));
    }
    let list = resource_list::<R>(
        ctx,
        R::columns(),
        Some(filter_widgets(ctx, R::FILTERS)),
        bulk.map(|b| b.0),
        bulk.map(|b| b.1),
    );
    list_frame(
        R::META,
        R::TITLE,
        R::LEDE,
        R::TOOLBAR,
        bulk.map(|(selection, refresh)| (selection, refresh, R::RELABEL)),
        ctx.query,
        list,
    )
}

/// The bulk action's selection, the list's reload trigger and `Declared::RELABEL`.
type Bulk = (Selection, RwSignal<u32>, Option<fn(&Picked) -> String>);

/// The list page around the list, without the item type: compiled once.
fn list_frame(
    meta: Meta,
    title: &'static str,
    lede: &'static str,
    more: Option<Page>,
    bulk: Option<Bulk>,
    query: Memo<ListQuery>,
    list: AnyView,
) -> AnyView {
    set_title(title);
    let toolbar = view! {
        <div class="toolbar">
            {more.map(|more| more())}
            {bulk.map(|(selection, refresh, relabel)| view! { <BulkDelete meta=meta selection=selection refresh=refresh relabel=relabel /> })}
            <ExportCsv meta=meta query=query />
        </div>
    };
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
    view! { <section class="page">{item_page::<R>(R::TITLE, ItemView::Detail, R::detail)}</section> }
        .into_any()
}

pub fn edit_page<R: Declared>() -> AnyView {
    match R::EDIT {
        Some(edit) => {
            view! { <section class="page">{item_page::<R>(R::TITLE, ItemView::Edit, edit)}</section> }
                .into_any()
        }
        None => view! { <NotFound /> }.into_any(),
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
    let patch = R::UPDATE_METHOD == Some(UpdateMethod::Patch);
    let save = update_then_show::<R>(pk.clone(), kind);
    let current = {
        let pk = pk.clone();
        Callback::new(move |()| -> CurrentFuture {
            let pk = pk.clone();
            Box::pin(async move {
                crate::api::resources::current(&R::META, &pk, kind, &crate::api::Abort::default())
                    .await
            })
        })
    };
    view! {
        <EditForm
            fields=fields
            initial=initial
            draft_key=format!("{}.{pk}", R::ROUTE.trim_start_matches('/'))
            body_mode=if patch { BodyMode::Changes { always: R::ALWAYS_SENT } } else { BodyMode::Full }
            review=patch
            submit_label=if patch { "Review changes" } else { "Save" }
            cancel_href=R::detail_href(&pk)
            save=save
            current=current
        />
    }
    .into_any()
}

//! The list page every resource uses: server pagination, search, filters, ordering, all
//! held in the URL so a reload or a shared link shows the same view.

use crate::api::models::Page;
use crate::api::query::ListQuery;
use crate::api::resources::{self, Resource};
use crate::api::Abort;
use crate::components::remote::use_remote;
use crate::components::status::{Empty, ErrorPanel, Loading};
use crate::components::table::{Pager, SortHeader};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::marker::PhantomData;

pub struct Column<T> {
    pub label: &'static str,
    /// The API's `ordering` key, when the column can be sorted.
    pub order: Option<&'static str>,
    pub cell: fn(&T) -> AnyView,
}

/// The object's key, linking to its page; sorted by pk.
pub fn id_column<R: Resource>() -> Column<R::Item> {
    fn cell<R: Resource>(item: &R::Item) -> AnyView {
        let pk = R::pk(item);
        view! { <crate::components::link::Link href=R::detail_href(&pk)>{pk.clone()}</crate::components::link::Link> }
            .into_any()
    }
    Column {
        label: "ID",
        order: Some("pk"),
        cell: cell::<R>,
    }
}

/// What filter widgets need: the current query and a way to change it.
#[derive(Clone, Copy)]
pub struct ListContext {
    pub query: Memo<ListQuery>,
    pub set_query: Callback<ListQuery>,
    pub filter_keys: &'static [&'static str],
}

impl ListContext {
    pub fn set_filter(&self, key: &str, value: &str) {
        let q = self
            .query
            .get_untracked()
            .with_filter(key, value, self.filter_keys);
        self.set_query.run(q);
    }
}

pub fn use_list_query<R: Resource>() -> ListContext {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|m| {
            ListQuery::from_pairs(
                m.into_iter().map(|(k, v)| (k.as_ref(), v)),
                R::FILTERS,
                R::DEFAULT_ORDERING,
            )
        })
    });
    let navigate = use_navigate();
    let set_query = Callback::new(move |q: ListQuery| {
        let qs = q.to_url_query(R::DEFAULT_ORDERING);
        let url = if qs.is_empty() {
            R::ROUTE.to_string()
        } else {
            format!("{}?{qs}", R::ROUTE)
        };
        navigate(
            &url,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    ListContext {
        query,
        set_query,
        filter_keys: R::FILTERS,
    }
}

#[component]
pub fn ResourceList<R: Resource>(
    ctx: ListContext,
    columns: Vec<Column<R::Item>>,
    /// What the list holds, plural, for messages ("user source connections").
    noun: &'static str,
    #[prop(optional)] filters: Option<AnyView>,
    /// Row checkboxes feeding this list of pks (for bulk actions).
    #[prop(optional)]
    selection: Option<RwSignal<Vec<String>>>,
    /// Bumped by the page to reload the rows (e.g. after a bulk action).
    #[prop(optional)]
    refresh: Option<RwSignal<u32>>,
    #[prop(optional)] _resource: PhantomData<R>,
) -> impl IntoView {
    let query = ctx.query;
    let remote = use_remote(
        move || {
            if let Some(r) = refresh {
                r.track();
            }
            query.get()
        },
        |q, abort| async move { resources::list::<R>(&q, &abort).await },
    );
    let columns = StoredValue::new(columns);

    // Deletes elsewhere can shrink the list under a bookmarked page: go to the last one.
    Effect::new(move |_| {
        let invalid = remote
            .state
            .with(|s| matches!(s, Some(Err(e)) if e.is_invalid_page()));
        let q = query.get_untracked();
        if !invalid || q.page <= 1 {
            return;
        }
        leptos::task::spawn_local(async move {
            let first = ListQuery {
                page: 1,
                ..q.clone()
            };
            if let Ok(p) = resources::list::<R>(&first, &Abort::default()).await {
                if query.try_get_untracked().is_some() {
                    ctx.set_query.run(ListQuery {
                        page: p.pagination.total_pages.max(1),
                        ..q
                    });
                }
            }
        });
    });

    let search_input = RwSignal::new(query.get_untracked().search);
    Effect::new(move |_| search_input.set(query.with(|q| q.search.clone())));
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut q = query.get_untracked();
        q.search = search_input.get_untracked().trim().to_string();
        q.page = 1;
        ctx.set_query.run(q);
    };
    let on_sort = Callback::new(move |field: String| {
        ctx.set_query
            .run(query.get_untracked().toggle_ordering(&field))
    });
    let on_page = Callback::new(move |page: u64| {
        let mut q = query.get_untracked();
        q.page = page;
        ctx.set_query.run(q);
    });
    let on_page_size = Callback::new(move |size: u64| {
        let mut q = query.get_untracked();
        q.page_size = size;
        q.page = 1;
        ctx.set_query.run(q);
    });
    let has_filters = move || query.with(|q| !q.search.is_empty() || !q.filters.is_empty());
    let clear = move |_| {
        let mut q = query.get_untracked();
        q.search.clear();
        q.filters.clear();
        q.page = 1;
        ctx.set_query.run(q);
    };

    let table = move |page: Page<R::Item>| {
        if page.results.is_empty() {
            return view! {
                <Empty>
                    <p>{format!("No {noun} match.")}</p>
                    <Show when=has_filters>
                        <button type="button" class="btn" on:click=clear>"Clear search and filters"</button>
                    </Show>
                </Empty>
            }
            .into_any();
        }
        let pagination = page.pagination.clone();
        let page_pks: Vec<String> = page.results.iter().map(R::pk).collect();
        let select_all = selection.map(|sel| {
            let pks = page_pks.clone();
            let all = {
                let pks = pks.clone();
                move || sel.with(|s| pks.iter().all(|p| s.contains(p)))
            };
            view! {
                <th scope="col" class="select">
                    <input
                        type="checkbox"
                        aria-label="Select all rows on this page"
                        prop:checked=all.clone()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            sel.update(|s| {
                                s.retain(|p| !pks.contains(p));
                                if on {
                                    s.extend(pks.iter().cloned());
                                }
                            });
                        }
                    />
                </th>
            }
        });
        let headers = columns.with_value(|cols| {
            cols.iter()
                .map(|c| view! { <SortHeader label=c.label field=c.order query=query on_sort=on_sort /> })
                .collect_view()
        });
        let rows = page
            .results
            .into_iter()
            .map(|item| {
                let pk = R::pk(&item);
                let select = selection.map(|sel| {
                    let key = pk.clone();
                    let checked = move || sel.with(|s| s.contains(&key));
                    let key = pk.clone();
                    view! {
                        <td class="select">
                            <input
                                type="checkbox"
                                aria-label=format!("Select {} {}", R::NAME.to_lowercase(), pk)
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    sel.update(|s| {
                                        s.retain(|p| *p != key);
                                        if on {
                                            s.push(key.clone());
                                        }
                                    });
                                }
                            />
                        </td>
                    }
                });
                let cells = columns.with_value(|cols| {
                    cols.iter()
                        .map(|c| view! { <td>{(c.cell)(&item)}</td> })
                        .collect_view()
                });
                view! { <tr data-pk=pk.clone()>{select}{cells}</tr> }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="data" aria-busy=move || remote.loading.get().then_some("true")>
                    <caption class="visually-hidden">{noun}</caption>
                    <thead><tr>{select_all}{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Pager
                pagination=Signal::derive(move || pagination.clone())
                page_size=Signal::derive(move || query.with(|q| q.page_size))
                on_page=on_page
                on_page_size=on_page_size
            />
        }
        .into_any()
    };

    view! {
        <div class="list-tools">
            <form class="search" role="search" on:submit=on_search>
                <label for="list-search">"Search"</label>
                <input
                    id="list-search"
                    type="search"
                    prop:value=move || search_input.get()
                    on:input=move |ev| search_input.set(event_target_value(&ev))
                />
                <button type="submit" class="btn">"Search"</button>
            </form>
            {filters}
            <Show when=move || remote.loading.get() && remote.state.with(Option::is_some)>
                <span class="updating" role="status">"Updating…"</span>
            </Show>
        </div>
        {move || match remote.state.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Ok(page)) => table(page),
            Some(Err(e)) if e.is_invalid_page() => view! { <Loading label="That page no longer exists; going to the last page…" /> }.into_any(),
            Some(Err(e)) => view! { <ErrorPanel error=e retry=Callback::new(move |_| remote.reload()) /> }.into_any(),
        }}
    }
}

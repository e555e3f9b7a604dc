//! The list page every resource uses: server pagination, search, filters, ordering, all
//! held in the URL so a reload or a shared link shows the same view. Only what the
//! connected authentik release honours is offered (`Resource::LIST`); a URL asking for
//! more is shown as it is actually served, with a note naming what was left out.

use crate::api::field_errors::FieldErrors;
use crate::api::models::{Page, Pagination};
use crate::api::query::{search_hint, Era, FilterKey, Ignored, ListQuery, ListSupport, Offered};
use crate::api::resources::{self, Item, Ops, Resource};
use crate::api::{Abort, ApiError};
use crate::components::query_input::QueryInput;
use crate::components::remote::use_remote;
use crate::components::route::Go;
use crate::components::session::use_session_info;
use crate::components::status::{Empty, ErrorPanel, Loading};
use crate::components::table::{Pager, SortHeader};
use crate::components::{memo, memo_with, reactive, Derived, Handler, State, Stored};
use leptos::prelude::*;

pub struct Column<T> {
    pub label: &'static str,
    /// The API's `ordering` key, when the column can be sorted (and the server honours it).
    pub order: Option<&'static str>,
    pub cell: fn(&T) -> AnyView,
}

/// A column without the item type, as the list draws it.
pub struct Cells {
    pub label: &'static str,
    pub order: Option<&'static str>,
    pub cell: Box<dyn Fn(&Item) -> AnyView>,
}

impl<T: 'static> Column<T> {
    /// The column for rows of any resource: an item of another type (never handed over)
    /// draws an empty cell.
    pub fn erased(self) -> Cells {
        let cell = self.cell;
        Cells {
            label: self.label,
            order: self.order,
            cell: Box::new(move |item: &Item| match item.downcast_ref::<T>() {
                Some(item) => cell(item),
                None => ().into_any(),
            }),
        }
    }
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

/// A row the admin ticked, with the words the bulk confirmation lists it by.
#[derive(Clone, Debug, PartialEq)]
pub struct Picked {
    pub pk: String,
    pub label: String,
}

/// Ticked rows. They belong to the rows on screen: another filter, search, ordering or page
/// clears them, and a reload keeps only those still shown.
pub type Selection = State<Vec<Picked>>;

/// What filter widgets need: the current query, what the server offers, a way to change it.
#[derive(Clone, Copy)]
pub struct ListContext {
    /// The URL's query as the connected server honours it: what is sent and shown applied.
    pub query: Derived<ListQuery>,
    /// What of the URL's query this server would ignore.
    pub ignored: Derived<Vec<Ignored>>,
    pub offered: Derived<Offered>,
    navigate: Handler<(ListQuery, bool)>,
    pub filter_keys: &'static [FilterKey],
    /// The 400 the server gave for a query, so each filter can show its own message.
    rejected: State<Option<(ListQuery, FieldErrors)>>,
}

impl ListContext {
    /// Changes one filter. Callers may run after an await: if the page is gone by then,
    /// nothing happens (its query and navigation belong to it).
    pub fn set_filter(&self, key: FilterKey, value: &str) {
        if let Some(q) = self.query.try_get_untracked() {
            self.go(q.with_filter(key, value, self.filter_keys));
        }
    }

    /// Shows another view of the list (a new history entry).
    pub fn go(&self, q: ListQuery) {
        self.navigate.try_run((q, false));
    }

    /// Whether the connected server honours this filter (reactive).
    pub fn offers_filter(&self, key: FilterKey) -> bool {
        self.offered.with(|o| o.filters_by(key.as_str()))
    }

    /// The server's messages about this filter for the current query (reactive).
    pub fn filter_errors(&self, key: FilterKey) -> Vec<String> {
        let query = self.query;
        self.rejected.with(|r| match r {
            Some((q, e)) if query.with(|c| c == q) => e.messages_for(key.as_str()),
            _ => Vec::new(),
        })
    }
}

pub fn use_list_query<R: Resource>() -> ListContext {
    list_query(&R::LIST, R::FILTERS, R::DEFAULT_ORDERING, R::ROUTE)
}

/// `use_list_query` without the type, so its code exists once for all resources.
fn list_query(
    support: &'static ListSupport,
    filter_keys: &'static [FilterKey],
    default_ordering: &'static str,
    route: &'static str,
) -> ListContext {
    let address = crate::components::route::use_address();
    let params = address.pairs;
    let info = use_session_info();
    let offered = memo(move || Offered::new(support, info.release()));
    let asked = memo(move || {
        params.with(|m| {
            ListQuery::from_pairs(
                m.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                filter_keys,
                default_ordering,
            )
        })
    });
    let applied = memo(move || offered.with(|o| asked.with(|q| o.apply(q, default_ordering))));
    let query = memo(move || applied.with(|a| a.0.clone()));
    let ignored = memo(move || applied.with(|a| a.1.clone()));
    let navigate = Handler::new(move |(q, replace): (ListQuery, bool)| {
        let qs = q.to_url_query(default_ordering);
        let url = if qs.is_empty() {
            route.to_string()
        } else {
            format!("{route}?{qs}")
        };
        let how = if replace {
            Go::ReplaceKeepScroll
        } else {
            Go::PushKeepScroll
        };
        address.go(&url, how);
    });
    ListContext {
        query,
        ignored,
        offered,
        navigate,
        filter_keys,
        rejected: State::new(None),
    }
}

/// One load of the list.
#[derive(Clone)]
enum Loaded {
    Rows(Page<Item>),
    /// The page asked for is past the end (deletes shrank the list): go to `last`.
    PastEnd {
        asked: ListQuery,
        last: u64,
    },
}

/// Loads a page; a page past the end asks for the first page to learn the last one. Both
/// requests share the view's `abort`, so a newer query or leaving the page cancels them.
async fn load(ops: Ops, q: ListQuery, abort: Abort) -> Result<Loaded, ApiError> {
    match resources::list(&ops, &q, &abort).await {
        Ok(p) => Ok(Loaded::Rows(p)),
        Err(e) if e.is_invalid_page() && q.page > 1 => {
            let first = ListQuery {
                page: 1,
                ..q.clone()
            };
            let last = resources::list(&ops, &first, &abort)
                .await?
                .pagination
                .total_pages
                .max(1);
            if last >= q.page {
                return Err(e);
            }
            Ok(Loaded::PastEnd { asked: q, last })
        }
        Err(e) => Err(e),
    }
}

/// What the list shows besides the cells: everything but the cells is drawn from this.
#[derive(Clone, PartialEq)]
enum Shown {
    Waiting,
    Rows {
        picked: Vec<Picked>,
        pagination: Pagination,
        /// Bumped on every load: cells may change while pks and labels stay the same.
        seq: u32,
    },
    PastEnd {
        asked: ListQuery,
        last: u64,
    },
    Failed(ApiError),
}

/// The list of one resource: loading its rows (through its `Ops`) and their cells (its
/// columns) are here, the rest is `list_frame`'s.
///
/// `selection`: row checkboxes feeding it (for bulk actions); `refresh`: bumped by the page
/// to reload the rows (e.g. after a bulk action).
pub fn resource_list(
    ops: Ops,
    ctx: ListContext,
    columns: Vec<Cells>,
    filters: Option<AnyView>,
    selection: Option<Selection>,
    refresh: Option<State<u32>>,
) -> AnyView {
    let query = ctx.query;
    let remote = use_remote(
        move || {
            if let Some(r) = refresh {
                r.track();
            }
            // The release is known before any list is drawn (`App`): the first query is
            // the one sent.
            query.get()
        },
        move |q, abort| load(ops, q, abort),
    );
    let shown = memo_with(move |prev: Option<&Shown>| {
        let seq = match prev {
            Some(Shown::Rows { seq, .. }) => seq.wrapping_add(1),
            _ => 0,
        };
        remote.with(|s| match s {
            None => Shown::Waiting,
            Some(Ok(Loaded::Rows(p))) => Shown::Rows {
                picked: p
                    .results
                    .iter()
                    .map(|item| Picked {
                        pk: (ops.pk)(item),
                        label: (ops.describe)(item),
                    })
                    .collect(),
                pagination: p.pagination.clone(),
                seq,
            },
            Some(Ok(Loaded::PastEnd { asked, last })) => Shown::PastEnd {
                asked: asked.clone(),
                last: *last,
            },
            Some(Err(e)) => Shown::Failed(e.clone()),
        })
    });
    let heads = columns.iter().map(|c| (c.label, c.order)).collect();
    let columns = Stored::new(columns);
    // The cells of each row, after its checkbox; the rest is drawn by `list_frame`.
    let cells = Handler::new(move |i: usize| -> AnyView {
        remote
            .with_untracked(|s| match s {
                Some(Ok(Loaded::Rows(p))) => p.results.get(i).map(|item| {
                    columns.with_value(|cols| {
                        cols.iter()
                            .map(|c| view! { <td>{(c.cell)(item)}</td> }.into_any())
                            .collect_view()
                            .into_any()
                    })
                }),
                _ => None,
            })
            .unwrap_or_else(|| ().into_any())
    });
    list_frame(Frame {
        ctx,
        shown,
        loading: remote.loading,
        retry: Handler::new(move |_| remote.reload()),
        selection,
        heads,
        cells,
        filters,
        one: ops.meta.one,
        many: ops.meta.many,
    })
}

struct Frame {
    ctx: ListContext,
    shown: Derived<Shown>,
    loading: State<bool>,
    retry: Handler<()>,
    selection: Option<Selection>,
    /// Column labels and `ordering` keys.
    heads: Vec<(&'static str, Option<&'static str>)>,
    /// Row index → its cells.
    cells: Handler<usize, AnyView>,
    filters: Option<AnyView>,
    one: &'static str,
    many: &'static str,
}

fn list_frame(f: Frame) -> AnyView {
    let Frame {
        ctx,
        shown,
        loading,
        retry,
        selection,
        heads,
        cells,
        filters,
        one,
        many,
    } = f;
    let query = ctx.query;
    let info = use_session_info();

    // Past the end: the last page, unless the admin chose another view meanwhile (that
    // view loads by itself; going to the old one's last page would drop their choice).
    crate::components::effect(move || {
        if let Shown::PastEnd { asked, last } = shown.get() {
            if query.get_untracked() == asked {
                // Replace: Back must not return to a page that does not exist.
                ctx.navigate.try_run((
                    ListQuery {
                        page: last,
                        ..asked
                    },
                    true,
                ));
            }
        }
    });

    // The filters show the server's messages about them.
    crate::components::effect(move || {
        let rejected = shown.with(|s| match s {
            Shown::Failed(ApiError::Validation(e)) => Some(e.clone()),
            _ => None,
        });
        let q = query.get_untracked();
        ctx.rejected.set(rejected.map(|e| (q, e)));
    });

    if let Some(sel) = selection {
        // Another view: nothing ticked in the old one may be acted on.
        crate::components::effect_with(move |prev: Option<ListQuery>| {
            let q = query.get();
            if prev.is_some_and(|p| p != q) {
                sel.set(Vec::new());
            }
            q
        });
        // Reloaded rows: keep only ticks on rows still shown.
        crate::components::effect(move || {
            shown.with(|s| {
                if let Shown::Rows { picked, .. } = s {
                    let gone = |p: &Picked| !picked.iter().any(|r| r.pk == p.pk);
                    if sel.with_untracked(|s| s.iter().any(gone)) {
                        sel.update(|s| s.retain(|p| !gone(p)));
                    }
                }
            })
        });
    }

    let on_search = Handler::new(move |text: String| {
        if let Some(mut q) = query.try_get_untracked() {
            q.search = text;
            q.page = 1;
            ctx.go(q);
        }
    });
    let on_sort =
        Handler::new(move |field: String| ctx.go(query.get_untracked().toggle_ordering(&field)));
    let on_page = Handler::new(move |page: u64| {
        let mut q = query.get_untracked();
        q.page = page;
        ctx.go(q);
    });
    let on_page_size = Handler::new(move |size: u64| {
        let mut q = query.get_untracked();
        q.page_size = size;
        q.page = 1;
        ctx.go(q);
    });
    let has_filters = move || query.with(|q| !q.search.is_empty() || !q.filters.is_empty());
    let clear = Handler::new(move |_| {
        let mut q = query.get_untracked();
        q.search.clear();
        q.filters.clear();
        q.page = 1;
        ctx.go(q);
    });
    let search_fields = move || ctx.offered.with(|o| o.search());
    let heads = Stored::new(heads);

    let table = move |picked: Vec<Picked>, pagination: Pagination| {
        if picked.is_empty() {
            return view! {
                <Empty>
                    <p>{format!("No {many} match.")}</p>
                    {crate::components::show_when(has_filters, move || view! {
                        <button type="button" class="btn" on:click=move |_| clear.run(())>"Clear search and filters"</button>
                    }.into_any())}
                </Empty>
            }
            .into_any();
        }
        let select_all = selection.map(|sel| {
            let rows = picked.clone();
            let all = {
                let rows = rows.clone();
                move || sel.with(|s| rows.iter().all(|r| s.iter().any(|p| p.pk == r.pk)))
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
                                s.retain(|p| !rows.iter().any(|r| r.pk == p.pk));
                                if on {
                                    s.extend(rows.iter().cloned());
                                }
                            });
                        }
                    />
                </th>
            }
            .into_any()
        });
        let headers = heads.with_value(|heads| {
            heads
                .iter()
                .map(|&(label, order)| {
                    // A column the server would not sort by gets no sort button.
                    let sortable = memo(move || {
                        order.is_some_and(|k| ctx.offered.with(|o| o.sorts_by(k)))
                    });
                    view! { <SortHeader label=label field=order sortable=sortable query=query on_sort=on_sort /> }.into_any()
                })
                .collect_view()
        });
        let rows = picked
            .into_iter()
            .enumerate()
            .map(|(i, picked)| {
                let pk = picked.pk.clone();
                let select = selection.map(|sel| {
                    let key = pk.clone();
                    let checked = move || sel.with(|s| s.iter().any(|p| p.pk == key));
                    view! {
                        <td class="select">
                            <input
                                type="checkbox"
                                aria-label=format!("Select {one} {}", picked.pk)
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    sel.update(|s| {
                                        s.retain(|p| p.pk != picked.pk);
                                        if on {
                                            s.push(picked.clone());
                                        }
                                    });
                                }
                            />
                        </td>
                    }
                    .into_any()
                });
                view! { <tr data-pk=pk>{select}{cells.run(i)}</tr> }.into_any()
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="data" aria-busy=move || loading.get().then_some("true")>
                    <caption class="visually-hidden">{many}</caption>
                    <thead><tr>{select_all}{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Pager
                pagination=memo(move || pagination.clone())
                page_size=memo(move || query.with(|q| q.page_size))
                on_page=on_page
                on_page_size=on_page_size
            />
        }
        .into_any()
    };

    let failure = move |e: ApiError| {
        if let ApiError::Validation(fe) = &e {
            return view! { <RefusedView errors=fe.clone() filter_keys=ctx.filter_keys on_clear=clear /> }
                .into_any();
        }
        // Both may become known after the failure (the list is asked for beside them).
        let known_fault = matches!(e, ApiError::Server { status: 500, .. })
            && info.is_superuser() == Some(false)
            && ctx.offered.with(|o| o.fails_without_superuser());
        if known_fault {
            return view! {
                <div class="error-panel" role="alert">
                    <h2>"Not available to this account on authentik 2024.8"</h2>
                    <p>
                        {format!(
                            "authentik 2024.8 answers the list of {many} with an internal error (HTTP 500) for accounts \
                             without superuser rights. This is a known authentik bug, not a missing permission: \
                             its owner filter looks for a user field these objects do not have."
                        )}
                    </p>
                    <p class="hint">"Sign in with a superuser account, or upgrade authentik (2024.12 and newer answer with a permission check)."</p>
                </div>
            }
            .into_any();
        }
        view! { <ErrorPanel error=e retry=retry /> }.into_any()
    };

    view! {
        {reactive(move || ((info.is_superuser() == Some(false)).then(|| view! {
            <p class="notice" role="note">
                {format!("This account has no superuser rights: the list shows only the {many} it may see.")}
            </p>
        }.into_any())).into_any())}
        <div class="list-tools">
            {reactive(move || ((!search_fields().is_empty()).then(|| view! {
                <QueryInput
                    id="list-search".to_string()
                    label="Search"
                    button="Search"
                    search=true
                    value=memo(move || query.with(|q| q.search.clone()))
                    on_apply=on_search
                    hint=memo(move || Some(search_hint(search_fields())))
                />
            }.into_any())).into_any())}
            {filters}
            {crate::components::show_when(move || loading.get() && shown.with(|s| *s != Shown::Waiting), move || view! {
                <span class="updating" role="status">"Updating…"</span>
            }.into_any())}
        </div>
        {reactive(move || ({
            let what = ctx.ignored.with(|i| i.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "));
            let why = if ctx.offered.with(|o| o.era == Era::Unknown) {
                "not every authentik version honours it, and this server's version is not known"
            } else {
                "this authentik version ignores it"
            };
            (!what.is_empty()).then(|| view! {
                <p class="notice" role="note">{format!("Not applied: {what} ({why}). The list is shown without it.")}</p>
            }.into_any())
        }).into_any())}
        {reactive(move || (match shown.get() {
            Shown::Waiting => view! { <Loading /> }.into_any(),
            Shown::Rows { picked, pagination, .. } => table(picked, pagination),
            Shown::PastEnd { .. } => view! { <Loading label="That page no longer exists; going to the last page…" /> }.into_any(),
            Shown::Failed(e) => failure(e),
        }).into_any())}
    }
    .into_any()
}

/// A 400 on a list load: authentik refused a filter of this URL (`?user=abc`). Each
/// filter shows its own message; what belongs to no filter is said here, with a way out.
#[component]
fn RefusedView(
    errors: FieldErrors,
    filter_keys: &'static [FilterKey],
    on_clear: Handler<()>,
) -> impl IntoView {
    let keys: Vec<&str> = filter_keys.iter().map(|k| k.as_str()).collect();
    let at_filters = !errors.invalid_fields(&keys).is_empty();
    let general = errors.general_messages(&keys);
    view! {
        <div class="error-panel" role="alert">
            <h2>"authentik refused this view of the list"</h2>
            {at_filters.then(|| view! { <p>"A filter in this address is not valid; the server's message is shown at the filter."</p> }.into_any())}
            {(!general.is_empty()).then(|| view! {
                <ul>{general.into_iter().map(|m| view! { <li>{m}</li> }.into_any()).collect_view()}</ul>
            }.into_any())}
            <button type="button" class="btn" on:click=move |_| on_clear.run(())>"Clear filters"</button>
        </div>
    }.into_any()
}

//! Sortable column headers and page navigation, both driven by `ListQuery`.

use crate::api::models::Pagination;
use crate::api::query::ListQuery;
use crate::components::{reactive, Derived, Handler};
use leptos::prelude::*;

/// A column header; a sort button when the connected server sorts by `field` (`sortable`
/// may turn true once the server's release is known, after the rows are drawn).
#[component]
pub fn SortHeader(
    label: &'static str,
    field: Option<&'static str>,
    #[prop(into)] sortable: Derived<bool>,
    #[prop(into)] query: Derived<ListQuery>,
    #[prop(into)] on_sort: Handler<String>,
) -> impl IntoView {
    let state = move || field.and_then(|f| query.with(|q| q.sorted_by(f)));
    let aria = move || match state() {
        Some(true) => "ascending",
        Some(false) => "descending",
        None => "none",
    };
    reactive(move || match field.filter(|_| sortable.get()) {
        None => view! { <th scope="col">{label}</th> }.into_any(),
        Some(field) => view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="sort" on:click=move |_| on_sort.run(field.to_string())>
                    {label}
                    <span class="arrow" aria-hidden="true">
                        {reactive(move || (match state() {
                            Some(true) => "▲",
                            Some(false) => "▼",
                            None => "↕",
                        }).into_any())}
                    </span>
                </button>
            </th>
        }
        .into_any(),
    })
}

#[component]
pub fn Pager(
    #[prop(into)] pagination: Derived<Pagination>,
    #[prop(into)] page_size: Derived<u64>,
    #[prop(into)] on_page: Handler<u64>,
    #[prop(into)] on_page_size: Handler<u64>,
) -> impl IntoView {
    let p = move || pagination.get();
    view! {
        <nav class="pager" aria-label="Pagination">
            <span class="range">
                {reactive(move || ({
                    let p = p();
                    if p.count == 0 {
                        "No results".to_string()
                    } else {
                        format!("{}–{} of {}", p.start_index, p.end_index, p.count)
                    }
                }).into_any())}
            </span>
            <button
                type="button"
                class="btn"
                disabled=move || p().previous == 0
                on:click=move |_| on_page.run(p().previous)
            >
                "‹ Previous"
            </button>
            <span class="current" aria-current="page">
                {reactive(move || format!("Page {} of {}", p().current.max(1), p().total_pages.max(1)).into_any())}
            </span>
            <button
                type="button"
                class="btn"
                disabled=move || p().next == 0
                on:click=move |_| on_page.run(p().next)
            >
                "Next ›"
            </button>
            <label class="page-size">
                "Rows per page "
                <select on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() {
                        on_page_size.run(n)
                    }
                }>
                    {reactive(move || ({
                        // A shared link may ask for another size; show it rather than a
                        // wrong one.
                        let current = page_size.get();
                        let mut sizes = vec![20u64, 50, 100];
                        if !sizes.contains(&current) {
                            sizes.insert(sizes.partition_point(|&n| n < current), current);
                        }
                        sizes
                    }
                        .into_iter()
                        .map(|n| {
                            view! {
                                <option value=n.to_string() selected=move || page_size.get() == n>
                                    {n.to_string()}
                                </option>
                            }.into_any()
                        })
                        .collect_view()).into_any())}
                </select>
            </label>
        </nav>
    }
    .into_any()
}

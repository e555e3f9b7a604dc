//! "Export CSV": every page of the list as it is filtered, searched and sorted now, read one
//! page after another (gentle on authentik), with progress and Stop, saved as one file.

use crate::api::client::Abort;
use crate::api::export::{self, Drift, Drifted, Table, PAGE_SIZE};
use crate::api::query::ListQuery;
use crate::api::resources::Meta;
use crate::api::ApiError;
use crate::components::{memo, reactive, Derived, State, Stored};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, Debug, PartialEq)]
enum Run {
    Idle,
    Reading {
        page: u64,
        pages: u64,
        rows: usize,
    },
    /// Stop pressed, or the page left: nothing is saved (half a list would mislead).
    Stopped {
        rows: usize,
    },
    Failed(String),
    /// The list changed while it was read: a file would miss or repeat rows.
    Changed(Drifted),
    Saved {
        rows: usize,
        file: String,
    },
}

/// The export belongs to its list page: leaving the page stops it.
#[component]
pub fn ExportCsv(meta: Meta, query: Derived<ListQuery>) -> impl IntoView {
    let run = State::new(Run::Idle);
    let abort = Stored::new(None::<Abort>);
    on_cleanup(move || {
        if let Some(Some(a)) = abort.try_get_value() {
            a.cancel();
        }
    });
    let start = move |_| {
        let a = Abort::default();
        abort.set_value(Some(a.clone()));
        let mut q = query.get_untracked();
        q.page = 1;
        q.page_size = PAGE_SIZE;
        let segment = meta.route.trim_start_matches('/');
        let file = format!("{segment}-{}.csv", today());
        run.set(Run::Reading {
            page: 1,
            pages: 0,
            rows: 0,
        });
        leptos::task::spawn_local(async move {
            let mut table = Table::default();
            let mut drift = Drift::default();
            // The list's own address for this query (a kind's, `all/`…): never another list.
            let path = meta.list_path(&q);
            let outcome = loop {
                match export::page(&path, &q, &a).await {
                    Ok((objects, pagination)) => {
                        if let Err(d) = drift.page(&objects, pagination.count) {
                            break Err(Err(d));
                        }
                        for o in &objects {
                            table.push(o);
                        }
                        if pagination.next == 0 {
                            break Ok(());
                        }
                        q.page = pagination.next;
                        // A page that is gone has nobody to report to: stop reading.
                        if !run.try_set(Run::Reading {
                            page: q.page,
                            pages: pagination.total_pages,
                            rows: table.len(),
                        }) {
                            a.cancel();
                            break Err(Ok(ApiError::Aborted));
                        }
                    }
                    Err(e) => break Err(Ok(e)),
                }
            };
            let next = match outcome {
                Ok(()) => match save(&file, &table.to_csv()) {
                    Ok(()) => Run::Saved {
                        rows: table.len(),
                        file,
                    },
                    Err(()) => Run::Failed("The browser did not let the file be saved.".into()),
                },
                Err(Ok(ApiError::Aborted)) => Run::Stopped { rows: table.len() },
                Err(Ok(e)) => Run::Failed(e.to_string()),
                Err(Err(d)) => Run::Changed(d),
            };
            run.try_set(next);
        });
    };
    let stop = move |_| {
        if let Some(a) = abort.get_value() {
            a.cancel();
        }
    };
    let busy = memo(move || matches!(run.get(), Run::Reading { .. }));
    view! {
        <div class="export">
            {crate::components::show_or(
                move || busy.get(),
                move || view! { <button type="button" class="btn" on:click=stop>"Stop export"</button> }.into_any(),
                move || view! { <button type="button" class="btn" on:click=start>"Export CSV"</button> }.into_any(),
            )}
            <span role="status" aria-live="polite" class="export-status">
                {reactive(move || (match run.get() {
                    Run::Idle => String::new(),
                    Run::Reading { page, pages, rows } if pages > 0 => {
                        format!("Reading page {page} of {pages} ({rows} rows so far)…")
                    }
                    Run::Reading { .. } => "Reading the first page…".into(),
                    Run::Stopped { rows } => {
                        format!("Export stopped after {rows} rows: no file was saved.")
                    }
                    Run::Failed(why) => format!("Export failed: {why} No file was saved."),
                    Run::Changed(Drifted::Count(before, now)) => format!(
                        "The list changed while it was read ({before} → {now} objects): a file would miss or repeat rows, so none was saved. Export again."
                    ),
                    Run::Changed(Drifted::Repeated(id)) => format!(
                        "The list changed while it was read ({id} came on two pages): a file would miss or repeat rows, so none was saved. Export again."
                    ),
                    Run::Saved { rows, file } => format!("Saved {file}: {rows} {}.", if rows == 1 { "row" } else { "rows" }),
                }).into_any())}
            </span>
        </div>
    }.into_any()
}

/// The local date, for the file name.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Hands the text to the browser as a download.
fn save(file: &str, csv: &str) -> Result<(), ()> {
    let parts = js_sys::Array::of1(&csv.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(())?;
    let a = document
        .create_element("a")
        .map_err(|_| ())?
        .dyn_into::<web_sys::HtmlElement>()
        .map_err(|_| ())?;
    a.set_attribute("href", &url).map_err(|_| ())?;
    a.set_attribute("download", file).map_err(|_| ())?;
    a.click();
    // Released once the browser has taken the file (a revoke right after the click can
    // cancel the download in some browsers).
    let release = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w
            .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 60_000);
    }
    Ok(())
}

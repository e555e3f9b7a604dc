//! What every run of requests (bulk delete or revoke, sign out everywhere) shares: it belongs
//! to the account that confirmed it, the tab asks before it is unloaded while one goes on,
//! and a run cut short by a reload (or by leaving the console) is reported when the console
//! starts again in the tab.

use crate::api::client;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::Cell;

/// Where the steps a run has not yet had answered are kept, in the tab's session storage.
const KEY: &str = "ak-admin.run";

thread_local! {
    /// Runs going on in this tab (the unload question is asked while there is one).
    static RUNNING: Cell<u32> = const { Cell::new(0) };
}

/// A run's record: its title and the steps not yet answered, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub title: String,
    pub left: Vec<String>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Held for as long as a run goes on; dropped when it ends, however it ends.
pub struct RunGuard {
    generation: u32,
    record: Record,
}

impl RunGuard {
    /// Starts a run of `steps` (each named as the outcome list names it), confirmed by the
    /// account signed in now.
    pub fn start(title: String, steps: Vec<String>) -> RunGuard {
        RUNNING.with(|r| r.set(r.get() + 1));
        let guard = RunGuard {
            generation: client::generation(),
            record: Record { title, left: steps },
        };
        guard.save();
        guard
    }

    /// Whether the next request may go out: the account that confirmed the run is still the
    /// one in use. After a sign-out (or a sign-in as someone else) nothing more is sent, so
    /// no request of the run is made by another account and no 404 of another account's is
    /// taken for "already gone".
    pub fn may_send(&self) -> bool {
        client::generation() == self.generation && client::is_signed_in()
    }

    /// The next step has its answer (whatever it was).
    pub fn answered(&mut self) {
        if !self.record.left.is_empty() {
            self.record.left.remove(0);
        }
        self.save();
    }

    fn save(&self) {
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&self.record)) {
            let _ = s.set_item(KEY, &text);
        }
    }
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        RUNNING.with(|r| r.set(r.get().saturating_sub(1)));
        if let Some(s) = storage() {
            let _ = s.remove_item(KEY);
        }
    }
}

/// Why the rest of a run was not sent when its account signed out.
pub const SIGNED_OUT: &str =
    "the account that confirmed it is no longer signed in, so nothing more was sent";

/// The record of a run that never ended in this tab (a reload, or leaving the console
/// while it went on), taken once.
fn cut_short() -> Option<Record> {
    let s = storage()?;
    let text = s.get_item(KEY).ok()??;
    let _ = s.remove_item(KEY);
    serde_json::from_str::<Record>(&text)
        .ok()
        .filter(|r| !r.left.is_empty())
}

/// At the console's start: asks before the tab is unloaded while a run goes on, and says
/// which steps of a run cut short by the last unload were never answered.
#[component]
pub fn RunWatch() -> impl IntoView {
    let unload = window_event_listener(leptos::ev::beforeunload, |ev| {
        if RUNNING.with(Cell::get) > 0 {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || unload.remove());
    let report = RwSignal::new(cut_short());
    move || {
        report.get().map(|r| {
            let n = r.left.len();
            view! {
                <section class="notice run-cut-short" role="alert" aria-labelledby="cut-short-title">
                    <h2 id="cut-short-title">{format!("A run was cut short: {}", r.title)}</h2>
                    <p>{format!(
                        "The page was left or reloaded while it went on. {n} {} not confirmed done (the one in progress may have gone through); check them before you rely on the run:",
                        if n == 1 { "step was" } else { "steps were" }
                    )}</p>
                    <ul class="outcomes" tabindex="0" aria-label="Not confirmed done">
                        {r.left.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="btn" on:click=move |_| report.set(None)>"Dismiss"</button>
                </section>
            }
        })
    }
}

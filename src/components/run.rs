//! The one run machine: every action of many requests (bulk delete or revoke, sign out
//! everywhere) is planned and confirmed by its page, then handed here, where it runs one
//! request after another with Stop, each step's outcome and a report.
//!
//! It lives at the App root, so a run survives the page that started it: going Back and
//! Forward shows the same run (its page shows it again, every other page a bar with Stop),
//! and one run goes at a time. A run belongs to the account that confirmed it: nothing more
//! is sent once another account (or none) is in use, and what it did is shown only to that
//! account. The tab asks before it is unloaded while a run goes on, and a run cut short by
//! a reload (or by leaving the console) is reported when the console starts again.

use crate::api::client;
use crate::api::models::UserDetail;
use crate::api::query::count_of;
use crate::api::resources::{self, Meta};
use crate::api::text::capital;
use crate::api::{Abort, ApiError};
use crate::components::history::note_change;
use crate::components::link::Link;
use crate::components::toast::use_toasts;
use crate::components::{memo, reactive, Derived, State, Stored};
use gloo_net::http::Method;
use leptos::prelude::*;
use serde::Serialize;
use std::cell::Cell;
use std::sync::Arc;

/// What one step sends.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Deletes (or revokes) one object.
    Remove(Meta, String),
    /// Deactivates a user (PATCH `is_active: false`).
    Deactivate(i64),
}

/// One step of a plan, named as the confirmation listed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// "Refresh token 5 (alice)".
    pub label: String,
    /// What the report groups it under ("refresh tokens", "deactivate the account").
    pub kind: &'static str,
    pub action: Action,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Waiting,
    Done,
    /// Already gone when asked: what the admin wanted (a second run is harmless).
    Gone,
    Failed(String),
    /// The answer was lost and reading again could not tell whether it was applied.
    Unknown(String),
    NotSent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Running,
    /// Stop pressed: the request in flight finishes, no further one is sent.
    Stopping,
    Finished,
}

/// What a page confirmed: exactly these steps are sent, in this order.
#[derive(Debug)]
pub struct Plan {
    /// The console route the run is about (a list, a user's page): that page shows it.
    pub subject: String,
    /// "Revoke 20 refresh tokens", "Sign out everywhere for alice".
    pub title: String,
    pub steps: Vec<Step>,
    /// How a step that did what was asked is said ("revoked", "done").
    pub done_word: &'static str,
    /// The report's text (its first line is the toast's).
    pub report: fn(&Plan, &[Outcome]) -> String,
    /// The link the ending toast offers: (text, route).
    pub link: Option<(String, String)>,
}

/// A run as the machine holds it (one run is equal only to itself).
#[derive(Clone)]
struct Current {
    plan: Arc<Plan>,
    /// The account that confirmed it: only it is shown the run.
    account: Option<i64>,
}

impl PartialEq for Current {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.plan, &other.plan)
    }
}

/// The machine, in the App's context.
#[derive(Clone, Copy)]
pub struct Runs {
    current: State<Option<Current>>,
    outcomes: State<Vec<Outcome>>,
    phase: State<Phase>,
    summary: State<String>,
    /// Bumped when a run ends: what it changed is read again by whoever shows it.
    ended: State<u32>,
    /// The account signed in now (`None`: nobody): a run is shown only to its own account.
    account: Derived<Option<i64>>,
    /// How many pages show the run themselves (the bar is then not needed).
    shown: State<u32>,
}

pub fn use_runs() -> Runs {
    expect_context::<Runs>()
}

impl Runs {
    pub fn provide(account: Derived<Option<i64>>) {
        provide_context(Runs {
            current: State::new(None),
            outcomes: State::new(Vec::new()),
            phase: State::new(Phase::Finished),
            summary: State::new(String::new()),
            ended: State::new(0),
            account,
            shown: State::new(0),
        });
    }

    /// The run of the account signed in, if any (tracked: follows sign-in and sign-out).
    fn visible(&self) -> Option<Current> {
        let account = self.account.get()?;
        self.current.get().filter(|c| c.account == Some(account))
    }

    /// Whether a run is going on (a second is not started meanwhile).
    pub fn busy(&self) -> bool {
        matches!(self.phase.get(), Phase::Running | Phase::Stopping)
    }

    /// Bumped when a run ends (tracked).
    pub fn ended(&self) -> u32 {
        self.ended.get()
    }

    /// The steps of the run about `subject` that were done (or found gone), for a page that
    /// keeps its own copy of what they removed.
    pub fn done_of(&self, subject: &str) -> Vec<Action> {
        let (Some(c), outcomes) = (self.visible(), self.outcomes.get()) else {
            return Vec::new();
        };
        if c.plan.subject != subject {
            return Vec::new();
        }
        c.plan
            .steps
            .iter()
            .zip(outcomes)
            .filter(|(_, o)| matches!(o, Outcome::Done | Outcome::Gone))
            .map(|(s, _)| s.action.clone())
            .collect()
    }

    /// Starts a confirmed plan, unless a run is going on already. The run is the admin's
    /// write: it goes on wherever they go and reports in a toast; it touches only signals of
    /// the App, which outlives every page.
    pub fn start(&self, plan: Plan, account: Option<i64>) -> bool {
        if self.phase.get_untracked() != Phase::Finished || plan.steps.is_empty() {
            return false;
        }
        let plan = Arc::new(plan);
        let mut guard = RunGuard::start(
            plan.title.clone(),
            plan.steps.iter().map(|s| s.label.clone()).collect(),
        );
        self.current.set(Some(Current {
            plan: plan.clone(),
            account,
        }));
        self.outcomes.set(vec![Outcome::Waiting; plan.steps.len()]);
        self.summary.set(String::new());
        self.phase.set(Phase::Running);
        let runs = *self;
        let toasts = use_toasts();
        leptos::task::spawn_local(async move {
            let mut results = Vec::with_capacity(plan.steps.len());
            let mut signed_out = false;
            for (i, step) in plan.steps.iter().enumerate() {
                if runs.phase.get_untracked() == Phase::Stopping {
                    break;
                }
                if !guard.may_send() {
                    signed_out = true;
                    break;
                }
                let outcome = perform(&step.action, account).await;
                guard.answered();
                runs.outcomes.update(|o| {
                    if let Some(slot) = o.get_mut(i) {
                        *slot = outcome.clone();
                    }
                });
                results.push(outcome);
            }
            drop(guard);
            results.resize(plan.steps.len(), Outcome::NotSent);
            runs.outcomes.set(results.clone());
            let mut text = (plan.report)(&plan, &results);
            if signed_out {
                text = format!("{text}\nNot sent: {SIGNED_OUT}.");
            }
            // The toast says the headline (and why the rest was not sent, if so).
            let headline = text.lines().next().unwrap_or_default();
            let toast = if signed_out {
                format!("{headline} Not sent: {SIGNED_OUT}.")
            } else {
                headline.to_string()
            };
            runs.summary.set(text);
            runs.phase.set(Phase::Finished);
            runs.ended.update(|n| *n = n.wrapping_add(1));
            match &plan.link {
                Some((label, href)) => toasts.push_link(toast, label.clone(), href.clone()),
                None => toasts.push(toast),
            }
        });
        true
    }
}

/// Sends one step and says what came of it. A lost answer does not mean the write was not
/// applied: the object is read again first.
async fn perform(action: &Action, account: Option<i64>) -> Outcome {
    let abort = Abort::default();
    let result = match action {
        Action::Remove(meta, pk) => resources::destroy(*meta, pk, &abort).await,
        Action::Deactivate(pk) => deactivate(*pk, account, &abort).await,
    };
    match result {
        Ok(()) => Outcome::Done,
        Err(ApiError::NotFound(_)) if matches!(action, Action::Remove(..)) => Outcome::Gone,
        // No answer from authentik itself (a timeout, a broken connection, a proxy's 502):
        // it may have applied the write all the same.
        Err(
            e @ (ApiError::Timeout | ApiError::Network(_) | ApiError::Server { status: 502, .. }),
        ) => confirm(action, e).await,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

async fn deactivate(pk: i64, account: Option<i64>, abort: &Abort) -> Result<(), ApiError> {
    let (_, request_id) = client::write_traced::<serde_json::Value>(
        Method::PATCH,
        &format!("core/users/{pk}/"),
        &serde_json::json!({ "is_active": false }),
        abort,
    )
    .await?;
    // The user's history then says what this PATCH changed.
    if let Some(account) = account {
        let field = ("Active".into(), "Yes".into(), "No".into());
        note_change(account, request_id, vec![field]);
    }
    Ok(())
}

/// After a lost answer: what authentik holds now says whether the step was applied.
async fn confirm(action: &Action, lost: ApiError) -> Outcome {
    let abort = Abort::default();
    let applied = match action {
        Action::Remove(meta, pk) => resources::still_there(*meta, pk, &abort)
            .await
            .map(|there| !there),
        Action::Deactivate(pk) => {
            client::get::<UserDetail>(&format!("core/users/{pk}/"), "", &abort)
                .await
                .map(|u| !u.is_active)
        }
    };
    match applied {
        Ok(true) => Outcome::Done,
        Ok(false) => Outcome::Failed(format!("{lost} Read again: not applied.")),
        Err(e) => Outcome::Unknown(format!(
            "{lost} Reading it again failed too ({e}): it may or may not have been applied."
        )),
    }
}

/// Each outcome counted: (done, already gone, failed, not confirmed, not sent).
pub fn tally<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> [usize; 5] {
    let mut n = [0; 5];
    for o in outcomes {
        match o {
            Outcome::Done => n[0] += 1,
            Outcome::Gone => n[1] += 1,
            Outcome::Failed(_) => n[2] += 1,
            Outcome::Unknown(_) => n[3] += 1,
            Outcome::NotSent => n[4] += 1,
            Outcome::Waiting => {}
        }
    }
    n
}

/// The plan's kinds in order, with how many steps each has.
pub fn by_kind(steps: &[Step]) -> Vec<(&'static str, usize)> {
    let mut out: Vec<(&'static str, usize)> = Vec::new();
    for s in steps {
        match out.iter_mut().find(|(w, _)| *w == s.kind) {
            Some((_, n)) => *n += 1,
            None => out.push((s.kind, 1)),
        }
    }
    out
}

/// Per kind: what was done, already gone, failed (and why), not confirmed and not sent.
pub fn kind_lines(plan: &Plan, outcomes: &[Outcome]) -> Vec<String> {
    let mut lines = Vec::new();
    for (kind, _) in by_kind(&plan.steps) {
        let of_kind: Vec<(&Step, &Outcome)> = plan
            .steps
            .iter()
            .zip(outcomes)
            .filter(|(s, _)| s.kind == kind)
            .collect();
        let [done, gone, failed, unknown, not_sent] = tally(of_kind.iter().map(|(_, o)| *o));
        let unknown = if unknown > 0 {
            format!(", {unknown} not confirmed")
        } else {
            String::new()
        };
        lines.push(format!(
            "{}: {done} done, {gone} already gone, {failed} failed{unknown}, {not_sent} not sent",
            capital(kind)
        ));
        for (s, o) in &of_kind {
            match o {
                Outcome::Failed(why) => lines.push(format!("  failed: {} — {why}", s.label)),
                Outcome::Unknown(why) => {
                    lines.push(format!("  not confirmed: {} — {why}", s.label))
                }
                _ => {}
            }
        }
    }
    lines
}

/// Where the steps a run has not yet had answered are kept, in the tab's session storage.
const KEY: &str = "ak-admin.run";

thread_local! {
    /// Runs going on in this tab (the unload question is asked while there is one).
    static RUNNING: Cell<u32> = const { Cell::new(0) };
}

/// A run's record: its title and the steps not yet answered, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
struct Record {
    title: String,
    left: Vec<String>,
}
crate::api::json::from_fields!(Record { title, left });

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Held for as long as a run goes on; dropped when it ends, however it ends.
struct RunGuard {
    generation: u32,
    record: Record,
}

impl RunGuard {
    /// Starts a run of `steps`, confirmed by the account signed in now.
    fn start(title: String, steps: Vec<String>) -> RunGuard {
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
    fn may_send(&self) -> bool {
        client::generation() == self.generation && client::is_signed_in()
    }

    /// The next step has its answer (whatever it was).
    fn answered(&mut self) {
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
    crate::api::json::parse::<Record>(&text)
        .ok()
        .filter(|r| !r.left.is_empty())
}

/// The run about `subject` as its page shows it: progress, Stop, each step's outcome and
/// the report to copy. Focus goes to the progress when the run starts (`run-progress`).
#[component]
pub fn RunView(#[prop(into)] subject: String) -> impl IntoView {
    let runs = use_runs();
    runs.shown.update(|n| *n += 1);
    on_cleanup(move || {
        runs.shown.try_update(|n| *n = n.saturating_sub(1));
    });
    let subject = Stored::new(subject);
    let mine = memo(move || {
        runs.visible()
            .filter(|c| subject.with_value(|s| *s == c.plan.subject))
    });
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let copy = move |_| {
        if let Some(t) = textarea.get() {
            t.select();
            use wasm_bindgen::JsCast;
            if let Some(doc) = document().dyn_ref::<web_sys::HtmlDocument>() {
                let _ = doc.exec_command("copy");
            }
        }
    };
    reactive(move || {
        mine.get().map(|Current { plan, .. }| {
            let done_word = plan.done_word;
            let total = plan.steps.len();
            let steps = plan.steps.clone();
            view! {
                <div class="run">
                    <Progress runs=runs total=total id="run-progress" />
                    <ul class="outcomes" tabindex="0" aria-label="Outcome of each item">
                        {reactive(move || ({
                            runs.outcomes.get().into_iter().zip(steps.iter()).map(|(state, step)| {
                                let (class, said) = match state {
                                    Outcome::Waiting => ("", String::new()),
                                    Outcome::Done => ("ok", format!(": {done_word}")),
                                    Outcome::Gone => ("ok", ": already gone".to_string()),
                                    Outcome::Failed(m) => ("failed", format!(": failed — {m}")),
                                    Outcome::Unknown(m) => ("failed", format!(": not confirmed — {m}")),
                                    Outcome::NotSent => ("muted", ": not sent".to_string()),
                                };
                                view! { <li class=class>{format!("{}{said}", step.label)}</li> }.into_any()
                            }).collect_view()
                        }).into_any())}
                    </ul>
                    <div hidden=move || runs.summary.with(String::is_empty)>
                        <p class="summary">{reactive(move || runs.summary.with(|s| s.lines().next().unwrap_or_default().to_string()).into_any())}</p>
                        <label for="run-summary">"Summary"</label>
                        <textarea id="run-summary" node_ref=textarea readonly rows="6" prop:value=move || runs.summary.get()></textarea>
                        <button type="button" class="btn" on:click=copy>"Copy summary"</button>
                    </div>
                </div>
            }
            .into_any()
        })
        .into_any()
    })
}

/// "3 of 20" with a progress bar and, while the run goes, Stop.
#[component]
fn Progress(runs: Runs, total: usize, id: &'static str) -> impl IntoView {
    let answered = move || {
        runs.outcomes.with(|o| {
            o.iter()
                .filter(|x| !matches!(x, Outcome::Waiting | Outcome::NotSent))
                .count()
        })
    };
    // A memo, so the Stop button is replaced only when the run starts or ends (it keeps
    // focus when it turns into "stopping").
    let busy = memo(move || runs.busy());
    view! {
        // Present from the start of the run to its end, so the live region is not replaced
        // while it speaks.
        <p role="status" aria-live="polite" id=id tabindex="-1">
            <progress max=total value=answered></progress>
            {reactive(move || ({
                let stopping = if runs.phase.get() == Phase::Stopping {
                    " — stopping after the request in progress…"
                } else {
                    ""
                };
                format!(" {} of {total}{stopping}", answered())
            }).into_any())}
        </p>
        {reactive(move || busy.get().then(|| view! {
            <button
                type="button"
                class="btn"
                disabled=move || runs.phase.get() == Phase::Stopping
                on:click=move |_| {
                    if runs.phase.get_untracked() == Phase::Running {
                        runs.phase.set(Phase::Stopping);
                    }
                }
            >
                "Stop"
            </button>
        }.into_any()).into_any())}
    }
    .into_any()
}

/// At the console's start: the bar that shows a run going on while its page is not shown,
/// the question before the tab is unloaded during a run, and the report of a run cut short
/// by the last unload.
#[component]
pub fn RunWatch() -> impl IntoView {
    let unload = window_event_listener(leptos::ev::beforeunload, |ev| {
        if RUNNING.with(Cell::get) > 0 {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || unload.remove());
    let runs = use_runs();
    // Shown while a run goes on and no page shows it.
    let bar = move || match runs.visible() {
        Some(c) if runs.busy() && runs.shown.get() == 0 => {
            let total = c.plan.steps.len();
            view! {
                <section class="notice run-bar" aria-label="Run going on">
                    <strong>{c.plan.title.clone()}</strong>
                    " "
                    <Link href=c.plan.subject.clone()>"Show"</Link>
                    <Progress runs=runs total=total id="run-bar-progress" />
                </section>
            }
            .into_any()
        }
        _ => ().into_any(),
    };
    let report = State::new(cut_short());
    let cut = move || match report.get() {
        Some(r) => {
            let n = r.left.len();
            view! {
                <section class="notice run-cut-short" role="alert" aria-labelledby="cut-short-title">
                    <h2 id="cut-short-title">{format!("A run was cut short: {}", r.title)}</h2>
                    <p>{format!(
                        "The page was left or reloaded while it went on. {n} {} not confirmed done (the one in progress may have gone through); check them before you rely on the run:",
                        if n == 1 { "step was" } else { "steps were" }
                    )}</p>
                    <ul class="outcomes" tabindex="0" aria-label="Not confirmed done">
                        {r.left.into_iter().map(|l| view! { <li>{l}</li> }.into_any()).collect_view()}
                    </ul>
                    <button type="button" class="btn" on:click=move |_| report.set(None)>"Dismiss"</button>
                </section>
            }.into_any()
        }
        None => ().into_any(),
    };
    view! { {reactive(bar)} {reactive(cut)} }.into_any()
}

/// How a bulk run's report counts: "20 refresh tokens revoked.", "Stopped: 3 refresh
/// tokens revoked, 17 not sent."
pub fn count_line(
    (one, many): (&str, &str),
    past: &str,
    [done, gone, failed, unknown, not_sent]: [usize; 5],
) -> String {
    let mut parts = vec![format!("{} {past}", count_of(done + gone, one, many))];
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    if unknown > 0 {
        parts.push(format!("{unknown} not confirmed"));
    }
    if not_sent > 0 {
        parts.push(format!("{not_sent} not sent"));
    }
    let stopped = if not_sent > 0 { "Stopped: " } else { "" };
    format!("{stopped}{}.", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::count_line;

    const NOUNS: (&str, &str) = ("refresh token", "refresh tokens");

    #[test]
    fn summaries_count_in_english() {
        let cases = [
            ("revoked", [20, 0, 0, 0, 0], "20 refresh tokens revoked."),
            ("revoked", [0, 1, 0, 0, 0], "1 refresh token revoked."),
            (
                "revoked",
                [2, 0, 1, 0, 0],
                "2 refresh tokens revoked, 1 failed.",
            ),
            (
                "revoked",
                [3, 0, 0, 0, 17],
                "Stopped: 3 refresh tokens revoked, 17 not sent.",
            ),
            (
                "deleted",
                [0, 0, 1, 1, 2],
                "Stopped: 0 refresh tokens deleted, 1 failed, 1 not confirmed, 2 not sent.",
            ),
        ];
        for (past, n, want) in cases {
            assert_eq!(count_line(NOUNS, past, n), want);
        }
    }
}

//! Delete with a confirmation that first asks the server what uses the object.

use crate::api::models::UsedBy;
use crate::api::query::count_of;
use crate::api::resources::{self, Meta};
use crate::api::{Abort, ApiError};
use crate::components::dialog::{close_on_new_subject, ConfirmDialog};
use crate::components::field::focus_later;
use crate::components::list::{Picked, Selection};
use crate::components::remote::{use_remote, Remote};
use crate::components::route::{use_address, Go};
use crate::components::run::{
    count_line, kind_lines, tally, use_runs, Action, Outcome, Plan, RunView, Step,
};
use crate::components::status::{return_path, sign_in_href};
use crate::components::toast::use_toasts;
use crate::components::{memo, reactive, Derived, Handler, State, Stored};
use leptos::prelude::*;

/// Deletes (or revokes, as the resource says) one object after a confirmation.
#[component]
pub fn DeleteButton(
    meta: Meta,
    #[prop(into)] pk: String,
    /// What the dialog calls the object ("connection of alice to GitHub").
    #[prop(into)]
    label: Derived<String>,
    /// Where to go once it is gone.
    #[prop(into)]
    after: String,
    /// Said first in the confirmation (ending the session the console is signed in with).
    #[prop(optional_no_strip)]
    warning: Option<String>,
) -> impl IntoView {
    let verb = meta.verb.label();
    let open = State::new(false);
    let failure = State::new(None::<String>);
    let toasts = use_toasts();
    let address = use_address();
    let pk = Stored::new(pk);

    let used_by = use_remote(
        move || open.get(),
        move |open, abort| async move {
            if open {
                resources::used_by(meta, &pk.get_value(), &abort)
                    .await
                    .map(Some)
            } else {
                Ok(None)
            }
        },
    );

    // A delete the admin confirmed finishes even if they leave meanwhile, and reports in a
    // toast (the App's, which outlives this page); this page's signals are only touched
    // through `try_`, and it navigates only while it is still shown.
    let busy = State::new(false);
    // A request already sent finishes; an unconfirmed dialog does not outlive its page.
    close_on_new_subject(
        move || open.get_untracked() && !busy.get_untracked(),
        move || open.set(false),
    );
    let after = Stored::new(after);
    let confirm = move || {
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        busy.set(true);
        let pk = pk.get_value();
        let after = after.get_value();
        leptos::task::spawn_local(async move {
            let result = resources::destroy(meta, &pk, &Abort::default()).await;
            let shown = busy.try_set(false);
            let what = format!("{} {pk}", meta.name);
            let done = meta.verb.past();
            match result {
                Ok(()) => {
                    toasts.push(format!("{what} {done}."));
                    if shown {
                        open.try_set(false);
                        address.go(&after, Go::Push);
                    }
                }
                Err(ApiError::SignedOut(_)) if shown => {
                    address.go(&sign_in_href(&return_path()), Go::Push)
                }
                Err(e) if shown => {
                    failure.try_set(Some(e.to_string()));
                }
                Err(e) => toasts.push(format!("{what} was not {done}: {e}")),
            }
        });
    };

    let title = memo(move || format!("{verb} {}?", label.get()));
    view! {
        <button type="button" class="btn danger" on:click=move |_| {
            failure.set(None);
            open.set(true);
        }>
            {format!("{verb}…")}
        </button>
        <ConfirmDialog
            open=open
            title=title
            confirm_label=verb
            busy=busy
            on_confirm=Handler::new(move |_| confirm())
            on_cancel=Handler::new(move |_| open.set(false))
        >
            {warning.clone().map(|w| view! { <p class="notice" role="note">{w}</p> }.into_any())}
            <UsedByList used_by=used_by />
            {crate::components::show_when(move || failure.with(Option::is_some), move || view! {
                <p class="field-error" role="alert">{reactive(move || failure.get().into_any())}</p>
            }.into_any())}
        </ConfirmDialog>
    }
    .into_any()
}

#[component]
fn UsedByList(used_by: Remote<Option<Vec<UsedBy>>>) -> impl IntoView {
    reactive(move || {
        match used_by.get() {
        None | Some(Ok(None)) => view! { <p role="status">"Checking what uses it…"</p> }.into_any(),
        Some(Ok(Some(list))) if list.is_empty() => {
            view! { <p>"Nothing else refers to it. This cannot be undone."</p> }.into_any()
        }
        Some(Ok(Some(list))) => view! {
            <p>"authentik reports these objects refer to it:"</p>
            <ul class="used-by">
                {list
                    .into_iter()
                    .map(|u| {
                        view! {
                            <li>
                                <strong>{u.name}</strong>
                                {format!(" ({}.{}) — on delete: {}", u.app, u.model_name, u.action.replace('_', " "))}
                            </li>
                        }.into_any()
                    })
                    .collect_view()}
            </ul>
            <p>"This cannot be undone."</p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <p class="notice">
                "authentik could not list what uses this object ("
                {e.to_string()}
                "). For user source connections this is a known authentik fault; deleting removes only this connection."
            </p>
            <p>"This cannot be undone."</p>
        }
        .into_any(),
    }
    })
}

/// The report of a bulk run: "20 refresh tokens revoked.", then per kind with each failure.
fn bulk_report(plan: &Plan, outcomes: &[Outcome]) -> String {
    let Some(Action::Remove(meta, _)) = plan.steps.first().map(|s| &s.action) else {
        return String::new();
    };
    let mut lines = vec![count_line(
        (meta.one, meta.many),
        meta.verb.past(),
        tally(outcomes),
    )];
    lines.extend(kind_lines(plan, outcomes));
    lines.join("\n")
}

/// Deletes the selected objects one after another, on the run machine. The confirmation
/// lists every one of them and exactly those are sent; each gets its outcome, one failure
/// neither hides nor undoes the others, and Stop ends the run after the request in flight.
#[component]
pub fn BulkDelete(
    meta: Meta,
    selection: Selection,
    /// Bumped when a run ends so the list reloads.
    refresh: State<u32>,
    /// Each ticked row's label as the dialog lists it (`Declared::RELABEL`).
    relabel: Option<fn(&Picked) -> String>,
) -> impl IntoView {
    let verb = meta.verb.label();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let runs = use_runs();
    let info = crate::components::session::use_session_info();
    // What the dialog lists, fixed when it opens: what the admin confirms is what is sent.
    let batch = State::new(Vec::<Picked>::new());
    // Confirmed: the dialog shows the run (the machine's) instead of the plan.
    let started = State::new(false);
    let count = move || selection.with(Vec::len);

    // Rows the run removed are no longer ticked; the list is read again when a run ends
    // (also when this page was left and came back to meanwhile).
    crate::components::effect(move || {
        let gone: Vec<String> = runs
            .done_of(meta.route)
            .into_iter()
            .filter_map(|a| match a {
                Action::Remove(m, pk) if m == meta => Some(pk),
                _ => None,
            })
            .collect();
        if !gone.is_empty() {
            selection.update(|s| s.retain(|p| !gone.contains(&p.pk)));
        }
    });
    crate::components::effect_with(move |before: Option<u32>| {
        let now = runs.ended();
        if before.is_some_and(|b| b != now) {
            refresh.update(|n| *n = n.wrapping_add(1));
        }
        now
    });

    let open = move |_| {
        let mut picked = selection.get_untracked();
        if let Some(relabel) = relabel {
            for p in &mut picked {
                p.label = relabel(p);
            }
        }
        batch.set(picked);
        started.set(false);
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    // What it lists was ticked on the view the admin left: not confirmed, it closes. A run
    // goes on (it sends exactly its batch) on the machine.
    close_on_new_subject(move || !started.get_untracked(), close);
    let named = move |item: &Picked| {
        if item.label.is_empty() {
            format!("{} {}", meta.name, item.pk)
        } else {
            format!("{} {} ({})", meta.name, item.pk, item.label)
        }
    };
    let start = move |_: leptos::ev::MouseEvent| {
        if started.get_untracked() {
            return;
        }
        let items = batch.get_untracked();
        let plan = Plan {
            subject: meta.route.to_string(),
            title: format!("{verb} {}", count_of(items.len(), meta.one, meta.many)),
            steps: items
                .iter()
                .map(|item| Step {
                    label: named(item),
                    kind: meta.many,
                    action: Action::Remove(meta, item.pk.clone()),
                })
                .collect(),
            done_word: meta.verb.past(),
            report: bulk_report,
            link: None,
        };
        if runs.start(plan, info.account()) {
            started.set(true);
            focus_later("run-progress".into());
        }
    };
    let busy = memo(move || runs.busy());

    view! {
        <button
            type="button"
            class="btn danger"
            disabled=move || count() == 0 || busy.get()
            title=move || busy.get().then_some("A run is going on: it ends first")
            on:click=open
        >
            {reactive(move || format!("{verb} selected ({})", count()).into_any())}
        </button>
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="bulk-title"
            on:cancel=move |ev: leptos::ev::Event| {
                if started.get_untracked() && busy.get_untracked() {
                    ev.prevent_default();
                }
            }
        >
            <h2 id="bulk-title">{reactive(move || format!("{verb} {}?", count_of(batch.with(Vec::len), meta.one, meta.many)).into_any())}</h2>
            {reactive(move || (if started.get() {
                view! { <RunView subject=meta.route /> }.into_any()
            } else {
                view! {
                    <ul class="outcomes" tabindex="0" aria-label=format!("Selected {}", meta.many)>
                        {batch.get().iter().map(|item| view! { <li>{named(item)}</li> }.into_any()).collect_view()}
                    </ul>
                }.into_any()
            }).into_any())}
            <div class="actions">
                {reactive(move || ((!started.get()).then(|| {
                    view! { <button type="button" class="btn danger" on:click=start>{verb}</button> }.into_any()
                })).into_any())}
                {reactive(move || ((!(started.get() && busy.get())).then(|| view! {
                    <button type="button" class="btn" on:click=move |_| close()>
                        {if started.get_untracked() { "Close" } else { "Cancel" }}
                    </button>
                }.into_any())).into_any())}
            </div>
        </dialog>
    }.into_any()
}

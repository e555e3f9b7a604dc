//! Delete with a confirmation that first asks the server what uses the object.

use crate::api::models::UsedBy;
use crate::api::query::count_of;
use crate::api::resources::{self, Meta};
use crate::api::{Abort, ApiError};
use crate::components::dialog::{close_on_new_subject, ConfirmDialog};
use crate::components::list::{Picked, Selection};
use crate::components::remote::use_remote;
use crate::components::run::{RunGuard, SIGNED_OUT};
use crate::components::status::{return_path, sign_in_href};
use crate::components::toast::use_toasts;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Deletes (or revokes, as the resource says) one object after a confirmation.
#[component]
pub fn DeleteButton(
    meta: Meta,
    #[prop(into)] pk: String,
    /// What the dialog calls the object ("connection of alice to GitHub").
    #[prop(into)]
    label: Signal<String>,
    /// Where to go once it is gone.
    #[prop(into)]
    after: String,
    /// Said first in the confirmation (ending the session the console is signed in with).
    #[prop(optional_no_strip)]
    warning: Option<String>,
) -> impl IntoView {
    let verb = meta.verb.label();
    let open = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let toasts = use_toasts();
    let navigate = use_navigate();
    let pk = StoredValue::new(pk);

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
    let busy = RwSignal::new(false);
    // A request already sent finishes; an unconfirmed dialog does not outlive its page.
    close_on_new_subject(
        move || open.get_untracked() && !busy.get_untracked(),
        move || open.set(false),
    );
    let after = StoredValue::new(after);
    let confirm = move || {
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        busy.set(true);
        let pk = pk.get_value();
        let after = after.get_value();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = resources::destroy(meta, &pk, &Abort::default()).await;
            let shown = busy.try_set(false).is_none();
            let what = format!("{} {pk}", meta.name);
            let done = meta.verb.past();
            match result {
                Ok(()) => {
                    toasts.push(format!("{what} {done}."));
                    if shown {
                        open.try_set(false);
                        navigate(&after, Default::default());
                    }
                }
                Err(ApiError::SignedOut(_)) if shown => {
                    navigate(&sign_in_href(&return_path()), Default::default())
                }
                Err(e) if shown => {
                    failure.try_set(Some(e.to_string()));
                }
                Err(e) => toasts.push(format!("{what} was not {done}: {e}")),
            }
        });
    };

    let title = Signal::derive(move || format!("{verb} {}?", label.get()));
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
            on_confirm=Callback::new(move |_| confirm())
            on_cancel=Callback::new(move |_| open.set(false))
        >
            {warning.clone().map(|w| view! { <p class="notice" role="note">{w}</p> })}
            <UsedByList remote_state=used_by.state />
            <Show when=move || failure.with(Option::is_some)>
                <p class="field-error" role="alert">{move || failure.get()}</p>
            </Show>
        </ConfirmDialog>
    }
}

type UsedByState = RwSignal<Option<Result<Option<Vec<UsedBy>>, ApiError>>, LocalStorage>;

#[component]
fn UsedByList(remote_state: UsedByState) -> impl IntoView {
    move || {
        match remote_state.get() {
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
                        }
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
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Waiting,
    Done,
    Failed(String),
    /// Not sent: the admin pressed Stop first.
    NotSent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Confirm,
    Running,
    /// Stop pressed: the request in flight finishes, no further one is sent.
    Stopping,
    Finished,
}

/// The sentence that ends a bulk run: "20 refresh tokens revoked.", "Stopped: 3 refresh
/// tokens revoked, 17 not sent."
fn bulk_summary(
    (one, many): (&str, &str),
    past: &str,
    done: usize,
    failed: usize,
    not_sent: usize,
) -> String {
    let mut parts = vec![format!("{} {past}", count_of(done, one, many))];
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    if not_sent > 0 {
        parts.push(format!("{not_sent} not sent"));
    }
    let stopped = if not_sent > 0 { "Stopped: " } else { "" };
    format!("{stopped}{}.", parts.join(", "))
}

/// Deletes the selected objects one after another. The confirmation lists every one of
/// them and exactly those are sent; each gets its outcome, one failure neither hides nor
/// undoes the others, and Stop ends the run after the request in flight.
///
/// The run is the admin's write: it goes on if they leave the page and ends with a toast
/// (App-level); it touches this page's signals only through `try_` accessors.
#[component]
pub fn BulkDelete(
    meta: Meta,
    selection: Selection,
    /// Bumped when the run ends so the list reloads.
    refresh: RwSignal<u32>,
    /// Each ticked row's label as the dialog lists it (`Declared::RELABEL`).
    relabel: Option<fn(&Picked) -> String>,
) -> impl IntoView {
    let verb = meta.verb.label();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // What the dialog lists, fixed when it opens: what the admin confirms is what is sent.
    let batch = RwSignal::new(Vec::<Picked>::new());
    let status = RwSignal::new(Vec::<Status>::new());
    let phase = RwSignal::new(Phase::Confirm);
    let summary = RwSignal::new(String::new());
    let toasts = use_toasts();
    let count = move || selection.with(Vec::len);
    let past = meta.verb.past();
    let done_word = past;

    let open = move |_| {
        let mut picked = selection.get_untracked();
        if let Some(relabel) = relabel {
            for p in &mut picked {
                p.label = relabel(p);
            }
        }
        status.set(vec![Status::Waiting; picked.len()]);
        batch.set(picked);
        phase.set(Phase::Confirm);
        summary.set(String::new());
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
    // goes on (it sends exactly its batch) and keeps showing its progress.
    close_on_new_subject(move || phase.get_untracked() == Phase::Confirm, close);
    let start = {
        move |_: leptos::ev::MouseEvent| {
            if phase.get_untracked() != Phase::Confirm {
                return;
            }
            phase.set(Phase::Running);
            let items = batch.get_untracked();
            let named = |item: &Picked| {
                if item.label.is_empty() {
                    format!("{} {}", meta.name, item.pk)
                } else {
                    format!("{} {} ({})", meta.name, item.pk, item.label)
                }
            };
            let mut guard = RunGuard::start(
                format!("{verb} {}", count_of(items.len(), meta.one, meta.many)),
                items.iter().map(named).collect(),
            );
            leptos::task::spawn_local(async move {
                let (mut done, mut failed, mut sent) = (0, 0, 0);
                let mut signed_out = false;
                for (i, item) in items.iter().enumerate() {
                    // Stop pressed? (A page that is gone cannot be stopped: keep going.)
                    if phase.try_get_untracked() == Some(Phase::Stopping) {
                        break;
                    }
                    if !guard.may_send() {
                        signed_out = true;
                        break;
                    }
                    sent += 1;
                    let result = resources::destroy(meta, &item.pk, &Abort::default()).await;
                    guard.answered();
                    let outcome = match result {
                        // Already gone is what the admin wanted.
                        Ok(()) | Err(ApiError::NotFound(_)) => Status::Done,
                        Err(e) => Status::Failed(e.to_string()),
                    };
                    if outcome == Status::Done {
                        done += 1;
                        selection.try_update(|s| s.retain(|p| p.pk != item.pk));
                    } else {
                        failed += 1;
                    }
                    status.try_update(|s| {
                        if let Some(slot) = s.get_mut(i) {
                            *slot = outcome;
                        }
                    });
                }
                drop(guard);
                let not_sent = items.len() - sent;
                status.try_update(|s| {
                    s.iter_mut()
                        .skip(sent)
                        .for_each(|slot| *slot = Status::NotSent)
                });
                let mut text = bulk_summary((meta.one, meta.many), past, done, failed, not_sent);
                if signed_out {
                    text = format!("{text} Not sent: {SIGNED_OUT}.");
                }
                summary.try_set(text.clone());
                phase.try_set(Phase::Finished);
                toasts.push(text);
                refresh.try_update(|n| *n = n.wrapping_add(1));
            });
        }
    };
    let sent_count = move || {
        status.with(|s| {
            s.iter()
                .filter(|x| matches!(x, Status::Done | Status::Failed(_)))
                .count()
        })
    };
    let total = move || batch.with(Vec::len);
    // Memos, so the buttons are replaced only when what they offer changes (the Stop
    // button keeps focus when it turns into "stopping").
    let busy = Memo::new(move |_| matches!(phase.get(), Phase::Running | Phase::Stopping));
    let confirming = Memo::new(move |_| phase.get() == Phase::Confirm);

    view! {
        <button type="button" class="btn danger" disabled=move || count() == 0 on:click=open>
            {move || format!("{verb} selected ({})", count())}
        </button>
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="bulk-title"
            on:cancel=move |ev: leptos::ev::Event| {
                if busy.get_untracked() {
                    ev.prevent_default();
                }
            }
        >
            <h2 id="bulk-title">{move || format!("{verb} {}?", count_of(total(), meta.one, meta.many))}</h2>
            <ul class="outcomes" tabindex="0" aria-label=format!("Selected {}", meta.many)>
                {move || {
                    let states = status.get();
                    batch
                        .get()
                        .into_iter()
                        .zip(states)
                        .map(|(item, state)| {
                            let (class, said) = match state {
                                Status::Waiting => ("", String::new()),
                                Status::Done => ("ok", format!(": {done_word}")),
                                Status::Failed(m) => ("failed", format!(": failed — {m}")),
                                Status::NotSent => ("muted", ": not sent".to_string()),
                            };
                            let about = if item.label.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", item.label)
                            };
                            view! { <li class=class>{format!("{} {}{about}{said}", meta.name, item.pk)}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            // Present from the start of the run to its end, so the live region is not
            // replaced while it speaks.
            <p role="status" aria-live="polite" hidden=confirming>
                <progress max=total value=sent_count></progress>
                {move || {
                    let stopping = if phase.get() == Phase::Stopping {
                        " — stopping after the request in progress…"
                    } else {
                        ""
                    };
                    format!(" {} of {}{stopping}", sent_count(), total())
                }}
            </p>
            <p class="summary" hidden=move || summary.with(String::is_empty)>{move || summary.get()}</p>
            <div class="actions">
                {move || confirming.get().then(|| {
                    view! { <button type="button" class="btn danger" on:click=start>{verb}</button> }
                })}
                {move || busy.get().then(|| view! {
                    <button
                        type="button"
                        class="btn"
                        disabled=move || phase.get() == Phase::Stopping
                        on:click=move |_| {
                            if phase.get_untracked() == Phase::Running {
                                phase.set(Phase::Stopping);
                            }
                        }
                    >
                        "Stop"
                    </button>
                })}
                {move || (!busy.get()).then(|| view! {
                    <button type="button" class="btn" on:click=move |_| close()>
                        {if phase.get_untracked() == Phase::Finished { "Close" } else { "Cancel" }}
                    </button>
                })}
            </div>
        </dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::bulk_summary;

    const NOUNS: (&str, &str) = ("refresh token", "refresh tokens");

    #[test]
    fn summaries_count_in_english() {
        let cases = [
            ("revoked", (20, 0, 0), "20 refresh tokens revoked."),
            ("revoked", (1, 0, 0), "1 refresh token revoked."),
            ("revoked", (2, 1, 0), "2 refresh tokens revoked, 1 failed."),
            (
                "revoked",
                (3, 0, 17),
                "Stopped: 3 refresh tokens revoked, 17 not sent.",
            ),
            (
                "deleted",
                (0, 1, 2),
                "Stopped: 0 refresh tokens deleted, 1 failed, 2 not sent.",
            ),
        ];
        for (past, (done, failed, not_sent), want) in cases {
            assert_eq!(bulk_summary(NOUNS, past, done, failed, not_sent), want);
        }
    }
}

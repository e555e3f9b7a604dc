//! The edit form every resource uses: local rules, server errors under their fields,
//! a live list of changes, an optional review step, drafts that survive a reload, and
//! a save that can neither run twice nor lose the input.
//!
//! A save the admin started finishes even when the admin leaves the page meanwhile: it
//! reports through a toast (at the App root) with a link to the object, and the page that
//! is gone is neither navigated from nor touched.

use crate::api::{ApiError, FieldErrors};
use crate::components::field::{focus_later, ErrorSummary, SelectField, TextField};
use crate::components::history::{is_foreign_notes, note_change, NotedField};
use crate::components::link::Link;
use crate::components::route::{use_address, Go};
use crate::components::status::{return_path, sign_in_href};
use crate::components::{memo, reactive, Derived, Handler, State, Stored};
use crate::forms::{Change, FieldSpec, FormState};
use leptos::prelude::*;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

/// What a save reports when it went through: the toast's words and the object's page.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub message: String,
    pub link_text: String,
    pub href: String,
    /// authentik's id of the request that saved it, to find its event again.
    pub request_id: Option<String>,
}

pub type SaveFuture = Pin<Box<dyn Future<Output = Result<Saved, ApiError>>>>;

/// The object as authentik has it now (JSON), read just before a save.
pub type CurrentFuture = Pin<Box<dyn Future<Output = Result<Value, ApiError>>>>;

/// The usual save of an edit page: update (PUT or PATCH, as the resource says) at the
/// object's `kind` endpoint where it has one; the form then says so and shows the saved
/// object. A failure stays in the form.
pub fn update_then_show(
    ops: crate::api::resources::Ops,
    pk: String,
    kind: &'static str,
) -> Handler<Value, SaveFuture> {
    Handler::new(move |body: Value| -> SaveFuture {
        let pk = pk.clone();
        Box::pin(async move {
            let (saved, request_id) = crate::api::resources::update(
                &ops,
                &pk,
                kind,
                &body,
                &crate::api::Abort::default(),
            )
            .await?;
            // What the server kept, which may differ from what was sent.
            let pk = (ops.pk)(&saved);
            let name = ops.meta.name;
            Ok(Saved {
                message: format!("{name} {pk} saved.{}", (ops.saved_note)(&saved)),
                link_text: format!("Show {} {pk}", name.to_ascii_lowercase()),
                href: ops.meta.detail_href(&pk),
                request_id,
            })
        })
    })
}

#[derive(Clone)]
pub enum Widget {
    Text,
    Select(Derived<Vec<(String, String)>>),
    /// Sent with the body (e.g. the connection's current user for PUT) but not editable.
    Hidden,
}

#[derive(Clone)]
pub struct FormField {
    pub spec: FieldSpec,
    pub widget: Widget,
    pub hint: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum BodyMode {
    /// Every field (PUT, POST).
    Full,
    /// Only the changed fields (PATCH), and those named in `always` at their current value
    /// (`Resource::ALWAYS_SENT`).
    Changes { always: &'static [&'static str] },
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

const DRAFT_PREFIX: &str = "ak-admin.draft.";

/// Drafts belong to the account that typed them: `ak-admin.draft.<user pk>.<form>`. Signing
/// in again as the same account (after the session expired mid-edit) offers them back; an
/// other account never sees them (`keep_drafts_of`).
pub fn draft_storage_key(account: i64, form: &str) -> String {
    format!("{DRAFT_PREFIX}{account}.{form}")
}

/// Whether a stored key is a draft of someone other than `account`.
fn is_foreign_draft(key: &str, account: i64) -> bool {
    key.strip_prefix(DRAFT_PREFIX).is_some_and(|rest| {
        rest.split_once('.').map(|(owner, _)| owner) != Some(&*account.to_string())
    })
}

/// Deletes every draft, and the history's notes of changes, of other accounts from this tab:
/// called when an account signs in.
pub fn keep_drafts_of(account: i64) {
    let Some(s) = storage() else { return };
    let len = s.length().unwrap_or(0);
    let foreign: Vec<String> = (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| is_foreign_draft(k, account) || is_foreign_notes(k, account))
        .collect();
    for k in foreign {
        let _ = s.remove_item(&k);
    }
}

fn read_draft(key: &str) -> Option<Value> {
    let text = storage()?.get_item(key).ok()??;
    crate::api::json::parse(&text).ok()
}

fn write_draft(key: &str, form: &FormState) {
    if let Some(s) = storage() {
        if form.is_dirty() {
            let _ = s.set_item(key, &form.draft().to_string());
        } else {
            let _ = s.remove_item(key);
        }
    }
}

fn clear_draft(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

pub fn field_id(name: &str) -> String {
    format!("field-{name}")
}

#[component]
pub fn EditForm(
    fields: Vec<FormField>,
    initial: Vec<String>,
    /// Names this form's draft (e.g. `user-connections.5`); the signed-in account is added.
    #[prop(into)]
    draft_key: String,
    body_mode: BodyMode,
    /// Show the changes and ask before sending.
    #[prop(optional)]
    review: bool,
    #[prop(into)] submit_label: String,
    #[prop(into)] cancel_href: String,
    save: Handler<Value, SaveFuture>,
    /// Reads the object as authentik has it now: before sending, the form compares it with
    /// the values it opened with, so a change made meanwhile (another tab, another admin) is
    /// never overwritten unseen.
    #[prop(optional)]
    current: Option<Handler<(), CurrentFuture>>,
) -> impl IntoView {
    let specs: Vec<FieldSpec> = fields.iter().map(|f| f.spec.clone()).collect();
    let visible: Vec<&'static str> = fields
        .iter()
        .filter(|f| !matches!(f.widget, Widget::Hidden))
        .map(|f| f.spec.name)
        .collect();
    let visible = Stored::new(visible);
    // A picker's values are named by their option in the history's notes (a source's name,
    // not its uuid).
    let pickers: Vec<Picker> = fields
        .iter()
        .filter_map(|f| match &f.widget {
            Widget::Select(options) => Some((f.spec.name, *options)),
            _ => None,
        })
        .collect();
    let pickers = Stored::new(pickers);

    // Without a known account there is no owner to keep a draft for: none is kept.
    let account =
        use_context::<crate::components::session::SessionInfo>().and_then(|info| info.account());
    let draft_key = account.map(|a| draft_storage_key(a, &draft_key));
    let mut state = FormState::new(specs, initial);
    let restored = draft_key
        .as_deref()
        .and_then(read_draft)
        .is_some_and(|d| state.restore_draft(&d))
        && state.is_dirty();
    let form = State::new(state);
    let restored = State::new(restored);
    let server_errors = State::new(FieldErrors::default());
    let local_errors = State::new(Vec::<(&'static str, String)>::new());
    let failure = State::new(None::<String>);
    let reviewing = State::new(false);
    let draft_key = Stored::new(draft_key);
    let address = use_address();

    let errors_for = move |name: &'static str| {
        memo(move || {
            let local: Vec<String> = local_errors.with(|l| {
                l.iter()
                    .filter(|(n, _)| *n == name)
                    .map(|(_, m)| m.clone())
                    .collect()
            });
            if local.is_empty() {
                server_errors.with(|e| e.messages_for(name))
            } else {
                local
            }
        })
    };
    let general = memo(move || {
        let mut msgs = server_errors.with(|e| visible.with_value(|v| e.general_messages(v)));
        msgs.extend(failure.get());
        msgs
    });

    let on_input = move |name: &'static str| {
        Handler::new(move |value: String| {
            form.update(|f| f.set(name, value));
            // A message about a value the user has since changed would mislead.
            server_errors.update(|e| e.clear_field(name));
            local_errors.update(|l| l.retain(|(n, _)| *n != name));
            failure.set(None);
            reviewing.set(false);
            form.with_untracked(|f| {
                draft_key.with_value(|k| {
                    if let Some(k) = k {
                        write_draft(k, f)
                    }
                })
            });
        })
    };

    let focus_first_problem = move || {
        let first = local_errors
            .with_untracked(|l| l.first().map(|(n, _)| *n))
            .or_else(|| {
                server_errors.with_untracked(|e| {
                    visible.with_value(|v| e.invalid_fields(v).first().copied())
                })
            });
        match first {
            Some(name) => focus_later(field_id(name)),
            None => focus_later("form-errors".into()),
        }
    };

    let pending = State::new(false);
    let toasts = use_context::<crate::components::toast::Toasts>();
    let form_route = Stored::new(return_path());

    // What the form does with the answer while it is still on screen. Stored with the form:
    // once the form is gone, it can no longer be had, which is how the save knows.
    let settle = Stored::new(move |result: Result<Saved, ApiError>| match result {
        Ok(saved) => {
            form.update(|f| {
                let saved_values = f
                    .specs()
                    .iter()
                    .map(|s| f.value(s.name).to_string())
                    .collect();
                f.rebase(saved_values)
            });
            // The saved object takes the form's place in the history: Back then leads to
            // where the admin was before editing, not to a form that was already sent.
            address.go(&saved.href, Go::Replace);
        }
        Err(ApiError::Validation(errors)) => {
            server_errors.set(errors);
            focus_first_problem();
        }
        Err(ApiError::Changed(now)) => {
            // authentik's values become the form's starting point; the admin's changes stay
            // and are shown against them. Saving again sends them over authentik's values.
            let both = form
                .try_update(|f| f.take_server_values(&now))
                .unwrap_or_default();
            let labels = form.with_untracked(|f| {
                now.iter()
                    .filter_map(|(n, _)| f.specs().iter().find(|s| s.name == *n))
                    .map(|s| s.label)
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            local_errors.set(
                both.iter()
                    .map(|n| {
                        let theirs = now.iter().find(|(m, _)| m == n).map(|(_, v)| v.as_str()).unwrap_or("");
                        (*n, format!("Changed in authentik meanwhile to “{theirs}”. Saving replaces it with your value."))
                    })
                    .collect(),
            );
            failure.set(Some(format!(
                "Changed in authentik since this form opened: {labels}. Nothing was sent. The form now starts from authentik's values, with your changes kept: review them and save again."
            )));
            form.with_untracked(|f| {
                draft_key.with_value(|k| {
                    if let Some(k) = k {
                        write_draft(k, f)
                    }
                })
            });
            focus_first_problem();
        }
        Err(ApiError::SignedOut(_)) => {
            // The draft is already in sessionStorage, so signing in brings it back.
            address.go(&sign_in_href(&form_route.get_value()), Go::Push);
        }
        Err(ApiError::Aborted) => {}
        Err(other) => {
            failure.set(Some(other.to_string()));
            focus_later("form-errors".into());
        }
    });

    let send = move || {
        if pending.get_untracked() {
            return;
        }
        server_errors.set(FieldErrors::default());
        failure.set(None);
        reviewing.set(false);
        let body = form.with_untracked(|f| match body_mode {
            BodyMode::Full => f.full_body(),
            BodyMode::Changes { always } => f.patch_body(always),
        });
        let sent = form.with_untracked(FormState::changes);
        let sent = pickers.with_value(|p| noted_fields(sent, p));
        pending.set(true);
        // Both futures are made now (nothing is sent before they are awaited): after the
        // first await the form may be gone, with its callbacks.
        let check = current.map(|c| c.run(()));
        let opened = form.get_untracked();
        let saving = save.run(body);
        let key = draft_key.get_value();
        let form_route = form_route.get_value();
        leptos::task::spawn_local(async move {
            let result = match check {
                Some(check) => match check.await.map(|now| opened.changed_at_server(&now)) {
                    Ok(changed) if changed.is_empty() => saving.await,
                    Ok(changed) => Err(ApiError::Changed(changed)),
                    Err(e) => Err(e),
                },
                None => saving.await,
            };
            if let (Ok(_), Some(key)) = (&result, &key) {
                clear_draft(key);
            }
            if let (Ok(saved), Some(account)) = (&result, account) {
                note_change(account, saved.request_id.clone(), sent);
            }
            // A save is reported in the App's toast whether or not the form is still shown.
            if let (Ok(saved), Some(toasts)) = (&result, toasts) {
                toasts.push_link(
                    saved.message.clone(),
                    saved.link_text.clone(),
                    saved.href.clone(),
                );
            }
            if let Some(settle) = settle.try_get_value() {
                pending.set(false);
                settle(result);
                return;
            }
            // The admin has left the form: a failure is reported here, and nothing of the
            // page is touched.
            match (result, toasts) {
                (Err(ApiError::Aborted), _) | (Ok(_), _) | (_, None) => {}
                (Err(e), Some(toasts)) => toasts.push_link(
                    format!("Your changes were not saved: {e}"),
                    "Back to the form",
                    form_route,
                ),
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let problems = form.with_untracked(FormState::validate);
        local_errors.set(problems);
        if !local_errors.with_untracked(Vec::is_empty) {
            focus_first_problem();
            return;
        }
        if review {
            reviewing.set(true);
            focus_later("review-title".into());
        } else {
            send();
        }
    };

    let changes = memo(move || form.with(FormState::changes));
    // The labels of the fields sent unchanged (PATCH), for the review.
    let kept: String = match body_mode {
        BodyMode::Changes { always } => form.with_untracked(|f| {
            f.specs()
                .iter()
                .filter(|s| always.contains(&s.name))
                .map(|s| s.label)
                .collect::<Vec<_>>()
                .join(", ")
        }),
        BodyMode::Full => String::new(),
    };
    let dirty = memo(move || form.with(FormState::is_dirty));

    if let Some(unsaved) = use_context::<crate::components::session::Unsaved>() {
        // A sent save finishes and reports even if the admin leaves: no prompt meanwhile.
        crate::components::effect(move || unsaved.0.set(dirty.get() && !pending.get()));
        on_cleanup(move || unsaved.0.set(false));
    }

    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.try_get_untracked().unwrap_or(false) {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    // The listener outlives nothing: a leftover one would read a disposed signal.
    on_cleanup(move || unload.remove());

    let discard = move |_| {
        draft_key.with_value(|k| {
            if let Some(k) = k {
                clear_draft(k)
            }
        });
        form.update(|f| {
            let initial: Vec<String> = f
                .specs()
                .iter()
                .map(|s| f.initial_value(s.name).to_string())
                .collect();
            f.rebase(initial);
        });
        restored.set(false);
        server_errors.set(FieldErrors::default());
        local_errors.set(Vec::new());
        reviewing.set(false);
    };

    let inputs = fields
        .into_iter()
        .filter_map(|f| {
            let name = f.spec.name;
            let value = memo(move || form.with(|s| s.value(name).to_string()));
            let required = f.spec.rules.required;
            match f.widget {
                Widget::Hidden => None,
                Widget::Text => Some(
                    view! {
                        <TextField
                            id=field_id(name)
                            label=f.spec.label
                            value=value
                            on_input=on_input(name)
                            errors=errors_for(name)
                            hint=f.hint
                            required=required
                        />
                    }
                    .into_any(),
                ),
                Widget::Select(options) => Some(
                    view! {
                        <SelectField
                            id=field_id(name)
                            label=f.spec.label
                            value=value
                            on_input=on_input(name)
                            errors=errors_for(name)
                            options=options
                            hint=f.hint
                            required=required
                        />
                    }
                    .into_any(),
                ),
            }
        })
        .collect_view();

    view! {
        <form class="edit-form" novalidate on:submit=on_submit>
            {crate::components::show_when(move || restored.get(), move || view! {
                <div class="notice" role="status">
                    "Unsaved changes from earlier in this tab were restored. "
                    <button type="button" class="btn-link" on:click=discard>
                        "Discard them"
                    </button>
                </div>
            }.into_any())}
            <ErrorSummary messages=general />
            {inputs}
            <ChangeList changes=changes pickers=pickers />
            {crate::components::show_when(move || reviewing.get(), move || view! {
                <div class="review" role="region" aria-labelledby="review-title">
                    <h2 id="review-title" tabindex="-1">"Review the changes"</h2>
                    <p>"Only these fields will be sent:"</p>
                    <ChangeList changes=changes pickers=pickers />
                    {(!kept.is_empty()).then(|| view! {
                        <p class="kept">
                            "Sent unchanged as well, because authentik changes them when they are left out: "
                            {kept.clone()} "."
                        </p>
                    }.into_any())}
                    <div class="actions">
                        <button type="button" class="btn primary" disabled=move || pending.get() on:click=move |_| send()>
                            "Confirm and save"
                        </button>
                        <button type="button" class="btn" on:click=move |_| reviewing.set(false)>
                            "Back to editing"
                        </button>
                    </div>
                </div>
            }.into_any())}
            <div class="actions">
                <button
                    type="submit"
                    class="btn primary"
                    disabled=move || pending.get() || !dirty.get()
                    aria-busy=move || pending.get().then_some("true")
                >
                    {reactive(move || (if pending.get() { "Saving…".to_string() } else { submit_label.clone() }).into_any())}
                </button>
                <Link href=cancel_href attr:class="btn">"Cancel"</Link>
                {crate::components::show_when(move || dirty.get(), move || view! {
                    <button type="button" class="btn-link" on:click=discard>
                        "Discard changes"
                    </button>
                }.into_any())}
            </div>
        </form>
    }.into_any()
}

/// A picker field's name and its options (value, words).
type Picker = (&'static str, Derived<Vec<(String, String)>>);

/// A changed value as the admin knows it: a picked one by its option's words (a source's
/// name, not its uuid).
fn words(pickers: &[Picker], name: &str, v: String) -> String {
    match pickers.iter().find(|(n, _)| *n == name) {
        Some((_, options)) => options.with_untracked(|o| {
            o.iter()
                .find(|(value, _)| *value == v)
                .map(|(_, label)| label.clone())
                .unwrap_or(v)
        }),
        None => v,
    }
}

/// The changes as the history notes them.
fn noted_fields(changes: Vec<Change>, pickers: &[Picker]) -> Vec<NotedField> {
    changes
        .into_iter()
        .map(|c| {
            (
                c.label.to_string(),
                words(pickers, c.name, c.old),
                words(pickers, c.name, c.new),
            )
        })
        .collect()
}

#[component]
fn ChangeList(changes: Derived<Vec<Change>>, pickers: Stored<Vec<Picker>>) -> impl IntoView {
    let shown = move |name: &str, v: String| {
        if v.is_empty() {
            "(empty)".to_string()
        } else {
            pickers.with_value(|p| words(p, name, v))
        }
    };
    view! {
        {crate::components::show_when(move || changes.with(|c| !c.is_empty()), move || view! {
            <dl class="changes" aria-label="Changes">
                {reactive(move || ({
                    changes
                        .get()
                        .into_iter()
                        .map(|c| {
                            view! {
                                <dt>{c.label}</dt>
                                <dd>
                                    <del>{shown(c.name, c.old)}</del>
                                    " → "
                                    <ins>{shown(c.name, c.new)}</ins>
                                </dd>
                            }.into_any()
                        })
                        .collect_view()
                }).into_any())}
            </dl>
        }.into_any())}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{draft_storage_key, is_foreign_draft};

    #[test]
    fn drafts_are_told_apart_by_account() {
        let mine = draft_storage_key(5, "user-connections.12");
        assert_eq!(mine, "ak-admin.draft.5.user-connections.12");
        assert!(!is_foreign_draft(&mine, 5));
        assert!(is_foreign_draft(&mine, 6));
        assert!(is_foreign_draft(&draft_storage_key(55, "x"), 5));
        // Drafts written before drafts had owners belong to nobody known: dropped too.
        assert!(is_foreign_draft("ak-admin.draft.user-connections.12", 5));
        // Not a draft at all: left alone.
        assert!(!is_foreign_draft("ak-admin.token", 5));
    }
}

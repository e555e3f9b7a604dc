//! The edit form every resource uses: local rules, server errors under their fields,
//! a live list of changes, an optional review step, drafts that survive a reload, and
//! a save that can neither run twice nor lose the input.

use crate::api::{ApiError, FieldErrors};
use crate::components::field::{focus_later, ErrorSummary, SelectField, TextField};
use crate::components::link::Link;
use crate::components::status::{return_path, sign_in_href};
use crate::forms::{Change, FieldSpec, FormState};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

pub type SaveFuture = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// The usual save of an edit page: update (PUT or PATCH, as the resource says), say so,
/// and show the saved object. A failure stays in the form.
pub fn update_then_show<R: crate::api::resources::Resource>(
    pk: String,
) -> Callback<Value, SaveFuture> {
    let toasts = crate::components::toast::use_toasts();
    let navigate = use_navigate();
    Callback::new(move |body: Value| -> SaveFuture {
        let pk = pk.clone();
        let navigate = navigate.clone();
        Box::pin(async move {
            crate::api::resources::update::<R>(&pk, &body, &crate::api::Abort::default()).await?;
            toasts.push(format!("{} {pk} saved.", R::NAME));
            navigate(&R::detail_href(&pk), Default::default());
            Ok(())
        })
    })
}

#[derive(Clone)]
pub enum Widget {
    Text,
    Select(Signal<Vec<(String, String)>>),
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
    /// Only the changed fields (PATCH).
    Changes,
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn read_draft(key: &str) -> Option<Value> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
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

pub fn clear_draft(key: &str) {
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
    #[prop(into)] draft_key: String,
    body_mode: BodyMode,
    /// Show the changes and ask before sending.
    #[prop(optional)]
    review: bool,
    #[prop(into)] submit_label: String,
    #[prop(into)] cancel_href: String,
    save: Callback<Value, SaveFuture>,
) -> impl IntoView {
    let specs: Vec<FieldSpec> = fields.iter().map(|f| f.spec.clone()).collect();
    let visible: Vec<&'static str> = fields
        .iter()
        .filter(|f| !matches!(f.widget, Widget::Hidden))
        .map(|f| f.spec.name)
        .collect();
    let visible = StoredValue::new(visible);

    let mut state = FormState::new(specs, initial);
    let restored =
        read_draft(&draft_key).is_some_and(|d| state.restore_draft(&d)) && state.is_dirty();
    let form = RwSignal::new(state);
    let restored = RwSignal::new(restored);
    let server_errors = RwSignal::new(FieldErrors::default());
    let local_errors = RwSignal::new(Vec::<(&'static str, String)>::new());
    let failure = RwSignal::new(None::<String>);
    let reviewing = RwSignal::new(false);
    let draft_key = StoredValue::new(draft_key);
    let navigate = use_navigate();

    let errors_for = move |name: &'static str| {
        Signal::derive(move || {
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
    let general = Signal::derive(move || {
        let mut msgs = server_errors.with(|e| visible.with_value(|v| e.general_messages(v)));
        msgs.extend(failure.get());
        msgs
    });

    let on_input = move |name: &'static str| {
        Callback::new(move |value: String| {
            form.update(|f| f.set(name, value));
            // A message about a value the user has since changed would mislead.
            server_errors.update(|e| e.clear_field(name));
            local_errors.update(|l| l.retain(|(n, _)| *n != name));
            failure.set(None);
            reviewing.set(false);
            form.with_untracked(|f| draft_key.with_value(|k| write_draft(k, f)));
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

    let action = Action::new_local(move |body: &Value| {
        let saving = save.run(body.clone());
        let key = draft_key.get_value();
        async move {
            let result = saving.await;
            // Here rather than in the effect below: a successful save usually navigates
            // away, unmounting this form before its effects run.
            if result.is_ok() {
                clear_draft(&key);
            }
            result
        }
    });
    let pending = action.pending();

    Effect::new(move |_| {
        let Some(result) = action.value().get() else {
            return;
        };
        match result {
            Ok(()) => {
                form.update(|f| {
                    f.rebase(
                        f.specs()
                            .iter()
                            .map(|s| f.value(s.name).to_string())
                            .collect(),
                    )
                });
            }
            Err(ApiError::Validation(errors)) => {
                server_errors.set(errors);
                focus_first_problem();
            }
            Err(ApiError::SignedOut(_)) => {
                // The draft is already in sessionStorage, so signing in brings it back.
                navigate(&sign_in_href(&return_path()), Default::default());
            }
            Err(ApiError::Aborted) => {}
            Err(other) => {
                failure.set(Some(other.to_string()));
                focus_later("form-errors".into());
            }
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
            BodyMode::Changes => f.patch_body(),
        });
        action.dispatch_local(body);
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

    let changes = Memo::new(move |_| form.with(FormState::changes));
    let dirty = Memo::new(move |_| form.with(FormState::is_dirty));

    if let Some(unsaved) = use_context::<crate::app::Unsaved>() {
        Effect::new(move |_| unsaved.0.set(dirty.get()));
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
        draft_key.with_value(|k| clear_draft(k));
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
            let value = Signal::derive(move || form.with(|s| s.value(name).to_string()));
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
            <Show when=move || restored.get()>
                <div class="notice" role="status">
                    "Unsaved changes from earlier in this tab were restored. "
                    <button type="button" class="btn-link" on:click=discard>
                        "Discard them"
                    </button>
                </div>
            </Show>
            <ErrorSummary messages=general />
            {inputs}
            <ChangeList changes=changes />
            <Show when=move || reviewing.get()>
                <div class="review" role="region" aria-labelledby="review-title">
                    <h2 id="review-title" tabindex="-1">"Review the changes"</h2>
                    <p>"Only these fields will be sent:"</p>
                    <ChangeList changes=changes />
                    <div class="actions">
                        <button type="button" class="btn primary" disabled=move || pending.get() on:click=move |_| send()>
                            "Confirm and save"
                        </button>
                        <button type="button" class="btn" on:click=move |_| reviewing.set(false)>
                            "Back to editing"
                        </button>
                    </div>
                </div>
            </Show>
            <div class="actions">
                <button
                    type="submit"
                    class="btn primary"
                    disabled=move || pending.get() || !dirty.get()
                    aria-busy=move || pending.get().then_some("true")
                >
                    {move || if pending.get() { "Saving…".to_string() } else { submit_label.clone() }}
                </button>
                <Link href=cancel_href attr:class="btn">"Cancel"</Link>
                <Show when=move || dirty.get()>
                    <button type="button" class="btn-link" on:click=discard>
                        "Discard changes"
                    </button>
                </Show>
            </div>
        </form>
    }
}

#[component]
fn ChangeList(changes: Memo<Vec<Change>>) -> impl IntoView {
    let shown = |v: &str| {
        if v.is_empty() {
            "(empty)".to_string()
        } else {
            v.to_string()
        }
    };
    view! {
        <Show when=move || changes.with(|c| !c.is_empty())>
            <dl class="changes" aria-label="Changes">
                {move || {
                    changes
                        .get()
                        .into_iter()
                        .map(|c| {
                            view! {
                                <dt>{c.label}</dt>
                                <dd>
                                    <del>{shown(&c.old)}</del>
                                    " → "
                                    <ins>{shown(&c.new)}</ins>
                                </dd>
                            }
                        })
                        .collect_view()
                }}
            </dl>
        </Show>
    }
}

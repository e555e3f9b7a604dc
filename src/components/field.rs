//! A labelled input with its errors wired for assistive technology: `aria-invalid`,
//! `aria-describedby` to the message, and the message itself announced.

use crate::components::{reactive, Derived, Handler};
use leptos::prelude::*;

pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_error {
        ids.push(error_id(id));
    }
    if has_hint {
        ids.push(hint_id(id));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn FieldErrorText(id: String, errors: Derived<Vec<String>>) -> impl IntoView {
    view! {
        {crate::components::show_when(move || errors.with(|e| !e.is_empty()), move || view! {
            <ul class="field-error" id=error_id(&id)>
                {reactive(move || ({
                    errors.get().into_iter().map(|m| view! { <li>{m}</li> }.into_any()).collect_view()
                }).into_any())}
            </ul>
        }.into_any())}
    }.into_any()
}

/// The parts every field shares: label (with the required mark), the control passed in,
/// hint and error list. `FieldAria` gives the control its `aria-invalid` and
/// `aria-describedby`, which point at the hint and the errors.
#[component]
fn FieldShell(
    id: String,
    label: &'static str,
    hint: &'static str,
    required: bool,
    errors: Derived<Vec<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || errors.with(|e| !e.is_empty())>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> }.into_any())}
            </label>
            {children()}
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id(&id)>{hint}</p> }.into_any())}
            <FieldErrorText id=id.clone() errors=errors />
        </div>
    }.into_any()
}

/// `aria-invalid` and `aria-describedby` of a field's control.
#[derive(Clone)]
struct FieldAria {
    id: String,
    has_hint: bool,
    errors: Derived<Vec<String>>,
}

impl FieldAria {
    fn invalid(&self) -> impl Fn() -> &'static str + Send + Sync + 'static {
        let errors = self.errors;
        move || {
            if errors.with(|e| !e.is_empty()) {
                "true"
            } else {
                "false"
            }
        }
    }

    fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let (id, has_hint, errors) = (self.id.clone(), self.has_hint, self.errors);
        move || described_by(&id, has_hint, errors.with(|e| !e.is_empty()))
    }
}

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: &'static str,
    #[prop(into)] value: Derived<String>,
    #[prop(into)] on_input: Handler<String>,
    #[prop(into)] errors: Derived<Vec<String>>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] disabled: Derived<bool>,
) -> impl IntoView {
    let aria = FieldAria {
        id: id.clone(),
        has_hint: !hint.is_empty(),
        errors,
    };
    view! {
        <FieldShell id=id.clone() label=label hint=hint required=required errors=errors>
            <input
                id=id.clone()
                name=id.clone()
                type="text"
                autocomplete="off"
                spellcheck="false"
                required=required
                disabled=move || disabled.get()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=aria.invalid()
                aria-describedby=aria.described_by()
            />
        </FieldShell>
    }
    .into_any()
}

/// A `<select>` whose options come from the server; the current value is always offered,
/// even when the list does not hold it, so editing never silently changes it.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    label: &'static str,
    #[prop(into)] value: Derived<String>,
    #[prop(into)] on_input: Handler<String>,
    #[prop(into)] errors: Derived<Vec<String>>,
    /// (value, text) pairs.
    #[prop(into)]
    options: Derived<Vec<(String, String)>>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] disabled: Derived<bool>,
) -> impl IntoView {
    let aria = FieldAria {
        id: id.clone(),
        has_hint: !hint.is_empty(),
        errors,
    };
    let all_options = move || {
        let current = value.get();
        let mut opts = options.get();
        if !current.is_empty() && !opts.iter().any(|(v, _)| *v == current) {
            opts.insert(0, (current.clone(), current));
        }
        opts
    };
    view! {
        <FieldShell id=id.clone() label=label hint=hint required=required errors=errors>
            <select
                id=id.clone()
                name=id.clone()
                required=required
                disabled=move || disabled.get()
                on:change=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=aria.invalid()
                aria-describedby=aria.described_by()
            >
                <option value="" selected=move || value.with(String::is_empty)>"— choose —"</option>
                {reactive(move || ({
                    all_options()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == value.get_untracked();
                            view! { <option value=v selected=selected>{text}</option> }.into_any()
                        })
                        .collect_view()
                }).into_any())}
            </select>
        </FieldShell>
    }
    .into_any()
}

/// Messages that belong to no single field (`detail`, `non_field_errors`, unknown keys).
#[component]
pub fn ErrorSummary(#[prop(into)] messages: Derived<Vec<String>>) -> impl IntoView {
    view! {
        <div class="error-summary-slot" role="alert" aria-live="assertive">
            {crate::components::show_when(move || messages.with(|m| !m.is_empty()), move || view! {
                <div class="error-summary" id="form-errors" tabindex="-1">
                    <p class="title">"The server did not accept the changes:"</p>
                    <ul>
                        {reactive(move || ({
                            messages.get().into_iter().map(|m| view! { <li>{m}</li> }.into_any()).collect_view()
                        }).into_any())}
                    </ul>
                </div>
            }.into_any())}
        </div>
    }.into_any()
}

/// Moves focus to an element by id once the DOM has caught up with the state change.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

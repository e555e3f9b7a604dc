//! Components in a real headless Chromium: error wiring, announcements and focus.
#![cfg(target_arch = "wasm32")]

use ak_admin::api::{ApiError, FieldErrors};
use ak_admin::components::edit_form::{BodyMode, EditForm, FormField, SaveFuture, Saved, Widget};
use ak_admin::components::field::{ErrorSummary, TextField};
use ak_admin::components::{memo, Handler, State};
use ak_admin::forms::{FieldSpec, Kind, Rules};
use leptos::prelude::*;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_root() -> web_sys::HtmlElement {
    let root: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&root).unwrap();
    root
}

/// Lets Leptos flush updates and the browser run animation-frame callbacks.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

fn by_id(root: &web_sys::HtmlElement, id: &str) -> web_sys::Element {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
}

fn type_into(root: &web_sys::HtmlElement, id: &str, text: &str) {
    let input: web_sys::HtmlInputElement = by_id(root, id).unchecked_into();
    input.set_value(text);
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn submit(root: &web_sys::HtmlElement) {
    let form: web_sys::HtmlFormElement = root
        .query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into();
    form.request_submit().unwrap();
}

fn active_id() -> String {
    doc().active_element().map(|e| e.id()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn text_field_wires_its_error_for_assistive_technology() {
    let root = fresh_root();
    let errors = State::new(Vec::<String>::new());
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <TextField id="name" label="Name" value=memo(String::new) on_input=Handler::new(|_| {})
                errors=errors hint="A hint" />
        }
    });
    settle().await;
    let input = by_id(&root, "name");
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("name-hint")
    );
    assert!(root.query_selector("#name-error").unwrap().is_none());

    errors.set(vec!["This field may not be blank.".into()]);
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("name-error name-hint")
    );
    assert_eq!(
        by_id(&root, "name-error").text_content().unwrap(),
        "This field may not be blank."
    );
    let label = root.query_selector("label[for=name]").unwrap().unwrap();
    assert!(label.text_content().unwrap().contains("Name"));
}

#[wasm_bindgen_test]
async fn error_summary_is_an_alert_that_renders_text_only() {
    let root = fresh_root();
    let msgs = State::new(Vec::<String>::new());
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <ErrorSummary messages=msgs /> },
    );
    settle().await;
    assert!(root.query_selector("[role=alert]").unwrap().is_some());
    msgs.set(vec!["<img src=x onerror=alert(1)>".into()]);
    settle().await;
    let summary = by_id(&root, "form-errors");
    assert!(summary
        .text_content()
        .unwrap()
        .contains("<img src=x onerror=alert(1)>"));
    assert!(summary.query_selector("img").unwrap().is_none());
}

struct Harness {
    root: web_sys::HtmlElement,
    sent: Rc<RefCell<Vec<Value>>>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

/// An edit form whose "server" answers with `answer` and records what it was sent.
fn mount_form(answer: Result<(), ApiError>, body_mode: BodyMode) -> Harness {
    let root = fresh_root();
    let sent: Rc<RefCell<Vec<Value>>> = Rc::default();
    let log = send_wrapper::SendWrapper::new(sent.clone());
    let answer = send_wrapper::SendWrapper::new(answer);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let log = log.clone();
        let answer = answer.clone();
        let save = Handler::new(move |body: Value| -> SaveFuture {
            log.borrow_mut().push(body);
            let a = (*answer).clone().map(|()| Saved {
                message: "Saved.".into(),
                link_text: "Show it".into(),
                href: "/".into(),
                request_id: None,
            });
            Box::pin(async move { a })
        });
        let options = memo(|| {
            vec![
                ("u1".to_string(), "GitHub".to_string()),
                ("u2".to_string(), "Corp".to_string()),
            ]
        });
        let fields = vec![
            FormField {
                spec: FieldSpec {
                    name: "user",
                    label: "User",
                    kind: Kind::Integer,
                    rules: Rules::required().integer(),
                },
                widget: Widget::Hidden,
                hint: "",
            },
            FormField {
                spec: FieldSpec {
                    name: "source",
                    label: "Source",
                    kind: Kind::Text,
                    rules: Rules::required(),
                },
                widget: Widget::Select(options),
                hint: "",
            },
            FormField {
                spec: FieldSpec {
                    name: "identifier",
                    label: "Identifier",
                    kind: Kind::Text,
                    rules: Rules::required(),
                },
                widget: Widget::Text,
                hint: "",
            },
        ];
        ak_admin::components::route::provide_address();
        view! {
                <EditForm
                    fields=fields
                    initial=vec!["6".into(), "u1".into(), "gh-1".into()]
                    draft_key=format!("test.draft.{}", js_sys::Math::random())
                    body_mode=body_mode
                    submit_label="Save"
                    cancel_href="/"
                    save=save
                />
        }
        .into_any()
    });
    Harness {
        root,
        sent,
        _handle: handle,
    }
}

#[wasm_bindgen_test]
async fn server_errors_land_under_their_fields_and_the_rest_above() {
    let errors = FieldErrors::from_value(&json!({
        "identifier": ["Identifier is taken."],
        "non_field_errors": ["The fields user, source must make a unique set."],
        "user": ["Invalid pk \"99\" - object does not exist."],
        "mystery": ["kept, never dropped"],
    }));
    let h = mount_form(Err(ApiError::Validation(errors)), BodyMode::Full);
    settle().await;
    type_into(&h.root, "field-identifier", "gh-2");
    submit(&h.root);
    settle().await;

    assert_eq!(
        h.sent.borrow().as_slice(),
        [json!({"user": 6, "source": "u1", "identifier": "gh-2"})]
    );
    let input = by_id(&h.root, "field-identifier");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("field-identifier-error")
    );
    assert_eq!(
        by_id(&h.root, "field-identifier-error")
            .text_content()
            .unwrap(),
        "Identifier is taken."
    );
    // The user's input survives the failed save.
    assert_eq!(
        input.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        "gh-2"
    );
    assert_eq!(active_id(), "field-identifier");
    let summary = by_id(&h.root, "form-errors").text_content().unwrap();
    assert!(
        summary.contains("The fields user, source must make a unique set."),
        "{summary}"
    );
    assert!(summary.contains("user: Invalid pk"), "{summary}");
    assert!(
        summary.contains("mystery: kept, never dropped"),
        "{summary}"
    );
    assert_eq!(
        by_id(&h.root, "field-source")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );

    // Editing the field clears its now-stale message but not the others.
    type_into(&h.root, "field-identifier", "gh-3");
    settle().await;
    assert!(h
        .root
        .query_selector("#field-identifier-error")
        .unwrap()
        .is_none());
    assert_eq!(
        by_id(&h.root, "field-identifier")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn local_rules_stop_the_save_and_focus_the_field() {
    let h = mount_form(Ok(()), BodyMode::Full);
    settle().await;
    type_into(&h.root, "field-identifier", "   ");
    submit(&h.root);
    settle().await;
    assert!(
        h.sent.borrow().is_empty(),
        "a blank identifier must not be sent"
    );
    assert_eq!(
        by_id(&h.root, "field-identifier-error")
            .text_content()
            .unwrap(),
        "This field may not be blank."
    );
    assert_eq!(active_id(), "field-identifier");
}

#[wasm_bindgen_test]
async fn patch_sends_only_what_changed_and_failures_keep_input() {
    let h = mount_form(
        Err(ApiError::WriteFailed),
        BodyMode::Changes { always: &[] },
    );
    settle().await;
    type_into(&h.root, "field-identifier", "new-id");
    submit(&h.root);
    settle().await;
    assert_eq!(
        h.sent.borrow().as_slice(),
        [json!({"identifier": "new-id"})]
    );
    let summary = by_id(&h.root, "form-errors").text_content().unwrap();
    assert!(summary.contains("HTTP 405"), "{summary}");
    assert_eq!(active_id(), "form-errors");
    let input: web_sys::HtmlInputElement = by_id(&h.root, "field-identifier").unchecked_into();
    assert_eq!(input.value(), "new-id");
    // The change list shows old → new.
    let changes = h
        .root
        .query_selector(".changes")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        changes.contains("gh-1") && changes.contains("new-id"),
        "{changes}"
    );
}

//! The demo's fault switch takes only the kinds it knows: a typo is a 400 with the reason,
//! never a fault that silently answers something else later.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::call;
use demo_api::{Config, ADMIN_TOKEN};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

async fn post_fault(app: &axum::Router, body: &str) -> (u16, String) {
    let r = app
        .clone()
        .oneshot(
            Request::post("/__demo/faults")
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = r.status().as_u16();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn get_me(app: &axum::Router) -> u16 {
    app.clone()
        .oneshot(
            Request::get("/api/v3/core/users/me/")
                .header("authorization", format!("Bearer {ADMIN_TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn an_unknown_fault_kind_is_refused_with_the_known_ones() {
    let app = demo_api::app(Config::default());
    for bad in [
        r#"{"kind": "html_500"}"#,
        r#"{"kind": "forbiden", "times": 1}"#,
        r#"{"kind": "drop", "path": "user_connections"}"#,
        r#"{"times": 1}"#,
        "not json",
    ] {
        let (status, body) = post_fault(&app, bad).await;
        assert_eq!(status, 400, "{bad}");
        let detail = serde_json::from_str::<Value>(&body).unwrap()["detail"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(detail.contains("html500, empty405, forbidden"), "{detail}");
        // Nothing was armed: the API answers normally.
        assert_eq!(get_me(&app).await, 200, "{bad}");
    }
}

#[tokio::test]
async fn known_fault_kinds_answer_as_promised_and_none_clears_them() {
    let app = demo_api::app(Config::default());
    for (kind, status) in [
        ("html500", 500),
        ("forbidden", 403),
        ("signed_out", 403),
        ("empty405", 405),
    ] {
        let (s, _) = post_fault(&app, &format!(r#"{{"kind": "{kind}", "times": 1}}"#)).await;
        assert_eq!(s, 204);
        assert_eq!(get_me(&app).await, status, "{kind}");
        assert_eq!(get_me(&app).await, 200, "{kind} used up");
    }
    assert_eq!(post_fault(&app, r#"{"kind": "html500"}"#).await.0, 204);
    assert_eq!(get_me(&app).await, 500);
    assert_eq!(post_fault(&app, r#"{"kind": "none"}"#).await.0, 204);
    assert_eq!(get_me(&app).await, 200);
}

/// `mistyped`: the endpoint's own answer, with the first object's `pk` an object (the first
/// of `results` in a list, the object itself otherwise); the rest as it was.
#[tokio::test]
async fn a_mistyped_answer_changes_one_field_and_nothing_else() {
    let app = demo_api::app(Config::default());
    let list = "sources/user_connections/all/?ordering=pk";
    let (_, normal) = call(&app, "GET", ADMIN_TOKEN, list, "").await;
    let pk = normal["results"][0]["pk"].clone();
    assert!(pk.is_i64());
    let (s, _) = post_fault(&app, r#"{"kind": "mistyped", "times": 2}"#).await;
    assert_eq!(s, 204);
    let (status, changed) = call(&app, "GET", ADMIN_TOKEN, list, "").await;
    assert_eq!(status, 200);
    assert_eq!(changed["results"][0]["pk"], serde_json::json!({ "id": pk }));
    assert_eq!(changed["results"][1], normal["results"][1]);
    assert_eq!(changed["pagination"], normal["pagination"]);
    let (status, me) = call(&app, "GET", ADMIN_TOKEN, "core/users/me/", "").await;
    assert_eq!(status, 200);
    assert!(
        me["user"]["pk"].is_i64(),
        "an object without a pk of its own is as it was"
    );
    let (_, after) = call(&app, "GET", ADMIN_TOKEN, list, "").await;
    assert_eq!(after, normal, "used up");
}

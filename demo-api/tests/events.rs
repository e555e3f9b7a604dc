//! authentik's event log on the demo seed: superusers only, the filters the console uses,
//! newest first, and every successful write through the API recorded as authentik's audit
//! middleware records it (captures 665–668, 728, 729 of 2026.2.2; 2024.8 assumed alike).

mod common;

use axum::body::Body;
use axum::http::Request;
use demo_api::{Compat, ADMIN_TOKEN, NOPERM_TOKEN};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::demo_app as app;

async fn send(
    app: &axum::Router,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("/api/v3/{path}"))
        .header("authorization", format!("Bearer {token}"))
        .header("user-agent", "history-test/1");
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let body = body.map(|b| Body::from(b.to_string())).unwrap_or_default();
    let r = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = r.status().as_u16();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn events(app: &axum::Router, query: &str) -> Value {
    let (status, body) = send(
        app,
        "GET",
        &format!("events/events/?{query}"),
        ADMIN_TOKEN,
        None,
    )
    .await;
    assert_eq!(status, 200, "{query}: {body}");
    body
}

fn results(body: &Value) -> &Vec<Value> {
    body["results"].as_array().unwrap()
}

#[tokio::test]
async fn only_superusers_read_the_log_in_both_releases() {
    for compat in [Compat::V2024_8, Compat::V2026_2] {
        let app = app(compat);
        let (status, body) = send(&app, "GET", "events/events/", NOPERM_TOKEN, None).await;
        assert_eq!(status, 403);
        assert_eq!(
            body,
            json!({"detail": "You do not have permission to perform this action."})
        );
        let (status, _) = send(
            &app,
            "POST",
            "events/events/",
            NOPERM_TOKEN,
            Some(json!({})),
        )
        .await;
        assert_ne!(status, 200);
    }
}

#[tokio::test]
async fn the_seed_holds_shell_creations_of_refresh_tokens() {
    for compat in [Compat::V2024_8, Compat::V2026_2] {
        let app = app(compat);
        let body = events(
            &app,
            "context_model_name=refreshtoken&context_model_app=authentik_providers_oauth2",
        )
        .await;
        let rows = results(&body);
        assert!(!rows.is_empty(), "{compat:?}");
        for e in rows {
            assert_eq!(e["action"], "model_created");
            assert_eq!(
                e["user"],
                json!({"pk": 0, "email": "", "username": "authentik-shell"})
            );
            assert!(e["context"].get("http_request").is_none());
            assert!(e["client_ip"].is_null());
        }
    }
}

#[tokio::test]
async fn a_patch_of_a_group_connection_is_recorded_with_model_and_request() {
    let app = app(Compat::V2026_2);
    let (status, body) = send(
        &app,
        "PATCH",
        "sources/group_connections/oauth/1/",
        ADMIN_TOKEN,
        Some(json!({"identifier": "renamed"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let q = "context_model_pk=1&context_model_name=groupoauthsourceconnection&ordering=-created";
    let body = events(&app, q).await;
    let e = &results(&body)[0];
    assert_eq!(e["action"], "model_updated");
    assert_eq!(e["user"]["username"], "akadmin");
    assert_eq!(e["context"]["model"]["pk"], 1);
    assert_eq!(e["context"]["model"]["app"], "authentik_sources_oauth");
    assert_eq!(e["context"]["http_request"]["method"], "PATCH");
    assert_eq!(
        e["context"]["http_request"]["path"],
        "/api/v3/sources/group_connections/oauth/1/"
    );
    assert_eq!(e["context"]["http_request"]["user_agent"], "history-test/1");
    // The app label is a filter too (capture 667): a wrong one finds nothing.
    let wrong = events(&app, &format!("{q}&context_model_app=authentik_core")).await;
    assert_eq!(wrong["pagination"]["count"], 0);
    // Oldest first on request: the seeded creation comes before the change.
    let oldest = events(
        &app,
        "context_model_pk=1&context_model_name=groupoauthsourceconnection&ordering=created",
    )
    .await;
    let actions: Vec<&Value> = results(&oldest).iter().map(|e| &e["action"]).collect();
    assert_eq!(actions.first().copied(), Some(&json!("model_created")));
    assert_eq!(actions.last().copied(), Some(&json!("model_updated")));
}

#[tokio::test]
async fn a_revoke_is_recorded_and_a_failed_write_is_not() {
    for compat in [Compat::V2024_8, Compat::V2026_2] {
        let app = app(compat);
        let before = events(&app, "").await["pagination"]["count"]
            .as_u64()
            .unwrap();
        let (status, _) = send(
            &app,
            "DELETE",
            "oauth2/refresh_tokens/999999/",
            ADMIN_TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = send(
            &app,
            "DELETE",
            "oauth2/refresh_tokens/1/",
            NOPERM_TOKEN,
            None,
        )
        .await;
        assert_ne!(status / 100, 2);
        assert_eq!(
            events(&app, "").await["pagination"]["count"]
                .as_u64()
                .unwrap(),
            before,
            "{compat:?}"
        );
        let (status, body) = send(
            &app,
            "DELETE",
            "oauth2/refresh_tokens/1/",
            ADMIN_TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 204, "{body}");
        let body = events(
            &app,
            "context_model_pk=1&context_model_name=refreshtoken&action=model_deleted",
        )
        .await;
        let rows = results(&body);
        assert_eq!(rows.len(), 1, "{compat:?}");
        assert_eq!(rows[0]["context"]["http_request"]["method"], "DELETE");
        assert_eq!(rows[0]["user"]["username"], "akadmin");
        let by_user = events(
            &app,
            &format!("user={}&action=model_deleted", rows[0]["user"]["pk"]),
        )
        .await;
        assert_eq!(by_user["pagination"]["count"], 1);
    }
}

#[tokio::test]
async fn a_reset_brings_the_log_back_to_the_seed() {
    let app = app(Compat::V2026_2);
    let seeded = events(&app, "").await["pagination"]["count"].clone();
    let (status, _) = send(
        &app,
        "DELETE",
        "oauth2/refresh_tokens/1/",
        ADMIN_TOKEN,
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_ne!(events(&app, "").await["pagination"]["count"], seeded);
    let r = app
        .clone()
        .oneshot(
            Request::builder()
                .method("POST")
                .uri("/__demo/reset")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(events(&app, "").await["pagination"]["count"], seeded);
}

/// Every answer names its request in `X-authentik-id`; the event of a write keeps that id as
/// `request_id` (capture 665 of 2026.2.2 names the PATCHes of captures 663 and 664 so).
#[tokio::test]
async fn a_writes_event_names_the_request_id_its_answer_carried() {
    for compat in [Compat::V2024_8, Compat::V2026_2] {
        let app = app(compat);
        let id_of = |r: &axum::response::Response| {
            r.headers()
                .get("x-authentik-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let request = |method: &str, path: &str, body: Option<Value>| {
            let mut req = Request::builder()
                .method(method)
                .uri(format!("/api/v3/{path}"))
                .header("authorization", format!("Bearer {ADMIN_TOKEN}"));
            if body.is_some() {
                req = req.header("content-type", "application/json");
            }
            req.body(body.map(|b| Body::from(b.to_string())).unwrap_or_default())
                .unwrap()
        };
        let read = app
            .clone()
            .oneshot(request("GET", "core/user_consent/", None))
            .await
            .unwrap();
        let missing = app
            .clone()
            .oneshot(request("GET", "core/user_consent/99999/", None))
            .await
            .unwrap();
        let (a, b) = (id_of(&read).unwrap(), id_of(&missing).unwrap());
        assert!(
            a.len() == 32 && a.bytes().all(|c| c.is_ascii_hexdigit()),
            "{a}"
        );
        assert_ne!(a, b, "one id per request");
        let write = app
            .clone()
            .oneshot(request(
                "PATCH",
                "core/tokens/alice-cli/",
                Some(json!({"description": "rotated", "intent": "api", "user": 6})),
            ))
            .await
            .unwrap();
        assert_eq!(write.status(), 200, "{compat:?}");
        let id = id_of(&write).unwrap();
        let log = events(&app, "action=model_updated&context_model_name=token").await;
        let newest = &results(&log)[0];
        assert_eq!(
            newest["context"]["http_request"]["request_id"], id,
            "{compat:?}"
        );
    }
}

/// Captures 730–737 of 2026.2.2: a PATCH of a group connection or a PUT of a user connection
/// through `…/all/{pk}/` is answered 200 and recorded nowhere; the same write through the
/// kind's own endpoint is recorded. A DELETE through `all/` is recorded (715, 728).
#[tokio::test]
async fn writes_through_all_are_not_recorded_and_through_the_kind_they_are() {
    let app = app(Compat::V2026_2);
    let count = |body: &Value| body["pagination"]["count"].as_u64().unwrap();
    let group = "context_model_pk=1&context_model_name=groupoauthsourceconnection";
    let before = count(&events(&app, group).await);
    let (status, body) = send(
        &app,
        "PATCH",
        "sources/group_connections/all/1/",
        ADMIN_TOKEN,
        Some(json!({"identifier": "through-all"})),
    )
    .await;
    assert_eq!((status, &body["identifier"]), (200, &json!("through-all")));
    assert_eq!(
        count(&events(&app, group).await),
        before,
        "PATCH through all/"
    );
    let (status, _) = send(
        &app,
        "PATCH",
        "sources/group_connections/oauth/1/",
        ADMIN_TOKEN,
        Some(json!({"identifier": "through-oauth"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        count(&events(&app, group).await),
        before + 1,
        "PATCH through oauth/"
    );

    let (_, conn) = send(
        &app,
        "GET",
        "sources/user_connections/all/4/",
        ADMIN_TOKEN,
        None,
    )
    .await;
    let user = "context_model_pk=4&context_model_name=useroauthsourceconnection";
    let before = count(&events(&app, user).await);
    let put = json!({"user": conn["user"], "source": conn["source"], "identifier": "put-all"});
    let (status, body) = send(
        &app,
        "PUT",
        "sources/user_connections/all/4/",
        ADMIN_TOKEN,
        Some(put),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(count(&events(&app, user).await), before, "PUT through all/");
    let put = json!({"user": conn["user"], "source": conn["source"], "identifier": "put-oauth"});
    let (status, body) = send(
        &app,
        "PUT",
        "sources/user_connections/oauth/4/",
        ADMIN_TOKEN,
        Some(put),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        count(&events(&app, user).await),
        before + 1,
        "PUT through oauth/"
    );

    let (status, _) = send(
        &app,
        "DELETE",
        "sources/user_connections/all/4/",
        ADMIN_TOKEN,
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        count(&events(&app, user).await),
        before + 2,
        "DELETE through all/"
    );
}

//! Group connections created at each kind's own endpoint. On 2026.x every kind's endpoint
//! answers `allow: GET, POST, HEAD, OPTIONS` (captures 718–726) and shares the OAuth
//! serializer (197, 198: required fields, the (group, source) uniqueness); the creation is
//! logged under the kind's model (728). On 2024.8 the SAML endpoint is read-only (735) and
//! a POST at the OAuth one fails inside, seen as an empty 405 (162); Plex allows POST
//! (737) and is assumed to fail the same way.

mod common;

use axum::body::Body;
use axum::http::Request;
use demo_api::{Compat, ADMIN_TOKEN};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::demo_app as app;

/// Status, `Allow` header and body (JSON where it parses, else the text).
async fn send(
    app: &axum::Router,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, String, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("/api/v3/{path}"))
        .header("authorization", format!("Bearer {ADMIN_TOKEN}"));
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let body = body.map(|b| Body::from(b.to_string())).unwrap_or_default();
    let r = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = r.status().as_u16();
    let allow = r
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        allow,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn get(app: &axum::Router, path: &str) -> Value {
    let (status, _, body) = send(app, "GET", path, None).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// A source of `kind` and a group without a connection to it.
async fn free_pair(app: &axum::Router, kind: &str) -> (String, String) {
    let sources = get(app, "sources/all/?page_size=100").await;
    let source = sources["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["meta_model_name"] == format!("authentik_sources_{kind}.{kind}source"))
        .unwrap_or_else(|| panic!("the seed has a {kind} source"))["pk"]
        .as_str()
        .unwrap()
        .to_string();
    let groups = get(app, "core/groups/?page_size=100").await;
    for g in groups["results"].as_array().unwrap() {
        let pk = g["pk"].as_str().unwrap();
        // The source's own kind's endpoint lists every connection to it (2024.8 has no all/).
        let taken = get(
            app,
            &format!("sources/group_connections/{kind}/?group={pk}"),
        )
        .await;
        let taken = taken["results"].as_array().unwrap();
        if !taken.iter().any(|c| c["source"] == source.as_str()) {
            return (pk.to_string(), source);
        }
    }
    panic!("no free group for the {kind} source")
}

#[tokio::test]
async fn every_kind_creates_at_its_own_endpoint_on_2026() {
    let app = app(Compat::V2026_2);
    for kind in ["saml", "plex", "kerberos", "ldap", "telegram", "oauth"] {
        let (group, source) = free_pair(&app, kind).await;
        let path = format!("sources/group_connections/{kind}/");
        let (status, _, created) = send(
            &app,
            "POST",
            &path,
            Some(json!({"group": group, "source": source, "identifier": format!("{kind}-new")})),
        )
        .await;
        assert_eq!(status, 201, "{kind}: {created}");
        let keys: Vec<&String> = created.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "pk",
                "group",
                "source",
                "identifier",
                "created",
                "last_updated"
            ],
            "{kind}: the shape of 718's rows"
        );
        assert_eq!(created["identifier"], format!("{kind}-new"));
        let pk = created["pk"].as_i64().unwrap();
        // In the list of every kind and in its own kind's list.
        let all = get(&app, &format!("sources/group_connections/all/{pk}/")).await;
        assert_eq!(all, created, "{kind}: all/ serves it alike");
        let own = get(&app, &format!("{path}?group={group}")).await;
        assert!(
            own["results"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["pk"] == pk),
            "{kind}: listed at its kind's endpoint"
        );
        // The creation is logged under the kind's model, with the request (728).
        let q = format!(
            "events/events/?context_model_pk={pk}&context_model_name=group{kind}sourceconnection\
             &context_model_app=authentik_sources_{kind}"
        );
        let events = get(&app, &q).await;
        let e = &events["results"][0];
        assert_eq!(events["pagination"]["count"], 1, "{kind}: {events}");
        assert_eq!(e["action"], "model_created");
        assert_eq!(e["user"]["username"], "akadmin");
        assert_eq!(e["context"]["http_request"]["method"], "POST");
        assert_eq!(
            e["context"]["http_request"]["path"],
            format!("/api/v3/{path}")
        );
    }
}

#[tokio::test]
async fn a_kind_endpoint_validates_like_the_oauth_one() {
    let app = app(Compat::V2026_2);
    let (status, _, body) = send(
        &app,
        "POST",
        "sources/group_connections/saml/",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"group": ["This field is required."], "source": ["This field is required."],
               "identifier": ["This field is required."]}),
        "capture 197's answer"
    );
    // An existing (group, source) pair: the uniqueness spans every kind (198).
    let taken = get(&app, "sources/group_connections/plex/?page_size=1").await;
    let c = &taken["results"][0];
    let before = get(&app, "sources/group_connections/all/").await["pagination"]["count"].clone();
    let (status, _, body) = send(
        &app,
        "POST",
        "sources/group_connections/plex/",
        Some(json!({"group": c["group"], "source": c["source"], "identifier": "dup"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"non_field_errors": ["The fields group, source must make a unique set."]})
    );
    let after = get(&app, "sources/group_connections/all/").await["pagination"]["count"].clone();
    assert_eq!(before, after, "nothing created");
    // The list of every kind creates nothing.
    let (status, _, body) = send(
        &app,
        "POST",
        "sources/group_connections/all/",
        Some(json!({"group": c["group"], "source": c["source"], "identifier": "x"})),
    )
    .await;
    assert_eq!(
        (status, body),
        (405, json!({"detail": "Method \"POST\" not allowed."}))
    );
}

#[tokio::test]
async fn on_2024_8_no_kind_creates() {
    let app = app(Compat::V2024_8);
    let (group, source) = free_pair(&app, "saml").await;
    let body = json!({"group": group, "source": source, "identifier": "x"});
    let (status, allow, answer) =
        send(&app, "POST", "sources/group_connections/saml/", Some(body)).await;
    assert_eq!(
        (status, allow.as_str(), answer),
        (
            405,
            "GET, HEAD, OPTIONS",
            json!({"detail": "Method \"POST\" not allowed."})
        ),
        "735: read-only"
    );
    for kind in ["oauth", "plex"] {
        let (group, source) = free_pair(&app, kind).await;
        let body = json!({"group": group, "source": source, "identifier": "x"});
        let path = format!("sources/group_connections/{kind}/");
        let (status, allow, answer) = send(&app, "POST", &path, Some(body)).await;
        assert_eq!(
            (status, allow.as_str(), answer),
            (405, "GET, HEAD, OPTIONS", json!("")),
            "{kind}: 162's empty 405"
        );
    }
    // Kinds 2024.8 does not have.
    let (status, _, _) = send(&app, "POST", "sources/group_connections/ldap/", None).await;
    assert_eq!(status, 404);
}

//! User consents and authenticated sessions on the demo seed: what each release's view
//! honours (its filterset, `ordering` by the serializer's field sources), who sees what,
//! `bulk_delete/` on 2026.x only, and the demo login's session marked `current`.

mod common;

use axum::body::Body;
use axum::http::Request;
use demo_api::{Compat, ADMIN_TOKEN, ALICE_TOKEN};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use common::demo_app as app;

async fn send(app: &axum::Router, method: &str, path: &str, auth: Option<&str>) -> (u16, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("/api/v3/{path}"));
    if let Some(a) = auth {
        req = req.header(
            if a.starts_with("authentik_session=") {
                "cookie"
            } else {
                "authorization"
            },
            a,
        );
    }
    let r = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = r.status().as_u16();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn get(app: &axum::Router, path: &str) -> Value {
    let (status, body) = send(app, "GET", path, Some(&format!("Bearer {ADMIN_TOKEN}"))).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

fn count(body: &Value) -> u64 {
    body["pagination"]["count"].as_u64().unwrap()
}

fn field<'a>(body: &'a Value, key: &str) -> Vec<&'a Value> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r[key])
        .collect()
}

#[tokio::test]
async fn sessions_filter_by_username_only_and_sort_by_each_releases_sources() {
    for (compat, honoured, ignored) in [
        (Compat::V2024_8, "last_used", "session__last_used"),
        (Compat::V2026_2, "session__last_used", "last_used"),
    ] {
        let app = app(compat);
        let all = count(&get(&app, "core/authenticated_sessions/?page_size=1").await);
        assert!(all >= 300, "{compat:?}: a few hundred sessions ({all})");
        // `?user=` is no filter of this view; `user__username` is (exact).
        assert_eq!(
            count(&get(&app, "core/authenticated_sessions/?page_size=1&user=6").await),
            all
        );
        let alice = get(&app, "core/authenticated_sessions/?user__username=alice").await;
        assert!(count(&alice) >= 3 && field(&alice, "user").iter().all(|u| **u == 6));
        let sorted = get(
            &app,
            &format!("core/authenticated_sessions/?page_size=100&ordering=-{honoured}"),
        )
        .await;
        let used: Vec<&str> = field(&sorted, "last_used")
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            used.windows(2).all(|w| w[0] >= w[1]),
            "{compat:?}: sorted by {honoured}"
        );
        let plain = get(&app, "core/authenticated_sessions/?page_size=100").await;
        let other = get(
            &app,
            &format!("core/authenticated_sessions/?page_size=100&ordering=-{ignored}"),
        )
        .await;
        assert_eq!(plain, other, "{compat:?}: {ignored} is ignored");
    }
}

#[tokio::test]
async fn bulk_delete_exists_on_2026_only_and_ends_every_session_of_the_users() {
    let bearer = format!("Bearer {ADMIN_TOKEN}");
    let app24 = app(Compat::V2024_8);
    // The detail route of a session called "bulk_delete".
    let (status, body) = send(
        &app24,
        "DELETE",
        "core/authenticated_sessions/bulk_delete/?user_pks=6",
        Some(&bearer),
    )
    .await;
    assert_eq!(
        (status, body),
        (404, serde_json::json!({"detail": "Not found."}))
    );

    let app = app(Compat::V2026_2);
    let n = count(
        &get(
            &app,
            "core/authenticated_sessions/?page_size=1&user__username=alice",
        )
        .await,
    );
    let before = count(&get(&app, "core/authenticated_sessions/?page_size=1").await);
    let (status, body) = send(
        &app,
        "DELETE",
        "core/authenticated_sessions/bulk_delete/?user_pks=6",
        Some(&bearer),
    )
    .await;
    assert_eq!((status, body["deleted"].as_u64()), (200, Some(n)));
    let after = count(&get(&app, "core/authenticated_sessions/?page_size=1").await);
    assert_eq!(after, before - n, "only alice's sessions ended");
    let (status, body) = send(
        &app,
        "GET",
        "core/authenticated_sessions/bulk_delete/",
        Some(&bearer),
    )
    .await;
    assert_eq!(status, 405, "{body}");
    // A non-superuser may not end other users' sessions in bulk.
    let (status, _) = send(
        &app,
        "DELETE",
        "core/authenticated_sessions/bulk_delete/?user_pks=7",
        Some(&format!("Bearer {ALICE_TOKEN}")),
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn owners_see_and_end_their_own_and_a_cookie_sees_its_session_as_current() {
    for compat in [Compat::V2024_8, Compat::V2026_2] {
        let app = app(compat);
        let alice = format!("Bearer {ALICE_TOKEN}");
        let (_, mine) = send(&app, "GET", "core/authenticated_sessions/", Some(&alice)).await;
        assert!(count(&mine) > 0 && field(&mine, "user").iter().all(|u| **u == 6));
        assert!(
            field(&mine, "current").iter().all(|c| **c == false),
            "a token has no session"
        );
        let (_, consents) = send(&app, "GET", "core/user_consent/", Some(&alice)).await;
        assert!(count(&consents) > 0);
        assert!(field(&consents, "user").iter().all(|u| u["pk"] == 6));
        let uuid = mine["results"][0]["uuid"].as_str().unwrap().to_string();
        let (status, _) = send(
            &app,
            "DELETE",
            &format!("core/authenticated_sessions/{uuid}/"),
            Some(&alice),
        )
        .await;
        assert_eq!(status, 204, "{compat:?}: the owner ends their own session");
        // A malformed uuid is the view's bare 404 on every release.
        let (status, body) = send(
            &app,
            "GET",
            "core/authenticated_sessions/not-a-uuid/",
            Some(&alice),
        )
        .await;
        assert_eq!((status, body["detail"].as_str()), (404, Some("Not found.")));
        // A malformed application is refused like authentik's ModelChoiceFilter.
        let (status, body) = send(
            &app,
            "GET",
            "core/user_consent/?application=abc",
            Some(&alice),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert!(body["application"].is_array());
    }

    // The demo login makes a session; listed with that cookie it is `current`, and ending
    // it signs the cookie out.
    let app = app(Compat::V2026_2);
    let cookies = common::login_cookies(&app).await;
    let cookie = format!(
        "authentik_session={}",
        common::cookie(&cookies, "authentik_session")
    );
    let (status, list) = send(
        &app,
        "GET",
        "core/authenticated_sessions/?user__username=akadmin&page_size=100",
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200);
    let current: Vec<&Value> = list["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["current"] == true)
        .collect();
    assert_eq!(current.len(), 1, "{list}");
    let uuid = current[0]["uuid"].as_str().unwrap().to_string();
    let bearer = format!("Bearer {ADMIN_TOKEN}");
    let (status, _) = send(
        &app,
        "DELETE",
        &format!("core/authenticated_sessions/{uuid}/"),
        Some(&bearer),
    )
    .await;
    assert_eq!(status, 204);
    let (status, body) = send(&app, "GET", "core/users/me/", Some(&cookie)).await;
    assert_eq!(status, 403, "signed out: {body}");
}

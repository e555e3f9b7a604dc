//! authentik's CSRF checks for session-cookie writes, as Django runs them (recorded:
//! 2024.8.6 files 673–682, 2026.2.2 files 656–664; the replay covers those answers, these
//! tests pin each case on its own). The origin is checked first, against the scheme and the
//! `Host` header authentik received: a proxy that drops the port from `Host` (nginx's
//! `$host`) breaks every session write on a non-default port.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request};
use demo_api::{api::origin_refused, Compat, Config, SeedKind, ADMIN_TOKEN};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

struct Session {
    app: axum::Router,
    cookie: String,
    csrf: String,
}

async fn session(compat: Compat) -> Session {
    let app = demo_api::app(Config {
        compat,
        seed: SeedKind::Demo,
        ..Config::default()
    });
    let cookies = common::login_cookies(&app).await;
    let csrf = common::cookie(&cookies, "authentik_csrf");
    Session {
        app,
        cookie: cookies.join("; "),
        csrf,
    }
}

const PATH: &str = "/api/v3/sources/group_connections/oauth/1/";

/// A PATCH of group connection 1 with the session cookie and the given headers.
async fn patch(s: &Session, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut b = Request::patch(PATH)
        .header("cookie", &s.cookie)
        .header("content-type", "application/json");
    for (k, v) in headers {
        let v = v.replace("<csrf>", &s.csrf);
        b = b.header(*k, v);
    }
    send(
        &s.app,
        b.body(Body::from(r#"{"identifier": "x"}"#)).unwrap(),
    )
    .await
}

async fn send(app: &axum::Router, req: Request<Body>) -> (u16, Value) {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status().as_u16();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn refused(why: &str) -> (u16, Value) {
    (403, json!({ "detail": format!("CSRF Failed: {why}") }))
}

fn origin_failed(origin: &str) -> (u16, Value) {
    refused(&format!(
        "Origin checking failed - {origin} does not match any trusted origins."
    ))
}

#[tokio::test]
async fn a_same_origin_session_write_passes() {
    for compat in [Compat::V2024_8, Compat::V2026_2] {
        let s = session(compat).await;
        let (status, _) = patch(
            &s,
            &[
                ("host", "127.0.0.1:8127"),
                ("origin", "http://127.0.0.1:8127"),
                ("x-authentik-csrf", "<csrf>"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{compat:?}");
    }
}

#[tokio::test]
async fn a_host_without_the_port_is_refused_with_authentiks_words() {
    for compat in [Compat::V2024_8, Compat::V2026_2] {
        let s = session(compat).await;
        // What nginx's `Host $host` forwards for a browser on port 8126.
        let got = patch(
            &s,
            &[
                ("host", "127.0.0.1"),
                ("origin", "http://127.0.0.1:8126"),
                ("x-authentik-csrf", "<csrf>"),
            ],
        )
        .await;
        assert_eq!(got, origin_failed("http://127.0.0.1:8126"), "{compat:?}");
    }
}

#[tokio::test]
async fn the_origin_answers_before_the_token() {
    let s = session(Compat::V2026_2).await;
    let got = patch(
        &s,
        &[("host", "127.0.0.1"), ("origin", "http://127.0.0.1:8124")],
    )
    .await;
    assert_eq!(got, origin_failed("http://127.0.0.1:8124"));
    let got = patch(
        &s,
        &[
            ("host", "127.0.0.1:8127"),
            ("origin", "https://evil.example.com"),
            ("x-authentik-csrf", "wrong"),
        ],
    )
    .await;
    assert_eq!(got, origin_failed("https://evil.example.com"));
}

#[tokio::test]
async fn without_an_origin_the_token_decides() {
    let s = session(Compat::V2024_8).await;
    let host = ("host", "127.0.0.1");
    assert_eq!(patch(&s, &[host]).await, refused("CSRF token missing."));
    assert_eq!(
        patch(&s, &[host, ("x-authentik-csrf", "wrong")]).await,
        refused("CSRF token from the 'X-Authentik-Csrf' HTTP header has incorrect length.")
    );
    assert_eq!(
        patch(&s, &[host, ("x-authentik-csrf", &"A".repeat(32))]).await,
        refused("CSRF token from the 'X-Authentik-Csrf' HTTP header incorrect.")
    );
    assert_eq!(
        patch(&s, &[host, ("x-authentik-csrf", "<csrf>")]).await.0,
        200
    );
}

#[tokio::test]
async fn the_scheme_comes_from_x_forwarded_proto() {
    let s = session(Compat::V2026_2).await;
    let h = |proto: &'static str, origin: &'static str| {
        [
            ("host", "admin.example.com"),
            ("x-forwarded-proto", proto),
            ("origin", origin),
            ("x-authentik-csrf", "<csrf>"),
        ]
    };
    // A TLS-terminating proxy on 443 that says so.
    assert_eq!(
        patch(&s, &h("https", "https://admin.example.com")).await.0,
        200
    );
    // The proxy did not say https: authentik compares with http://.
    assert_eq!(
        patch(&s, &h("http", "https://admin.example.com")).await,
        origin_failed("https://admin.example.com")
    );
    assert_eq!(
        patch(
            &s,
            &[
                ("host", "admin.example.com"),
                ("origin", "https://admin.example.com"),
                ("x-authentik-csrf", "<csrf>")
            ]
        )
        .await,
        origin_failed("https://admin.example.com")
    );
    assert_eq!(
        patch(&s, &h("https", "http://admin.example.com")).await,
        origin_failed("http://admin.example.com")
    );
}

#[tokio::test]
async fn reads_and_bearer_tokens_are_not_checked() {
    let s = session(Compat::V2026_2).await;
    let (status, _) = send(
        &s.app,
        Request::get(PATH)
            .header("cookie", &s.cookie)
            .header("host", "127.0.0.1")
            .header("origin", "https://evil.example.com")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "a read");
    let (status, _) = send(
        &s.app,
        Request::patch(PATH)
            .header("authorization", format!("Bearer {ADMIN_TOKEN}"))
            .header("content-type", "application/json")
            .header("host", "127.0.0.1:8126")
            .header("origin", "https://evil.example.com")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "a Bearer-token write");
}

fn headers(list: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in list {
        h.insert(*k, HeaderValue::from_str(v).unwrap());
    }
    h
}

#[test]
fn over_https_without_an_origin_django_wants_a_same_host_https_referer() {
    let secure = [
        ("host", "admin.example.com"),
        ("x-forwarded-proto", "https"),
    ];
    let with = |extra: &[(&'static str, &str)]| {
        let mut all = secure.to_vec();
        all.extend_from_slice(extra);
        origin_refused(&headers(&all))
    };
    assert_eq!(
        with(&[]).as_deref(),
        Some("Referer checking failed - no Referer.")
    );
    assert_eq!(
        with(&[("referer", "not a url")]).as_deref(),
        Some("Referer checking failed - Referer is malformed.")
    );
    assert_eq!(
        with(&[("referer", "http://admin.example.com/x")]).as_deref(),
        Some("Referer checking failed - Referer is insecure while host is secure.")
    );
    assert_eq!(
        with(&[("referer", "https://evil.example.com/x")]).as_deref(),
        Some("Referer checking failed - https://evil.example.com/x does not match any trusted origins.")
    );
    assert_eq!(with(&[("referer", "https://admin.example.com/x")]), None);
    // Plain http without an Origin goes on to the token check.
    assert_eq!(origin_refused(&headers(&[("host", "a")])), None);
    // Only the first X-Forwarded-Proto value counts, as in Django.
    assert_eq!(
        origin_refused(&headers(&[
            ("host", "a.example"),
            ("x-forwarded-proto", "https, http"),
            ("origin", "https://a.example")
        ])),
        None
    );
}

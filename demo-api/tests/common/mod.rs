//! What several demo API test files share.

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

/// Signs in through `/__demo/login` like authentik's flow would and returns the cookies it
/// sets, as `name=value` pairs.
#[allow(dead_code)]
pub async fn login_cookies(app: &axum::Router) -> Vec<String> {
    let login = app
        .clone()
        .oneshot(
            Request::get("/__demo/login?next=/")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect()
}

/// The value of the cookie `name` among `cookies`.
#[allow(dead_code)]
pub fn cookie(cookies: &[String], name: &str) -> String {
    cookies
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .unwrap()
        .to_string()
}

/// One request to the API as `token`, its status and its body (JSON where it parses, else
/// the text). Not every test file uses every helper here.
#[allow(dead_code)]
pub async fn call(
    app: &axum::Router,
    method: &str,
    token: &str,
    path: &str,
    body: &'static str,
) -> (u16, serde_json::Value) {
    use http_body_util::BodyExt;
    let r = app
        .clone()
        .oneshot(
            Request::builder()
                .method(method)
                .uri(format!("/api/v3/{path}"))
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = r.status().as_u16();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// The demo world at a fixed moment (expiry flags never depend on when the tests run).
#[allow(dead_code)]
pub fn demo_app(compat: demo_api::Compat) -> axum::Router {
    demo_api::app(demo_api::Config {
        compat,
        seed: demo_api::SeedKind::Demo,
        now: Some(time::macros::datetime!(2026-11-22 12:00:00 UTC)),
        ..demo_api::Config::default()
    })
}

//! What several demo API test files share.

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

/// Signs in through `/__demo/login` like authentik's flow would and returns the cookies it
/// sets, as `name=value` pairs.
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
pub fn cookie(cookies: &[String], name: &str) -> String {
    cookies
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .unwrap()
        .to_string()
}

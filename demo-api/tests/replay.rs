//! Replays every recorded request in scope against the stand-in, in recording order and in
//! the matching compat mode, and compares status and body with what authentik answered.
//! Timestamps the server sets when writing (`created`, `last_updated`, a connection's
//! `expires`) only have to be timestamps; everything else must be equal.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use demo_api::{Compat, Config, SeedKind};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::PathBuf;
use tower::ServiceExt;

fn fixtures(version: &str) -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(version);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, v)
        })
        .collect()
}

/// The endpoints the stand-in implements; the recordings also cover creating providers,
/// applications, sources and groups, which the console never does.
fn in_scope(method: &str, path: &str) -> bool {
    if method == "OPTIONS" {
        return false;
    }
    let p = path.trim_start_matches("/api/v3/");
    let read_only_lookup = ["core/", "providers/"].iter().any(|x| p.starts_with(x));
    if read_only_lookup {
        return method == "GET";
    }
    [
        "sources/user_connections/",
        "sources/group_connections/",
        "oauth2/refresh_tokens/",
        "sources/all/",
        "root/config/",
        "does/not/exist/",
    ]
    .iter()
    .any(|x| p.starts_with(x))
}

/// The recordings replace credentials by their role; these are the stand-in's.
fn authorization(file: &str, recorded: &str) -> String {
    let token = recorded.trim_start_matches("Bearer ").trim();
    match token {
        "<admin token>" => format!("Bearer {}", demo_api::ADMIN_TOKEN),
        "<alice token>" => format!("Bearer {}", demo_api::ALICE_TOKEN),
        "<noperm token>" => format!("Bearer {}", demo_api::NOPERM_TOKEN),
        "<none token>" if file.contains("bearer-empty") => "Bearer ".into(),
        "<none token>" if file.contains("basic") => "Basic YWthZG1pbjpwYXNzd29yZA==".into(),
        "<none token>" if file.contains("spaces") => "Bearer ak demo admin token".into(),
        "<none token>" => "Bearer expired-token-0000".into(),
        other => format!(
            "Bearer {}",
            other
                .trim_matches(|c| c == '<' || c == '>')
                .trim_end_matches(" token")
        ),
    }
}

/// Objects the recorded servers gained between recorded requests (see seed/extract.py).
fn later(compat: Compat, file: &str) -> Vec<(&'static str, i64)> {
    match compat {
        Compat::V2024_8 if file.starts_with("170-") => vec![("user_connections", 8)],
        Compat::V2024_8 if file.starts_with("171-") => vec![("group_connections", 5)],
        Compat::V2024_8 if file.starts_with("324-") => vec![("tokens", 6), ("tokens", 7)],
        _ => vec![],
    }
}

/// Restores made between recorded requests without being recorded: before `file`, the
/// object is as the response of `from` shows it.
fn restored(compat: Compat, file: &str) -> Option<(&'static str, &'static str)> {
    match compat {
        Compat::V2026_2 if file.starts_with("150-") => Some((
            "user_connections",
            "121-put-user-connection-all-1-restore.json",
        )),
        Compat::V2026_2 if file.starts_with("176-") => Some((
            "group_connections",
            "172-patch-group-connection-oauth-1-restore.json",
        )),
        _ => None,
    }
}

fn is_timestamp(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| demo_api::world::parse_timestamp(s).is_some())
}

fn same(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let conn = e.contains_key("identifier");
            e.len() == a.len()
                && e.iter().all(|(k, ev)| {
                    a.get(k).is_some_and(|av| {
                        let written = matches!(k.as_str(), "created" | "last_updated")
                            || (k == "expires" && conn);
                        if written && is_timestamp(ev) && (is_timestamp(av) || av.is_null()) {
                            true
                        } else {
                            same(ev, av)
                        }
                    })
                })
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| same(x, y))
        }
        _ => expected == actual,
    }
}

/// Puts objects in place through the demo API's control endpoint.
async fn put_objects(app: &axum::Router, body: Value, what: &str) {
    let r = app
        .clone()
        .oneshot(
            Request::post("/__demo/objects")
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "{what}");
}

async fn replay(version: &str, compat: Compat) -> (usize, Vec<String>) {
    let now = time::macros::datetime!(2026-11-22 07:30:00 UTC);
    let st = demo_api::state(Config {
        compat,
        seed: SeedKind::Capture,
        now: Some(now),
        ..Config::default()
    });
    let app = demo_api::router(st);

    // A session for the recordings made with authentik's session cookie.
    let login = app
        .clone()
        .oneshot(
            Request::get("/__demo/login?next=/")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let cookies: Vec<String> = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    let value = |name: &str| {
        cookies
            .iter()
            .find_map(|c| c.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_string()
    };
    let (session, csrf) = (value("authentik_session"), value("authentik_csrf"));

    let mut failures = Vec::new();
    let mut replayed = 0;
    let all = fixtures(version);
    for (file, cap) in all.iter().cloned() {
        let req = &cap["request"];
        let method = req["method"].as_str().unwrap();
        let path = req["path"].as_str().unwrap();
        if !in_scope(method, path) {
            continue;
        }
        for (kind, pk) in later(compat, &file) {
            let body = serde_json::json!({"kind": kind, "pk": pk});
            put_objects(&app, body, &format!("{file}: release {kind} {pk}")).await;
        }
        if let Some((kind, from)) = restored(compat, &file) {
            let object = &all
                .iter()
                .find(|(n, _)| n == from)
                .expect("restore source")
                .1["response"]["body"];
            let body = serde_json::json!({"kind": kind, "object": object});
            put_objects(&app, body, &format!("{file}: restore {kind}")).await;
        }
        replayed += 1;
        let mut builder = Request::builder().method(method).uri(path);
        let mut ctype = None;
        for (k, v) in req["headers"].as_object().unwrap() {
            let v = v.as_str().unwrap();
            let v = match k.to_ascii_lowercase().as_str() {
                "authorization" => authorization(&file, v),
                "cookie" => v.replace("<session>", &session).replace("<csrf>", &csrf),
                "x-authentik-csrf" => v.replace("<csrf>", &csrf),
                "content-type" => {
                    ctype = Some(v.to_string());
                    v.to_string()
                }
                _ => v.to_string(),
            };
            builder = builder.header(k.as_str(), v);
        }
        let json_body = ctype
            .as_deref()
            .is_some_and(|c| c.starts_with("application/json"));
        let body = match &req["body"] {
            Value::Null if ctype.is_none() => Vec::new(),
            // Bodies that were not JSON are recorded as their raw text.
            Value::String(s) if !json_body || file.contains("invalid-json") => {
                s.clone().into_bytes()
            }
            v => v.to_string().into_bytes(),
        };
        let resp = app
            .clone()
            .oneshot(builder.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let ctype = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let want_status = cap["response"]["status"].as_u64().unwrap() as u16;
        let want = &cap["response"]["body"];
        let body_ok = match want {
            Value::String(s) if s.trim_start().starts_with("<!DOCTYPE html>") => {
                ctype.starts_with("text/html") && text.contains("<!DOCTYPE html>")
            }
            Value::String(s) if s.is_empty() => text.is_empty(),
            Value::Null => text.is_empty(),
            want => serde_json::from_str::<Value>(&text).is_ok_and(|got| same(want, &got)),
        };
        if status != want_status || !body_ok {
            failures.push(format!(
                "{version}/{file}: {method} {path}\n  want {want_status} {}\n  got  {status} {}",
                truncate(&want.to_string()),
                truncate(&text)
            ));
        }
    }
    (replayed, failures)
}

fn truncate(s: &str) -> String {
    if s.len() > 400 {
        format!("{}…", &s[..s.floor_char_boundary_compat(400)])
    } else {
        s.to_string()
    }
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[tokio::test]
async fn replays_authentik_2024_8_6() {
    let (n, failures) = replay("2024.8.6", Compat::V2024_8).await;
    assert!(n > 70, "only {n} recordings in scope");
    assert!(
        failures.is_empty(),
        "{} of {n} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn replays_authentik_2026_2_2() {
    let (n, failures) = replay("2026.2.2", Compat::V2026_2).await;
    assert!(n > 150, "only {n} recordings in scope");
    assert!(
        failures.is_empty(),
        "{} of {n} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! OAuth2 access tokens and authorization codes on the demo seed, in every compat mode:
//! what the lists honour and ignore (the recordings 631–654 of 2024.8.6 and 622–639 of
//! 2026.2.2 say which; the replay checks those answers), who sees which rows, the shapes,
//! and the object endpoints (no PATCH, delete, `used_by`).

mod common;

use axum::body::Body;
use axum::http::Request;
use demo_api::{Compat, Config, SeedKind, ADMIN_TOKEN, NOPERM_TOKEN};
use serde_json::{json, Value};
use tower::ServiceExt;

const MODES: [Compat; 3] = [Compat::V2024_8, Compat::V2026_2, Compat::V2026_5];
const LISTS: [&str; 2] = ["oauth2/access_tokens/", "oauth2/authorization_codes/"];

fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-22 12:00:00 UTC)
}

fn app(compat: Compat) -> axum::Router {
    demo_api::app(Config {
        compat,
        seed: SeedKind::Demo,
        now: Some(now()),
        ..Config::default()
    })
}

async fn call(app: &axum::Router, method: &str, token: &str, path: &str) -> (u16, Value) {
    let body = if method == "PATCH" { "{}" } else { "" };
    common::call(app, method, token, path, body).await
}

async fn get(app: &axum::Router, path: &str) -> (u16, Value) {
    call(app, "GET", ADMIN_TOKEN, path).await
}

/// Every row of a list, page by page.
async fn all(app: &axum::Router, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let (status, body) = get(app, &format!("{path}{sep}page_size=100&page={page}")).await;
        assert_eq!(status, 200, "{path}: {body}");
        out.extend(body["results"].as_array().unwrap().iter().cloned());
        match body["pagination"]["next"].as_u64().unwrap() {
            0 => return out,
            n => page = n,
        }
    }
}

fn pks(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["pk"].as_i64().unwrap()).collect()
}

fn key(row: &Value, field: &str) -> Value {
    let v = &row[field];
    v.get("pk").cloned().unwrap_or_else(|| v.clone())
}

fn sorted_by(rows: &[Value], field: &str, desc: bool) -> bool {
    rows.windows(2).all(|w| {
        let (a, b) = (key(&w[0], field), key(&w[1], field));
        let o = match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => a.as_str().unwrap_or("").cmp(b.as_str().unwrap_or("")),
        };
        if desc {
            o.is_ge()
        } else {
            o.is_le()
        }
    })
}

#[test]
fn the_demo_seed_pages_and_has_expired_grants() {
    for compat in MODES {
        let w = demo_api::seed::demo(compat, now(), false);
        for (what, rows, least) in [
            ("access tokens", &w.access_tokens, 300),
            ("authorization codes", &w.authorization_codes, 100),
        ] {
            assert!(rows.len() >= least, "{compat:?}: {} {what}", rows.len());
            let expired = rows
                .values()
                .filter(|t| demo_api::world::parse_timestamp(&t.expires).unwrap() < now())
                .count();
            assert!(expired > 20 && expired < rows.len(), "{what}: {expired}");
        }
        let with_id_token = w
            .access_tokens
            .values()
            .filter(|t| t.id_token.as_str().is_some_and(|s| s.contains("\"sub\"")))
            .count();
        assert_eq!(with_id_token, w.access_tokens.len());
        assert!(w.access_tokens.values().any(|t| t.revoked));
        // alice (6) has grants to filter by.
        assert!(w.access_tokens.values().filter(|t| t.user == 6).count() >= 2);
        assert!(w.authorization_codes.values().any(|t| t.user == 6));
    }
}

#[tokio::test]
async fn search_is_ignored_and_ordering_and_filters_are_honoured() {
    for compat in MODES {
        let app = app(compat);
        for list in LISTS {
            let rows = all(&app, list).await;
            let base = pks(&rows);
            // The view's default: provider, then expires.
            assert!(sorted_by(&rows, "provider", false), "{compat:?} {list}");
            for term in ["alice", "wiki", "zzzz"] {
                let got = pks(&all(&app, &format!("{list}?search={term}")).await);
                assert_eq!(
                    got, base,
                    "{compat:?} {list}: search={term} must be ignored"
                );
            }
            for field in ["expires", "user", "provider"] {
                for desc in [false, true] {
                    let param = if desc {
                        format!("-{field}")
                    } else {
                        field.into()
                    };
                    let got = all(&app, &format!("{list}?ordering={param}")).await;
                    assert!(sorted_by(&got, field, desc), "{compat:?} {list} {param}");
                    if field != "provider" {
                        assert_ne!(pks(&got), base, "{compat:?} {list} {param}");
                    }
                }
            }
            let got = all(&app, &format!("{list}?user=6")).await;
            assert!(!got.is_empty() && got.iter().all(|t| t["user"]["pk"] == 6));
            let got = all(&app, &format!("{list}?provider=2")).await;
            assert!(!got.is_empty() && got.iter().all(|t| t["provider"]["pk"] == 2));
            let choice = "Select a valid choice. That choice is not one of the available choices.";
            assert_eq!(
                get(&app, &format!("{list}?user=abc")).await,
                (400, json!({"user": [choice]}))
            );
        }
    }
}

#[tokio::test]
async fn shapes_per_kind_and_version() {
    for compat in MODES {
        let app = app(compat);
        let (_, body) = get(&app, "oauth2/access_tokens/?page_size=1").await;
        let t = &body["results"][0];
        let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "pk",
                "provider",
                "user",
                "is_expired",
                "expires",
                "scope",
                "id_token",
                "revoked"
            ]
        );
        // The full OAuth2 provider, secret included, up to 2026.2 (recorded on both).
        assert_eq!(
            t["provider"]["client_secret"].is_string(),
            compat != Compat::V2026_5,
            "{compat:?}"
        );
        let (_, body) = get(&app, "oauth2/authorization_codes/?page_size=1").await;
        let c = &body["results"][0];
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["pk", "provider", "user", "is_expired", "expires", "scope"]
        );
        assert_eq!(body["autocomplete"].is_object(), compat.modern());
    }
}

#[tokio::test]
async fn objects_read_delete_and_refuse_patch() {
    for compat in MODES {
        let app = app(compat);
        for (list, model) in [
            ("oauth2/access_tokens/", "AccessToken"),
            ("oauth2/authorization_codes/", "AuthorizationCode"),
        ] {
            let missing = if compat.modern() {
                json!({"detail": format!("No {model} matches the given query.")})
            } else {
                json!({"detail": "Not found."})
            };
            assert_eq!(
                get(&app, &format!("{list}99999/")).await,
                (404, missing.clone())
            );
            assert_eq!(
                get(&app, &format!("{list}not-a-number/")).await,
                (404, json!({"detail": "Not found."}))
            );
            assert_eq!(
                get(&app, &format!("{list}1/used_by/")).await,
                (200, json!([]))
            );
            assert_eq!(
                call(&app, "PATCH", ADMIN_TOKEN, &format!("{list}1/")).await,
                (405, json!({"detail": "Method \"PATCH\" not allowed."}))
            );
            let (s, one) = get(&app, &format!("{list}2/")).await;
            assert_eq!((s, &one["pk"]), (200, &json!(2)));
            let gone = call(&app, "DELETE", ADMIN_TOKEN, &format!("{list}2/")).await;
            assert_eq!(gone.0, 204);
            assert_eq!(
                call(&app, "DELETE", ADMIN_TOKEN, &format!("{list}2/")).await,
                (404, missing)
            );
        }
    }
}

/// 2024.8.6 (665/666) lists a user's own grants to them; 2026.2.2 (644/645) showed none
/// because the account had none: both are the owner filter.
#[tokio::test]
async fn an_account_without_permissions_sees_its_own_grants_only() {
    for compat in MODES {
        let app = app(compat);
        for list in LISTS {
            let (s, body) = call(&app, "GET", NOPERM_TOKEN, list).await;
            assert_eq!(s, 200);
            let rows = body["results"].as_array().unwrap();
            assert!(!rows.is_empty(), "{compat:?} {list}: dave owns some");
            assert!(
                rows.iter().all(|t| t["user"]["pk"] == 9),
                "{compat:?} {list}"
            );
            let (_, admin) = get(&app, &format!("{list}?user=9")).await;
            assert_eq!(body["pagination"]["count"], admin["pagination"]["count"]);
            // Someone else's grant is a 404, not a 403.
            let other = all(&app, &format!("{list}?user=6")).await[0]["pk"].clone();
            let (s, _) = call(&app, "GET", NOPERM_TOKEN, &format!("{list}{other}/")).await;
            assert_eq!(s, 404);
        }
    }
}

/// The clock a replay sets (`/__demo/clock`) decides `is_expired`; a time that is not one is
/// refused, and `null` goes back to the configured clock.
#[tokio::test]
async fn expiry_flags_follow_the_clock() {
    let app = app(Compat::V2026_2);
    let set = |now: Value| {
        let app = app.clone();
        async move {
            app.oneshot(
                Request::post("/__demo/clock")
                    .header("content-type", "application/json")
                    .body(Body::from(json!({ "now": now }).to_string()))
                    .unwrap(),
            )
            .await
            .unwrap()
            .status()
            .as_u16()
        }
    };
    let (_, code) = get(&app, "oauth2/authorization_codes/1/").await;
    let expires = demo_api::world::parse_timestamp(code["expires"].as_str().unwrap()).unwrap();
    let at = |t: time::OffsetDateTime| json!(demo_api::world::timestamp(t));
    assert_eq!(set(at(expires - time::Duration::seconds(1))).await, 204);
    let (_, before) = get(&app, "oauth2/authorization_codes/1/").await;
    assert_eq!(before["is_expired"], false);
    assert_eq!(set(at(expires + time::Duration::seconds(1))).await, 204);
    let (_, after) = get(&app, "oauth2/authorization_codes/1/").await;
    assert_eq!(after["is_expired"], true);
    assert_eq!(set(json!("yesterday")).await, 400);
    assert_eq!(set(Value::Null).await, 204);
    let (_, configured) = get(&app, "oauth2/authorization_codes/1/").await;
    assert_eq!(configured["is_expired"], json!(expires < now()));
}

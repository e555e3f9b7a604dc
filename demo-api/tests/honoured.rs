//! What each authentik version honours or silently ignores on the console's lists, pinned
//! per compat mode on the demo seed (the recordings of files 600+ in tests/fixtures say
//! which, in each file's `note`; the replay checks those answers). A control the server
//! ignores must be ignored here too, so a console test of that control cannot pass on a
//! stand-in that is kinder than the real server.

mod common;

use demo_api::{Compat, ADMIN_TOKEN, NOPERM_TOKEN};
use serde_json::{json, Value};

const MODES: [Compat; 3] = [Compat::V2024_8, Compat::V2026_2, Compat::V2026_5];

use common::demo_app as app;

async fn get_as(app: &axum::Router, token: &str, path: &str) -> (u16, Value) {
    common::call(app, "GET", token, path, "").await
}

async fn get(app: &axum::Router, path: &str) -> (u16, Value) {
    get_as(app, ADMIN_TOKEN, path).await
}

/// The first 200 rows of a list (enough to see an order; a debug build renders a whole
/// thousand-token list slowly).
async fn all(app: &axum::Router, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let (status, body) = get(app, &format!("{path}{sep}page_size=100&page={page}")).await;
        assert_eq!(status, 200, "{path}: {body}");
        out.extend(body["results"].as_array().unwrap().iter().cloned());
        let next = body["pagination"]["next"].as_u64().unwrap();
        if next == 0 || next > 2 {
            return out;
        }
        page = next;
    }
}

fn pks(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["pk"].as_i64().unwrap()).collect()
}

/// A row's value for an ordering field (nested objects by their pk).
fn sort_key(row: &Value, field: &str) -> Value {
    let v = &row[field];
    v.get("pk").cloned().unwrap_or_else(|| v.clone())
}

fn sorted_by(rows: &[Value], field: &str, desc: bool) -> bool {
    rows.windows(2).all(|w| {
        let (a, b) = (sort_key(&w[0], field), sort_key(&w[1], field));
        let o = match (&a, &b) {
            (Value::Number(x), Value::Number(y)) => x.as_i64().cmp(&y.as_i64()),
            (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
            _ => panic!("{field}: {a} / {b}"),
        };
        if desc {
            o.is_ge()
        } else {
            o.is_le()
        }
    })
}

/// The rows come back sorted by `field` (both directions) and not in the default order.
async fn honours_ordering(app: &axum::Router, list: &str, field: &str) {
    let base = pks(&all(app, list).await);
    for desc in [false, true] {
        let param = if desc {
            format!("-{field}")
        } else {
            field.to_string()
        };
        let rows = all(app, &format!("{list}?ordering={param}")).await;
        assert!(
            sorted_by(&rows, field, desc),
            "{list} ordering={param} not sorted"
        );
        assert_ne!(
            pks(&rows),
            base,
            "{list} ordering={param} kept the default order"
        );
    }
}

/// The rows come back exactly in the default order, whatever the direction.
async fn ignores_ordering(app: &axum::Router, list: &str, field: &str) {
    let base = pks(&all(app, list).await);
    for param in [field.to_string(), format!("-{field}")] {
        let rows = pks(&all(app, &format!("{list}?ordering={param}")).await);
        assert_eq!(rows, base, "{list} ordering={param} must be ignored");
    }
}

async fn count(app: &axum::Router, path: &str) -> u64 {
    let (status, body) = get(app, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body["pagination"]["count"].as_u64().unwrap()
}

#[tokio::test]
async fn user_connection_search_matches_the_source_slug_only_on_2024_8() {
    for compat in MODES {
        let app = app(compat);
        let list = "sources/user_connections/all/";
        let total = count(&app, list).await;
        let github = count(&app, &format!("{list}?source__slug=github")).await;
        // The source slug is searched by every version.
        assert_eq!(
            count(&app, &format!("{list}?search=github")).await,
            github,
            "{compat:?}"
        );
        // alice (pk 6) has connections; her username is searched from 2024.12 on.
        let alice = count(&app, &format!("{list}?user=6")).await;
        assert!(alice >= 2);
        let by_name = all(&app, &format!("{list}?search=alice")).await;
        let identifier = "gh-1001-alice";
        let by_ident = all(&app, &format!("{list}?search={identifier}")).await;
        if compat == Compat::V2024_8 {
            assert!(
                by_name.is_empty(),
                "2024.8 found {} by username",
                by_name.len()
            );
            assert!(
                by_ident.is_empty(),
                "2024.8 found {} by identifier",
                by_ident.len()
            );
        } else {
            assert!(
                by_name.iter().filter(|c| c["user"] == 6).count() as u64 == alice,
                "{compat:?}: every connection of alice"
            );
            assert!(by_name.len() as u64 <= total);
            assert_eq!(pks(&by_ident).len(), 1, "{compat:?}: by identifier");
            assert_eq!(by_ident[0]["identifier"], identifier);
            // The source name is not a search field.
            assert_eq!(count(&app, &format!("{list}?search=Workspace")).await, 0);
        }
        // Terms are ANDed: each must match some field.
        assert_eq!(
            count(&app, &format!("{list}?search=github%20zzz-no-such")).await,
            0
        );
    }
}

#[tokio::test]
async fn user_connection_ordering_per_version() {
    for compat in MODES {
        let app = app(compat);
        let list = "sources/user_connections/all/";
        for field in ["pk", "user", "created"] {
            honours_ordering(&app, list, field).await;
        }
        // Not accepted by either version: not fields of the serializer.
        for field in ["source__name", "source__slug"] {
            ignores_ordering(&app, list, field).await;
        }
        if compat == Compat::V2024_8 {
            // The generic endpoint renders no identifier in 2024.8, so it cannot sort by it,
            // nor by last_updated (no such field there)…
            ignores_ordering(&app, list, "identifier").await;
            ignores_ordering(&app, list, "last_updated").await;
            // … while the OAuth endpoint, which shows identifiers, does.
            honours_ordering(&app, "sources/user_connections/oauth/", "identifier").await;
        } else {
            honours_ordering(&app, list, "identifier").await;
            honours_ordering(&app, list, "last_updated").await;
        }
    }
}

#[tokio::test]
async fn user_connection_filters_and_a_bad_user_filter() {
    for compat in MODES {
        let app = app(compat);
        let list = "sources/user_connections/all/";
        let rows = all(&app, &format!("{list}?user=7")).await;
        assert!(!rows.is_empty() && rows.iter().all(|c| c["user"] == 7));
        let (status, body) = get(&app, &format!("{list}?user=abc")).await;
        assert_eq!(status, 400);
        assert_eq!(
            body,
            json!({"user": ["Select a valid choice. That choice is not one of the available choices."]})
        );
    }
}

#[tokio::test]
async fn group_connection_search_and_ordering_per_version() {
    for compat in MODES {
        let app = app(compat);
        let list = "sources/group_connections/oauth/";
        let github = count(&app, &format!("{list}?source__slug=github")).await;
        assert_eq!(count(&app, &format!("{list}?search=github")).await, github);
        let by_group = all(&app, &format!("{list}?search=engineering")).await;
        let by_ident = all(&app, &format!("{list}?search=acme-org/ops")).await;
        if compat == Compat::V2024_8 {
            assert!(
                by_group.is_empty() && by_ident.is_empty(),
                "2024.8: slug only"
            );
        } else {
            assert!(!by_group.is_empty());
            assert!(by_ident.iter().any(|c| c["identifier"] == "acme-org/ops"));
        }
        honours_ordering(&app, list, "identifier").await;
        // A foreign key sorts by the related primary key: the group's uuid, not its name.
        honours_ordering(&app, list, "group").await;
        ignores_ordering(&app, list, "source__name").await;
        let (status, body) = get(&app, &format!("{list}?group=not-a-uuid")).await;
        assert_eq!(status, 400);
        assert_eq!(
            body,
            json!({"group": ["\u{201c}not-a-uuid\u{201d} is not a valid UUID."]})
        );
    }
}

#[tokio::test]
async fn refresh_token_search_is_ignored_and_its_ordering_and_filters_honoured() {
    for compat in MODES {
        let app = app(compat);
        let list = "oauth2/refresh_tokens/";
        let base = pks(&all(&app, list).await);
        for term in ["alice", "wiki", "zzzz-no-such-token"] {
            let rows = pks(&all(&app, &format!("{list}?search={term}")).await);
            assert_eq!(rows, base, "{compat:?}: search={term} must be ignored");
        }
        for field in ["expires", "user", "provider"] {
            honours_ordering(&app, list, field).await;
        }
        let rows = all(&app, &format!("{list}?user=6")).await;
        assert!(!rows.is_empty() && rows.iter().all(|t| t["user"]["pk"] == 6));
        let rows = all(&app, &format!("{list}?provider=2")).await;
        assert!(!rows.is_empty() && rows.iter().all(|t| t["provider"]["pk"] == 2));
        let choice = "Select a valid choice. That choice is not one of the available choices.";
        assert_eq!(
            get(&app, &format!("{list}?user=abc")).await,
            (400, json!({"user": [choice]}))
        );
        assert_eq!(
            get(&app, &format!("{list}?provider=999")).await,
            (400, json!({"provider": [choice]}))
        );
    }
}

#[tokio::test]
async fn an_account_without_permissions_per_version() {
    for compat in MODES {
        let app = app(compat);
        let noperm = |p: &'static str| {
            let app = app.clone();
            async move { get_as(&app, NOPERM_TOKEN, p).await }
        };
        // Lists filtered to its own objects.
        let (s, body) = noperm("sources/user_connections/all/").await;
        assert_eq!(s, 200);
        assert!(body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["user"] == 9));
        let (s, body) = noperm("oauth2/refresh_tokens/").await;
        assert_eq!(s, 200);
        assert!(body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["user"]["pk"] == 9));
        // Group connections: 2024.8's owner filter fails (an HTML 500), 2026 refuses.
        let (s, body) = noperm("sources/group_connections/oauth/").await;
        if compat == Compat::V2024_8 {
            assert_eq!(s, 500);
            assert!(body.as_str().unwrap().contains("<!DOCTYPE html>"));
        } else {
            assert_eq!(
                (s, body),
                (
                    403,
                    json!({"detail": "You do not have permission to perform this action."})
                )
            );
        }
        for p in ["sources/all/", "core/users/"] {
            assert_eq!(
                noperm(p).await,
                (
                    403,
                    json!({"detail": "You do not have permission to perform this action."})
                ),
                "{compat:?} {p}"
            );
        }
        // Another user's objects as the user page asks for them: each list answers 200 with
        // none of them (its owner filter, captures 640–648 / 660–669), the user itself is
        // refused, and an unknown user is refused as a filter.
        for p in [
            "oauth2/refresh_tokens/?user=6",
            "oauth2/access_tokens/?user=6",
            "oauth2/authorization_codes/?user=6",
            "core/user_consent/?user=6",
            "sources/user_connections/all/?user=6",
            "core/authenticated_sessions/?user__username=alice",
            "core/tokens/?user__username=alice",
        ] {
            let (s, body) = noperm(p).await;
            assert_eq!(
                (s, &body["pagination"]["count"]),
                (200, &json!(0)),
                "{compat:?} {p}"
            );
        }
        assert_eq!(noperm("core/users/6/").await.0, 403);
        let (s, body) = noperm("oauth2/refresh_tokens/?user=999999").await;
        assert_eq!((s, body["user"].is_array()), (400, true));
        let missing = if compat == Compat::V2024_8 {
            "Not found."
        } else {
            "No User matches the given query."
        };
        assert_eq!(
            get(&app, "core/users/999999/").await,
            (404, json!({ "detail": missing }))
        );
        let (s, me) = noperm("core/users/me/").await;
        assert_eq!((s, &me["user"]["is_superuser"]), (200, &json!(false)));
        let (s, v) = noperm("admin/version/").await;
        assert_eq!((s, &v["version_current"]), (200, &json!(compat.version())));
    }
}

//! Every real authentik capture in tests/fixtures decodes into the right typed value.
#![cfg(not(target_arch = "wasm32"))]

use ak_admin::api::error::ApiError;
use ak_admin::api::models::{Me, Page, Source, UsedBy, User};
use ak_admin::resources::connections::{Connection as _, UserSourceConnection};
use serde_json::Value;
use std::path::Path;

struct Capture {
    file: String,
    version: String,
    method: String,
    path: String,
    status: u16,
    content_type: Option<String>,
    body_text: String,
    body: Value,
}

fn captures() -> Vec<Capture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for version in ["2024.8.6", "2026.2.2"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(version))
            .expect("fixture folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            let resp = &v["response"];
            let body = resp["body"].clone();
            let body_text = match &body {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push(Capture {
                file: f.file_name().unwrap().to_string_lossy().into_owned(),
                version: version.to_string(),
                method: v["request"]["method"].as_str().unwrap().to_string(),
                path: v["request"]["path"].as_str().unwrap().to_string(),
                status: resp["status"].as_u64().unwrap() as u16,
                content_type: resp["headers"]["content-type"].as_str().map(str::to_owned),
                body_text,
                body,
            });
        }
    }
    assert!(
        out.len() > 300,
        "expected the ~320 captures, found {}",
        out.len()
    );
    out
}

fn all_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| all_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| all_strings(x, out)),
        _ => {}
    }
}

#[test]
fn every_error_capture_maps_to_the_right_variant() {
    let mut checked = 0;
    for c in captures().iter().filter(|c| c.status >= 400) {
        let err = ApiError::from_response(c.status, c.content_type.as_deref(), &c.body_text);
        let detail = c.body.get("detail").and_then(Value::as_str);
        let ctx = format!("{} {}", c.version, c.file);
        match c.status {
            400 => {
                let fe = err
                    .field_errors()
                    .unwrap_or_else(|| panic!("{ctx}: {err:?}"));
                // Nothing the server said may be dropped: every string in the body is shown.
                let mut shown = fe.general_messages(&[]);
                shown.push(fe.detail.clone().unwrap_or_default());
                let mut said = Vec::new();
                all_strings(&c.body, &mut said);
                for s in said {
                    assert!(
                        shown.iter().any(|m| m.contains(&s)),
                        "{ctx}: dropped {s:?} from {shown:?}"
                    );
                }
            }
            403 => match detail {
                Some(
                    d @ ("Authentication credentials were not provided."
                    | "Token invalid/expired"
                    | "Unsupported authentication type"),
                ) => assert_eq!(err, ApiError::SignedOut(d.into()), "{ctx}"),
                Some(d) => assert_eq!(err, ApiError::Forbidden(d.into()), "{ctx}"),
                None => panic!("{ctx}: 403 without detail"),
            },
            404 => {
                let expected = detail.unwrap_or("Not found.");
                assert_eq!(err, ApiError::NotFound(expected.into()), "{ctx}");
                assert_eq!(err.is_invalid_page(), expected == "Invalid page.", "{ctx}");
            }
            405 if c.body_text.is_empty() => assert_eq!(err, ApiError::WriteFailed, "{ctx}"),
            405 => assert_eq!(err, ApiError::NotAllowed(detail.unwrap().into()), "{ctx}"),
            415 => assert_eq!(
                err,
                ApiError::UnsupportedMedia(detail.unwrap().into()),
                "{ctx}"
            ),
            500 => {
                assert_eq!(
                    err,
                    ApiError::Server {
                        status: 500,
                        detail: None
                    },
                    "{ctx}"
                );
                assert!(err.is_retryable());
            }
            s => panic!("{ctx}: no expectation for status {s}"),
        }
        // Every error has a message an admin can read, and HTML never leaks into it.
        let msg = err.to_string();
        assert!(
            !msg.is_empty() && !msg.contains("<html") && !msg.contains("<!DOCTYPE"),
            "{ctx}: {msg}"
        );
        checked += 1;
    }
    assert!(checked > 150, "only {checked} error captures");
}

#[test]
fn signed_out_and_forbidden_are_told_apart() {
    let caps = captures();
    let find = |v: &str, f: &str| {
        let c = caps
            .iter()
            .find(|c| c.version == v && c.file.starts_with(f))
            .unwrap();
        ApiError::from_response(c.status, c.content_type.as_deref(), &c.body_text)
    };
    assert!(matches!(
        find("2026.2.2", "400-unauth"),
        ApiError::SignedOut(_)
    ));
    assert!(matches!(
        find("2026.2.2", "403-invalid-token"),
        ApiError::SignedOut(_)
    ));
    assert!(matches!(
        find("2024.8.6", "404-malformed-basic"),
        ApiError::SignedOut(_)
    ));
    assert!(matches!(
        find("2026.2.2", "308-noperm"),
        ApiError::Forbidden(_)
    ));
    assert!(matches!(
        find("2026.2.2", "501-session-patch-no-csrf"),
        ApiError::Forbidden(_)
    ));
    assert_eq!(find("2026.2.2", "127b-"), ApiError::WriteFailed);
    let e = find("2026.2.2", "141-");
    assert!(e
        .field_errors()
        .unwrap()
        .detail
        .as_deref()
        .unwrap()
        .starts_with("JSON parse error"));
    let e = find("2026.2.2", "137-");
    assert_eq!(
        e.field_errors().unwrap().non_field,
        ["The fields user, source must make a unique set."]
    );
}

fn is_user_connection(path: &str) -> bool {
    path.starts_with("/api/v3/sources/user_connections/all/") && !path.contains("used_by")
}

#[test]
fn user_connection_bodies_decode_in_both_shapes() {
    let mut items = 0;
    let mut pages = 0;
    for c in captures()
        .iter()
        .filter(|c| (200..300).contains(&c.status) && c.status != 204)
    {
        let ctx = format!("{} {}", c.version, c.file);
        if is_user_connection(&c.path) && c.method != "OPTIONS" {
            let conns: Vec<UserSourceConnection> = if c.body.get("results").is_some() {
                pages += 1;
                let p: Page<UserSourceConnection> =
                    read(c.body.clone()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert!(p.pagination.count as usize >= p.results.len(), "{ctx}");
                p.results
            } else {
                items += 1;
                vec![read(c.body.clone()).unwrap_or_else(|e| panic!("{ctx}: {e}"))]
            };
            for conn in conns {
                // 2024.8 is read-only (nested source); 2026.x sends a writable uuid.
                assert_eq!(conn.is_editable(), c.version != "2024.8.6", "{ctx}");
                let src = conn
                    .source_details()
                    .unwrap_or_else(|| panic!("{ctx}: no source details"));
                assert_eq!(src.pk, conn.source_uuid(), "{ctx}");
                assert!(!src.name.is_empty() && !src.slug.is_empty(), "{ctx}");
                assert_eq!(conn.identifier.is_some(), c.version != "2024.8.6", "{ctx}");
            }
        }
        if c.path.starts_with("/api/v3/core/users/me/") {
            let me: Me = read(c.body.clone()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(!me.user.username.is_empty());
        }
        if c.path.starts_with("/api/v3/sources/all/") {
            let p: Page<Source> = read(c.body.clone()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(p.results.iter().all(|s| !s.slug.is_empty()));
        }
        if c.path.starts_with("/api/v3/core/users/") && c.body.get("results").is_some() {
            let p: Page<User> = read(c.body.clone()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(p.results.iter().all(|u| u.pk > 0));
        }
        if c.path.ends_with("/used_by/") {
            let _: Vec<UsedBy> = read(c.body.clone()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        }
    }
    assert!(items >= 20 && pages >= 8, "items {items}, pages {pages}");
}

#[test]
fn group_connection_and_oauth2_grant_bodies_decode_without_secrets() {
    use ak_admin::api::id_token::claims;
    use ak_admin::api::models::Group;
    use ak_admin::resources::connections::GroupSourceConnection;
    use ak_admin::resources::oauth2::OAuth2Token;
    let mut groups = 0;
    let mut grants = std::collections::BTreeMap::new();
    for c in captures()
        .iter()
        .filter(|c| c.status == 200 && c.method == "GET")
    {
        let ctx = format!("{} {}", c.version, c.file);
        let items: Vec<Value> = match c.body.get("results") {
            Some(Value::Array(r)) => r.clone(),
            _ => vec![c.body.clone()],
        };
        if c.path
            .starts_with("/api/v3/sources/group_connections/oauth/")
            && !c.path.contains("used_by")
        {
            for v in items {
                let g: GroupSourceConnection = read(v).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert_eq!(g.is_editable(), c.version != "2024.8.6", "{ctx}");
                // 2026.2 sends no source_obj: the console looks the source up by uuid.
                assert_eq!(
                    g.source_details().is_some(),
                    c.version == "2024.8.6",
                    "{ctx}"
                );
                groups += 1;
            }
        } else if let Some(kind) = ["refresh_tokens", "access_tokens", "authorization_codes"]
            .into_iter()
            .find(|k| c.path.starts_with(&format!("/api/v3/oauth2/{k}/")))
            .filter(|_| !c.path.contains("used_by"))
        {
            for v in items {
                let secret = v["provider"]["client_secret"].as_str().map(str::to_owned);
                let t: OAuth2Token = read(v).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert!(
                    !t.provider.name.is_empty() && !t.user.username.is_empty(),
                    "{ctx}"
                );
                // A code has neither an ID token nor a revoked flag; the tokens have both.
                let code = kind == "authorization_codes";
                assert_eq!(t.revoked.is_none(), code, "{ctx}");
                match &t.id_token {
                    None => assert!(code, "{ctx}: id_token missing"),
                    Some(id) => assert!(claims(id).is_some(), "{ctx}: id_token is a JSON object"),
                }
                if let Some(secret) = secret {
                    assert!(
                        !format!("{t:?}").contains(&secret),
                        "{ctx}: client_secret kept"
                    );
                }
                *grants.entry(kind).or_insert(0) += 1;
            }
        } else if c.path.starts_with("/api/v3/core/groups/") {
            for v in items {
                let g: Group = read(v).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert!(!g.name.is_empty(), "{ctx}");
            }
        }
    }
    assert!(groups >= 10, "groups {groups}");
    for (kind, least) in [
        ("refresh_tokens", 15),
        ("access_tokens", 50),
        ("authorization_codes", 30),
    ] {
        let n = grants.get(kind).copied().unwrap_or(0);
        assert!(n >= least, "{kind}: {n}");
    }
}

/// Every MFA device answer of both releases (captures 800–884) decodes: each kind's admin
/// list, retrieve and PATCH answer into `Device`, `admin/all/` into `DeviceSummary` with a
/// kind read from `type`; no backup code the answers carry (`token_set`) is held.
#[test]
fn mfa_device_bodies_decode_without_backup_codes() {
    use ak_admin::api::models::Device;
    use ak_admin::resources::mfa_devices::DeviceSummary;
    let (mut devices, mut summaries, mut codes_sent) = (0, 0, 0);
    for c in captures().iter().filter(|c| {
        c.status == 200 && c.method != "OPTIONS" && c.path.contains("/authenticators/admin/")
    }) {
        let ctx = format!("{} {}", c.version, c.file);
        let codes: Vec<String> = c
            .body_text
            .match_indices("\"token\": \"")
            .chain(c.body_text.match_indices("\"token\":\""))
            .map(|(i, m)| {
                c.body_text[i + m.len()..]
                    .chars()
                    .take_while(|ch| *ch != '"')
                    .collect()
            })
            .collect();
        codes_sent += codes.len();
        let held = if c.path.contains("/admin/all/") {
            let all: Vec<DeviceSummary> = read(c.body.clone()).expect(&ctx);
            for s in &all {
                assert!(s.kind().is_some(), "{ctx}: kind of {}", s.model);
                assert!(!s.pk.is_empty(), "{ctx}");
            }
            summaries += all.len();
            format!("{all:?}")
        } else if c.body.get("results").is_some() {
            let p: Page<Device> = read(c.body.clone()).expect(&ctx);
            devices += p.results.len();
            format!("{p:?}")
        } else {
            let d: Device = read(c.body.clone()).expect(&ctx);
            assert!(!d.name.is_empty() && !d.pk.is_empty(), "{ctx}");
            devices += 1;
            format!("{d:?}")
        };
        for code in codes {
            assert!(!held.contains(&code), "{ctx}: backup code {code} decoded");
        }
        // 2026 nests the user on every kind but endpoint devices; 2024.8 on none.
        if c.version == "2024.8.6" {
            assert!(!held.contains("username"), "{ctx}: 2024.8 sends no user");
        }
    }
    assert!(
        devices > 40 && summaries > 30,
        "{devices} devices, {summaries} summaries"
    );
    assert!(
        codes_sent >= 20,
        "the captures carry backup codes ({codes_sent})"
    );
}

/// A captured body read as the console reads an answer (its text, secrets skipped).
fn read<T: ak_admin::api::json::FromJson>(v: Value) -> Result<T, String> {
    ak_admin::api::json::parse(&v.to_string())
}

//! MFA devices in demo mode: every kind the release has, a backup code planted where the
//! end-to-end tests look for it, and authentik's answers to the console's own requests.

use axum::body::Body;
use axum::http::Request;
use demo_api::{Compat, Config, ADMIN_TOKEN, ALICE_TOKEN};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

async fn get(app: &axum::Router, path: &str, token: &str) -> (u16, Value) {
    let r = app
        .clone()
        .oneshot(
            Request::get(format!("/api/v3/{path}"))
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = r.status().as_u16();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn app(compat: Compat) -> axum::Router {
    demo_api::app(Config {
        compat,
        ..Config::default()
    })
}

#[tokio::test]
async fn demo_devices_of_every_kind_with_the_planted_backup_code() {
    for (compat, kinds) in [
        (
            Compat::V2024_8,
            &["totp", "static", "webauthn", "duo", "sms"][..],
        ),
        (
            Compat::V2026_2,
            &[
                "totp", "static", "webauthn", "duo", "sms", "email", "endpoint",
            ][..],
        ),
    ] {
        let app = app(compat);
        for kind in kinds {
            let (status, body) =
                get(&app, &format!("authenticators/admin/{kind}/"), ADMIN_TOKEN).await;
            assert_eq!(status, 200, "{compat:?} {kind}");
            assert!(
                body["pagination"]["count"].as_u64().unwrap() >= 1,
                "{compat:?} {kind}"
            );
        }
        let (_, totp) = get(&app, "authenticators/admin/totp/?page_size=1", ADMIN_TOKEN).await;
        assert!(
            totp["pagination"]["count"].as_u64().unwrap() > 40,
            "several pages of TOTP"
        );
        // The static endpoint sends the codes in clear text, as authentik does.
        let (_, s) = get(&app, "authenticators/admin/static/1/", ADMIN_TOKEN).await;
        assert_eq!(
            s["token_set"][0]["token"],
            demo_api::seed::PLANTED_BACKUP_CODE,
            "{compat:?}"
        );
        // alice's devices of every kind, one plain array; `?user=` ignored by a kind's list.
        let (_, all) = get(&app, "authenticators/admin/all/?user=6", ADMIN_TOKEN).await;
        assert_eq!(all.as_array().unwrap().len(), kinds.len() + 1, "{compat:?}");
        assert!(!all
            .to_string()
            .contains(demo_api::seed::PLANTED_BACKUP_CODE));
        let (_, one) = get(
            &app,
            "authenticators/admin/totp/?user=6&page_size=100",
            ADMIN_TOKEN,
        )
        .await;
        assert_eq!(
            one["pagination"]["count"], totp["pagination"]["count"],
            "?user= ignored"
        );
        // Kinds the release lacks, and unknown ones: Django's HTML 404.
        if compat == Compat::V2024_8 {
            assert_eq!(
                get(&app, "authenticators/admin/email/", ADMIN_TOKEN)
                    .await
                    .0,
                404
            );
        }
        assert_eq!(
            get(&app, "authenticators/admin/foo/", ADMIN_TOKEN).await.0,
            404
        );
        // Not a superuser: 2024.8 refuses, 2026 answers an empty list.
        let (status, body) = get(&app, "authenticators/admin/all/?user=6", ALICE_TOKEN).await;
        match compat {
            Compat::V2024_8 => assert_eq!(status, 403),
            _ => assert_eq!((status, body), (200, serde_json::json!([]))),
        }
    }
}

//! Property tests: no input makes a decoder or the error parser panic.
//! Short run in the test suite; the long run is documented in the README:
//!   PROPTEST_CASES=1000000 cargo test --release --test fuzz
#![cfg(not(target_arch = "wasm32"))]

use ak_admin::api::error::ApiError;
use ak_admin::api::field_errors::FieldErrors;
use ak_admin::api::id_token::claims;
use ak_admin::api::models::{Device, Event, Group, Me, Page, Source, UsedBy, User};
use ak_admin::api::query::{FilterKey, ListQuery};
use ak_admin::resources::api_tokens::ApiToken;
use ak_admin::resources::connections::{
    GroupSourceConnection, TypedUserConnection, UserSourceConnection,
};
use ak_admin::resources::consents::UserConsent;
use ak_admin::resources::mfa_devices::DeviceSummary;
use ak_admin::resources::oauth2::OAuth2Token;
use ak_admin::resources::sessions::AuthenticatedSession;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// Arbitrary JSON, biased towards the keys and shapes authentik uses so decoders get past
/// their first field.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("pk".to_string()),
        Just("user".to_string()),
        Just("source".to_string()),
        Just("source_obj".to_string()),
        Just("identifier".to_string()),
        Just("detail".to_string()),
        Just("non_field_errors".to_string()),
        Just("results".to_string()),
        Just("pagination".to_string()),
        Just("provider".to_string()),
        Just("scope".to_string()),
        Just("id_token".to_string()),
        Just("code".to_string()),
        "[a-z_]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

fn decode_all(text: &str) {
    let _ = ak_admin::api::json::parse::<UserSourceConnection>(text);
    let _ = ak_admin::api::json::parse::<GroupSourceConnection>(text);
    let _ = ak_admin::api::json::parse::<OAuth2Token>(text);
    let _ = ak_admin::api::json::parse::<TypedUserConnection>(text);
    let _ = ak_admin::api::json::parse::<Page<UserSourceConnection>>(text);
    let _ = ak_admin::api::json::parse::<Page<GroupSourceConnection>>(text);
    let _ = ak_admin::api::json::parse::<Page<OAuth2Token>>(text);
    let _ = ak_admin::api::json::parse::<Page<Source>>(text);
    let _ = ak_admin::api::json::parse::<Page<User>>(text);
    let _ = ak_admin::api::json::parse::<Page<Group>>(text);
    let _ = ak_admin::api::json::parse::<Vec<UsedBy>>(text);
    let _ = ak_admin::api::json::parse::<Me>(text);
    let _ = ak_admin::api::json::parse::<Page<Device>>(text);
    let _ = ak_admin::api::json::parse::<Device>(text);
    let _ = ak_admin::api::json::parse::<Page<UserConsent>>(text);
    let _ = ak_admin::api::json::parse::<Page<AuthenticatedSession>>(text);
    let _ = ak_admin::api::json::parse::<Page<ApiToken>>(text);
    if let Ok(page) = ak_admin::api::json::parse::<Page<Event>>(text) {
        page.results
            .iter()
            .for_each(|e| drop((e.diff(), e.action_words())));
    }
    if let Ok(all) = ak_admin::api::json::parse::<Vec<DeviceSummary>>(text) {
        all.iter().for_each(|s| drop(s.kind()));
    }
    // The console's own reading (structs from objects only) of the same text.
    let _ = ak_admin::api::client::decode::<Me>(text);
    let _ = ak_admin::api::client::decode::<Vec<DeviceSummary>>(text);
    let _ = ak_admin::api::client::decode_page::<UserSourceConnection>(text);
    let _ = ak_admin::api::client::decode_page::<AuthenticatedSession>(text);
    let _ = claims(text);
}

fn exercise_error(status: u16, ct: Option<&str>, body: &str) {
    let e = ApiError::from_response(status, ct, body);
    let _ = e.to_string();
    let _ = e.is_retryable();
    if let Some(fe) = e.field_errors() {
        let _ = fe.general_messages(&["source", "identifier"]);
        let _ = fe.invalid_fields(&["source", "identifier"]);
        let _ = fe.messages_for("identifier");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_json_decodes_or_fails_cleanly(v in json()) {
        let text = v.to_string();
        decode_all(&text);
        let fe = FieldErrors::from_value(&v);
        let _ = fe.general_messages(&["source"]);
        let _ = fe.is_empty();
        for status in [400u16, 403, 404, 405, 415, 500, 502, 418] {
            exercise_error(status, Some("application/json"), &text);
        }
    }

    #[test]
    fn any_bytes_as_a_body_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..256), status in 100u16..600) {
        let text = String::from_utf8_lossy(&bytes);
        decode_all(&text);
        exercise_error(status, None, &text);
        exercise_error(status, Some("text/html; charset=utf-8"), &text);
        exercise_error(status, Some("application/json"), &text);
    }

    #[test]
    fn any_text_as_a_time_reads_or_is_left_to_the_server(
        text in "[0-9T:+\\-Z .é]{0,32}",
        digits in (0u32..10_000, 1u32..13, 1u32..29, 0u32..24, 0u32..60),
    ) {
        let _ = ak_admin::forms::rules::iso_ms(&text);
        let (y, mo, d, h, mi) = digits;
        let t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:00Z");
        prop_assert!(ak_admin::forms::rules::iso_ms(&t).is_some(), "{}", t);
    }

    #[test]
    fn any_url_query_parses(pairs in prop::collection::vec((".{0,10}", ".{0,10}"), 0..10)) {
        let q = ListQuery::from_pairs(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())), &[FilterKey::User, FilterKey::SourceSlug], "pk");
        prop_assert!(q.page >= 1 && (1..=100).contains(&q.page_size));
        let again: Vec<(String, String)> = form_urlencoded::parse(q.to_url_query("pk").as_bytes()).into_owned().collect();
        let back = ListQuery::from_pairs(again.iter().map(|(a, b)| (a.as_str(), b.as_str())), &[FilterKey::User, FilterKey::SourceSlug], "pk");
        prop_assert_eq!(back, q);
    }
}

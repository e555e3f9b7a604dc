//! The refresh token's `id_token`: authentik sends the claims as a JSON text. Turned into
//! rows for a readable table; times become timestamps the view formats.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Claim {
    /// Seconds since the epoch (exp, iat, auth_time, nbf …).
    Time(f64),
    Text(String),
    /// Anything structured, shown as compact JSON text.
    Json(String),
}

const TIME_CLAIMS: [&str; 5] = ["exp", "iat", "auth_time", "nbf", "updated_at"];
/// Registered claims first, in the order people read them; the rest follow as sent.
const ORDER: [&str; 9] = [
    "iss",
    "sub",
    "aud",
    "azp",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "acr",
];

/// `None` when the text is not a JSON object (then only the raw text is shown).
pub fn claims(id_token: &str) -> Option<Vec<(String, Claim)>> {
    let Value::Object(map) = crate::api::json::parse::<Value>(id_token).ok()? else {
        return None;
    };
    let mut rows: Vec<(String, Claim)> = map
        .into_iter()
        .map(|(k, v)| {
            let claim = match v {
                Value::Number(n) if TIME_CLAIMS.contains(&k.as_str()) => n
                    .as_f64()
                    .map(Claim::Time)
                    .unwrap_or_else(|| Claim::Text(n.to_string())),
                Value::String(s) => Claim::Text(s),
                Value::Number(n) => Claim::Text(n.to_string()),
                Value::Bool(b) => Claim::Text(b.to_string()),
                Value::Null => Claim::Text("null".into()),
                Value::Array(items) if items.iter().all(Value::is_string) => Claim::Text(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                other => Claim::Json(other.to_string()),
            };
            (k, claim)
        })
        .collect();
    // The well-known claims first, in `ORDER`, then the rest as they came.
    let mut ordered = Vec::with_capacity(rows.len());
    for o in ORDER {
        if let Some(i) = rows.iter().position(|(k, _)| k == o) {
            ordered.push(rows.remove(i));
        }
    }
    ordered.extend(rows);
    Some(ordered)
}

/// Pretty-printed raw claims for the "raw JSON" toggle; the text as sent when not JSON.
pub fn pretty(id_token: &str) -> String {
    crate::api::json::parse::<Value>(id_token)
        .ok()
        .map(|v| format!("{v:#}"))
        .unwrap_or_else(|| id_token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_claims_come_first_and_times_are_times() {
        let rows = claims(r#"{"email": "a@x", "amr": ["pwd", "mfa"], "exp": 1797924105, "iss": "https://id", "sub": "s1", "extra": {"a": 1}}"#).unwrap();
        let keys: Vec<_> = rows.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(&keys[..3], ["iss", "sub", "exp"]);
        assert_eq!(rows[2].1, Claim::Time(1797924105.0));
        assert!(rows.contains(&("amr".into(), Claim::Text("pwd, mfa".into()))));
        assert!(rows.contains(&("extra".into(), Claim::Json(r#"{"a":1}"#.into()))));
    }

    #[test]
    fn non_json_is_not_a_table() {
        assert_eq!(claims("eyJhbGciOi.x.y"), None);
        assert_eq!(claims("[1,2]"), None);
        assert_eq!(claims(""), None);
        assert_eq!(pretty("not json"), "not json");
    }

    /// Keys given in alphabetical order: serde_json keeps them sorted, or as given when
    /// another crate of the workspace turns on `preserve_order` (the demo API does).
    #[test]
    fn json_is_indented_by_two() {
        assert_eq!(
            pretty(r#"{"aud":["a"],"sub":"u"}"#),
            "{\n  \"aud\": [\n    \"a\"\n  ],\n  \"sub\": \"u\"\n}"
        );
    }
}

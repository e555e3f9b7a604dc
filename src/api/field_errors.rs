//! The tree behind a DRF/authentik 400 body.
//!
//! DRF nests errors (`{"redirect_uris": {"non_field_errors": [..]}}`), indexes list items
//! (`{"items": [{}, {"url": ["…"]}]}`) and sometimes answers with a bare `detail`. Keys the
//! form does not know are kept, never dropped, so the user always sees every message.

use serde_json::Value;

/// Errors attached to one field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldError {
    Messages(Vec<String>),
    Nested(Box<FieldErrors>),
    Items(Vec<FieldErrors>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldErrors {
    pub detail: Option<String>,
    pub non_field: Vec<String>,
    /// In the order the server sent them.
    pub fields: Vec<(String, FieldError)>,
}

impl FieldErrors {
    /// Reads any JSON value; never fails, so an odd body still yields readable messages.
    pub fn from_value(value: &Value) -> Self {
        let mut out = FieldErrors::default();
        match value {
            Value::Object(map) => {
                let has_detail = map.get("detail").is_some_and(Value::is_string);
                for (key, v) in map {
                    match (key.as_str(), v) {
                        ("detail", Value::String(s)) => out.detail = Some(s.clone()),
                        // DRF declares `code` beside `detail`; it is metadata, not a field.
                        ("code", Value::String(_)) if has_detail => {}
                        ("non_field_errors", v) => out.non_field.extend(messages(v)),
                        _ => out.fields.push((key.clone(), FieldError::from_value(v))),
                    }
                }
            }
            Value::Array(_) | Value::String(_) => out.non_field = messages(value),
            Value::Null => {}
            other => out.non_field.push(other.to_string()),
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.detail.is_none()
            && self.non_field.is_empty()
            && self.fields.iter().all(|(_, e)| e.is_empty())
    }

    pub fn field(&self, name: &str) -> Option<&FieldError> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, e)| e)
    }

    /// Every message of one field, nested ones flattened with their path.
    pub fn messages_for(&self, name: &str) -> Vec<String> {
        self.field(name)
            .map(FieldError::flatten)
            .unwrap_or_default()
    }

    /// Messages that belong above the form: `detail`, `non_field_errors` and every key
    /// not in `known`, each prefixed with its path so nothing is shown out of context.
    pub fn general_messages(&self, known: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = self.detail.iter().cloned().collect();
        out.extend(self.non_field.iter().cloned());
        for (key, err) in &self.fields {
            if !known.contains(&key.as_str()) {
                out.extend(err.flatten().into_iter().map(|m| format!("{key}: {m}")));
            }
        }
        out
    }

    /// Names of the fields in `known` that carry errors, in `known`'s order (the form's order).
    pub fn invalid_fields<'a>(&self, known: &[&'a str]) -> Vec<&'a str> {
        known
            .iter()
            .copied()
            .filter(|k| self.field(k).is_some_and(|e| !e.is_empty()))
            .collect()
    }

    /// Drops one field's errors, used when the user edits that field.
    pub fn clear_field(&mut self, name: &str) {
        self.fields.retain(|(k, _)| k != name);
    }

    fn flatten_into(&self, prefix: &str, out: &mut Vec<String>) {
        let join = |m: &str| {
            if prefix.is_empty() {
                m.to_string()
            } else {
                format!("{prefix}: {m}")
            }
        };
        if let Some(d) = &self.detail {
            out.push(join(d));
        }
        out.extend(self.non_field.iter().map(|m| join(m)));
        for (key, err) in &self.fields {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            for m in err.flatten() {
                out.push(format!("{path}: {m}"));
            }
        }
    }
}

impl FieldError {
    fn from_value(value: &Value) -> Self {
        match value {
            Value::Object(_) => FieldError::Nested(Box::new(FieldErrors::from_value(value))),
            Value::Array(items) if items.iter().any(Value::is_object) => {
                FieldError::Items(items.iter().map(FieldErrors::from_value).collect())
            }
            other => FieldError::Messages(messages(other)),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            FieldError::Messages(m) => m.is_empty(),
            FieldError::Nested(n) => n.is_empty(),
            FieldError::Items(items) => items.iter().all(FieldErrors::is_empty),
        }
    }

    /// Plain messages first; nested ones carry their relative path (`[1] url: …`).
    pub fn flatten(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            FieldError::Messages(m) => out.extend(m.iter().cloned()),
            FieldError::Nested(n) => n.flatten_into("", &mut out),
            FieldError::Items(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.flatten_into(&format!("[{i}]"), &mut out);
                }
            }
        }
        out
    }
}

fn messages(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(messages).collect(),
        Value::Null => Vec::new(),
        Value::Object(_) => FieldErrors::from_value(value).general_messages(&[]),
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flat_fields_keep_server_order() {
        let e = FieldErrors::from_value(&json!({
            "user": ["This field is required."],
            "source": ["This field is required.", "second"],
        }));
        assert_eq!(
            e.messages_for("source"),
            ["This field is required.", "second"]
        );
        assert_eq!(
            e.invalid_fields(&["source", "user", "identifier"]),
            ["source", "user"]
        );
        assert!(e.general_messages(&["user", "source"]).is_empty());
    }

    #[test]
    fn nested_non_field_errors_are_flattened_under_their_field() {
        let e = FieldErrors::from_value(&json!({
            "redirect_uris": {"non_field_errors": ["Expected a list of items but got type \"str\"."]}
        }));
        assert_eq!(
            e.messages_for("redirect_uris"),
            ["Expected a list of items but got type \"str\"."]
        );
        assert_eq!(
            e.general_messages(&[]),
            ["redirect_uris: Expected a list of items but got type \"str\"."]
        );
    }

    #[test]
    fn list_items_keep_their_index() {
        let e = FieldErrors::from_value(&json!({"uris": [{}, {"url": ["Enter a valid URL."]}]}));
        assert_eq!(e.messages_for("uris"), ["[1].url: Enter a valid URL."]);
    }

    #[test]
    fn detail_and_non_field_go_above_the_form_with_unknown_keys() {
        let e = FieldErrors::from_value(&json!({
            "detail": "JSON parse error - x",
            "non_field_errors": ["The fields user, source must make a unique set."],
            "mystery": ["kept"],
            "identifier": ["shown under the field"],
        }));
        assert_eq!(
            e.general_messages(&["identifier"]),
            [
                "JSON parse error - x",
                "The fields user, source must make a unique set.",
                "mystery: kept"
            ]
        );
    }

    #[test]
    fn code_beside_detail_is_metadata_but_alone_is_a_field() {
        let e = FieldErrors::from_value(&json!({"detail": "d", "code": "invalid"}));
        assert!(e.fields.is_empty());
        let e = FieldErrors::from_value(&json!({"code": ["Enter a code."]}));
        assert_eq!(e.messages_for("code"), ["Enter a code."]);
    }

    #[test]
    fn odd_bodies_still_yield_messages() {
        assert_eq!(
            FieldErrors::from_value(&json!(["a", "b"])).non_field,
            ["a", "b"]
        );
        assert_eq!(
            FieldErrors::from_value(&json!("plain")).non_field,
            ["plain"]
        );
        assert_eq!(FieldErrors::from_value(&json!(42)).non_field, ["42"]);
        assert!(FieldErrors::from_value(&json!(null)).is_empty());
        let e = FieldErrors::from_value(&json!({"n": 3, "b": null}));
        assert_eq!(e.messages_for("n"), ["3"]);
        assert!(e.field("b").is_some_and(FieldError::is_empty));
    }

    #[test]
    fn clearing_a_field_keeps_the_others() {
        let mut e = FieldErrors::from_value(&json!({"a": ["x"], "b": ["y"]}));
        e.clear_field("a");
        assert!(e.field("a").is_none());
        assert_eq!(e.messages_for("b"), ["y"]);
    }
}

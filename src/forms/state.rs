//! Form state: the values the server sent vs. what the user typed, and the bodies derived
//! from the difference. Pure Rust so it is tested natively.

use super::rules::Rules;
use serde_json::{Map, Value};

/// How a field's text becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Empty text means JSON `null` (a cleared optional field).
    NullableText,
    Integer,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub rules: Rules,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormState {
    specs: Vec<FieldSpec>,
    initial: Vec<String>,
    current: Vec<String>,
}

/// One line of the "what will change" preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub name: &'static str,
    pub label: &'static str,
    pub old: String,
    pub new: String,
}

impl FormState {
    pub fn new(specs: Vec<FieldSpec>, initial: Vec<String>) -> Self {
        let mut initial = initial;
        initial.resize(specs.len(), String::new());
        FormState {
            current: initial.clone(),
            specs,
            initial,
        }
    }

    pub fn specs(&self) -> &[FieldSpec] {
        &self.specs
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.name == name)
    }

    pub fn value(&self, name: &str) -> &str {
        self.index(name)
            .map(|i| self.current[i].as_str())
            .unwrap_or("")
    }

    pub fn initial_value(&self, name: &str) -> &str {
        self.index(name)
            .map(|i| self.initial[i].as_str())
            .unwrap_or("")
    }

    pub fn set(&mut self, name: &str, value: String) {
        if let Some(i) = self.index(name) {
            self.current[i] = value;
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.initial != self.current
    }

    /// After a successful save the saved values become the new baseline.
    pub fn rebase(&mut self, initial: Vec<String>) {
        let mut initial = initial;
        initial.resize(self.specs.len(), String::new());
        self.current = initial.clone();
        self.initial = initial;
    }

    pub fn changes(&self) -> Vec<Change> {
        self.specs
            .iter()
            .enumerate()
            .filter(|(i, _)| self.initial[*i] != self.current[*i])
            .map(|(i, s)| Change {
                name: s.name,
                label: s.label,
                old: self.initial[i].clone(),
                new: self.current[i].clone(),
            })
            .collect()
    }

    /// Local problems, in field order; the server still has the last word. A time left as
    /// it was is not asked to lie ahead: an expiry that has passed since is no new mistake,
    /// and a PATCH does not send it.
    pub fn validate(&self) -> Vec<(&'static str, String)> {
        self.specs
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let mut rules = s.rules;
                rules.future &= self.initial[i] != self.current[i];
                rules.check(&self.current[i]).map(|m| (s.name, m))
            })
            .collect()
    }

    /// Every field, for PUT.
    pub fn full_body(&self) -> Value {
        let map: Map<String, Value> = self
            .specs
            .iter()
            .zip(&self.current)
            .map(|(s, v)| (s.name.to_string(), to_json(s.kind, v)))
            .collect();
        Value::Object(map)
    }

    /// Only changed fields, for PATCH: untouched fields are not sent, except those in
    /// `always` (at their current value), which a server changes when they are left out.
    pub fn patch_body(&self, always: &[&str]) -> Value {
        let map: Map<String, Value> = self
            .specs
            .iter()
            .enumerate()
            .filter(|(i, s)| self.initial[*i] != self.current[*i] || always.contains(&s.name))
            .map(|(i, s)| (s.name.to_string(), to_json(s.kind, &self.current[i])))
            .collect();
        Value::Object(map)
    }

    /// The values to keep as a draft; restored only onto the same fields.
    pub fn draft(&self) -> Value {
        Value::Object(
            self.specs
                .iter()
                .zip(&self.current)
                .map(|(s, v)| (s.name.to_string(), Value::String(v.clone())))
                .collect(),
        )
    }

    /// Applies a saved draft; unknown keys and non-string values are ignored.
    pub fn restore_draft(&mut self, draft: &Value) -> bool {
        let Some(map) = draft.as_object() else {
            return false;
        };
        let mut changed = false;
        for (i, s) in self.specs.iter().enumerate() {
            if let Some(v) = map.get(s.name).and_then(Value::as_str) {
                if self.current[i] != v {
                    self.current[i] = v.to_string();
                    changed = true;
                }
            }
        }
        changed
    }
}

fn to_json(kind: Kind, text: &str) -> Value {
    match kind {
        Kind::Text => Value::String(text.to_string()),
        Kind::NullableText if text.is_empty() => Value::Null,
        Kind::NullableText => Value::String(text.to_string()),
        // An unparsable number is sent as typed so the server's message explains it.
        Kind::Integer => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form() -> FormState {
        FormState::new(
            vec![
                FieldSpec {
                    name: "user",
                    label: "User",
                    kind: Kind::Integer,
                    rules: Rules::required().integer(),
                },
                FieldSpec {
                    name: "source",
                    label: "Source",
                    kind: Kind::Text,
                    rules: Rules::required().uuid(),
                },
                FieldSpec {
                    name: "identifier",
                    label: "Identifier",
                    kind: Kind::Text,
                    rules: Rules::required(),
                },
                FieldSpec {
                    name: "note",
                    label: "Note",
                    kind: Kind::NullableText,
                    rules: Rules::default(),
                },
            ],
            vec![
                "6".into(),
                "8d13a6a7-e698-43b6-bb58-87c9e84f82d6".into(),
                "gh-1".into(),
                "n".into(),
            ],
        )
    }

    #[test]
    fn untouched_form_is_clean_and_patches_nothing() {
        let f = form();
        assert!(!f.is_dirty());
        assert_eq!(f.patch_body(&[]), json!({}));
        assert!(f.changes().is_empty());
    }

    #[test]
    fn patch_carries_only_changed_fields_and_null_for_cleared() {
        let mut f = form();
        f.set("identifier", "gh-2".into());
        f.set("note", String::new());
        assert!(f.is_dirty());
        assert_eq!(
            f.patch_body(&[]),
            json!({"identifier": "gh-2", "note": null})
        );
        assert_eq!(
            f.changes(),
            [
                Change {
                    name: "identifier",
                    label: "Identifier",
                    old: "gh-1".into(),
                    new: "gh-2".into()
                },
                Change {
                    name: "note",
                    label: "Note",
                    old: "n".into(),
                    new: String::new()
                },
            ]
        );
    }

    #[test]
    fn patch_keeps_the_fields_always_sent_at_their_current_value() {
        let mut f = form();
        assert_eq!(f.patch_body(&["user"]), json!({"user": 6}));
        f.set("identifier", "gh-2".into());
        assert_eq!(
            f.patch_body(&["user", "source"]),
            json!({"user": 6, "source": "8d13a6a7-e698-43b6-bb58-87c9e84f82d6", "identifier": "gh-2"})
        );
        // Always sent is not a change: nothing to review, nothing dirty.
        assert_eq!(f.changes().len(), 1);
    }

    #[test]
    fn typing_back_the_original_value_is_not_a_change() {
        let mut f = form();
        f.set("identifier", "x".into());
        f.set("identifier", "gh-1".into());
        assert!(!f.is_dirty());
        assert_eq!(f.patch_body(&[]), json!({}));
    }

    #[test]
    fn put_body_has_every_field_typed() {
        let f = form();
        assert_eq!(
            f.full_body(),
            json!({"user": 6, "source": "8d13a6a7-e698-43b6-bb58-87c9e84f82d6", "identifier": "gh-1", "note": "n"})
        );
        let mut f = form();
        f.set("user", "abc".into());
        assert_eq!(f.full_body()["user"], json!("abc"));
    }

    #[test]
    fn validation_follows_field_order() {
        let mut f = form();
        f.set("identifier", " ".into());
        f.set("source", "nope".into());
        let names: Vec<_> = f.validate().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["source", "identifier"]);
    }

    #[test]
    fn only_a_changed_time_must_lie_ahead() {
        let spec = FieldSpec {
            name: "expires",
            label: "Expires",
            kind: Kind::Text,
            rules: Rules::required().future(),
        };
        let mut f = FormState::new(vec![spec], vec!["2020-01-01T00:00:00Z".into()]);
        assert!(
            f.validate().is_empty(),
            "an expiry that has passed, untouched"
        );
        f.set("expires", "2021-01-01T00:00:00Z".into());
        assert_eq!(f.validate().len(), 1, "a new one in the past");
        f.set("expires", "2999-01-01T00:00:00Z".into());
        assert!(f.validate().is_empty());
    }

    #[test]
    fn drafts_round_trip_and_ignore_junk() {
        let mut f = form();
        f.set("identifier", "draft".into());
        let d = f.draft();
        let mut g = form();
        assert!(g.restore_draft(&d));
        assert_eq!(g.value("identifier"), "draft");
        assert!(!g.restore_draft(&json!([1, 2])));
        assert!(!g.restore_draft(&json!({"identifier": 5, "zzz": "x"})));
        assert_eq!(g.value("identifier"), "draft");
    }

    #[test]
    fn rebase_makes_saved_values_the_baseline() {
        let mut f = form();
        f.set("identifier", "new".into());
        f.rebase(vec!["6".into(), "s".into(), "new".into(), "n".into()]);
        assert!(!f.is_dirty());
        assert_eq!(f.initial_value("identifier"), "new");
    }
}

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

    /// The fields whose value at the server (`now`, the object as authentik has it) differs
    /// from the value this form opened with: (field, authentik's value as text). A field the
    /// object does not carry, or carries as a structure, is not compared.
    pub fn changed_at_server(&self, now: &Value) -> Vec<(&'static str, String)> {
        self.specs
            .iter()
            .zip(&self.initial)
            .filter_map(|(spec, opened)| {
                let text = match now.get(spec.name)? {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Null => String::new(),
                    _ => return None,
                };
                (text != *opened).then_some((spec.name, text))
            })
            .collect()
    }

    /// Takes authentik's newer values (`changed_at_server`) as the form's starting point: a
    /// field the admin did not touch shows authentik's value, one they changed keeps theirs
    /// (and the change list then shows authentik's value → theirs). Returns the fields both
    /// changed.
    pub fn take_server_values(&mut self, now: &[(&'static str, String)]) -> Vec<&'static str> {
        let mut both = Vec::new();
        for (name, value) in now {
            let Some(i) = self.index(name) else { continue };
            if self.current[i] == self.initial[i] {
                self.current[i] = value.clone();
            } else if self.current[i] != *value {
                both.push(*name);
            }
            self.initial[i] = value.clone();
        }
        both
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
        object(
            self.specs
                .iter()
                .zip(&self.current)
                .map(|(s, v)| (s.name, to_json(s.kind, v))),
        )
    }

    /// Only changed fields, for PATCH: untouched fields are not sent, except those in
    /// `always` (at their current value), which a server changes when they are left out.
    pub fn patch_body(&self, always: &[&str]) -> Value {
        object(
            self.specs
                .iter()
                .enumerate()
                .filter(|(i, s)| self.initial[*i] != self.current[*i] || always.contains(&s.name))
                .map(|(i, s)| (s.name, to_json(s.kind, &self.current[i]))),
        )
    }

    /// The values to keep as a draft; restored only onto the same fields.
    pub fn draft(&self) -> Value {
        object(
            self.specs
                .iter()
                .zip(&self.current)
                .map(|(s, v)| (s.name, Value::String(v.clone()))),
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

/// A JSON object of these fields. Inserted one by one: collecting would sort them first,
/// one more copy of a sort in the build for nothing (the map keeps its own order).
fn object<'a>(fields: impl Iterator<Item = (&'a str, Value)>) -> Value {
    let mut map = Map::new();
    for (name, value) in fields {
        map.insert(name.to_string(), value);
    }
    Value::Object(map)
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
    fn changes_made_at_the_server_are_found_and_taken_in() {
        let mut f = form();
        let opened: Vec<String> = f
            .specs()
            .iter()
            .map(|s| f.initial_value(s.name).to_string())
            .collect();
        let mut now = serde_json::Map::new();
        for (spec, v) in f.specs().iter().zip(&opened) {
            now.insert(spec.name.to_string(), Value::String(v.clone()));
        }
        let now = Value::Object(now);
        assert!(f.changed_at_server(&now).is_empty(), "nothing changed");
        // Another tab changed the identifier; this one changed only the source.
        let other = f.specs()[2].name;
        let mine = f.specs()[1].name;
        let mut theirs = now.clone();
        theirs[other] = Value::String("from-the-other-tab".into());
        theirs["unrelated"] = Value::String("x".into());
        f.set(mine, "mine".into());
        let changed = f.changed_at_server(&theirs);
        assert_eq!(changed, vec![(other, "from-the-other-tab".to_string())]);
        assert!(
            f.take_server_values(&changed).is_empty(),
            "no field changed by both"
        );
        assert_eq!(
            f.value(other),
            "from-the-other-tab",
            "the untouched field takes authentik's value"
        );
        assert_eq!(f.value(mine), "mine", "the admin's change is kept");
        assert_eq!(
            f.changes().len(),
            1,
            "only the admin's change is left to send"
        );
        assert!(
            f.changed_at_server(&theirs).is_empty(),
            "the new baseline is authentik's"
        );
        // Both changed the same field: the admin's value stays and the field is named.
        f.set(other, "typed".into());
        let mut again = theirs.clone();
        again[other] = Value::String("third".into());
        let changed = f.changed_at_server(&again);
        assert_eq!(f.take_server_values(&changed), vec![other]);
        assert_eq!(f.value(other), "typed");
        assert_eq!(f.initial_value(other), "third");
        // Numbers compare as their text; structures are not compared.
        let g = FormState::new(
            vec![FieldSpec {
                name: "user",
                label: "User",
                kind: Kind::Integer,
                rules: Rules::default(),
            }],
            vec!["6".into()],
        );
        assert!(g
            .changed_at_server(&serde_json::json!({ "user": 6 }))
            .is_empty());
        assert_eq!(
            g.changed_at_server(&serde_json::json!({ "user": 7 })),
            vec![("user", "7".to_string())]
        );
        assert!(g
            .changed_at_server(&serde_json::json!({ "user": { "pk": 7 } }))
            .is_empty());
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

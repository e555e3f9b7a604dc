//! Reading authentik's JSON into the console's types: the text is parsed once into a
//! `Value` (serde_json, one copy of the parser for every type), then each type takes its
//! fields out by name. A derived `Deserialize` is compiled once per type with a field
//! matcher, a map visitor and a reading per field type; here a type is the list of its
//! fields, and each field type's reading exists once for all of them.
//!
//! The rules are the derived decoders' with `#[serde(default)]`: a missing field is its
//! default (`need` where a type must have it), `null` is `None` for an option and an error
//! for anything else, a value of the wrong type is an error naming where it was, unknown
//! fields are ignored, and a struct is read from a JSON object only. Fields named as
//! secrets (`is_secret_key`) are skipped while an answer is parsed: no type holds them.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Why a JSON value is not the type asked for: where (`results.3.user.pk`), and what was
/// there instead of what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    path: String,
    what: String,
}

impl Unreadable {
    pub fn expected(what: &str, found: &Value) -> Unreadable {
        let found = match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        };
        Unreadable {
            path: String::new(),
            what: format!("expected {what}, found {found}"),
        }
    }

    /// The same, one level further out: inside the field or item `at`.
    pub fn at(mut self, at: &str) -> Unreadable {
        self.path = if self.path.is_empty() {
            at.to_string()
        } else {
            format!("{at}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.what)
        } else {
            write!(f, "{}: {}", self.path, self.what)
        }
    }
}

pub type Read<T> = Result<T, Unreadable>;

impl From<Unreadable> for crate::api::ApiError {
    fn from(e: Unreadable) -> Self {
        crate::api::ApiError::Decode(e.to_string())
    }
}

/// A type read from a parsed JSON value.
pub trait FromJson: Sized {
    fn from_json(v: Value) -> Read<Self>;
}

/// Parses `text` as one JSON value and reads it as `T`; the parser's or the reading's
/// message on failure. Secrets (`is_secret_key`) are skipped while the text is parsed,
/// wherever they sit: they are never held, so no type, page or file can show them.
pub fn parse<T: FromJson>(text: &str) -> Result<T, String> {
    let v = read_text(text, true).map_err(|e| e.to_string())?;
    T::from_json(v).map_err(|e| e.to_string())
}

/// `text` as one JSON value with every field kept: an error's body, whose messages sit
/// under the names of the fields they are about, whatever those are.
pub fn parse_all(text: &str) -> Result<Value, serde_json::Error> {
    read_text(text, false)
}

fn read_text(text: &str, scrub: bool) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = Reader { scrub }.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Keys whose values are credentials, wherever they sit in an object.
const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "plex_token",
    "key",
    "access_token",
    "refresh_token",
    "password",
    "token",
    // A static MFA device's backup codes (`[{token}]`, sent in clear text).
    "token_set",
];

/// Whether a field of that name holds a credential (never shown, even masked).
pub fn is_secret_key(name: &str) -> bool {
    SECRET_KEYS.contains(&name)
}

/// serde_json's reading of any value into a `Value`, except that with `scrub` the fields
/// named as secrets are skipped unread: one reader for every JSON text the console parses.
#[derive(Clone, Copy)]
struct Reader {
    scrub: bool,
}

impl<'de> DeserializeSeed<'de> for Reader {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            if self.scrub && is_secret_key(&k) {
                map.next_value::<IgnoredAny>()?;
            } else {
                let v = map.next_value_seed(self)?;
                out.insert(k, v);
            }
        }
        Ok(Value::Object(out))
    }
}

impl FromJson for Value {
    fn from_json(v: Value) -> Read<Self> {
        Ok(v)
    }
}

impl FromJson for String {
    fn from_json(v: Value) -> Read<Self> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(Unreadable::expected("a string", &other)),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: Value) -> Read<Self> {
        v.as_bool()
            .ok_or_else(|| Unreadable::expected("true or false", &v))
    }
}

impl FromJson for i64 {
    fn from_json(v: Value) -> Read<Self> {
        v.as_i64()
            .ok_or_else(|| Unreadable::expected("an integer", &v))
    }
}

impl FromJson for u64 {
    fn from_json(v: Value) -> Read<Self> {
        v.as_u64()
            .ok_or_else(|| Unreadable::expected("a whole number", &v))
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: Value) -> Read<Self> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value) -> Read<Self> {
        match v {
            Value::Array(items) => list_of(items, T::from_json),
            other => Err(Unreadable::expected("a list", &other)),
        }
    }
}

/// Every item through `read`; an error names the item's index.
pub fn list_of<T>(items: Vec<Value>, read: impl Fn(Value) -> Read<T>) -> Read<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    each(items, &mut |v| {
        out.push(read(v)?);
        Ok(())
    })?;
    Ok(out)
}

/// The loop of `list_of`, compiled once for every item type.
fn each(items: Vec<Value>, read: &mut dyn FnMut(Value) -> Read<()>) -> Read<()> {
    for (i, v) in items.into_iter().enumerate() {
        read(v).map_err(|e| e.at(&i.to_string()))?;
    }
    Ok(())
}

/// A list of exactly three (what the console stores of a changed field).
impl<A: FromJson, B: FromJson, C: FromJson> FromJson for (A, B, C) {
    fn from_json(v: Value) -> Read<Self> {
        match v {
            Value::Array(items) if items.len() == 3 => {
                let mut items = items.into_iter();
                let mut next = || items.next().unwrap_or_default();
                Ok((
                    A::from_json(next()).map_err(|e| e.at("0"))?,
                    B::from_json(next()).map_err(|e| e.at("1"))?,
                    C::from_json(next()).map_err(|e| e.at("2"))?,
                ))
            }
            other => Err(Unreadable::expected("a list of three", &other)),
        }
    }
}

/// A pk sent as an integer (2024.8, every MFA kind's own endpoint) or a string (2026's
/// `authenticators/admin/all/`, endpoint devices' UUIDs), kept as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PkText(pub String);

impl FromJson for PkText {
    fn from_json(v: Value) -> Read<Self> {
        match v {
            Value::String(s) => Ok(PkText(s)),
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(PkText(n.to_string())),
            other => Err(Unreadable::expected("an integer or a string", &other)),
        }
    }
}

/// `FromJson` for a struct read field by field under the fields' own names, each its
/// default when missing (what `#[serde(default)]` on the struct did).
macro_rules! from_fields {
    ($t:ident { $($field:ident),* $(,)? }) => {
        impl $crate::api::json::FromJson for $t {
            fn from_json(v: serde_json::Value) -> $crate::api::json::Read<Self> {
                let mut o = $crate::api::json::Obj::of(v)?;
                let value = $t {
                    $($field: o.get(stringify!($field)),)*
                };
                o.end(value)
            }
        }
    };
}
pub(crate) use from_fields;

/// A JSON object whose fields a type takes out one by one. A field that cannot be read is
/// noted (the first one, as the reading goes) and stands in as its default until `end`
/// refuses the whole: a type's reading is then a plain list of fields and one check, with no
/// way out after each field (each would drop the fields read so far, in code of its own).
pub struct Obj {
    map: Map<String, Value>,
    failed: Option<Unreadable>,
}

impl Obj {
    pub fn of(v: Value) -> Read<Obj> {
        match v {
            Value::Object(map) => Ok(Obj { map, failed: None }),
            other => Err(Unreadable::expected("an object", &other)),
        }
    }

    /// The field `key`, its type's default when the object has none.
    pub fn get<T: FromJson + Default>(&mut self, key: &str) -> T {
        self.get_or(key, T::default())
    }

    /// The field `key`, `default` when the object has none. The value is taken out and
    /// `null` left in its place (each field is read once): removing the key would bring the
    /// map's rebalancing code into the build for nothing.
    pub fn get_or<T: FromJson>(&mut self, key: &str, default: T) -> T {
        match self.take(key).map(T::from_json) {
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                self.fail_at(key, e);
                default
            }
            None => default,
        }
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.map.get_mut(key).map(Value::take)
    }

    /// Notes that the field `key` could not be read: in the build once, not once for every
    /// field type `get_or` is compiled for.
    #[inline(never)]
    fn fail_at(&mut self, key: &str, e: Unreadable) {
        self.fail(e.at(key));
    }

    /// The field `key`, which the object must have (an option may still be `null`).
    pub fn need<T: FromJson + Default>(&mut self, key: &str) -> T {
        if !self.map.contains_key(key) {
            self.fail(Unreadable {
                path: key.to_string(),
                what: "missing".into(),
            });
        }
        self.get(key)
    }

    fn fail(&mut self, e: Unreadable) {
        self.failed.get_or_insert(e);
    }

    /// `value` as read, or why a field of it could not be.
    pub fn end<T>(self, value: T) -> Read<T> {
        match self.failed {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }
}

/// `parse` of a value's text: the tests read captured bodies the way the console does.
#[cfg(test)]
pub fn read<T: FromJson>(v: Value) -> Result<T, String> {
    parse(&v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        pk: i64,
        name: String,
        note: Option<String>,
        tags: Vec<String>,
    }

    impl FromJson for Thing {
        fn from_json(v: Value) -> Read<Self> {
            let mut o = Obj::of(v)?;
            let thing = Thing {
                pk: o.need("pk"),
                name: o.get("name"),
                note: o.get("note"),
                tags: o.get("tags"),
            };
            o.end(thing)
        }
    }

    fn read(v: Value) -> Result<Thing, String> {
        Thing::from_json(v).map_err(|e| e.to_string())
    }

    /// Missing fields take their defaults, `null` is None for an option, unknown fields
    /// are ignored: what `#[serde(default)]` decoders did.
    #[test]
    fn fields_are_taken_by_name_with_defaults() {
        assert_eq!(
            read(json!({"pk": 3, "name": "a", "note": null, "extra": [1, {"x": 2}]})),
            Ok(Thing {
                pk: 3,
                name: "a".into(),
                ..Thing::default()
            })
        );
        assert_eq!(
            read(json!({"pk": 3, "note": "n", "tags": ["x", "y"]})),
            Ok(Thing {
                pk: 3,
                note: Some("n".into()),
                tags: vec!["x".into(), "y".into()],
                ..Thing::default()
            })
        );
    }

    /// A wrong type anywhere is an error that says where, never a default or a panic.
    #[test]
    fn wrong_types_are_named_where_they_are() {
        assert_eq!(read(json!({"name": "a"})), Err("pk: missing".into()));
        assert_eq!(
            read(json!({"pk": "3"})),
            Err("pk: expected an integer, found a string".into())
        );
        assert_eq!(
            read(json!({"pk": 1.5})),
            Err("pk: expected an integer, found a number".into())
        );
        assert_eq!(
            read(json!({"pk": 1, "name": null})),
            Err("name: expected a string, found null".into())
        );
        assert_eq!(
            read(json!({"pk": 1, "tags": ["a", 2]})),
            Err("tags.1: expected a string, found a number".into())
        );
        assert_eq!(
            read(json!([1, "a"])),
            Err("expected an object, found a list".into())
        );
        assert_eq!(
            Vec::<Thing>::from_json(json!([{"pk": 1}, {"pk": {}}])).map_err(|e| e.to_string()),
            Err("1.pk: expected an integer, found an object".into())
        );
        assert_eq!(
            u64::from_json(json!(-1)).map_err(|e| e.to_string()),
            Err("expected a whole number, found a number".into())
        );
    }

    #[test]
    fn text_is_parsed_whole() {
        assert_eq!(parse::<Option<i64>>("null"), Ok(None));
        assert_eq!(parse::<Vec<i64>>(" [1, 2] "), Ok(vec![1, 2]));
        assert!(parse::<i64>("1 x").is_err());
        assert!(parse::<i64>("").is_err());
    }

    #[test]
    fn secrets_are_never_read_wherever_they_sit() {
        let body = r#"{"pk": 1, "provider": {"pk": 2, "name": "Wiki", "client_secret": "s3cr3t"},
            "plex_token": "plex-s3cr3t", "items": [{"key": "k3y", "a": 1}],
            "token_set": [{"token": "12345678"}]}"#;
        assert_eq!(
            parse::<Value>(body),
            Ok(json!({"pk": 1, "provider": {"pk": 2, "name": "Wiki"}, "items": [{"a": 1}]}))
        );
        assert_eq!(
            parse::<Value>("{\"a\": [1, [2, {\"key\": 3}]]}"),
            Ok(json!({"a": [1, [2, {}]]}))
        );
        for body in [
            "[]",
            "null",
            "1e400",
            "\"x\"",
            "{\"a\": [1, [2, {\"key\": 3}]]}",
        ] {
            let _ = parse::<Value>(body);
        }
    }

    #[test]
    fn pks_are_read_as_text_from_numbers_or_strings() {
        assert_eq!(PkText::from_json(json!(12)), Ok(PkText("12".into())));
        assert_eq!(PkText::from_json(json!("a-b")), Ok(PkText("a-b".into())));
        assert!(PkText::from_json(json!(1.5)).is_err());
        assert!(PkText::from_json(json!(null)).is_err());
    }
}

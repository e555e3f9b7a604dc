//! Request bodies judged the way Django REST Framework judges them, word for word.

use axum::http::HeaderMap;
use serde_json::{json, Map, Value};

/// What went wrong before any field was looked at.
pub enum BodyError {
    /// 415 with DRF's sentence.
    UnsupportedMedia(String),
    /// 400 `{"detail": "JSON parse error - …"}`.
    Parse(String),
}

/// The request body as DRF's JSONParser sees it: no body is an empty form.
pub fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, BodyError> {
    let ctype = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if body.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let media = ctype.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(BodyError::UnsupportedMedia(format!(
            "Unsupported media type \"{ctype}\" in request."
        )));
    }
    serde_json::from_slice(body).map_err(|e| BodyError::Parse(parse_message(body, &e)))
}

/// orjson's wording, which authentik's parser reports: "unexpected end of data" at the end
/// of the input, "unexpected character" or "invalid literal" elsewhere, with line, column
/// and character offset.
fn parse_message(body: &[u8], e: &serde_json::Error) -> String {
    let text = String::from_utf8_lossy(body);
    let chars: Vec<char> = text.chars().collect();
    if e.is_eof() {
        let pos = chars.len();
        let (line, col) = line_col(&chars, pos);
        return format!(
            "JSON parse error - unexpected end of data: line {line} column {col} (char {pos})"
        );
    }
    // serde_json counts columns from 1 at the offending character.
    let (line, column) = (e.line(), e.column());
    let mut pos = 0usize;
    let mut l = 1usize;
    for (i, ch) in chars.iter().enumerate() {
        if l == line {
            pos = i + column.saturating_sub(1);
            break;
        }
        if *ch == '\n' {
            l += 1;
        }
    }
    let mut pos = pos.min(chars.len());
    // yyjson (behind orjson) reads n/t/f as the start of null/true/false and reports the
    // whole word as an invalid literal from its first letter.
    while pos > 0
        && chars[pos - 1].is_ascii_alphabetic()
        && chars.get(pos).is_some_and(|c| c.is_ascii_alphabetic())
    {
        pos -= 1;
    }
    let literal = matches!(chars.get(pos), Some('n' | 't' | 'f'));
    let (line, col) = line_col(&chars, pos);
    let what = if literal {
        "invalid literal"
    } else {
        "unexpected character"
    };
    format!("JSON parse error - {what}: line {line} column {col} (char {pos})")
}

fn line_col(chars: &[char], pos: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for ch in chars.iter().take(pos) {
        if *ch == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// The body must be an object; DRF names the Python type it got instead.
pub fn as_object(data: Value) -> Result<Map<String, Value>, Value> {
    let kind = match &data {
        Value::Object(m) => return Ok(m.clone()),
        Value::Null => return Err(json!({"non_field_errors": ["No data provided"]})),
        Value::Array(_) => "list",
        Value::String(_) => "str",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
    };
    Err(json!({
        "non_field_errors": [format!("Invalid data. Expected a dictionary, but got {kind}.")]
    }))
}

fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// Collects per-field messages in declaration order.
#[derive(Default)]
pub struct Errors(Map<String, Value>);

impl Errors {
    pub fn add(&mut self, field: &str, msg: impl Into<String>) {
        self.0.insert(field.into(), json!([msg.into()]));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// How a field behaves on this version and this verb.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Must be present (PUT, POST).
    Required,
    /// May be absent (PATCH).
    Optional,
}

pub enum Outcome<T> {
    Absent,
    Value(T),
    Invalid,
}

impl<T: Clone> Outcome<T> {
    /// The new value, or the current one when the field was not sent.
    pub fn or(self, current: &T) -> T {
        match self {
            Outcome::Value(v) => v,
            _ => current.clone(),
        }
    }
}

/// DRF's presence rules for every field kind, then `parse` on a value that is there and
/// not null: missing is "required" on PUT/POST and absent on PATCH; null is refused.
fn field<T>(
    data: &Map<String, Value>,
    field: &str,
    mode: Mode,
    errors: &mut Errors,
    parse: impl FnOnce(&Value, &mut Errors) -> Outcome<T>,
) -> Outcome<T> {
    match data.get(field) {
        None if mode == Mode::Optional => Outcome::Absent,
        None => {
            errors.add(field, "This field is required.");
            Outcome::Invalid
        }
        Some(Value::Null) => {
            errors.add(field, "This field may not be null.");
            Outcome::Invalid
        }
        Some(v) => parse(v, errors),
    }
}

fn incorrect_type<T>(field: &str, v: &Value, errors: &mut Errors) -> Outcome<T> {
    errors.add(
        field,
        format!(
            "Incorrect type. Expected pk value, received {}.",
            py_type(v)
        ),
    );
    Outcome::Invalid
}

fn no_such_object<T>(field: &str, v: &Value, errors: &mut Errors) -> Outcome<T> {
    errors.add(
        field,
        format!("Invalid pk \"{}\" - object does not exist.", py_str(v)),
    );
    Outcome::Invalid
}

/// `PrimaryKeyRelatedField` over an integer key: the key as given (a numeric string is a
/// key too), checked by `exists`.
pub fn int_pk(
    data: &Map<String, Value>,
    field: &str,
    mode: Mode,
    errors: &mut Errors,
    exists: impl Fn(i64) -> bool,
) -> Outcome<i64> {
    self::field(data, field, mode, errors, |v, errors| {
        let pk = match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            _ => return incorrect_type(field, v, errors),
        };
        match pk {
            Some(pk) if exists(pk) => Outcome::Value(pk),
            _ => no_such_object(field, v, errors),
        }
    })
}

/// `PrimaryKeyRelatedField` over a UUID key.
pub fn uuid_pk(
    data: &Map<String, Value>,
    field: &str,
    mode: Mode,
    errors: &mut Errors,
    exists: impl Fn(&str) -> bool,
) -> Outcome<String> {
    self::field(data, field, mode, errors, |v, errors| match v {
        Value::String(s) => match uuid::Uuid::parse_str(s.trim()) {
            Ok(u) if exists(&u.hyphenated().to_string()) => {
                Outcome::Value(u.hyphenated().to_string())
            }
            Ok(_) => no_such_object(field, v, errors),
            Err(_) => {
                errors.add(field, format!("\u{201c}{s}\u{201d} is not a valid UUID."));
                Outcome::Invalid
            }
        },
        Value::Number(_) => no_such_object(field, v, errors),
        _ => incorrect_type(field, v, errors),
    })
}

/// `CharField`: trimmed, not blank, numbers coerced, other types refused.
pub fn char_field(
    data: &Map<String, Value>,
    field: &str,
    mode: Mode,
    max_len: Option<usize>,
    errors: &mut Errors,
) -> Outcome<String> {
    self::field(data, field, mode, errors, |v, errors| {
        let s = match v {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            _ => {
                errors.add(field, "Not a valid string.");
                return Outcome::Invalid;
            }
        };
        if s.is_empty() {
            errors.add(field, "This field may not be blank.");
            return Outcome::Invalid;
        }
        if let Some(max) = max_len {
            if s.chars().count() > max {
                errors.add(
                    field,
                    format!("Ensure this field has no more than {max} characters."),
                );
                return Outcome::Invalid;
            }
        }
        Outcome::Value(s)
    })
}

/// A write-only string that may be null or absent (`access_token`).
pub fn optional_string(data: &Map<String, Value>, field: &str, errors: &mut Errors) {
    match data.get(field) {
        None | Some(Value::Null) | Some(Value::String(_)) | Some(Value::Number(_)) => {}
        Some(_) => errors.add(field, "Not a valid string."),
    }
}

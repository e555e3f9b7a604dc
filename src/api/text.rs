//! Small text helpers several layers use, kept free of Unicode tables: each of these is one
//! copy in the build, and `str::to_uppercase` or a second sort would bring their own code.

use serde_json::{Map, Value};

/// "Refresh tokens" from "refresh tokens", "Login failed" from authentik's "login failed".
/// The texts are the console's own words and authentik's action names, ASCII both: no
/// Unicode case tables in the build for them (a first letter beyond ASCII stays as it is).
pub fn capital(s: &str) -> String {
    let mut s = s.to_string();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// An object's keys in alphabetical order, whatever order serde_json's map keeps (insertion
/// order when another crate of the build turns on `preserve_order`): the same file and the
/// same listing in every build. One sort for every caller, as each sort is its own code.
pub fn sorted_keys(m: &Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort_unstable();
    keys
}

/// Whether `text` holds `part` (non-empty), as a plain byte comparison: `str::contains`
/// with a text pattern brings the two-way search algorithm into the build (2 KB) for the
/// console's two short searches (a content type, a write's path).
pub fn holds(text: &str, part: &str) -> bool {
    !part.is_empty()
        && text
            .as_bytes()
            .windows(part.len())
            .any(|w| w == part.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_finds_a_part_anywhere_and_nothing_in_less() {
        assert!(holds("application/problem+json; charset=utf-8", "json"));
        assert!(holds("json", "json"));
        assert!(holds("sources/user_connections/all/5/", "/all/"));
        assert!(!holds("sources/user_connections/oauth/5/", "/all/"));
        assert!(!holds("jso", "json"));
        assert!(!holds("text/html", "json"));
        assert!(!holds("anything", ""));
        // Bytes, not characters: a multi-byte character never matches half of itself.
        assert!(holds("naïve", "ï"));
        assert!(!holds("naïve", "i"));
    }

    #[test]
    fn capital_touches_an_ascii_first_letter_only() {
        assert_eq!(capital("refresh tokens"), "Refresh tokens");
        assert_eq!(capital("Already"), "Already");
        assert_eq!(capital(""), "");
        // Never split or dropped.
        assert_eq!(capital("élan vital"), "élan vital");
    }

    #[test]
    fn keys_come_sorted_whatever_the_map_keeps() {
        let v = serde_json::json!({"name": 1, "expires": 2, "user": 3, "Zeta": 4});
        let keys = sorted_keys(v.as_object().unwrap());
        assert_eq!(keys, ["Zeta", "expires", "name", "user"]);
    }
}

//! A list as CSV: every page of the current query, read in sequence, flattened to columns.
//!
//! Rows are the API's own objects, not the table's cells, so the file holds what authentik
//! returned for the query (the auditor's "every refresh token of provider X"). Secrets the
//! API sends (a 2024.8 provider's `client_secret`, a Plex connection's `plex_token`) are
//! skipped while the body is decoded: they are never held, so they cannot reach the file.

use super::client::{self, Abort};
use super::error::ApiError;
use super::models::{Page, Pagination};
use super::query::ListQuery;
use serde_json::Value;

const ID_KEYS: &[&str] = &["pk", "uuid", "identifier"];

/// Most rows a page may carry on every release (2025.12+ caps `page_size` at 100).
pub const PAGE_SIZE: u64 = 100;

/// One page of the list as scrubbed objects.
pub async fn page(
    path: &str,
    q: &ListQuery,
    abort: &Abort,
) -> Result<(Vec<Value>, Pagination), ApiError> {
    let p: Page<Value> = client::get_page(path, &q.to_api_query(), abort)
        .await
        .map_err(ApiError::on_read)?;
    Ok((p.results, p.pagination))
}

/// Watches a list read page after page for a change while it is read: pages are asked by
/// number, so an object deleted from (or added to) a page already read shifts the later
/// ones, and the file would miss or repeat rows while looking complete. A change shows as
/// a count that moves between pages, or an object that comes twice.
#[derive(Debug, Default)]
pub struct Drift {
    count: Option<u64>,
    seen: std::collections::HashSet<String>,
}

/// How the list was seen to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drifted {
    /// The count when the first page was read, and now.
    Count(u64, u64),
    /// This object came on two pages.
    Repeated(String),
}

impl Drift {
    /// Takes one page; an error once the list is seen to have changed.
    pub fn page(&mut self, objects: &[Value], count: u64) -> Result<(), Drifted> {
        match self.count {
            Some(first) if first != count => return Err(Drifted::Count(first, count)),
            _ => self.count = Some(count),
        }
        for o in objects {
            let id = ID_KEYS.iter().find_map(|k| o.get(*k)).map(scalar);
            if let Some(id) = id {
                if !self.seen.insert(id.clone()) {
                    return Err(Drifted::Repeated(id));
                }
            }
        }
        Ok(())
    }
}

/// Rows flattened to named columns, the columns in the order they first appear.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<(usize, String)>>,
}

impl Table {
    pub fn push(&mut self, object: &Value) {
        let mut cells = Vec::new();
        // Objects of one list mostly share their columns in the same order: the column after
        // the last one found is tried first, so a row costs no search of the header.
        let mut next = 0;
        flatten("", object, &mut |name, text| {
            let i = match self.header.get(next) {
                Some(h) if h == name => next,
                _ => match self.header.iter().position(|h| h == name) {
                    Some(i) => i,
                    None => {
                        self.header.push(name.to_string());
                        self.header.len() - 1
                    }
                },
            };
            next = i + 1;
            cells.push((i, text));
        });
        self.rows.push(cells);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// RFC 4180 text (CRLF line ends), with a byte-order mark so spreadsheets read UTF-8.
    /// Columns come alphabetically within an object, the key
    /// that names each object (`pk`, `uuid`, `identifier`) first.
    pub fn to_csv(&self) -> String {
        let (mut order, rest): (Vec<usize>, Vec<usize>) =
            (0..self.header.len()).partition(|&i| ID_KEYS.contains(&self.header[i].as_str()));
        order.extend(rest);
        let mut out = String::from("\u{feff}");
        line(&mut out, order.iter().map(|&i| self.header[i].as_str()));
        for row in &self.rows {
            let mut cells = vec![""; self.header.len()];
            for (i, text) in row {
                cells[*i] = text;
            }
            line(&mut out, order.iter().map(|&i| cells[i]));
        }
        out
    }
}

/// Nested objects become `parent.child` columns; a list of plain values is one cell joined
/// by spaces (scopes), a list of objects is one cell of JSON.
fn flatten(prefix: &str, v: &Value, emit: &mut dyn FnMut(&str, String)) {
    match v {
        Value::Object(m) => {
            for k in crate::api::text::sorted_keys(m) {
                let v = &m[k];
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, v, emit);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let parts: Vec<String> = items.iter().map(scalar).collect();
            emit(prefix, parts.join(" "));
        }
        Value::Array(_) => emit(prefix, v.to_string()),
        _ => emit(prefix, scalar(v)),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        // Only text can smuggle a formula; numbers (`-1`) stay numbers.
        Value::String(s) => guard(s),
        other => other.to_string(),
    }
}

/// A text that a spreadsheet would run as a formula (`=HYPERLINK(…)` in a username) is
/// kept as text: a leading apostrophe, the usual guard for exported data.
fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    let mut first = true;
    for c in cells {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&cell(c));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row deleted from a page already read: the count moves, or the shifted next page
    /// repeats an object; an unchanged list passes.
    #[test]
    fn a_list_that_changes_while_it_is_read_is_noticed() {
        let objs = |pks: &[i64]| {
            pks.iter()
                .map(|p| serde_json::json!({ "pk": p }))
                .collect::<Vec<_>>()
        };
        let mut d = Drift::default();
        assert_eq!(d.page(&objs(&[1, 2]), 5), Ok(()));
        assert_eq!(d.page(&objs(&[3, 4]), 5), Ok(()));
        assert_eq!(d.page(&objs(&[5]), 4), Err(Drifted::Count(5, 4)));
        let mut d = Drift::default();
        assert_eq!(d.page(&objs(&[1, 2]), 5), Ok(()));
        assert_eq!(
            d.page(&objs(&[2, 3]), 5),
            Err(Drifted::Repeated("2".into()))
        );
        // Objects without a key are not compared.
        let mut d = Drift::default();
        let anon = vec![serde_json::json!({ "name": "x" })];
        assert_eq!(d.page(&anon, 2), Ok(()));
        assert_eq!(d.page(&anon, 2), Ok(()));
    }
    use serde_json::json;

    #[test]
    fn objects_flatten_to_columns_the_name_first() {
        let mut t = Table::default();
        t.push(&json!({"pk": 1, "user": {"pk": 6, "username": "alice"}, "scope": ["openid", "email"], "expires": null}));
        t.push(&json!({"pk": 2, "extra": true, "user": {"pk": 7, "username": "bob"}}));
        assert_eq!(
            t.to_csv(),
            "\u{feff}pk,expires,scope,user.pk,user.username,extra\r\n\
             1,,openid email,6,alice,\r\n\
             2,,,7,bob,true\r\n"
        );
        assert_eq!(t.len(), 2);
    }

    /// Rows whose columns come and go still land each value under its own column, once.
    #[test]
    fn rows_with_other_columns_keep_their_values_aligned() {
        let mut t = Table::default();
        t.push(&json!({"b": 1, "c": 2}));
        t.push(&json!({"a": 3, "c": 4}));
        t.push(&json!({"c": 5, "d": 6, "b": 7}));
        t.push(&json!({"a": 8, "b": 9, "c": 10, "d": 11}));
        assert_eq!(
            t.to_csv(),
            "\u{feff}b,c,a,d\r\n1,2,,\r\n,4,3,\r\n7,5,,6\r\n9,10,8,11\r\n"
        );
    }

    #[test]
    fn cells_are_quoted_and_formulas_kept_as_text() {
        let mut t = Table::default();
        t.push(&json!({"a": "x,y", "b": "say \"hi\"", "c": "=HYPERLINK(\"http://evil\")", "d": "line\nbreak", "e": "-1", "n": -1, "s": ["@x", "y"]}));
        assert_eq!(
            t.to_csv(),
            "\u{feff}a,b,c,d,e,n,s\r\n\"x,y\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"http://evil\"\")\",\"line\nbreak\",'-1,-1,'@x y\r\n"
        );
    }
}

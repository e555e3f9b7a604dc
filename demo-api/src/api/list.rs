//! Every list endpoint is a [`ListSpec`]: a declaration of what authentik's view does with
//! `?param=` filters, `search`, `ordering` and page sizes in each version, and which rows a
//! non-superuser sees. [`run`] is the one pipeline that executes it.

use axum::response::Response;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

use super::auth::Who;
use super::reply::{detail, json, INVALID_CHOICE};
use super::Ctx;
use crate::world::World;
use crate::Compat;

/// A field's value, for filters, search and ordering.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Int(i64),
    Str(String),
}

impl Key {
    pub fn str(s: &str) -> Key {
        Key::Str(s.to_string())
    }

    fn text(&self) -> Cow<'_, str> {
        match self {
            Key::Int(n) => Cow::Owned(n.to_string()),
            Key::Str(s) => Cow::Borrowed(s),
        }
    }
}

/// A value for 2024.8 and one for the modern versions (2026.2, 2026.5).
#[derive(Clone, Copy)]
pub struct Versions<X> {
    pub v2024_8: X,
    pub modern: X,
}

impl<X: Copy> Versions<X> {
    pub const fn same(x: X) -> Self {
        Versions {
            v2024_8: x,
            modern: x,
        }
    }

    pub fn get(&self, compat: Compat) -> X {
        if compat.modern() {
            self.modern
        } else {
            self.v2024_8
        }
    }
}

/// A `?name=value` filter of the view's filterset; `name` is also the field it compares.
#[derive(Clone, Copy)]
pub enum Filter {
    /// The field must equal the text; an empty value matches an empty field only.
    Exact(&'static str),
    /// The field must equal the text; an empty value is no filter.
    ExactUnlessEmpty(&'static str),
    /// A related object by integer primary key; a malformed or unknown one is a 400
    /// "invalid choice" (empty is no filter).
    IntChoice(&'static str, fn(&World, i64) -> bool),
    /// A related object by UUID, compared hyphenated; a malformed one is a 400 "not a valid
    /// UUID", an unknown one "invalid choice" (empty is no filter).
    UuidChoice(&'static str, fn(&World, &str) -> bool),
}

impl Filter {
    /// The field and the text it must equal, or the 400 for a bad value.
    fn parse(self, ctx: &Ctx, world: &World) -> Result<Option<(&'static str, String)>, Response> {
        let (Filter::Exact(name)
        | Filter::ExactUnlessEmpty(name)
        | Filter::IntChoice(name, _)
        | Filter::UuidChoice(name, _)) = self;
        let keeps_empty = matches!(self, Filter::Exact(_));
        let Some(v) = ctx.q(name).filter(|v| keeps_empty || !v.is_empty()) else {
            return Ok(None);
        };
        let bad = |msg: String| Err(json(400, json!({ name: [msg] })));
        let value = match self {
            Filter::IntChoice(_, exists) => match v.parse::<i64>() {
                Ok(n) if exists(world, n) => n.to_string(),
                _ => return bad(INVALID_CHOICE.into()),
            },
            Filter::UuidChoice(_, exists) => {
                match uuid::Uuid::parse_str(v).map(|u| u.hyphenated().to_string()) {
                    Err(_) => return bad(format!("\u{201c}{v}\u{201d} is not a valid UUID.")),
                    Ok(pk) if exists(world, &pk) => pk,
                    Ok(_) => return bad(INVALID_CHOICE.into()),
                }
            }
            _ => v.to_string(),
        };
        Ok(Some((name, value)))
    }
}

/// Which rows of the endpoint a signed-in account sees.
pub enum Rows<T> {
    /// Every row (the endpoint turned away whoever may not see them all).
    All,
    /// A superuser sees every row, anyone else the rows this owner function gives them.
    Owned(fn(&T) -> i64),
}

/// authentik's page sizes: `page_size` when positive, else `default`, at most `max`.
#[derive(Clone, Copy)]
pub struct Paging {
    pub default: usize,
    pub max: Option<usize>,
}

/// The pagination every authentik list uses (2024.8 had no upper bound).
pub const AUTHENTIK_PAGES: Versions<Paging> = Versions {
    v2024_8: Paging {
        default: 100,
        max: None,
    },
    modern: Paging {
        default: 20,
        max: Some(100),
    },
};

/// One list endpoint, declared.
pub struct ListSpec<T: 'static> {
    /// A row's value for a field name of the filters, search and ordering (DRF lookups such
    /// as `source__slug` included).
    pub field: fn(&World, &T, &str) -> Key,
    /// The filterset, checked in this order: the first bad value answers.
    pub filters: &'static [Filter],
    /// The view's `search_fields`; `None` when it has none and `search` is ignored.
    pub search: Versions<Option<&'static [&'static str]>>,
    /// The fields `ordering` honours; others are dropped.
    pub ordering: Versions<&'static [&'static str]>,
    /// The view's ordering when `ordering` names no honoured field.
    pub default_order: &'static [&'static str],
    /// The order PostgreSQL reads rows equal on every field in (see [`order`]).
    pub heap: fn(&T) -> (Key, i64),
    pub rows: Rows<T>,
    pub pages: Versions<Paging>,
}

/// Answers a list request: `rows` are the endpoint's rows (already narrowed to its source
/// type, say), `render` gives one as the endpoint renders it.
pub fn run<'w, T>(
    ctx: &Ctx,
    world: &'w World,
    spec: &ListSpec<T>,
    rows: impl Iterator<Item = &'w T>,
    render: impl Fn(&'w T) -> Value,
) -> Result<Response, Response> {
    let mut wanted = Vec::new();
    for f in spec.filters {
        wanted.extend(f.parse(ctx, world)?);
    }
    let admin = ctx.superuser(world);
    let search = spec
        .search
        .get(ctx.compat)
        .map(|fields| (fields, search_terms(ctx.q("search"))))
        .filter(|(_, terms)| !terms.is_empty());
    let field = |t: &T, name: &str| (spec.field)(world, t, name);
    let mut list: Vec<&T> = rows
        .filter(|t| match spec.rows {
            Rows::All => true,
            Rows::Owned(owner) => admin || ctx.who == Who::User(owner(t)),
        })
        .filter(|t| wanted.iter().all(|(f, v)| field(t, f).text() == v.as_str()))
        .filter(|t| {
            search.as_ref().is_none_or(|(fields, terms)| {
                let hay: Vec<String> = fields
                    .iter()
                    .map(|f| field(t, f).text().to_lowercase())
                    .collect();
                terms
                    .iter()
                    .all(|t| hay.iter().any(|h| h.contains(t.as_str())))
            })
        })
        .collect();
    order(
        &mut list,
        ctx.q("ordering"),
        spec.ordering.get(ctx.compat),
        spec.default_order,
        |t, f| field(t, f),
        |t| (spec.heap)(t),
    );
    Ok(paginate(ctx, spec.pages.get(ctx.compat), list, render))
}

/// DRF's SearchFilter: the terms (split at spaces and commas) must each be contained,
/// ignoring case, in at least one of the view's `search_fields`.
fn search_terms(needle: Option<&str>) -> Vec<String> {
    needle
        .unwrap_or("")
        .replace(['\0', ','], " ")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect()
}

/// DRF's OrderingFilter: `ordering` names the fields to sort by; fields outside `allowed`
/// (the serializer's readable fields: what the version honours) are dropped, and when none
/// is left the view's `default` applies. Rows equal on every field come out the way
/// PostgreSQL read them: in heap order (`heap`, the order of their last write), walked
/// backwards when the first field is descending, as a backward index scan does.
fn order<T: Copy>(
    items: &mut [T],
    ordering: Option<&str>,
    allowed: &[&str],
    default: &[&str],
    key: impl Fn(&T, &str) -> Key,
    heap: impl Fn(&T) -> (Key, i64),
) {
    let parse = |f: &str| match f.strip_prefix('-') {
        Some(n) => (n.to_string(), true),
        None => (f.to_string(), false),
    };
    let mut fields: Vec<(String, bool)> = ordering
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .map(parse)
        .filter(|(name, _)| allowed.contains(&name.as_str()))
        .collect();
    if fields.is_empty() {
        fields = default.iter().map(|f| parse(f)).collect();
    }
    let backwards = fields.first().is_some_and(|(_, desc)| *desc);
    // PostgreSQL's collation sorts letters before case.
    let fold = |k: Key| match k {
        Key::Str(s) => Key::Str(s.to_lowercase()),
        k => k,
    };
    // Keys computed once per row, not per comparison.
    let mut keyed: Vec<(Vec<Key>, (Key, i64), usize)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let k = fields.iter().map(|(f, _)| fold(key(t, f))).collect();
            (k, heap(t), i)
        })
        .collect();
    keyed.sort_by(|(a, ha, _), (b, hb, _)| {
        for ((x, y), (_, desc)) in a.iter().zip(b).zip(&fields) {
            let o = x.cmp(y);
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        let o = ha.cmp(hb);
        if backwards {
            o.reverse()
        } else {
            o
        }
    });
    let sorted: Vec<T> = keyed.iter().map(|(_, _, i)| items[*i]).collect();
    items.copy_from_slice(&sorted);
}

/// authentik's pagination: page numbers, 0 for none; out-of-range pages are 404.
/// Only the rows of the page asked for are rendered.
pub(super) fn paginate<T>(
    ctx: &Ctx,
    paging: Paging,
    items: Vec<T>,
    render: impl Fn(T) -> Value,
) -> Response {
    let mut size = ctx
        .q("page_size")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(paging.default);
    if let Some(max) = paging.max {
        size = size.min(max);
    }
    let count = items.len();
    let total_pages = count.div_ceil(size).max(1);
    let page = match ctx.q("page") {
        None => 1,
        Some("last") => total_pages,
        Some(p) => match p.parse::<usize>() {
            Ok(n) if n >= 1 && n <= total_pages => n,
            _ => return detail(404, "Invalid page."),
        },
    };
    let start = (page - 1) * size;
    let results: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(size)
        .map(render)
        .collect();
    let shown = results.len();
    let mut body = json!({
        "pagination": {
            "next": if page < total_pages { page + 1 } else { 0 },
            "previous": page.saturating_sub(1),
            "count": count,
            "current": page,
            "total_pages": total_pages,
            "start_index": if shown == 0 { 0 } else { start + 1 },
            "end_index": if shown == 0 { 0 } else { start + shown },
        },
        "results": results,
    });
    if ctx.compat.modern() {
        body["autocomplete"] = json!({});
    }
    json(200, body)
}

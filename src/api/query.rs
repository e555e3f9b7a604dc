//! List state: one value that is both the console's URL query and the API's query, so a
//! shared link reproduces the view.

use super::server::Release;

pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// The largest page a link may ask for. authentik 2025.12+ caps pages at 100 itself and
/// says so in `pagination`; 2024.8 serves what is asked, which large exports rely on.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// A list filter the console knows: its URL and API parameter, and (in the pages) its widget.
/// A closed set, so a resource cannot declare a filter that has no widget or is dropped
/// from the URL on reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKey {
    User,
    Group,
    Provider,
    SourceSlug,
    /// An application's pk (a UUID): user consents.
    Application,
    /// `user__username`: sessions and API tokens filter their owner by username, not by pk.
    Username,
    /// An API token's intent (API token, app password, recovery, verification).
    Intent,
    /// The source kind whose endpoint lists the objects (`…/saml/`): it picks the address,
    /// it is not sent as a parameter.
    Kind,
    /// The same for MFA devices (`authenticators/admin/webauthn/`): the URL's `kind` too,
    /// with the device kinds as its choices.
    DeviceKind,
}

impl FilterKey {
    pub const fn as_str(self) -> &'static str {
        match self {
            FilterKey::User => "user",
            FilterKey::Group => "group",
            FilterKey::Provider => "provider",
            FilterKey::SourceSlug => "source__slug",
            FilterKey::Application => "application",
            FilterKey::Username => "user__username",
            FilterKey::Intent => "intent",
            FilterKey::Kind | FilterKey::DeviceKind => "kind",
        }
    }

    fn position(keys: &[FilterKey], key: &str) -> Option<usize> {
        keys.iter().position(|f| f.as_str() == key)
    }
}

/// Filters in the declared order, the first of each key only. (Picked, not sorted: a sort
/// would add its code to the build for a handful of pairs.)
fn in_order(keys: &[FilterKey], pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    keys.iter()
        .filter_map(|key| pairs.iter().find(|(k, _)| k == key.as_str()).cloned())
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    pub page: u64,
    pub page_size: u64,
    pub search: String,
    pub ordering: String,
    /// Filters in a fixed order (the resource's declared order), empty values dropped.
    pub filters: Vec<(String, String)>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            search: String::new(),
            ordering: String::new(),
            filters: Vec::new(),
        }
    }
}

impl ListQuery {
    /// Reads URL pairs; unknown keys and malformed numbers fall back to defaults rather than
    /// failing, because links get edited by hand.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        filter_keys: &[FilterKey],
        default_ordering: &str,
    ) -> Self {
        let mut q = ListQuery {
            ordering: default_ordering.to_string(),
            ..ListQuery::default()
        };
        let mut filters = Vec::new();
        for (k, v) in pairs {
            match k {
                "page" => q.page = v.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                "page_size" => {
                    q.page_size = v
                        .parse()
                        .ok()
                        .filter(|p| (1..=MAX_PAGE_SIZE).contains(p))
                        .unwrap_or(DEFAULT_PAGE_SIZE)
                }
                "search" => q.search = v.to_string(),
                "ordering" => q.ordering = v.to_string(),
                _ if FilterKey::position(filter_keys, k).is_some() && !v.is_empty() => {
                    filters.push((k.to_string(), v.to_string()))
                }
                _ => {}
            }
        }
        q.filters = in_order(filter_keys, filters);
        q
    }

    pub fn filter(&self, key: FilterKey) -> &str {
        self.filters
            .iter()
            .find(|(k, _)| k == key.as_str())
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn with_filter(&self, key: FilterKey, value: &str, filter_keys: &[FilterKey]) -> Self {
        let mut q = self.clone();
        q.filters.retain(|(k, _)| k != key.as_str());
        if !value.is_empty() {
            q.filters
                .push((key.as_str().to_string(), value.to_string()));
            q.filters = in_order(filter_keys, std::mem::take(&mut q.filters));
        }
        q.page = 1;
        q
    }

    /// The query string authentik receives; always complete, so the server's own defaults
    /// (100 on 2024.8, 20 later) never change what the user sees.
    pub fn to_api_query(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("page", &self.page.to_string());
        s.append_pair("page_size", &self.page_size.to_string());
        if !self.search.is_empty() {
            s.append_pair("search", &self.search);
        }
        if !self.ordering.is_empty() {
            s.append_pair("ordering", &self.ordering);
        }
        for (k, v) in &self.filters {
            if k != FilterKey::Kind.as_str() {
                s.append_pair(k, v);
            }
        }
        s.finish()
    }

    /// The console's own URL query: only what differs from the defaults, so links stay short.
    pub fn to_url_query(&self, default_ordering: &str) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if self.page != 1 {
            s.append_pair("page", &self.page.to_string());
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            s.append_pair("page_size", &self.page_size.to_string());
        }
        if !self.search.is_empty() {
            s.append_pair("search", &self.search);
        }
        if self.ordering != default_ordering {
            s.append_pair("ordering", &self.ordering);
        }
        for (k, v) in &self.filters {
            s.append_pair(k, v);
        }
        s.finish()
    }

    /// Clicking a column header: ascending, then descending, then ascending again.
    pub fn toggle_ordering(&self, field: &str) -> Self {
        let mut q = self.clone();
        q.ordering = if self.ordering == field {
            format!("-{field}")
        } else {
            field.to_string()
        };
        q.page = 1;
        q
    }

    /// `Some(true)` ascending, `Some(false)` descending, `None` not sorted by this field.
    pub fn sorted_by(&self, field: &str) -> Option<bool> {
        match self.ordering.strip_prefix('-') {
            Some(f) if f == field => Some(false),
            None if self.ordering == field => Some(true),
            _ => None,
        }
    }
}

/// What one list endpoint of one authentik release honours. Anything else it ignores
/// silently (it answers as if the parameter were absent), so the console must not offer it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Honoured {
    /// What `search` matches, in the search box's words; empty: `search` is ignored.
    pub search: &'static [&'static str],
    /// `ordering` keys the server sorts by, in both directions.
    pub ordering: &'static [&'static str],
    pub filters: &'static [FilterKey],
}

/// What a list endpoint honours per authentik release, from captures of real servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListSupport {
    /// authentik 2024.8 and older.
    pub legacy: Honoured,
    /// authentik 2026.2 (captured) and newer.
    pub current: Honoured,
    /// authentik 2024.8 answers this list with an HTML 500 to accounts without superuser
    /// rights (a bug in its owner filter, not a permission answer).
    pub legacy_fails_without_superuser: bool,
}

/// Which declared behaviour applies to the connected server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    Legacy,
    Current,
    /// Release not known (yet), or one that was never captured: only what both honour.
    Unknown,
}

impl Era {
    pub fn of(release: Option<Release>) -> Era {
        match release {
            Some(r) if r.is_2024_8_or_older() => Era::Legacy,
            Some(r) if r >= Release::CAPTURED_CURRENT => Era::Current,
            _ => Era::Unknown,
        }
    }
}

/// A URL parameter the connected server would ignore, kept out of the request and named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ignored {
    Search(String),
    Ordering(String),
    Filter(String),
}

impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ignored::Search(t) => write!(f, "search \u{201c}{t}\u{201d}"),
            Ignored::Ordering(o) => write!(f, "sorting by {}", o.trim_start_matches('-')),
            Ignored::Filter(k) => write!(f, "the {k} filter"),
        }
    }
}

/// The controls a list offers on the connected server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offered {
    support: &'static ListSupport,
    pub era: Era,
}

impl Offered {
    pub fn new(support: &'static ListSupport, release: Option<Release>) -> Self {
        Offered {
            support,
            era: Era::of(release),
        }
    }

    fn holds(&self, test: impl Fn(&Honoured) -> bool) -> bool {
        let s = self.support;
        match self.era {
            Era::Legacy => test(&s.legacy),
            Era::Current => test(&s.current),
            Era::Unknown => test(&s.legacy) && test(&s.current),
        }
    }

    /// What the search box searches; empty: no search box. When the release is unknown it
    /// is offered only if every release searches the same fields, so its hint stays true.
    pub fn search(&self) -> &'static [&'static str] {
        let s = self.support;
        match self.era {
            Era::Legacy => s.legacy.search,
            Era::Current => s.current.search,
            Era::Unknown if s.legacy.search == s.current.search => s.legacy.search,
            Era::Unknown => &[],
        }
    }

    /// Whether every key of an `ordering` value (`-created`, `user,pk`) is honoured.
    pub fn sorts_by(&self, ordering: &str) -> bool {
        ordering
            .split(',')
            .map(|k| k.trim().trim_start_matches('-'))
            .all(|k| self.holds(|h| h.ordering.contains(&k)))
    }

    pub fn filters_by(&self, key: &str) -> bool {
        self.holds(|h| FilterKey::position(h.filters, key).is_some())
    }

    /// Whether this server's list fails for accounts without superuser rights (2024.8).
    pub fn fails_without_superuser(&self) -> bool {
        self.era == Era::Legacy && self.support.legacy_fails_without_superuser
    }

    /// The query as this server honours it (what is sent and shown as applied), and what
    /// of the asked one it would have ignored.
    pub fn apply(&self, asked: &ListQuery, default_ordering: &str) -> (ListQuery, Vec<Ignored>) {
        let mut q = asked.clone();
        let mut ignored = Vec::new();
        if !q.search.is_empty() && self.search().is_empty() {
            ignored.push(Ignored::Search(std::mem::take(&mut q.search)));
        }
        if !q.ordering.is_empty() && !self.sorts_by(&q.ordering) {
            ignored.push(Ignored::Ordering(std::mem::replace(
                &mut q.ordering,
                default_ordering.to_string(),
            )));
        }
        q.filters.retain(|(k, _)| {
            let keep = self.filters_by(k);
            if !keep {
                ignored.push(Ignored::Filter(k.clone()));
            }
            keep
        });
        (q, ignored)
    }
}

/// The search box's hint: what it matches.
pub fn search_hint(fields: &[&str]) -> String {
    match fields {
        [] => String::new(),
        [one] => format!("Searches the {one} only."),
        [init @ .., last] => format!("Searches {} and {last}.", init.join(", ")),
    }
}

/// "1 refresh token", "20 refresh tokens".
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Percent-encodes one path segment (a pk from a URL must not be able to change the path).
pub fn encode_segment(segment: &str) -> String {
    form_urlencoded::byte_serialize(segment.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_picks_the_address_and_is_not_sent() {
        let keys = &[FilterKey::Group, FilterKey::Kind];
        let q = ListQuery::from_pairs([("kind", "saml"), ("group", "g1")], keys, "pk");
        assert_eq!(q.filter(FilterKey::Kind), "saml");
        assert_eq!(q.to_api_query(), "page=1&page_size=20&ordering=pk&group=g1");
        assert_eq!(q.to_url_query("pk"), "group=g1&kind=saml");
    }

    const KEYS: &[FilterKey] = &[FilterKey::User, FilterKey::SourceSlug];

    #[test]
    fn round_trips_through_the_url() {
        let q = ListQuery::from_pairs(
            [
                ("source__slug", "git hub"),
                ("page", "3"),
                ("search", "a&b=c"),
                ("user", "6"),
                ("ordering", "-pk"),
                ("bogus", "x"),
            ],
            KEYS,
            "pk",
        );
        assert_eq!(q.page, 3);
        assert_eq!(
            q.filters,
            [
                ("user".into(), "6".into()),
                ("source__slug".into(), "git hub".into())
            ]
        );
        let url = q.to_url_query("pk");
        assert_eq!(
            url,
            "page=3&search=a%26b%3Dc&ordering=-pk&user=6&source__slug=git+hub"
        );
        let pairs: Vec<(String, String)> = form_urlencoded::parse(url.as_bytes())
            .into_owned()
            .collect();
        let back = ListQuery::from_pairs(
            pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())),
            KEYS,
            "pk",
        );
        assert_eq!(back, q);
    }

    #[test]
    fn api_query_is_complete_and_url_query_minimal() {
        let q = ListQuery::from_pairs([], KEYS, "pk");
        assert_eq!(q.to_api_query(), "page=1&page_size=20&ordering=pk");
        assert_eq!(q.to_url_query("pk"), "");
    }

    #[test]
    fn eras_follow_the_captured_releases() {
        let era = |v: &str| Era::of(Release::parse(v));
        assert_eq!(era("2024.8.6"), Era::Legacy);
        assert_eq!(era("2024.4.1"), Era::Legacy);
        assert_eq!(era("2026.2.2"), Era::Current);
        assert_eq!(era("2026.5.6"), Era::Current);
        // Never captured: only what every release honours.
        assert_eq!(era("2025.4.0"), Era::Unknown);
        assert_eq!(Era::of(None), Era::Unknown);
    }

    #[test]
    fn malformed_numbers_fall_back() {
        let q = ListQuery::from_pairs([("page", "-2"), ("page_size", "1001")], KEYS, "");
        assert_eq!((q.page, q.page_size), (1, DEFAULT_PAGE_SIZE));
        let q = ListQuery::from_pairs([("page", "abc"), ("page_size", "0")], KEYS, "");
        assert_eq!((q.page, q.page_size), (1, DEFAULT_PAGE_SIZE));
    }

    #[test]
    fn ordering_toggles_and_resets_page() {
        let q = ListQuery {
            page: 4,
            ..ListQuery::default()
        };
        let a = q.toggle_ordering("identifier");
        assert_eq!((a.ordering.as_str(), a.page), ("identifier", 1));
        assert_eq!(a.sorted_by("identifier"), Some(true));
        let d = a.toggle_ordering("identifier");
        assert_eq!(d.ordering, "-identifier");
        assert_eq!(d.sorted_by("identifier"), Some(false));
        assert_eq!(d.sorted_by("pk"), None);
        assert_eq!(d.toggle_ordering("identifier").ordering, "identifier");
    }

    #[test]
    fn filters_replace_clear_and_reset_page() {
        let q = ListQuery {
            page: 5,
            ..ListQuery::default()
        };
        let q = q
            .with_filter(FilterKey::SourceSlug, "github", KEYS)
            .with_filter(FilterKey::User, "6", KEYS);
        assert_eq!(q.page, 1);
        assert_eq!(
            q.to_api_query(),
            "page=1&page_size=20&user=6&source__slug=github"
        );
        let q = q.with_filter(FilterKey::User, "", KEYS);
        assert_eq!(q.filter(FilterKey::User), "");
        assert_eq!(q.filter(FilterKey::SourceSlug), "github");
    }

    #[test]
    fn counts_and_hints_read_as_english() {
        assert_eq!(
            count_of(1, "refresh token", "refresh tokens"),
            "1 refresh token"
        );
        assert_eq!(
            count_of(20, "refresh token", "refresh tokens"),
            "20 refresh tokens"
        );
        assert_eq!(
            count_of(0, "refresh token", "refresh tokens"),
            "0 refresh tokens"
        );
        assert_eq!(search_hint(&[]), "");
        assert_eq!(search_hint(&["a", "b"]), "Searches a and b.");
    }

    #[test]
    fn segments_cannot_escape_the_path() {
        assert_eq!(encode_segment("1/../../x?y"), "1%2F..%2F..%2Fx%3Fy");
    }
}

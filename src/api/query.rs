//! List state: one value that is both the console's URL query and the API's query, so a
//! shared link reproduces the view.

pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// The largest page a link may ask for. authentik 2025.12+ caps pages at 100 itself and
/// says so in `pagination`; 2024.8 serves what is asked, which large exports rely on.
pub const MAX_PAGE_SIZE: u64 = 1000;

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
        filter_keys: &[&str],
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
                _ if filter_keys.contains(&k) && !v.is_empty() => {
                    filters.push((k.to_string(), v.to_string()))
                }
                _ => {}
            }
        }
        filters.sort_by_key(|(k, _)| filter_keys.iter().position(|f| f == k));
        filters.dedup_by(|a, b| a.0 == b.0);
        q.filters = filters;
        q
    }

    pub fn filter(&self, key: &str) -> &str {
        self.filters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn with_filter(&self, key: &str, value: &str, filter_keys: &[&str]) -> Self {
        let mut q = self.clone();
        q.filters.retain(|(k, _)| k != key);
        if !value.is_empty() {
            q.filters.push((key.to_string(), value.to_string()));
            q.filters
                .sort_by_key(|(k, _)| filter_keys.iter().position(|f| f == k));
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
            s.append_pair(k, v);
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

/// Percent-encodes one path segment (a pk from a URL must not be able to change the path).
pub fn encode_segment(segment: &str) -> String {
    form_urlencoded::byte_serialize(segment.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["user", "source__slug"];

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
            .with_filter("source__slug", "github", KEYS)
            .with_filter("user", "6", KEYS);
        assert_eq!(q.page, 1);
        assert_eq!(
            q.to_api_query(),
            "page=1&page_size=20&user=6&source__slug=github"
        );
        let q = q.with_filter("user", "", KEYS);
        assert_eq!(q.filter("user"), "");
        assert_eq!(q.filter("source__slug"), "github");
    }

    #[test]
    fn segments_cannot_escape_the_path() {
        assert_eq!(encode_segment("1/../../x?y"), "1%2F..%2F..%2Fx%3Fy");
    }
}

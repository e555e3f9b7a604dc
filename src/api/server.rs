//! Which authentik release the console talks to, from `admin/version/` (readable by every
//! signed-in account). Controls the server would silently ignore are decided from it.

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct VersionInfo {
    pub version_current: String,
}

/// A release as `year.month` (the patch level never changes what the lists honour).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release {
    pub year: u16,
    pub month: u8,
}

impl Release {
    /// `"2024.8.6"` → 2024.8; anything unreadable is `None` (treated as unknown).
    pub fn parse(version: &str) -> Option<Release> {
        let mut parts = version.trim().split('.');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        Some(Release { year, month })
    }

    /// authentik 2024.8 and older: the generic connection endpoints are read-only, their
    /// search matches only the source slug and some orderings are ignored.
    pub fn is_2024_8_or_older(self) -> bool {
        self <= Release {
            year: 2024,
            month: 8,
        }
    }

    /// The newer release whose lists were captured (2026.2); later ones are taken to honour
    /// the same. Releases between it and 2024.8 were not captured.
    pub const CAPTURED_CURRENT: Release = Release {
        year: 2026,
        month: 2,
    };
}

/// What the console knows of the server; `release` is `None` while loading or when the
/// version could not be read, and callers then offer only what every version honours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Server {
    pub release: Option<Release>,
}

thread_local! {
    /// The connected release, once read: endpoints that differ per release (group
    /// connections' `all/`) are chosen from it where no reactive context is at hand.
    static RELEASE: std::cell::Cell<Option<Release>> = const { std::cell::Cell::new(None) };
}

/// Called with the answer of `admin/version/`, before the session stores it.
pub fn remember(release: Option<Release>) {
    RELEASE.with(|r| r.set(release));
}

/// The release `remember` was given (None before it, or when it was unreadable).
pub fn remembered() -> Option<Release> {
    RELEASE.with(std::cell::Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_parse_and_compare() {
        let r = Release::parse("2024.8.6").unwrap();
        assert!(r.is_2024_8_or_older());
        assert!(!Release::parse("2026.2.2").unwrap().is_2024_8_or_older());
        assert!(!Release::parse("2024.12.0").unwrap().is_2024_8_or_older());
        assert_eq!(Release::parse("dev"), None);
        assert_eq!(Release::parse(""), None);
    }
}

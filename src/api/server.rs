//! Which authentik release the console talks to, from `admin/version/` (readable by every
//! signed-in account). Controls the server would silently ignore are decided from it.

use crate::api::json::from_fields;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VersionInfo {
    pub version_current: String,
}
from_fields!(VersionInfo { version_current });

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

/// Reads the release from `admin/version/` (readable by every signed-in account), with
/// `credentials` when they are not yet the console's (a sign-in). `Ok(None)`: the version
/// could not be read or understood; the console then offers only what every release honours.
pub async fn read(
    credentials: Option<&super::client::Credentials>,
    abort: &super::client::Abort,
) -> Result<Option<Release>, super::ApiError> {
    use super::client;
    let answer = match credentials {
        Some(c) => client::get_as::<VersionInfo>(c, "admin/version/", abort).await,
        None => client::get::<VersionInfo>("admin/version/", "", abort).await,
    };
    match answer {
        Err(super::ApiError::Aborted) => Err(super::ApiError::Aborted),
        answer => Ok(answer.ok().and_then(|v| Release::parse(&v.version_current))),
    }
}

/// Makes `release` the one addresses are chosen from, and keeps it for the next load.
pub fn settle(release: Option<Release>) {
    remember(release);
    store(&super::client::base(), release);
}

/// Where the release read last time is kept between page loads, with the API base it was
/// read from: a cold load then knows every address before its first request, and checks
/// the release again beside it.
const STORED_KEY: &str = "ak-admin.release";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `"<api base> <year>.<month>"`, the stored form.
fn stored_text(base: &str, release: Release) -> String {
    format!("{base} {}.{}", release.year, release.month)
}

fn from_stored(text: &str, base: &str) -> Option<Release> {
    let (b, v) = text.rsplit_once(' ')?;
    (b == base).then(|| Release::parse(v)).flatten()
}

/// The release last read from the API at `base`, if this browser kept one.
pub fn stored(base: &str) -> Option<Release> {
    from_stored(&local_storage()?.get_item(STORED_KEY).ok()??, base)
}

/// Keeps (or, when unreadable, forgets) the release read from `base`.
pub fn store(base: &str, release: Option<Release>) {
    if let Some(s) = local_storage() {
        let _ = match release {
            Some(r) => s.set_item(STORED_KEY, &stored_text(base, r)),
            None => s.remove_item(STORED_KEY),
        };
    }
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

    /// A release kept for one API base is not taken for another.
    #[test]
    fn a_stored_release_belongs_to_its_api_base() {
        let r = Release::parse("2026.2.2").unwrap();
        let text = stored_text("/ak/api/v3", r);
        assert_eq!(text, "/ak/api/v3 2026.2");
        assert_eq!(from_stored(&text, "/ak/api/v3"), Some(r));
        assert_eq!(from_stored(&text, "/api/v3"), None);
        assert_eq!(from_stored("garbage", "/api/v3"), None);
        assert_eq!(from_stored("/api/v3 x.y", "/api/v3"), None);
    }
}

//! Local checks taken from the OpenAPI constraints. Messages use DRF's wording so a local
//! and a server error for the same mistake read the same.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    pub required: bool,
    /// DRF trims strings before checking, so whitespace-only counts as blank.
    pub trim: bool,
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    pub uuid: bool,
    /// `^[-a-zA-Z0-9_]+$`, the only pattern in these schemas (slugs).
    pub slug: bool,
    pub integer: bool,
    /// A date and time (ISO 8601, as DRF reads it) that must not have passed: an expiry in
    /// the past saves without complaint and gives a credential that can never be used.
    pub future: bool,
}

impl Rules {
    pub const fn required() -> Self {
        Rules {
            required: true,
            trim: true,
            min_len: None,
            max_len: None,
            uuid: false,
            slug: false,
            integer: false,
            future: false,
        }
    }

    pub const fn min_len(mut self, n: usize) -> Self {
        self.min_len = Some(n);
        self
    }

    pub const fn max_len(mut self, n: usize) -> Self {
        self.max_len = Some(n);
        self
    }

    pub const fn uuid(mut self) -> Self {
        self.uuid = true;
        self
    }

    pub const fn slug(mut self) -> Self {
        self.slug = true;
        self
    }

    pub const fn integer(mut self) -> Self {
        self.integer = true;
        self
    }

    pub const fn future(mut self) -> Self {
        self.future = true;
        self
    }

    /// The first problem with `value`, if any.
    pub fn check(&self, value: &str) -> Option<String> {
        self.check_at(value, now_ms())
    }

    /// `check` with the clock read by the caller (milliseconds since 1970, UTC).
    pub fn check_at(&self, value: &str, now_ms: f64) -> Option<String> {
        let v = if self.trim { value.trim() } else { value };
        if v.is_empty() {
            return self
                .required
                .then(|| "This field may not be blank.".to_string());
        }
        let len = v.chars().count();
        if let Some(min) = self.min_len {
            if len < min {
                return Some(format!("Ensure this field has at least {min} characters."));
            }
        }
        if let Some(max) = self.max_len {
            if len > max {
                return Some(format!(
                    "Ensure this field has no more than {max} characters."
                ));
            }
        }
        if self.uuid && uuid::Uuid::try_parse(v).is_err() {
            return Some(format!("“{v}” is not a valid UUID."));
        }
        if self.slug
            && !v
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Some(
                "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."
                    .into(),
            );
        }
        if self.integer && v.parse::<i64>().is_err() {
            return Some("A valid integer is required.".into());
        }
        // What cannot be read is left to the server, whose message names the format.
        if self.future && iso_ms(v).is_some_and(|t| t <= now_ms) {
            return Some(
                "This time has passed: an expired credential cannot be used. Enter a time in the future."
                    .into(),
            );
        }
        None
    }
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

/// Milliseconds since 1970 of an ISO 8601 date and time as DRF takes it:
/// `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` then `Z`, `±HH[:MM]` or nothing (the server's
/// zone, UTC on authentik). `None` for anything else.
pub fn iso_ms(s: &str) -> Option<f64> {
    let num = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let mut d = date.split('-');
    let (y, mo, day) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (hh, mm) = (num(rest.get(..2)?)?, num(rest.get(3..5)?)?);
    if rest.get(2..3)? != ":" {
        return None;
    }
    let mut tail = &rest[5..];
    // Seconds and milliseconds as integers: no float parser in the build for this.
    let mut ms = 0;
    if let Some(t) = tail.strip_prefix(':') {
        let end = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (whole, frac) = t[..end].split_once('.').unwrap_or((&t[..end], ""));
        let secs = num(whole).filter(|s| whole.len() == 2 && *s < 60)?;
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        ms = secs * 1000;
        for (b, scale) in frac.bytes().zip([100, 10, 1]) {
            ms += i64::from(b - b'0') * scale;
        }
        tail = &t[end..];
    }
    let offset = match tail {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match tail.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let t = tail[1..].replace(':', "");
            let (oh, om) = (
                num(t.get(..2)?)?,
                if t.len() > 2 { num(&t[2..])? } else { 0 },
            );
            sign * (oh * 60 + om)
        }
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&day) || hh > 23 || mm > 59 {
        return None;
    }
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let minutes = days * 1440 + hh * 60 + mm - offset;
    Some((minutes * 60_000 + ms) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_like_drf() {
        let r = Rules::required();
        assert_eq!(
            r.check("   ").as_deref(),
            Some("This field may not be blank.")
        );
        assert_eq!(r.check(" x "), None);
        assert_eq!(Rules::default().check(""), None);
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let r = Rules::required().min_len(2).max_len(3);
        assert!(r.check("é").is_some());
        assert_eq!(r.check("éé"), None);
        assert_eq!(r.check("ééé"), None);
        assert_eq!(
            r.check("éééé").as_deref(),
            Some("Ensure this field has no more than 3 characters.")
        );
    }

    #[test]
    fn uuid_slug_and_integer() {
        let u = Rules::required().uuid();
        assert_eq!(u.check("8d13a6a7-e698-43b6-bb58-87c9e84f82d6"), None);
        assert_eq!(
            u.check("not-a-uuid").as_deref(),
            Some("“not-a-uuid” is not a valid UUID.")
        );
        let s = Rules::required().slug();
        assert_eq!(s.check("corp-oidc_2"), None);
        assert!(s.check("corp oidc").is_some());
        let i = Rules::required().integer();
        assert_eq!(i.check("6"), None);
        assert!(i.check("six").is_some());
    }

    #[test]
    fn iso_times_read_as_drf_reads_them() {
        assert_eq!(iso_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(iso_ms("2020-01-01T00:00:00Z"), Some(1_577_836_800_000.0));
        assert_eq!(iso_ms("2020-01-01 00:00"), Some(1_577_836_800_000.0));
        assert_eq!(
            iso_ms("2026-12-01T09:00:00.250+01:00"),
            Some(1_796_115_600_000.0 - 3_600_000.0 + 250.0)
        );
        assert_eq!(
            iso_ms("2024-02-29T12:30:00-0230"),
            Some(1_709_209_800_000.0 + 9_000_000.0)
        );
        for bad in [
            "",
            "2020-01-01",
            "2020-13-01T00:00Z",
            "2020-01-01T24:00Z",
            "next week",
            "2020-01-01T00:00+x",
            "é",
            "2020-01-01T00:00:99Z",
        ] {
            assert_eq!(iso_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_time_that_has_passed_is_refused_and_an_unreadable_one_left_to_the_server() {
        let r = Rules::required().future();
        let now = iso_ms("2026-12-04T19:00:00Z").unwrap();
        let said = r.check_at("2020-01-01T00:00:00Z", now).unwrap();
        assert!(said.starts_with("This time has passed"), "{said}");
        assert!(r.check_at("2026-12-04T18:59:59Z", now).is_some());
        assert_eq!(r.check_at("2026-12-04T19:30:00Z", now), None);
        assert_eq!(r.check_at("soon", now), None);
        assert_eq!(
            r.check_at(" ", now).as_deref(),
            Some("This field may not be blank.")
        );
        assert_eq!(
            Rules::required().check_at("2020-01-01T00:00:00Z", now),
            None
        );
    }
}

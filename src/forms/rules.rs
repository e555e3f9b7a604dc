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

    /// The first problem with `value`, if any.
    pub fn check(&self, value: &str) -> Option<String> {
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
        None
    }
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
}

//! OAuth2 refresh tokens: `/oauth2/refresh_tokens/` — read and revoke; the API has no update.

use super::oauth2::{self, FILTERS, HONOURED};
use super::{Declared, NavGroup, Sweep};
use crate::api::models::OAuth2Token;
use crate::api::query::{FilterKey, ListSupport};
use crate::api::resources::{EventSubject, Resource, UpdateMethod, Verb};
use crate::components::list::Column;
use leptos::prelude::*;

pub struct RefreshTokens;

impl Resource for RefreshTokens {
    type Item = OAuth2Token;
    const PATH: &'static str = "oauth2/refresh_tokens/";
    const NAME: &'static str = "Refresh token";
    const ONE: &'static str = "refresh token";
    const MANY: &'static str = "refresh tokens";
    const ROUTE: &'static str = "/refresh-tokens";
    const FILTERS: &'static [FilterKey] = FILTERS;
    /// Soonest expiry first: what an admin reviewing tokens looks at.
    const DEFAULT_ORDERING: &'static str = "expires";
    const LIST: ListSupport = ListSupport {
        legacy: HONOURED,
        current: HONOURED,
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = None;
    const VERB: Verb = Verb::Revoke;

    const OWNER: Option<fn(&OAuth2Token) -> i64> = Some(oauth2::owner);

    /// authentik's model `authentik_providers_oauth2.refreshtoken` (Django's lowercase class
    /// name; inferred from authentik's models, no recording shows one of its events).
    fn event_subject(item: &OAuth2Token) -> Option<EventSubject> {
        Some(EventSubject::new(
            "authentik_providers_oauth2",
            "refreshtoken",
            item.pk,
        ))
    }

    fn pk(item: &OAuth2Token) -> String {
        item.pk.to_string()
    }

    fn describe(item: &OAuth2Token) -> String {
        oauth2::describe(item)
    }
}

impl Declared for RefreshTokens {
    const NEWEST: &'static [&'static str] = oauth2::NEWEST;
    const GROUP: NavGroup = NavGroup::OAuth2;
    const SWEEP: Sweep = Sweep::Always;
    const TITLE: &'static str = "OAuth2 refresh tokens";
    const NAV: &'static str = "Refresh tokens";
    const LEDE: &'static str =
        "Tokens that let applications act for users. Revoking one ends that grant.";
    const BULK: bool = true;

    fn columns() -> Vec<Column<OAuth2Token>> {
        oauth2::columns::<Self>()
    }

    fn detail(token: OAuth2Token) -> AnyView {
        oauth2::detail(Self::META, token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Named as authentik's model `authentik_providers_oauth2.refreshtoken`, by its integer pk.
    #[test]
    fn a_refresh_token_is_named_by_its_model_and_pk() {
        let t = OAuth2Token {
            pk: 41,
            ..OAuth2Token::default()
        };
        let s = RefreshTokens::event_subject(&t).unwrap();
        assert_eq!(
            (s.app.as_str(), s.model_name.as_str(), s.pk.as_str()),
            ("authentik_providers_oauth2", "refreshtoken", "41")
        );
    }

    #[test]
    fn refresh_tokens_are_never_searched() {
        oauth2::tests::grants_are_never_searched(&RefreshTokens::LIST);
    }
}

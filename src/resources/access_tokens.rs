//! OAuth2 access tokens: `/oauth2/access_tokens/` — read and revoke; the API has no update
//! (PATCH is a 405 on 2024.8.6 and 2026.2.2).

use super::oauth2::{self, FILTERS, HONOURED};
use super::{Declared, NavGroup, Sweep};
use crate::api::models::OAuth2Token;
use crate::api::query::{FilterKey, ListSupport};
use crate::api::resources::{EventSubject, Resource, UpdateMethod, Verb};
use crate::components::list::Column;
use leptos::prelude::*;

pub struct AccessTokens;

impl Resource for AccessTokens {
    type Item = OAuth2Token;
    const PATH: &'static str = "oauth2/access_tokens/";
    const NAME: &'static str = "Access token";
    const ONE: &'static str = "access token";
    const MANY: &'static str = "access tokens";
    const ROUTE: &'static str = "/access-tokens";
    const FILTERS: &'static [FilterKey] = FILTERS;
    /// Soonest expiry first, as for refresh tokens.
    const DEFAULT_ORDERING: &'static str = "expires";
    const LIST: ListSupport = ListSupport {
        legacy: HONOURED,
        current: HONOURED,
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = None;
    const VERB: Verb = Verb::Revoke;

    const OWNER: Option<fn(&OAuth2Token) -> i64> = Some(oauth2::owner);

    /// authentik's model `authentik_providers_oauth2.accesstoken` (Django's lowercase class
    /// name; inferred from authentik's models, no recording shows one of its events).
    fn event_subject(item: &OAuth2Token) -> Option<EventSubject> {
        Some(EventSubject::new(
            "authentik_providers_oauth2",
            "accesstoken",
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

impl Declared for AccessTokens {
    const NEWEST: &'static [&'static str] = oauth2::NEWEST;
    const GROUP: NavGroup = NavGroup::OAuth2;
    const SWEEP: Sweep = Sweep::Always;
    const TITLE: &'static str = "OAuth2 access tokens";
    const NAV: &'static str = "Access tokens";
    const LEDE: &'static str =
        "Short-lived tokens applications present to act for users. Revoking one ends it before it expires.";
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

    /// 2024.8.6 632/633 and 2026.2.2 623/624: any term returns every token; 634–641 and
    /// 625–630: expiry, user, provider and both filters honoured.
    #[test]
    fn access_tokens_are_never_searched() {
        oauth2::tests::grants_are_never_searched(&AccessTokens::LIST);
    }
}

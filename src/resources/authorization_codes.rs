//! OAuth2 authorization codes: `/oauth2/authorization_codes/` — read and revoke; the API
//! has no update (PATCH is a 405 on 2024.8.6 and 2026.2.2). A code has no ID token and no
//! revoked flag.

use super::oauth2::{self, FILTERS, HONOURED};
use super::{Declared, NavGroup, Sweep};
use crate::api::models::OAuth2Token;
use crate::api::query::{FilterKey, ListSupport};
use crate::api::resources::{EventSubject, Resource, UpdateMethod, Verb};
use crate::components::list::Column;
use leptos::prelude::*;

pub struct AuthorizationCodes;

impl Resource for AuthorizationCodes {
    type Item = OAuth2Token;
    const PATH: &'static str = "oauth2/authorization_codes/";
    const NAME: &'static str = "Authorization code";
    const ONE: &'static str = "authorization code";
    const MANY: &'static str = "authorization codes";
    const ROUTE: &'static str = "/authorization-codes";
    const FILTERS: &'static [FilterKey] = FILTERS;
    const DEFAULT_ORDERING: &'static str = "expires";
    const LIST: ListSupport = ListSupport {
        legacy: HONOURED,
        current: HONOURED,
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = None;
    const VERB: Verb = Verb::Revoke;

    const OWNER: Option<fn(&OAuth2Token) -> i64> = Some(oauth2::owner);

    /// authentik's model `authentik_providers_oauth2.authorizationcode` (Django's lowercase class
    /// name; inferred from authentik's models, no recording shows one of its events).
    fn event_subject(item: &OAuth2Token) -> Option<EventSubject> {
        Some(EventSubject::new(
            "authentik_providers_oauth2",
            "authorizationcode",
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

impl Declared for AuthorizationCodes {
    const NEWEST: &'static [&'static str] = oauth2::NEWEST;
    const GROUP: NavGroup = NavGroup::OAuth2;
    const SWEEP: Sweep = Sweep::Always;
    const TITLE: &'static str = "OAuth2 authorization codes";
    const NAV: &'static str = "Authorization codes";
    const LEDE: &'static str =
        "Codes an application exchanges for tokens once a user has signed in. Revoking one stops that exchange.";
    const BULK: bool = true;

    fn columns() -> Vec<Column<OAuth2Token>> {
        oauth2::columns::<Self>()
    }

    fn detail(code: OAuth2Token) -> AnyView {
        oauth2::detail(Self::META, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024.8.6 644/645 and 2026.2.2 632/633: any term returns every code; 646–653 and
    /// 634–639: expiry, user, provider and both filters honoured.
    #[test]
    fn authorization_codes_are_never_searched() {
        oauth2::tests::grants_are_never_searched(&AuthorizationCodes::LIST);
    }
}

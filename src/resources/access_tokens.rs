//! OAuth2 access tokens: `/oauth2/access_tokens/` — read and revoke; the API has no update
//! (PATCH is a 405 on 2024.8.6 and 2026.2.2).
//! Declared by the grant table of `oauth2.rs`: only its words, path and route are its own.

super::oauth2::grant! {
    AccessTokens {
        path: "oauth2/access_tokens/",
        name: "Access token",
        one: "access token",
        many: "access tokens",
        route: "/access-tokens",
        event_model: "accesstoken",
        title: "OAuth2 access tokens",
        nav: "Access tokens",
        lede: "Short-lived tokens applications present to act for users. Revoking one ends it before it expires.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::resources::Resource;
    use crate::resources::oauth2;

    /// 2024.8.6 632/633 and 2026.2.2 623/624: any term returns every token; 634–641 and
    /// 625–630: expiry, user, provider and both filters honoured.
    #[test]
    fn access_tokens_are_never_searched() {
        oauth2::tests::grants_are_never_searched(&AccessTokens::LIST);
    }
}

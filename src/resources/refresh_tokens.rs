//! OAuth2 refresh tokens: `/oauth2/refresh_tokens/` — read and revoke; the API has no update.
//! Declared by the grant table of `oauth2.rs`: only its words, path and route are its own.

super::oauth2::grant! {
    RefreshTokens {
        path: "oauth2/refresh_tokens/",
        name: "Refresh token",
        one: "refresh token",
        many: "refresh tokens",
        route: "/refresh-tokens",
        event_model: "refreshtoken",
        title: "OAuth2 refresh tokens",
        nav: "Refresh tokens",
        lede: "Tokens that let applications act for users. Revoking one ends that grant.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::resources::Resource;
    use crate::resources::oauth2;
    use crate::resources::oauth2::OAuth2Token;

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

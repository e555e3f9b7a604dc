//! OAuth2 authorization codes: `/oauth2/authorization_codes/` — read and revoke; the API
//! has no update (PATCH is a 405 on 2024.8.6 and 2026.2.2). A code has no ID token and no
//! revoked flag.
//! Declared by the grant table of `oauth2.rs`: only its words, path and route are its own.

super::oauth2::grant! {
    AuthorizationCodes {
        path: "oauth2/authorization_codes/",
        name: "Authorization code",
        one: "authorization code",
        many: "authorization codes",
        route: "/authorization-codes",
        event_model: "authorizationcode",
        title: "OAuth2 authorization codes",
        nav: "Authorization codes",
        lede: "Codes an application exchanges for tokens once a user has signed in. Revoking one stops that exchange.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::resources::Resource;
    use crate::resources::oauth2;

    /// 2024.8.6 644/645 and 2026.2.2 632/633: any term returns every code; 646–653 and
    /// 634–639: expiry, user, provider and both filters honoured.
    #[test]
    fn authorization_codes_are_never_searched() {
        oauth2::tests::grants_are_never_searched(&AuthorizationCodes::LIST);
    }
}

//! The kinds behind one console list, as authentik has them per release: source kinds (each
//! its own connection endpoint) and MFA device kinds (each its own admin endpoint). Facts of
//! the API, read by the resources and by the Kind filters.

/// Source kinds: each has its own connection endpoints (`sources/user_connections/<key>/`).
pub mod sources {
    /// A source type with connection endpoints of its own (`…_connections/<key>/`).
    #[derive(Debug, PartialEq, Eq)]
    pub struct SourceKind {
        pub key: &'static str,
        pub label: &'static str,
        /// What a connection's identifier is at a source of this kind.
        pub identifier: &'static str,
        /// Whether authentik 2024.8 has this kind's endpoints (Kerberos, LDAP and Telegram
        /// connections came in 2024.10 and later).
        pub on_2024_8: bool,
        /// A credential authentik keeps on the connection, write-only on every version.
        pub secret: Option<&'static str>,
    }

    pub const KINDS: &[SourceKind] = &[
        SourceKind {
            key: "oauth",
            label: "OAuth",
            identifier: "Subject at the provider",
            on_2024_8: true,
            secret: Some("Access token"),
        },
        SourceKind {
            key: "saml",
            label: "SAML",
            identifier: "SAML NameID",
            on_2024_8: true,
            secret: None,
        },
        SourceKind {
            key: "plex",
            label: "Plex",
            identifier: "Plex account ID",
            on_2024_8: true,
            secret: Some("Plex token"),
        },
        SourceKind {
            key: "kerberos",
            label: "Kerberos",
            identifier: "Kerberos principal",
            on_2024_8: false,
            secret: None,
        },
        SourceKind {
            key: "ldap",
            label: "LDAP",
            identifier: "LDAP unique ID",
            on_2024_8: false,
            secret: None,
        },
        SourceKind {
            key: "telegram",
            label: "Telegram",
            identifier: "Telegram user ID",
            on_2024_8: false,
            secret: None,
        },
    ];

    /// The kind whose endpoints hold connections of a source family (`Source::family`).
    pub fn kind_of(family: &str) -> Option<&'static SourceKind> {
        KINDS.iter().find(|k| k.key == family)
    }
}

/// MFA device kinds: each has its own admin endpoint (`authenticators/admin/<key>/`).
pub mod devices {
    /// One kind of device: its endpoint, words, event-log model and name limit.
    pub struct DeviceKind {
        pub key: &'static str,
        pub label: &'static str,
        pub app: &'static str,
        /// The model's name in the event log (`totpdevice`).
        pub model: &'static str,
        /// authentik 2026 and newer only (email devices; enterprise endpoint devices).
        pub current_only: bool,
        /// `name`'s limit: 64 (every Device), 200 for WebAuthn (capture 868).
        pub max_name: usize,
    }

    const fn kind(
        key: &'static str,
        label: &'static str,
        app: &'static str,
        model: &'static str,
        current_only: bool,
        max_name: usize,
    ) -> DeviceKind {
        DeviceKind {
            key,
            label,
            app,
            model,
            current_only,
            max_name,
        }
    }

    /// TOTP first: the list without a kind is TOTP's.
    pub const KINDS: &[DeviceKind] = &[
        kind(
            "totp",
            "TOTP",
            "authentik_stages_authenticator_totp",
            "totpdevice",
            false,
            64,
        ),
        kind(
            "static",
            "Static (backup codes)",
            "authentik_stages_authenticator_static",
            "staticdevice",
            false,
            64,
        ),
        kind(
            "webauthn",
            "WebAuthn",
            "authentik_stages_authenticator_webauthn",
            "webauthndevice",
            false,
            200,
        ),
        kind(
            "duo",
            "Duo",
            "authentik_stages_authenticator_duo",
            "duodevice",
            false,
            64,
        ),
        kind(
            "sms",
            "SMS",
            "authentik_stages_authenticator_sms",
            "smsdevice",
            false,
            64,
        ),
        kind(
            "email",
            "Email",
            "authentik_stages_authenticator_email",
            "emaildevice",
            true,
            64,
        ),
        kind(
            "endpoint",
            "Endpoint",
            "authentik_stages_authenticator_endpoint_gdtc",
            "endpointdevice",
            true,
            64,
        ),
    ];

    pub fn kind_of(key: &str) -> Option<&'static DeviceKind> {
        KINDS.iter().find(|k| k.key == key)
    }
}

/// authentik's token intents and what the console calls them.
pub const INTENTS: &[(&str, &str)] = &[
    ("api", "API token"),
    ("app_password", "App password"),
    ("recovery", "Recovery link"),
    ("verification", "Email verification"),
];

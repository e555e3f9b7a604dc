//! ak-admin: an admin console for authentik's source connections and OAuth2 refresh tokens.

pub mod api;
pub mod forms;

//! ak-admin: an admin console for authentik's source connections and OAuth2 refresh tokens.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod forms;
pub mod pages;
pub mod resources;

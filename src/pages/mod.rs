//! One folder per resource, plus the pages around them.

pub mod connections;
pub mod filters;
pub mod group_connections;
pub mod home;
pub mod lookups;
pub mod not_found;
pub mod refresh_tokens;
pub mod sign_in;
pub mod user_connections;

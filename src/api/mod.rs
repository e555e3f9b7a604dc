//! HTTP, DTOs and errors. No UI code lives here.

pub mod client;
pub mod error;
pub(crate) mod export;
pub mod field_errors;
pub mod id_token;
pub mod json;
pub mod kinds;
pub mod models;
pub mod query;
pub(crate) mod resources;
pub(crate) mod server;
pub mod text;

pub use client::Abort;
pub use error::ApiError;
pub use field_errors::FieldErrors;

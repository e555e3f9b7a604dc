//! HTTP, DTOs and errors. No UI code lives here.

pub mod client;
pub mod error;
pub mod field_errors;
pub mod id_token;
pub mod models;
pub mod query;
pub mod resources;
pub mod server;

pub use client::Abort;
pub use error::ApiError;
pub use field_errors::FieldErrors;

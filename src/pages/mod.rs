//! The pages around the resources, and the generic pages of every resource.

pub mod filters;
pub mod home;
pub mod lookups;
pub mod not_found;
pub mod resource;
pub mod sign_in;
pub mod user;

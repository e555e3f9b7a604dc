//! The console's routes: the pages around the resources and the route of each resource page.

pub mod home;
pub mod resource;
pub mod sign_in;
pub mod user;

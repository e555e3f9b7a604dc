//! The pages around the resources: home, sign-in and a user's page (each resource's own
//! pages are `resources::page`'s; `components::route` finds a page by its address).

pub mod home;
pub mod sign_in;
pub mod user;

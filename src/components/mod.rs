//! Reusable widgets.

pub mod delete;
pub mod dialog;
pub mod edit_form;
pub mod field;
pub mod item;
pub mod link;
pub mod list;
pub mod remote;
pub mod status;
pub mod table;
pub mod time;
pub mod toast;

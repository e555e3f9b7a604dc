//! Reusable widgets.

pub(crate) mod delete;
pub(crate) mod dialog;
pub mod edit_form;
pub(crate) mod export;
pub(crate) mod facts;
pub mod field;
pub(crate) mod history;
pub(crate) mod item;
pub(crate) mod link;
pub(crate) mod list;
pub(crate) mod remote;
pub(crate) mod run;
pub(crate) mod status;
pub(crate) mod table;
pub(crate) mod time;
pub(crate) mod toast;

//! Group OAuth source connections: `/sources/group_connections/oauth/`.

mod detail;
mod edit;
mod list;

pub use detail::DetailPage;
pub use edit::{CreatePage, EditPage, NewConnectionLink};
pub use list::ListPage;

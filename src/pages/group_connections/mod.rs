//! Group OAuth source connections: `/sources/group_connections/oauth/`.

mod detail;
mod edit;
mod list;

pub use detail::DetailPage;
pub use edit::{CreatePage, EditPage};
pub use list::ListPage;

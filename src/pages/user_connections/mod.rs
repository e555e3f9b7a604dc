//! User source connections: `/sources/user_connections/all/`.

mod detail;
mod edit;
mod list;

pub use detail::DetailPage;
pub use edit::EditPage;
pub use list::ListPage;

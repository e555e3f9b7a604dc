//! User source connections: `/sources/user_connections/all/`.

mod detail;
mod edit;
mod list;

pub use detail::DetailPage;
pub use edit::EditPage;
pub use list::ListPage;

use crate::api::resources::{Resource, UserConnections};

pub fn detail_href(pk: &str) -> String {
    format!("{}/{pk}", UserConnections::ROUTE)
}

pub fn list_href(filter: &str, value: &str) -> String {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(filter, value)
        .finish();
    format!("{}?{q}", UserConnections::ROUTE)
}

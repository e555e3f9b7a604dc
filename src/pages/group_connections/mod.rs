//! Group OAuth source connections: `/sources/group_connections/oauth/`.

mod detail;
mod edit;
mod list;

pub use detail::DetailPage;
pub use edit::{CreatePage, EditPage};
pub use list::ListPage;

use crate::api::resources::{GroupConnections, Resource};

pub fn detail_href(pk: &str) -> String {
    format!("{}/{pk}", GroupConnections::ROUTE)
}

pub fn list_href(filter: &str, value: &str) -> String {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(filter, value)
        .finish();
    format!("{}?{q}", GroupConnections::ROUTE)
}

//! One description per REST resource; lists, details, edits and deletes are generic over it.

use super::client::{self, Abort};
use super::error::ApiError;
use super::models::{GroupSourceConnection, Page, RefreshToken, UsedBy, UserSourceConnection};
use super::query::{encode_segment, ListQuery};
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub trait Resource: 'static {
    type Item: DeserializeOwned + Clone + PartialEq + 'static;
    /// Relative to the API base, with authentik's trailing slash.
    const PATH: &'static str;
    /// Singular, for messages ("User source connection 12 deleted").
    const NAME: &'static str;
    /// The console route prefix (`/user-connections`).
    const ROUTE: &'static str;
    const FILTERS: &'static [&'static str];
    const DEFAULT_ORDERING: &'static str;
    /// PUT sends the whole object; PATCH only what changed; None: the API has no update.
    const UPDATE_METHOD: Option<UpdateMethod>;

    fn pk(item: &Self::Item) -> String;

    /// The console route of one object.
    fn detail_href(pk: &str) -> String {
        format!("{}/{pk}", Self::ROUTE)
    }

    /// The console list filtered on one field (`?user=6`).
    fn list_href(filter: &str, value: &str) -> String {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(filter, value)
            .finish();
        format!("{}?{q}", Self::ROUTE)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateMethod {
    Put,
    Patch,
}

fn item_path<R: Resource>(pk: &str) -> String {
    format!("{}{}/", R::PATH, encode_segment(pk))
}

pub async fn list<R: Resource>(q: &ListQuery, abort: &Abort) -> Result<Page<R::Item>, ApiError> {
    client::get(R::PATH, &q.to_api_query(), abort).await
}

pub async fn retrieve<R: Resource>(pk: &str, abort: &Abort) -> Result<R::Item, ApiError> {
    client::get(&item_path::<R>(pk), "", abort).await
}

pub async fn update<R: Resource>(
    pk: &str,
    body: &Value,
    abort: &Abort,
) -> Result<R::Item, ApiError> {
    let method = match R::UPDATE_METHOD {
        Some(UpdateMethod::Put) => Method::PUT,
        Some(UpdateMethod::Patch) => Method::PATCH,
        None => {
            return Err(ApiError::NotAllowed(format!(
                "{} cannot be changed.",
                R::NAME
            )))
        }
    };
    client::write(method, &item_path::<R>(pk), body, abort).await
}

pub async fn create<R: Resource>(body: &Value, abort: &Abort) -> Result<R::Item, ApiError> {
    client::write(Method::POST, R::PATH, body, abort).await
}

pub async fn destroy<R: Resource>(pk: &str, abort: &Abort) -> Result<(), ApiError> {
    client::delete(&item_path::<R>(pk), abort).await
}

pub async fn used_by<R: Resource>(pk: &str, abort: &Abort) -> Result<Vec<UsedBy>, ApiError> {
    client::get(&format!("{}used_by/", item_path::<R>(pk)), "", abort).await
}

pub struct UserConnections;

impl Resource for UserConnections {
    type Item = UserSourceConnection;
    const PATH: &'static str = "sources/user_connections/all/";
    const NAME: &'static str = "User source connection";
    const ROUTE: &'static str = "/user-connections";
    const FILTERS: &'static [&'static str] = &["user", "source__slug"];
    const DEFAULT_ORDERING: &'static str = "pk";
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Put);

    fn pk(item: &Self::Item) -> String {
        item.pk.to_string()
    }
}

pub struct GroupConnections;

impl Resource for GroupConnections {
    type Item = GroupSourceConnection;
    const PATH: &'static str = "sources/group_connections/oauth/";
    const NAME: &'static str = "Group source connection";
    const ROUTE: &'static str = "/group-connections";
    const FILTERS: &'static [&'static str] = &["group", "source__slug"];
    const DEFAULT_ORDERING: &'static str = "pk";
    const UPDATE_METHOD: Option<UpdateMethod> = Some(UpdateMethod::Patch);

    fn pk(item: &Self::Item) -> String {
        item.pk.to_string()
    }
}

pub struct RefreshTokens;

impl Resource for RefreshTokens {
    type Item = RefreshToken;
    const PATH: &'static str = "oauth2/refresh_tokens/";
    const NAME: &'static str = "Refresh token";
    const ROUTE: &'static str = "/refresh-tokens";
    const FILTERS: &'static [&'static str] = &["user", "provider"];
    /// Soonest expiry first: what an admin reviewing tokens looks at.
    const DEFAULT_ORDERING: &'static str = "expires";
    const UPDATE_METHOD: Option<UpdateMethod> = None;

    fn pk(item: &Self::Item) -> String {
        item.pk.to_string()
    }
}

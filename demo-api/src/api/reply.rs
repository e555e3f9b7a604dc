//! The answers authentik gives, word for word: JSON details, its HTML pages, and what a
//! server error looks like on a read and on a write.

use axum::{
    body::{Body, Bytes},
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Value};

use crate::{body_empty, body_json, FaultKind};

pub const NOT_PROVIDED: &str = "Authentication credentials were not provided.";
pub const NO_PERMISSION: &str = "You do not have permission to perform this action.";
pub const INVALID_CHOICE: &str =
    "Select a valid choice. That choice is not one of the available choices.";

pub const ERROR_PAGE: &str = "\n\n\n\n<!DOCTYPE html>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"UTF-8\">\n        <title>authentik</title>\n    </head>\n    <body>\n        <div class=\"ak-message\">\n            <h1>Something went wrong</h1>\n            <p>Please try again later.</p>\n        </div>\n    </body>\n</html>\n";
pub const NOT_FOUND_PAGE: &str = "\n\n\n\n<!DOCTYPE html>\n\n<html>\n    <head>\n        <meta charset=\"UTF-8\">\n        <title>\nauthentik\n</title>\n    </head>\n    <body>\n        <h1>Not Found</h1>\n        <p>The requested resource was not found on this server.</p>\n    </body>\n</html>\n";

pub fn json(status: u16, v: Value) -> Response {
    body_json(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), &v)
}

pub fn detail(status: u16, msg: &str) -> Response {
    json(status, json!({ "detail": msg }))
}

pub fn html(status: u16, page: &'static str) -> Response {
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        page,
    )
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

/// Django's HTML 404 for a path no view serves.
pub fn no_route() -> Response {
    html(404, NOT_FOUND_PAGE)
}

/// What authentik answers for a write that raised inside the server: 405, no body.
pub fn server_error_on_write() -> Response {
    let mut resp = body_empty(StatusCode::METHOD_NOT_ALLOWED, "text/html; charset=utf-8");
    resp.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    resp
}

pub fn server_error(method: &Method) -> Response {
    if is_safe(method) {
        html(500, ERROR_PAGE)
    } else {
        server_error_on_write()
    }
}

pub fn method_not_allowed(method: &Method) -> Response {
    detail(405, &format!("Method \"{}\" not allowed.", method.as_str()))
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

pub fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A proxy's answer when authentik took longer than its timeout.
const GATEWAY_TIMEOUT: &str =
    "<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>";

/// `resp` with its first object's `pk` turned into an object (`FaultKind::Mistyped`); an
/// answer that is not a JSON object, or has no such `pk`, goes out as it is.
pub async fn mistyped(resp: Response) -> Response {
    let (parts, body) = resp.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => return html(500, ERROR_PAGE),
    };
    let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let first = match v.get_mut("results") {
        Some(results) => results.get_mut(0),
        None => Some(&mut v),
    };
    if let Some(pk) = first.and_then(|o| o.get_mut("pk")) {
        *pk = serde_json::json!({ "id": pk.take() });
    }
    let mut resp = Response::from_parts(parts, Body::from(v.to_string()));
    resp.headers_mut().remove(header::CONTENT_LENGTH);
    resp
}

pub fn fault_response(kind: FaultKind) -> Response {
    match kind {
        FaultKind::Html500 | FaultKind::None | FaultKind::Mistyped => html(500, ERROR_PAGE),
        FaultKind::Applied504 => html(504, GATEWAY_TIMEOUT),
        FaultKind::Empty405 => server_error_on_write(),
        FaultKind::Forbidden => detail(403, NO_PERMISSION),
        FaultKind::SignedOut => detail(403, NOT_PROVIDED),
        FaultKind::Drop => {
            // Headers go out, then the connection dies mid-body.
            let stream = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
            });
            let mut resp = (StatusCode::OK, Body::from_stream(stream)).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            resp
        }
    }
}

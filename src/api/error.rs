//! Every way a request can fail, as one typed value with a message an admin can act on.

use super::field_errors::FieldErrors;
use serde_json::Value;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// 400: the body as a field tree (may hold only `detail`, e.g. a JSON parse error).
    Validation(FieldErrors),
    /// 403 meaning "no valid credentials": authentik never sends 401.
    SignedOut(String),
    /// 403 meaning "signed in, but not allowed" (or a CSRF failure).
    Forbidden(String),
    NotFound(String),
    /// 405 with a JSON detail: the method does not exist on this endpoint.
    NotAllowed(String),
    /// 405 with an empty body: authentik's disguise for an internal error on a write.
    WriteFailed,
    UnsupportedMedia(String),
    Server {
        status: u16,
        detail: Option<String>,
    },
    Unexpected {
        status: u16,
        detail: Option<String>,
    },
    Network(String),
    Timeout,
    /// The view that asked went away or asked again; never shown to the user.
    Aborted,
    /// A success status whose body did not match what the console expects.
    Decode(String),
    /// Before a save: authentik's copy of the object differs from the one the form opened
    /// with (field, authentik's value now). Nothing was sent.
    Changed(Vec<(&'static str, String)>),
    /// The browser refused to build the request (a header value it cannot send, say);
    /// nothing reached the server.
    Request(String),
}

/// authentik's 403 details that mean the credentials are missing or unusable.
const SIGNED_OUT_DETAILS: [&str; 3] = [
    "Authentication credentials were not provided.",
    "Token invalid/expired",
    "Unsupported authentication type",
];

impl ApiError {
    /// Maps a non-success response to an error. `body` is the raw text: it may be JSON,
    /// an HTML error page or empty, and nothing here may panic on it.
    pub fn from_response(status: u16, content_type: Option<&str>, body: &str) -> ApiError {
        let is_json = content_type.is_some_and(|c| crate::api::text::holds(c, "json"))
            || (content_type.is_none() && body.trim_start().starts_with(['{', '[']));
        let json: Option<Value> = if is_json {
            crate::api::json::parse_all(body).ok()
        } else {
            None
        };
        let detail = json
            .as_ref()
            .and_then(|v| v.get("detail"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        match status {
            400 => match json {
                Some(v) => ApiError::Validation(FieldErrors::from_value(&v)),
                None => ApiError::Validation(FieldErrors {
                    detail: Some(non_json_summary(body)),
                    ..FieldErrors::default()
                }),
            },
            // A 401 is not authentik's, but a proxy in front of it may send one.
            401 => ApiError::SignedOut(detail.unwrap_or_else(|| "Not signed in.".into())),
            403 => match detail {
                Some(d) if SIGNED_OUT_DETAILS.contains(&d.as_str()) => ApiError::SignedOut(d),
                Some(d) => ApiError::Forbidden(d),
                None => {
                    ApiError::Forbidden("You do not have permission to perform this action.".into())
                }
            },
            404 => ApiError::NotFound(detail.unwrap_or_else(|| "Not found.".into())),
            405 => match detail {
                Some(d) => ApiError::NotAllowed(d),
                None => ApiError::WriteFailed,
            },
            408 | 504 => ApiError::Timeout,
            415 => ApiError::UnsupportedMedia(
                detail.unwrap_or_else(|| "Unsupported media type.".into()),
            ),
            500..=599 => ApiError::Server { status, detail },
            _ => ApiError::Unexpected { status, detail },
        }
    }

    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            ApiError::Validation(e) => Some(e),
            _ => None,
        }
    }

    /// For a read: an empty 405 is authentik's disguise for a failed *write*, so on a GET it
    /// means something else refused the method (a proxy, an endpoint that moved); saying
    /// "failed while saving" there would be wrong.
    pub fn on_read(self) -> ApiError {
        match self {
            ApiError::WriteFailed => ApiError::Unexpected {
                status: 405,
                detail: Some(
                    "reading is not allowed at this address. A proxy in front of authentik may \
                     be refusing the request, or this authentik version lacks the endpoint."
                        .into(),
                ),
            },
            e => e,
        }
    }

    /// The 404 an out-of-range page number gets (e.g. after deletes shrank the list).
    pub fn is_invalid_page(&self) -> bool {
        matches!(self, ApiError::NotFound(d) if d == "Invalid page.")
    }

    /// Whether trying again could help (network, timeout, server trouble).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_)
                | ApiError::Timeout
                | ApiError::Server { .. }
                | ApiError::WriteFailed
                | ApiError::Decode(_)
                | ApiError::Unexpected { .. }
        )
    }
}

/// A short, safe description of a body that is not JSON (an HTML page, usually).
fn non_json_summary(body: &str) -> String {
    if body.trim().is_empty() {
        "The server rejected the request without saying why.".into()
    } else {
        "The server rejected the request with a non-JSON answer.".into()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Validation(e) => {
                let lines = e.general_messages(&[]);
                if lines.is_empty() {
                    f.write_str("The server rejected the values.")
                } else {
                    f.write_str(&lines.join(" "))
                }
            }
            ApiError::SignedOut(d) => write!(f, "You are signed out ({d}). Sign in again."),
            ApiError::Forbidden(d) => write!(f, "Not allowed: {d}"),
            ApiError::NotFound(d) => write!(f, "Not found: {d}"),
            ApiError::NotAllowed(d) => write!(f, "Not supported by this server: {d}"),
            ApiError::WriteFailed => f.write_str(
                "The server failed while saving (HTTP 405 with an empty body, which is how \
                 authentik reports an internal error on a write). Nothing was changed; check \
                 the value and try again, or see authentik's logs.",
            ),
            ApiError::UnsupportedMedia(d) => write!(f, "The server refused the format: {d}"),
            ApiError::Server { status, detail } => match detail {
                Some(d) => write!(f, "The server failed (HTTP {status}): {d}"),
                None if matches!(status, 502..=504) => write!(
                    f,
                    "authentik could not be reached through the proxy (HTTP {status}). Try again in a moment."
                ),
                None => write!(
                    f,
                    "The server failed (HTTP {status}). Try again; if it persists, see authentik's logs."
                ),
            },
            ApiError::Unexpected { status, detail } => match detail {
                Some(d) => write!(f, "Unexpected answer (HTTP {status}): {d}"),
                None => write!(f, "Unexpected answer from the server (HTTP {status})."),
            },
            ApiError::Network(_) => f.write_str(
                "Cannot reach the server. Check the connection and try again.",
            ),
            ApiError::Timeout => f.write_str("The server took too long to answer."),
            ApiError::Aborted => f.write_str("The request was cancelled."),
            ApiError::Decode(what) => write!(
                f,
                "The server's answer was not understood ({what}). Is this an authentik API?"
            ),
            ApiError::Changed(_) => f.write_str(
                "It was changed in authentik since this form opened; nothing was sent.",
            ),
            ApiError::Request(what) => write!(
                f,
                "The request could not be sent ({what}); nothing reached authentik."
            ),
        }
    }
}

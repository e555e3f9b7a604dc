//! The one request path: base URL, credentials (Bearer token or session cookie + CSRF
//! header), JSON, cancellation, a timeout, and every status mapped to an `ApiError`.

use super::error::ApiError;
use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// Long enough for a slow authentik under load, short enough that a hung proxy is reported.
const TIMEOUT_MS: i32 = 30_000;
const TOKEN_KEY: &str = "ak-admin.token";

struct ClientState {
    base: String,
    /// Kept in memory only; sessionStorage holds a copy only when the user asked for it.
    token: Option<String>,
}

thread_local! {
    static STATE: RefCell<ClientState> = const {
        RefCell::new(ClientState { base: String::new(), token: None })
    };
}

/// Sets the API base (e.g. `/api/v3`) and picks up a token remembered in this tab.
pub fn configure(base: &str) {
    let remembered = session_storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
    STATE.with_borrow_mut(|s| {
        s.base = base.trim_end_matches('/').to_string();
        if s.token.is_none() {
            s.token = remembered.filter(|t| !t.is_empty());
        }
    });
}

pub fn set_token(token: Option<String>, remember: bool) {
    let token = token
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    if let Some(storage) = session_storage() {
        match (&token, remember) {
            (Some(t), true) => {
                let _ = storage.set_item(TOKEN_KEY, t);
            }
            _ => {
                let _ = storage.remove_item(TOKEN_KEY);
            }
        }
    }
    STATE.with_borrow_mut(|s| s.token = token);
}

pub fn has_token() -> bool {
    STATE.with_borrow(|s| s.token.is_some())
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Cancels a request: when its view goes away, when its query changes, or on timeout.
#[derive(Clone)]
pub struct Abort {
    controller: Option<AbortController>,
    timed_out: Rc<Cell<bool>>,
}

impl Default for Abort {
    fn default() -> Self {
        Abort {
            controller: AbortController::new().ok(),
            timed_out: Rc::new(Cell::new(false)),
        }
    }
}

impl Abort {
    pub fn cancel(&self) {
        if let Some(c) = &self.controller {
            // No reason argument: gloo expects fetch to reject with an Error object.
            c.abort();
        }
    }

    fn is_cancelled(&self) -> bool {
        self.controller
            .as_ref()
            .is_some_and(|c| c.signal().aborted())
    }
}

/// Fires `abort.cancel()` after the timeout unless dropped first.
struct TimeoutGuard {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl TimeoutGuard {
    fn start(abort: &Abort) -> Self {
        let a = abort.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            a.timed_out.set(true);
            a.cancel();
        });
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()
        });
        TimeoutGuard {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for TimeoutGuard {
    fn drop(&mut self) {
        if let (Some(h), Some(w)) = (self.handle, web_sys::window()) {
            w.clear_timeout_with_handle(h);
        }
    }
}

fn csrf_cookie() -> Option<String> {
    let doc: web_sys::HtmlDocument = web_sys::window()?.document()?.dyn_into().ok()?;
    let cookies = doc.cookie().ok()?;
    cookies.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == "authentik_csrf").then(|| v.to_string())
    })
}

/// What came back from a request that reached the server.
struct RawResponse {
    status: u16,
    content_type: Option<String>,
    body: String,
}

async fn send(
    method: Method,
    path: &str,
    query: &str,
    body: Option<&Value>,
    abort: &Abort,
) -> Result<RawResponse, ApiError> {
    let (base, token) = STATE.with_borrow(|s| (s.base.clone(), s.token.clone()));
    let mut url = format!("{base}/{}", path.trim_start_matches('/'));
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    let is_write = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = RequestBuilder::new(&url)
        .method(method)
        .header("Accept", "application/json")
        .abort_signal(abort.controller.as_ref().map(|c| c.signal()).as_ref());
    match token {
        Some(t) => req = req.header("Authorization", &format!("Bearer {t}")),
        None if is_write => {
            if let Some(csrf) = csrf_cookie() {
                req = req.header("X-authentik-CSRF", &csrf);
            }
        }
        None => {}
    }
    let _timeout = TimeoutGuard::start(abort);
    let request = match body {
        Some(b) => req.json(b),
        None => req.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;
    let response = request.send().await.map_err(|e| {
        if abort.timed_out.get() {
            ApiError::Timeout
        } else if abort.is_cancelled() {
            ApiError::Aborted
        } else {
            ApiError::Network(e.to_string())
        }
    })?;
    let status = response.status();
    let content_type = response.headers().get("content-type");
    let body = response.text().await.map_err(|e| {
        if abort.timed_out.get() {
            ApiError::Timeout
        } else if abort.is_cancelled() {
            ApiError::Aborted
        } else {
            ApiError::Network(e.to_string())
        }
    })?;
    Ok(RawResponse {
        status,
        content_type,
        body,
    })
}

fn check(raw: RawResponse) -> Result<RawResponse, ApiError> {
    if (200..300).contains(&raw.status) {
        Ok(raw)
    } else {
        Err(ApiError::from_response(
            raw.status,
            raw.content_type.as_deref(),
            &raw.body,
        ))
    }
}

/// Decodes a success body; a proxy's HTML login page answering 200 becomes a clear error.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| {
        if body.trim_start().starts_with('<') {
            ApiError::Decode("an HTML page instead of JSON".into())
        } else {
            ApiError::Decode(e.to_string())
        }
    })
}

pub async fn get<T: DeserializeOwned>(
    path: &str,
    query: &str,
    abort: &Abort,
) -> Result<T, ApiError> {
    let raw = check(send(Method::GET, path, query, None, abort).await?)?;
    decode(&raw.body)
}

pub async fn write<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &Value,
    abort: &Abort,
) -> Result<T, ApiError> {
    let raw = check(send(method, path, "", Some(body), abort).await?)?;
    decode(&raw.body)
}

pub async fn delete(path: &str, abort: &Abort) -> Result<(), ApiError> {
    check(send(Method::DELETE, path, "", None, abort).await?).map(|_| ())
}

//! The one request path: base URL, credentials (Bearer token or session cookie + CSRF
//! header), JSON, cancellation, a timeout, and every status mapped to an `ApiError`.

use super::error::ApiError;
use super::json::{self, FromJson};
use super::models::Page;
use gloo_net::http::{Headers, Method, RequestBuilder};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, RequestCredentials};

/// Long enough for a slow authentik under load, short enough that a hung proxy is reported.
const TIMEOUT_MS: i32 = 30_000;
const TOKEN_KEY: &str = "ak-admin.token";
/// Set by a sign-out: this tab does not fall back to the authentik session cookie until the
/// user asks for it again. The value says which way the user had signed in.
const SIGNED_OUT_KEY: &str = "ak-admin.signed-out";

/// Who the console speaks as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// An API token, sent as `Authorization: Bearer …`; cookies are not sent with it, so the
    /// token is the only identity authentik sees.
    Token(String),
    /// The authentik session cookie of this origin, with the CSRF header on writes.
    Session,
}

/// Told with the refused credentials and authentik's words.
type SignedOutHook = Rc<dyn Fn(&Credentials, String)>;

struct ClientState {
    base: String,
    /// Bumped whenever the credentials in use change (sign-in, sign-out, refusal): a run of
    /// requests belongs to the generation that confirmed it.
    generation: u32,
    /// Kept in memory; sessionStorage holds a token only when the user asked for it. `None`
    /// means signed out: no request leaves the console.
    credentials: Option<Credentials>,
    /// Told when authentik refuses the current credentials (expired token or session).
    on_signed_out: Option<SignedOutHook>,
    /// Why the token remembered in this tab was dropped at start-up.
    startup_problem: Option<String>,
}

thread_local! {
    static STATE: RefCell<ClientState> = const {
        RefCell::new(ClientState {
            base: String::new(),
            generation: 0,
            credentials: None,
            on_signed_out: None,
            startup_problem: None,
        })
    };
}

/// Trims a pasted token and checks that it can be sent in a header: HTTP header values are
/// bytes, and a character outside visible ASCII (a zero-width space from a copy, say) makes
/// the browser refuse the request. authentik's tokens are letters and digits.
pub fn check_token(raw: &str) -> Result<String, String> {
    let token = raw.trim();
    if token.is_empty() {
        return Err("Paste an API token.".into());
    }
    let bad = token
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic());
    match bad {
        None => Ok(token.to_string()),
        Some((i, c)) => {
            let what = if c == ' ' {
                "a space".to_string()
            } else if c.is_whitespace() || c.is_control() || is_invisible(c) {
                format!("an invisible character (U+{:04X})", c as u32)
            } else {
                format!("“{c}” (U+{:04X})", c as u32)
            };
            Err(format!(
                "The token contains {what} at position {}, which cannot be sent to authentik. \
                 authentik's tokens are letters and digits: copy the token again, or delete that character.",
                i + 1
            ))
        }
    }
}

/// Characters that draw nothing but often ride along in a copy (zero-width spaces and
/// joiners, direction marks, the byte-order mark, soft hyphen).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Sets the API base and picks the credentials a new page load starts with: a token
/// remembered in this tab, else (when the configuration allows it and the user has not
/// signed out in this tab) the authentik session cookie. A remembered token that cannot be
/// sent is dropped; `take_startup_problem` says why.
pub fn configure(base: &str, allow_session: bool) {
    let storage = session_storage();
    let remembered = storage
        .as_ref()
        .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
    let signed_out = storage
        .as_ref()
        .and_then(|s| s.get_item(SIGNED_OUT_KEY).ok().flatten())
        .is_some();
    let mut problem = None;
    let token = match remembered.as_deref().map(check_token) {
        Some(Ok(t)) => Some(t),
        Some(Err(why)) => {
            // A token that cannot be sent would fail every request of every reload.
            if let Some(s) = &storage {
                let _ = s.remove_item(TOKEN_KEY);
            }
            problem = Some(format!(
                "The token remembered in this tab was forgotten: {why}"
            ));
            None
        }
        None => None,
    };
    let credentials = match token {
        Some(t) => Some(Credentials::Token(t)),
        None if allow_session && !signed_out => Some(Credentials::Session),
        None => None,
    };
    STATE.with_borrow_mut(|s| {
        s.base = base.trim_end_matches('/').to_string();
        s.credentials = credentials;
        s.startup_problem = problem;
    });
}

/// Why the token remembered in this tab could not be used at start-up (once).
pub fn take_startup_problem() -> Option<String> {
    STATE.with_borrow_mut(|s| s.startup_problem.take())
}

/// Starts using verified credentials; a token is remembered in this tab only when asked.
pub fn sign_in(credentials: Credentials, remember: bool) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(SIGNED_OUT_KEY);
        match (&credentials, remember) {
            (Credentials::Token(t), true) => {
                let _ = storage.set_item(TOKEN_KEY, t);
            }
            _ => {
                let _ = storage.remove_item(TOKEN_KEY);
            }
        }
    }
    STATE.with_borrow_mut(|s| {
        s.credentials = Some(credentials);
        s.generation = s.generation.wrapping_add(1);
    });
}

/// Stops sending any credentials and forgets everything this tab kept (token, drafts). A
/// reload stays signed out: the session cookie is not picked up again by itself.
pub fn sign_out() {
    let was = STATE.with_borrow_mut(|s| {
        s.generation = s.generation.wrapping_add(1);
        s.credentials.take()
    });
    if let Some(storage) = session_storage() {
        let _ = storage.clear();
        let how = if was == Some(Credentials::Session) {
            "session"
        } else {
            "token"
        };
        let _ = storage.set_item(SIGNED_OUT_KEY, how);
    }
}

/// Whether the last sign-out in this tab ended a session-cookie sign-in (the browser may
/// still be signed in to authentik itself).
pub fn signed_out_of_session() -> bool {
    session_storage()
        .and_then(|s| s.get_item(SIGNED_OUT_KEY).ok().flatten())
        .is_some_and(|v| v == "session")
}

/// Which credentials are in use: it changes with every sign-in, sign-out and refusal, so
/// work confirmed under one generation can tell that its account is no longer the one in use.
pub fn generation() -> u32 {
    STATE.with_borrow(|s| s.generation)
}

/// The API base every request goes to (`/api/v3`, or under a sub-path).
pub fn base() -> String {
    STATE.with_borrow(|s| s.base.clone())
}

pub fn credentials() -> Option<Credentials> {
    STATE.with_borrow(|s| s.credentials.clone())
}

pub fn is_signed_in() -> bool {
    STATE.with_borrow(|s| s.credentials.is_some())
}

/// Called with the refused credentials and authentik's words when it refuses them.
pub fn on_signed_out(callback: impl Fn(&Credentials, String) + 'static) {
    STATE.with_borrow_mut(|s| s.on_signed_out = Some(Rc::new(callback)));
}

/// The credentials were refused: drop them (a remembered token too), then tell the app.
fn refused(used: &Credentials, detail: &str) {
    let callback = STATE.with_borrow_mut(|s| {
        if s.credentials.as_ref() != Some(used) {
            // Already replaced (a sign-in as someone else happened meanwhile).
            return None;
        }
        s.credentials = None;
        s.generation = s.generation.wrapping_add(1);
        s.on_signed_out.clone()
    });
    if let Some(callback) = callback {
        if let (Credentials::Token(_), Some(storage)) = (used, session_storage()) {
            let _ = storage.remove_item(TOKEN_KEY);
        }
        callback(used, detail.to_string());
    }
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
        // A value that is not a valid header is not authentik's: leave it out, and the
        // server answers with its own "CSRF token missing" instead of the browser throwing.
        (k == "authentik_csrf" && !v.is_empty() && v.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| v.to_string())
    })
}

/// What came back from a request that reached the server.
struct RawResponse {
    status: u16,
    content_type: Option<String>,
    body: String,
    request_id: Option<String>,
}

/// authentik's id of the request (`X-authentik-id`), which its event log keeps as
/// `context.http_request.request_id` (captures 657–729 of 2026.2.2: the same 32 hex digits).
/// Anything else in the header is not taken.
fn request_id(header: Option<String>) -> Option<String> {
    header.filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn set_header(headers: &web_sys::Headers, name: &str, value: &str) -> Result<(), ApiError> {
    headers
        .set(name, value)
        .map_err(|_| ApiError::Request(format!("the {name} header could not be built")))
}

/// Builds and sends one request. Nothing here may throw: every step that the browser can
/// refuse (a header value, the URL, the body) becomes an `ApiError`.
async fn send(
    method: Method,
    path: &str,
    query: &str,
    body: Option<&Value>,
    abort: &Abort,
    as_who: Option<&Credentials>,
) -> Result<RawResponse, ApiError> {
    let (base, current) = STATE.with_borrow(|s| (s.base.clone(), s.credentials.clone()));
    let Some(credentials) = as_who.cloned().or(current) else {
        // Signed out: nothing to ask authentik that it would not refuse.
        return Err(ApiError::SignedOut("Not signed in.".into()));
    };
    let mut url = format!("{base}/{}", path.trim_start_matches('/'));
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    let is_write = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let headers = web_sys::Headers::new()
        .map_err(|_| ApiError::Request("the headers could not be built".into()))?;
    set_header(&headers, "Accept", "application/json")?;
    let cookies = match &credentials {
        Credentials::Token(t) => {
            set_header(&headers, "Authorization", &format!("Bearer {t}"))?;
            RequestCredentials::Omit
        }
        Credentials::Session => {
            if is_write {
                if let Some(csrf) = csrf_cookie() {
                    set_header(&headers, "X-authentik-CSRF", &csrf)?;
                }
            }
            RequestCredentials::SameOrigin
        }
    };
    let body = match body {
        Some(b) => {
            set_header(&headers, "Content-Type", "application/json")?;
            // `Value`'s Display is its compact JSON, the same serializer the rest of the
            // console's JSON text goes through (one copy of it in the build).
            Some(b.to_string())
        }
        None => None,
    };
    let req = RequestBuilder::new(&url)
        .method(method)
        .headers(Headers::from_raw(headers))
        .credentials(cookies)
        .abort_signal(abort.controller.as_ref().map(|c| c.signal()).as_ref());
    let request = match body {
        Some(b) => req.body(b),
        None => req.build(),
    }
    .map_err(|e| ApiError::Request(e.to_string()))?;
    let _timeout = TimeoutGuard::start(abort);
    // Why a request or its body did not arrive: our own timeout, the view gone, or the network.
    let lost = |e: gloo_net::Error| {
        if abort.timed_out.get() {
            ApiError::Timeout
        } else if abort.is_cancelled() {
            ApiError::Aborted
        } else {
            ApiError::Network(e.to_string())
        }
    };
    let response = request.send().await.map_err(lost)?;
    let status = response.status();
    let content_type = response.headers().get("content-type");
    let id = request_id(response.headers().get("x-authentik-id"));
    // The bytes, copied into wasm memory as they are: `text()` would decode them to a JS
    // string and encode them back to UTF-8 on the way in (a 1,000-row page is ~760 KB).
    let bytes = response.binary().await.map_err(lost)?;
    let raw = RawResponse {
        status,
        content_type,
        // What is not UTF-8 is no JSON either: the decoder then says so.
        body: match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
        request_id: id,
    };
    // "Signed out" comes only as a 403 (or a proxy's 401); other answers are parsed once,
    // by `check`.
    if as_who.is_none() && matches!(raw.status, 401 | 403) {
        if let ApiError::SignedOut(detail) =
            ApiError::from_response(raw.status, raw.content_type.as_deref(), &raw.body)
        {
            refused(&credentials, &detail);
        }
    }
    Ok(raw)
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
pub fn decode<T: FromJson>(body: &str) -> Result<T, ApiError> {
    json::parse(body).map_err(|e| {
        if body.trim_start().starts_with('<') {
            ApiError::Decode("an HTML page instead of JSON".into())
        } else {
            ApiError::Decode(e)
        }
    })
}

/// A successful answer: its body and authentik's id of the request.
struct Answer {
    body: String,
    request_id: Option<String>,
}

/// The body of a successful answer. Boxed and not generic, so the request's state machine
/// exists once in the build instead of once per decoded type.
fn fetch_body(
    method: Method,
    path: &str,
    query: &str,
    body: Option<&Value>,
    abort: &Abort,
    as_who: Option<&Credentials>,
) -> Pin<Box<dyn Future<Output = Result<Answer, ApiError>>>> {
    let (path, query) = (path.to_string(), query.to_string());
    let (body, abort, as_who) = (body.cloned(), abort.clone(), as_who.cloned());
    Box::pin(async move {
        let raw = send(
            method,
            &path,
            &query,
            body.as_ref(),
            &abort,
            as_who.as_ref(),
        )
        .await?;
        check(raw).map(|r| Answer {
            body: r.body,
            request_id: r.request_id,
        })
    })
}

pub async fn get<T: FromJson>(path: &str, query: &str, abort: &Abort) -> Result<T, ApiError> {
    decode(&get_text(path, query, abort).await?)
}

/// A page of a list. Its envelope (pagination, the results array) is read the same way
/// for every item type, each item on its own: the reading a list adds is its item's alone.
pub async fn get_page<T: FromJson>(
    path: &str,
    query: &str,
    abort: &Abort,
) -> Result<Page<T>, ApiError> {
    decode_page(&get_text(path, query, abort).await?)
}

/// `get_page`'s decoding: the envelope, then every item.
pub fn decode_page<T: FromJson>(body: &str) -> Result<Page<T>, ApiError> {
    decode_page_with(body, T::from_json)
}

/// The envelope, then every item through `item`: one copy of the envelope's reading for
/// every caller that decodes its items its own way.
pub fn decode_page_with<T>(
    body: &str,
    item: impl Fn(Value) -> json::Read<T>,
) -> Result<Page<T>, ApiError> {
    let page: Page<Value> = decode(body)?;
    Ok(Page {
        pagination: page.pagination,
        results: json::list_of(page.results, item).map_err(|e| e.at("results"))?,
    })
}

/// The body of a successful GET, undecoded: the caller knows the type.
pub async fn get_text(path: &str, query: &str, abort: &Abort) -> Result<String, ApiError> {
    Ok(fetch_body(Method::GET, path, query, None, abort, None)
        .await?
        .body)
}

/// A write's answer undecoded, and authentik's id of it.
pub async fn write_text(
    method: Method,
    path: &str,
    body: &Value,
    abort: &Abort,
) -> Result<(String, Option<String>), ApiError> {
    let answer = fetch_body(method, path, "", Some(body), abort, None).await?;
    Ok((answer.body, answer.request_id))
}

/// A GET with credentials that are not (yet) the console's: checking a token or the session
/// before signing in with it. A refusal here signs nobody out.
pub async fn get_as<T: FromJson>(
    credentials: &Credentials,
    path: &str,
    abort: &Abort,
) -> Result<T, ApiError> {
    decode(
        &fetch_body(Method::GET, path, "", None, abort, Some(credentials))
            .await?
            .body,
    )
}

/// A write, and authentik's id of it (to find its entry in the event log), when sent.
pub async fn write_traced<T: FromJson>(
    method: Method,
    path: &str,
    body: &Value,
    abort: &Abort,
) -> Result<(T, Option<String>), ApiError> {
    let (text, request_id) = write_text(method, path, body, abort).await?;
    Ok((decode(&text)?, request_id))
}

pub async fn delete(path: &str, abort: &Abort) -> Result<(), ApiError> {
    fetch_body(Method::DELETE, path, "", None, abort, None)
        .await
        .map(drop)
}

/// A DELETE that answers with a body (`authenticated_sessions/bulk_delete/?user_pks=…`).
pub async fn delete_query<T: FromJson>(
    path: &str,
    query: &str,
    abort: &Abort,
) -> Result<T, ApiError> {
    decode(
        &fetch_body(Method::DELETE, path, query, None, abort, None)
            .await?
            .body,
    )
}

#[cfg(test)]
mod tests {
    use super::{check_token, request_id};

    /// A page decoded envelope first, then item by item, is the page decoded whole; one
    /// item that does not decode fails the page and says which; a proxy's HTML is named.
    #[test]
    fn pages_decode_as_a_whole_would() {
        use crate::api::json::FromJson;
        use crate::api::models::Page;
        use crate::api::ApiError;
        let body = r#"{"pagination": {"next": 2, "previous": 0, "count": 3, "current": 1,
            "total_pages": 2, "start_index": 1, "end_index": 2},
            "results": [{"pk": 1, "name": "a"}, {"pk": "x", "nested": [1, {"b": null}]}]}"#;
        let one_by_one: Page<serde_json::Value> = super::decode_page(body).unwrap();
        let whole =
            Page::<serde_json::Value>::from_json(serde_json::from_str(body).unwrap()).unwrap();
        assert_eq!(one_by_one, whole);
        assert_eq!(one_by_one.pagination.count, 3);
        assert_eq!(
            super::decode_page::<i64>(r#"{"results": [1, "two"]}"#),
            Err(ApiError::Decode(
                "results.1: expected an integer, found a string".into()
            ))
        );
        assert_eq!(
            super::decode_page::<i64>("<html>sign in</html>").unwrap_err(),
            ApiError::Decode("an HTML page instead of JSON".into())
        );
        assert!(super::decode_page::<i64>(r#"{"results": []}"#)
            .unwrap()
            .results
            .is_empty());
        assert!(matches!(
            super::decode_page::<i64>(r#"{"pagination": {}}"#),
            Err(ApiError::Decode(_))
        ));
    }

    /// What authentik sends reads as its types (objects, lists, options, a source nested
    /// or by uuid); a struct as an array, trailing text and an empty body are refused as
    /// undecodable, never a panic.
    #[test]
    fn answers_read_as_their_types() {
        use crate::api::models::{Me, Page, Source};
        use crate::api::ApiError;
        use crate::resources::connections::{SourceRef, UserSourceConnection};
        let me = r#"{"user": {"pk": 4, "username": "alice", "is_active": true, "extra": [1]}}"#;
        let me = super::decode::<Me>(me).unwrap();
        assert_eq!((me.user.pk, me.user.username.as_str()), (4, "alice"));
        assert!(me.user.is_active && me.user.name.is_empty());
        let conn = r#"{"pk": 7, "user": 4, "source": {"pk": "u", "name": "GitHub",
            "slug": "github", "component": "ak-source-oauth-form"}, "identifier": null}"#;
        let conn = super::decode::<UserSourceConnection>(conn).unwrap();
        assert!(matches!(&conn.source, SourceRef::Object(s) if s.name == "GitHub"));
        assert_eq!(conn.identifier, None);
        let conn = r#"{"pk": 7, "user": 4, "source": "uuid-1", "source_obj": null}"#;
        let conn = super::decode::<UserSourceConnection>(conn).unwrap();
        assert_eq!(conn.source, SourceRef::Uuid("uuid-1".into()));
        assert!(matches!(
            super::decode::<UserSourceConnection>(r#"{"pk": 7, "source": "u"}"#),
            Err(ApiError::Decode(m)) if m == "user: missing"
        ));
        let list = r#"[{"pk": "a", "name": "x"}, {"pk": "b"}]"#;
        let list = super::decode::<Vec<Source>>(list).unwrap();
        assert_eq!((list[0].name.as_str(), list[1].pk.as_str()), ("x", "b"));
        assert_eq!(super::decode::<Option<i64>>("null").unwrap(), None);
        let page = r#"{"pagination": {"count": 1}, "results": [{"pk": "a"}]}"#;
        let page = super::decode::<Page<Source>>(page).unwrap();
        assert_eq!((page.pagination.count, page.results.len()), (1, 1));
        assert!(matches!(
            super::decode::<Me>(r#"[{"pk": 1}]"#),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            super::decode::<Me>(r#"{"user": {"pk": 1}} x"#),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(super::decode::<Me>(""), Err(ApiError::Decode(_))));
    }

    #[test]
    fn only_authentiks_request_ids_are_taken() {
        let id = "3dd916b8a91a4ca489f0648222b0f2d4";
        assert_eq!(request_id(Some(id.into())).as_deref(), Some(id));
        assert_eq!(request_id(Some(format!("{id}0"))), None);
        assert_eq!(
            request_id(Some("<script>alert(1)</script>0000000".into())),
            None
        );
        assert_eq!(request_id(None), None);
    }

    #[test]
    fn tokens_are_trimmed_and_must_be_visible_ascii() {
        assert_eq!(check_token("  abc123\n").as_deref(), Ok("abc123"));
        assert_eq!(check_token(" \t ").unwrap_err(), "Paste an API token.");
        let zwsp = check_token("abc\u{200B}def").unwrap_err();
        assert!(
            zwsp.contains("an invisible character (U+200B) at position 4"),
            "{zwsp}"
        );
        // A zero-width space is not whitespace: trimming does not remove it.
        let trailing = check_token("abc\u{200B}").unwrap_err();
        assert!(trailing.contains("U+200B"), "{trailing}");
        let inner = check_token("ab c").unwrap_err();
        assert!(inner.contains("a space at position 3"), "{inner}");
        let accent = check_token("abcé").unwrap_err();
        assert!(accent.contains("“é” (U+00E9) at position 4"), "{accent}");
        let nbsp = check_token("a\u{00A0}b").unwrap_err();
        assert!(nbsp.contains("an invisible character (U+00A0)"), "{nbsp}");
        assert!(check_token("a\u{0007}b").unwrap_err().contains("U+0007"));
    }
}

//! A stand-in for authentik's REST API: the endpoints the console uses, answering as the
//! recorded authentik 2024.8.6 and 2026.2.2 servers answered, quirks included. It also
//! serves the built console and has switches for latency and faults.

pub mod api;
pub mod flows;
pub mod seed;
pub mod validate;
pub mod world;

use axum::{
    body::{Body, Bytes},
    extract::{Query, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
    routing::{any, get, post},
    Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use time::OffsetDateTime;
use tower_http::services::{ServeDir, ServeFile};

pub const ADMIN_TOKEN: &str = "ak-demo-admin-token";
pub const ALICE_TOKEN: &str = "ak-demo-alice-token";
pub const NOPERM_TOKEN: &str = "ak-demo-noperm-token";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Compat {
    /// authentik 2024.8: connections read-only, `source` nested.
    #[value(name = "2024.8")]
    V2024_8,
    /// authentik 2024.12 – 2026.2.3: `user`/`group`, `source`, `identifier` writable.
    #[value(name = "2026.2")]
    #[default]
    V2026_2,
    /// authentik 2026.2.4+ / 2026.5.2+: `user`/`group` read-only; base Provider in tokens.
    #[value(name = "2026.5")]
    V2026_5,
}

impl Compat {
    pub fn modern(self) -> bool {
        self != Compat::V2024_8
    }

    /// The release `admin/version/` reports: the one whose recordings this mode imitates.
    pub fn version(self) -> &'static str {
        match self {
            Compat::V2024_8 => "2024.8.6",
            Compat::V2026_2 => "2026.2.2",
            Compat::V2026_5 => "2026.5.6",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SeedKind {
    /// Hundreds of users, a thousand connections and tokens.
    Demo,
    /// Exactly what the recorded servers held, for replaying the first recordings.
    Capture,
    /// The larger install of the later recordings (files 600 and up): ~200 user
    /// connections, other primary keys, SAML and Plex sources beside the OAuth ones.
    CaptureLarge,
    /// The install of the MFA recordings (files 800 and up): the later install's users as
    /// those recordings show them, with the recorded devices of every kind.
    CaptureMfa,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub compat: Compat,
    pub seed: SeedKind,
    pub hostile: bool,
    pub latency_ms: u64,
    pub dist: Option<PathBuf>,
    pub base_path: String,
    pub admin_token: String,
    /// A fixed clock (replays compare expiry flags recorded at a known time).
    pub now: Option<OffsetDateTime>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            compat: Compat::V2026_2,
            seed: SeedKind::Demo,
            hostile: false,
            latency_ms: 0,
            dist: None,
            base_path: "/".into(),
            admin_token: ADMIN_TOKEN.into(),
            now: None,
        }
    }
}

impl Config {
    pub fn now(&self) -> OffsetDateTime {
        self.now.unwrap_or_else(OffsetDateTime::now_utc)
    }
}

/// What a fault answers instead of the real endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// authentik's HTML error page with status 500 (a server error on a read).
    #[serde(rename = "html500")]
    Html500,
    /// 405 with an empty body (how authentik answers a write that raised).
    #[serde(rename = "empty405")]
    Empty405,
    /// 403 "You do not have permission to perform this action."
    Forbidden,
    /// 403 "Authentication credentials were not provided."
    SignedOut,
    /// Headers, then the connection dies mid-body.
    Drop,
    /// The request is carried out, then its answer is lost: a proxy in front answers 504
    /// (its own timeout) while authentik went on and applied the write.
    #[serde(rename = "applied_504")]
    Applied504,
    /// The endpoint answers as usual, but one field of its answer has another type: the
    /// first object's `pk` (the first of `results` in a list) is an object. What a server of
    /// another version, or something between it and the console, could send.
    Mistyped,
    /// Clears every fault.
    None,
}

impl FaultKind {
    pub const NAMES: &'static str =
        "html500, empty405, forbidden, signed_out, drop, applied_504, mistyped, none";
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    pub kind: FaultKind,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub path_contains: Option<String>,
    #[serde(default)]
    pub times: Option<u32>,
}

pub struct Inner {
    pub world: world::World,
    pub faults: Vec<Fault>,
    pub log: VecDeque<Value>,
    pub latency_ms: u64,
    pub hostile: bool,
    /// session id → (user pk, CSRF token)
    pub sessions: HashMap<String, (i64, String)>,
    /// A clock set through `/__demo/clock`, over `Config::now`: a replay moves it to the
    /// moment each recording was made (expiry flags of short-lived grants depend on it).
    pub clock: Option<OffsetDateTime>,
}

pub struct AppState {
    pub cfg: Config,
    inner: Mutex<Inner>,
}

impl AppState {
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while locked cannot leave the world half-written in a way that matters
        // more than staying up.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn build_world(cfg: &Config, hostile: bool) -> world::World {
    match cfg.seed {
        SeedKind::Capture => seed::capture(cfg.compat),
        SeedKind::CaptureLarge => seed::capture_large(cfg.compat),
        SeedKind::CaptureMfa => seed::capture_mfa(cfg.compat),
        SeedKind::Demo => seed::demo(cfg.compat, cfg.now(), hostile),
    }
}

pub fn state(cfg: Config) -> Arc<AppState> {
    let world = build_world(&cfg, cfg.hostile);
    Arc::new(AppState {
        inner: Mutex::new(Inner {
            world,
            faults: Vec::new(),
            log: VecDeque::new(),
            latency_ms: cfg.latency_ms,
            hostile: cfg.hostile,
            sessions: HashMap::new(),
            clock: None,
        }),
        cfg,
    })
}

pub fn app(cfg: Config) -> Router {
    router(state(cfg))
}

pub fn router(st: Arc<AppState>) -> Router {
    let mut r = Router::new()
        .route("/api/v3/{*rest}", any(api_entry))
        .route("/__demo/login", get(login))
        .route("/__demo/faults", post(set_fault))
        .route("/__demo/requests", get(requests).delete(clear_requests))
        .route("/__demo/reset", post(reset))
        .route("/__demo/latency", post(set_latency))
        .route("/__demo/objects", post(release_object))
        .route("/__demo/clock", post(set_clock))
        .merge(flows::routes());
    if let Some(dist) = st.cfg.dist.clone() {
        let index = dist.join("index.html");
        let files = ServeDir::new(&dist)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(ServeFile::new(index));
        let base = st.cfg.base_path.trim_end_matches('/').to_string();
        if base.is_empty() {
            r = r.fallback_service(files);
        } else {
            let to = format!("{base}/");
            r = r
                .route("/", get(move || async move { Redirect::temporary(&to) }))
                .nest_service(&base, files);
        }
    }
    r.with_state(st)
}

async fn api_entry(
    State(st): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    let (latency, fault) = {
        let mut inner = st.lock();
        let logged_body = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into()))
        };
        // What a proxy must pass through; credentials stay out of the log.
        let seen: serde_json::Map<String, Value> = [
            "host",
            "origin",
            "content-type",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-proto",
        ]
        .iter()
        .filter_map(|h| {
            let v = headers.get(*h)?.to_str().ok()?;
            Some((h.to_string(), json!(v)))
        })
        .collect();
        inner.log.push_back(json!({
            "method": method.as_str(),
            "path": path,
            "query": query,
            "headers": seen,
            "body": logged_body,
        }));
        while inner.log.len() > 500 {
            inner.log.pop_front();
        }
        (
            inner.latency_ms,
            take_fault(&mut inner.faults, &method, &path),
        )
    };
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    if let Some(kind) = fault.filter(|k| !matches!(k, FaultKind::Applied504 | FaultKind::Mistyped))
    {
        return api::fault_response(kind);
    }
    let resp = {
        let mut inner = st.lock();
        let moved;
        let cfg = match inner.clock {
            Some(t) => {
                moved = Config {
                    now: Some(t),
                    ..st.cfg.clone()
                };
                &moved
            }
            None => &st.cfg,
        };
        // Every answer of authentik's API names its request in `X-authentik-id` (32 hex
        // digits, every capture); its event log keeps the id as
        // `context.http_request.request_id` for a write (captures 657–729 of 2026.2.2).
        let id = format!("{:032x}", fastrand::u128(..));
        let mut resp = api::handle(
            cfg, &mut inner, &method, &path, &query, &headers, &body, &id,
        );
        if let Ok(v) = axum::http::HeaderValue::from_str(&id) {
            resp.headers_mut().insert("x-authentik-id", v);
        }
        resp
    };
    match fault {
        Some(FaultKind::Mistyped) => api::mistyped(resp).await,
        Some(kind) => api::fault_response(kind),
        None => resp,
    }
}

fn take_fault(faults: &mut Vec<Fault>, method: &Method, path: &str) -> Option<FaultKind> {
    let i = faults.iter().position(|f| {
        f.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            && f.path_contains.as_deref().is_none_or(|p| path.contains(p))
    })?;
    let kind = faults[i].kind;
    match faults[i].times {
        Some(n) if n <= 1 => {
            faults.remove(i);
        }
        Some(n) => faults[i].times = Some(n - 1),
        None => {}
    }
    Some(kind)
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
    user: Option<i64>,
}

fn random_token(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..n)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect()
}

/// Stands in for authentik's login flow: a session cookie and its CSRF cookie.
async fn login(
    State(st): State<Arc<AppState>>,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> Response {
    let next = q
        .next
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| st.cfg.base_path.clone());
    let mut resp = Redirect::to(&next).into_response();
    start_session(&st, q.user, &headers, resp.headers_mut());
    resp
}

/// Signs `user` (the admin by default) in: a server-side session, listed as `current` to
/// its cookie on the demo seed, and the session and CSRF cookies set on `out`.
pub(crate) fn start_session(
    st: &AppState,
    user: Option<i64>,
    headers: &HeaderMap,
    out: &mut HeaderMap,
) {
    let sid = random_token(40);
    let csrf = random_token(64);
    {
        let mut inner = st.lock();
        let user = user.unwrap_or(inner.world.accounts.admin);
        inner.sessions.insert(sid.clone(), (user, csrf.clone()));
        // Signing in makes an authenticated session, listed as `current` to this cookie.
        // (The capture worlds hold only what was recorded.)
        if st.cfg.seed == SeedKind::Demo {
            let agent = headers
                .get(header::USER_AGENT)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_default();
            let now = st.cfg.now();
            let seq = inner.world.next_session_seq();
            let session = seed::login_session(&agent, user, &sid, now, seq);
            inner.world.sessions.push(session);
        }
    }
    for cookie in [
        format!("authentik_session={sid}; Path=/; HttpOnly; SameSite=Lax"),
        format!("authentik_csrf={csrf}; Path=/; SameSite=Lax"),
    ] {
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            out.append(header::SET_COOKIE, v);
        }
    }
}

/// Ends the session of the request's cookie (server-side, and its row in the sessions list)
/// and clears both cookies on `out`.
pub(crate) fn end_session(st: &AppState, headers: &HeaderMap, out: &mut HeaderMap) {
    if let Some(sid) = api::auth::session_key(headers) {
        let mut inner = st.lock();
        inner.sessions.remove(&sid);
        inner
            .world
            .sessions
            .retain(|x| x.key.as_deref() != Some(sid.as_str()));
    }
    for name in ["authentik_session", "authentik_csrf"] {
        let cookie = format!("{name}=; Path=/; Max-Age=0; SameSite=Lax");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            out.append(header::SET_COOKIE, v);
        }
    }
}

/// A fault the tests can count on: an unknown kind or field is refused with the reason,
/// so a typo never turns into a silent server error later.
async fn set_fault(State(st): State<Arc<AppState>>, body: Bytes) -> Response {
    let f: Fault = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => {
            return body_json(
                StatusCode::BAD_REQUEST,
                &json!({ "detail": format!("{e}; fault kinds: {}", FaultKind::NAMES) }),
            )
        }
    };
    let mut inner = st.lock();
    if f.kind == FaultKind::None {
        inner.faults.clear();
    } else {
        inner.faults.push(f);
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn requests(State(st): State<Arc<AppState>>) -> Json<Value> {
    Json(Value::Array(st.lock().log.iter().cloned().collect()))
}

async fn clear_requests(State(st): State<Arc<AppState>>) -> StatusCode {
    st.lock().log.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize, Default)]
struct ResetBody {
    hostile: Option<bool>,
}

/// Back to the seed: objects, faults, the request log and latency.
async fn reset(State(st): State<Arc<AppState>>, body: Bytes) -> StatusCode {
    let opts: ResetBody = serde_json::from_slice(&body).unwrap_or_default();
    let hostile = opts.hostile.unwrap_or(st.cfg.hostile);
    let mut world = build_world(&st.cfg, hostile);
    let mut inner = st.lock();
    // Browsers signed in with the demo login stay signed in: their sessions outlive a reset.
    let kept = inner.world.sessions.drain(..).filter(|x| x.key.is_some());
    for (seq, mut x) in (world.next_session_seq()..).zip(kept) {
        x.seq = seq;
        world.sessions.push(x);
    }
    inner.world = world;
    inner.hostile = hostile;
    inner.faults.clear();
    inner.log.clear();
    inner.latency_ms = st.cfg.latency_ms;
    inner.clock = None;
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct ClockBody {
    /// RFC 3339; `null` goes back to the configured clock.
    now: Option<String>,
}

/// Sets the server's clock (expiry flags, `is_expired`); an unreadable time is refused.
async fn set_clock(State(st): State<Arc<AppState>>, Json(b): Json<ClockBody>) -> StatusCode {
    let clock = match b.now.as_deref().map(world::parse_timestamp) {
        Some(None) => return StatusCode::BAD_REQUEST,
        Some(t) => t,
        None => None,
    };
    st.lock().clock = clock;
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct LatencyBody {
    ms: u64,
}

async fn set_latency(State(st): State<Arc<AppState>>, Json(b): Json<LatencyBody>) -> StatusCode {
    st.lock().latency_ms = b.ms;
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct ObjectBody {
    kind: String,
    pk: Option<i64>,
    /// A connection (or a user) as authentik renders it, to put in place as is.
    object: Option<Value>,
}

/// Puts objects in place the way the recorded servers changed outside the recording:
/// `{kind, pk}` adds a kept-apart object of the capture seed, `{kind, object}` writes a
/// connection as rendered (either API shape).
async fn release_object(State(st): State<Arc<AppState>>, Json(b): Json<ObjectBody>) -> StatusCode {
    let mut inner = st.lock();
    let w = &mut inner.world;
    if let Some(mut obj) = b.object {
        if let Some(pk) = obj["source"].get("pk").cloned() {
            obj["source"] = pk;
        }
        match b.kind.as_str() {
            "user_connections" => {
                let c = world::user_conn_from(&obj);
                w.user_connections.insert(c.pk, c);
            }
            "group_connections" => {
                let c = world::group_conn_from(&obj);
                w.group_connections.insert(c.pk, c);
            }
            // A user as rendered (a sign-in outside the recording moved `last_login`).
            "users" => match w.users.get_mut(&obj["pk"].as_i64().unwrap_or_default()) {
                Some(u) => u.obj = obj,
                None => return StatusCode::NOT_FOUND,
            },
            // Put in place (or back) by its uuid, written last.
            "api_tokens" => {
                let heap = w.api_tokens.iter().map(|t| t.heap).max().unwrap_or(0) + 1;
                let t = world::api_token_from(&obj, heap);
                w.api_tokens.retain(|x| x.pk != t.pk);
                w.api_tokens.push(t);
            }
            _ => return StatusCode::BAD_REQUEST,
        }
        return StatusCode::NO_CONTENT;
    }
    let Some(pk) = b.pk else {
        return StatusCode::BAD_REQUEST;
    };
    let b = ReleasePk { kind: b.kind, pk };
    let found = match b.kind.as_str() {
        "user_connections" => take(&mut w.later.user_connections, |c| c.pk == b.pk)
            .map(|c| w.user_connections.insert(c.pk, c))
            .is_some(),
        "group_connections" => take(&mut w.later.group_connections, |c| c.pk == b.pk)
            .map(|c| w.group_connections.insert(c.pk, c))
            .is_some(),
        "tokens" => take(&mut w.later.tokens, |t| t.pk == b.pk)
            .map(|t| w.tokens.insert(t.pk, t))
            .is_some(),
        _ => false,
    };
    if found {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

struct ReleasePk {
    kind: String,
    pk: i64,
}

fn take<T>(v: &mut Vec<T>, pred: impl Fn(&T) -> bool) -> Option<T> {
    let i = v.iter().position(pred)?;
    Some(v.remove(i))
}

/// Bodies for the reply helpers shared with `api`.
pub(crate) fn body_json(status: StatusCode, v: &Value) -> Response {
    let mut resp = (status, v.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

pub(crate) fn body_empty(status: StatusCode, ctype: &'static str) -> Response {
    let mut resp = (status, Body::empty()).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    resp
}

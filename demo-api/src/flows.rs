//! A minimal stand-in for authentik's own pages that a console on authentik's host links
//! to: the brand's default login and invalidation flows (`/flows/-/default/authentication/`
//! and `/flows/-/default/invalidation/`, which redirect to `/if/flow/<slug>/` keeping the
//! query, as authentik's `ToDefaultFlow` does), and the `/ws/` websocket authentik's UI
//! opens. The login page needs an inline script, as authentik's does, so a proxy that puts
//! the console's strict Content-Security-Policy on authentik's pages breaks it here too.

use crate::AppState;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const LOGIN_FLOW: &str = "/if/flow/default-authentication-flow/";
const LOGOUT_FLOW: &str = "/if/flow/default-invalidation-flow/";

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/flows/-/default/authentication/",
            get(|uri: Uri| async move { to_flow(LOGIN_FLOW, &uri) }),
        )
        .route(
            "/flows/-/default/invalidation/",
            get(|uri: Uri| async move { to_flow(LOGOUT_FLOW, &uri) }),
        )
        .route(LOGIN_FLOW, get(login_page).post(log_in))
        .route(LOGOUT_FLOW, get(log_out))
        .route("/ws/client/", get(websocket))
}

fn to_flow(flow: &str, uri: &Uri) -> Response {
    match uri.query() {
        Some(q) => Redirect::to(&format!("{flow}?{q}")).into_response(),
        None => Redirect::to(flow).into_response(),
    }
}

/// `next` of a query, honoured only as a path on this origin (authentik checks it with
/// Django's `url_has_allowed_host_and_scheme`): anything else goes to `/`.
fn next_of(uri: &Uri) -> String {
    uri.query()
        .and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "next")
                .map(|(_, v)| v.into_owned())
        })
        .filter(|n| safe_path(n))
        .unwrap_or_else(|| "/".into())
}

pub fn safe_path(n: &str) -> bool {
    n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && !n.chars().any(char::is_control)
}

async fn login_page(State(st): State<Arc<AppState>>) -> Html<String> {
    let (admin, alice) = {
        let inner = st.lock();
        (inner.world.accounts.admin, inner.world.accounts.alice)
    };
    Html(format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Welcome to authentik!</title></head>
<body>
<main>
<h1>Welcome to authentik!</h1>
<p>The demo API's stand-in for authentik's login flow.</p>
<form method="post" id="flow">
<label for="uid">Username</label>
<select id="uid" name="user"><option value="{admin}">akadmin</option><option value="{alice}">alice</option></select>
<button type="submit" disabled>Log in</button>
</form>
<script>document.querySelector('#flow button').disabled = false; document.body.dataset.flow = 'ready';</script>
</main>
</body>
</html>
"#
    ))
}

async fn log_in(
    State(st): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let user = form_urlencoded::parse(&body)
        .find(|(k, _)| k == "user")
        .and_then(|(_, v)| v.parse::<i64>().ok());
    let mut resp = Redirect::to(&next_of(&uri)).into_response();
    crate::start_session(&st, user, &headers, resp.headers_mut());
    resp
}

/// authentik's default invalidation flow: ends the session, then goes to `next` (or says so).
async fn log_out(State(st): State<Arc<AppState>>, uri: Uri, headers: HeaderMap) -> Response {
    let has_next = uri
        .query()
        .is_some_and(|q| form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k == "next"));
    let mut resp = if has_next {
        Redirect::to(&next_of(&uri)).into_response()
    } else {
        Html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out</title></head><body><main><h1>You are signed out of authentik.</h1></main></body></html>")
            .into_response()
    };
    crate::end_session(&st, &headers, resp.headers_mut());
    resp
}

/// A websocket that says one text message and then waits for the client to close: enough
/// to show that a proxy upgrades `/ws/` as authentik's UI needs.
async fn websocket(mut req: Request) -> Response {
    let key = req
        .headers()
        .get("sec-websocket-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let upgrade = req
        .headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let (Some(key), true) = (key, upgrade) else {
        return (StatusCode::BAD_REQUEST, "websocket upgrade expected").into_response();
    };
    let on_upgrade = hyper::upgrade::on(&mut req);
    tokio::spawn(async move {
        let Ok(upgraded) = on_upgrade.await else {
            return;
        };
        let mut io = hyper_util::rt::TokioIo::new(upgraded);
        let text = b"authentik-demo-ws";
        let mut frame = vec![0x81, text.len() as u8];
        frame.extend_from_slice(text);
        if io.write_all(&frame).await.is_err() {
            return;
        }
        let mut buf = [0u8; 512];
        while let Ok(n) = io.read(&mut buf).await {
            // A close frame from the client (opcode 8) or the end of the connection.
            if n == 0 || buf[0] & 0x0f == 8 {
                break;
            }
        }
    });
    let mut accept_input = key.into_bytes();
    accept_input.extend_from_slice(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    let accept = base64(&sha1(&accept_input));
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = resp.headers_mut();
    h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    if let Ok(v) = HeaderValue::from_str(&accept) {
        h.insert("sec-websocket-accept", v);
    }
    resp
}

/// SHA-1 (RFC 3174), for the websocket handshake only.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_accept_of_rfc_6455() {
        // The example handshake of RFC 6455, section 1.3.
        let mut input = b"dGhlIHNhbXBsZSBub25jZQ==".to_vec();
        input.extend_from_slice(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
        assert_eq!(base64(&sha1(&input)), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    #[test]
    fn next_only_on_this_origin() {
        let next = |q: &str| next_of(&format!("/x?{q}").parse::<Uri>().unwrap());
        assert_eq!(
            next("next=%2Fak-admin%2Fsign-in%3Fvia%3Dauthentik"),
            "/ak-admin/sign-in?via=authentik"
        );
        assert_eq!(next("next=https%3A%2F%2Fevil.example%2F"), "/");
        assert_eq!(next("next=%2F%2Fevil.example"), "/");
        assert_eq!(next("next=%2F%5Cevil.example"), "/");
        assert_eq!(next(""), "/");
    }
}

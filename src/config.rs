//! Runtime settings from `config.json` beside index.html, so one build serves any install.

use crate::api::json::{FromJson, Obj, Read, Unreadable};
use serde_json::Value;
use std::cell::RefCell;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthMode {
    /// Paste an API token.
    Token,
    /// The authentik session cookie of the same origin.
    Session,
    #[default]
    Both,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub api_base: String,
    pub auth: AuthMode,
    pub title: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_base: "/api/v3".into(),
            auth: AuthMode::Both,
            title: "authentik admin".into(),
        }
    }
}

impl FromJson for AuthMode {
    fn from_json(v: Value) -> Read<Self> {
        match v.as_str() {
            Some("token") => Ok(AuthMode::Token),
            Some("session") => Ok(AuthMode::Session),
            Some("both") => Ok(AuthMode::Both),
            _ => Err(Unreadable::expected("token, session or both", &v)),
        }
    }
}

/// What `config.json` leaves out is the default's.
impl FromJson for Config {
    fn from_json(v: Value) -> Read<Self> {
        let mut o = Obj::of(v)?;
        let d = Config::default();
        let config = Config {
            api_base: o.get_or("api_base", d.api_base),
            auth: o.get_or("auth", d.auth),
            title: o.get_or("title", d.title),
        };
        o.end(config)
    }
}

thread_local! {
    static CONFIG: RefCell<Config> = RefCell::new(Config::default());
}

pub fn set(config: Config) {
    CONFIG.with_borrow_mut(|c| *c = config);
}

pub fn get() -> Config {
    CONFIG.with_borrow(Config::clone)
}

/// The path the console is served under (`/` or e.g. `/ak-admin/`), from `<base href>`,
/// which the build sets from its public URL. Read once: the `<base>` element does not
/// change, and every link of a 1,000-row table asks for it.
pub fn base_path() -> String {
    thread_local! {
        static BASE: String = read_base_path();
    }
    BASE.with(String::clone)
}

fn read_base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_else(|| "/".into());
    if base.ends_with('/') {
        base
    } else {
        // A base like `/ak-admin/index.html` names a file; its folder is the base.
        match base.rfind('/') {
            Some(i) => base[..=i].to_string(),
            None => "/".into(),
        }
    }
}

/// Loads `config.json` relative to the base; a missing or broken file means defaults,
/// so the console still starts and says what it is doing.
pub async fn load() -> Config {
    let url = format!("{}config.json", base_path());
    let Ok(resp) = gloo_net::http::Request::get(&url).send().await else {
        return Config::default();
    };
    if !resp.ok() {
        return Config::default();
    }
    match resp.text().await {
        Ok(text) => crate::api::json::parse(&text).unwrap_or_default(),
        Err(_) => Config::default(),
    }
}

/// A console route as the browser needs it: `/user-connections` under `/ak-admin/` is
/// `/ak-admin/user-connections`. Paths with a scheme, `//` or `#` are left alone.
pub fn href(route: &str) -> String {
    if !route.starts_with('/') || route.starts_with("//") {
        return route.to_string();
    }
    format!("{}{route}", prefix())
}

/// The base path without its trailing slash (`""` at the root): what a console route is
/// written after in an address.
pub fn prefix() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| base_path().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_and_unknown_settings_fall_back_to_defaults() {
        let c: Config = crate::api::json::parse(r#"{"auth": "token", "extra": 1}"#).unwrap();
        assert_eq!(c.auth, AuthMode::Token);
        assert_eq!(c.api_base, "/api/v3");
        assert_eq!(c.title, "authentik admin");
        assert!(crate::api::json::parse::<Config>(r#"{"auth": "magic"}"#).is_err());
        assert!(crate::api::json::parse::<Config>(r#"{"title": 1}"#).is_err());
    }
}

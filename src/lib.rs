//! ak-admin: an admin console for authentik's source connections and OAuth2 refresh tokens.
//!
//! Only what the browser and capture tests reach is public; the rest is private to the crate,
//! so the compiler reports code that nothing uses.

pub mod api;
mod app;
pub mod components;
mod config;
pub mod forms;
mod pages;
pub mod resources;

/// Loads `config.json`, picks the start-up credentials, then mounts the console.
pub fn start() {
    // Debug builds say why they panicked; release builds abort (the e2e suite fails on it).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Leptos' executor starts with the first mount, so the config load before it runs on
    // wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let cfg = config::load().await;
        api::client::configure(&cfg.api_base, cfg.auth != config::AuthMode::Token);
        config::set(cfg);
        leptos::mount::mount_to_body(app::App);
    });
    // Runs once the task above waits for `config.json` (tasks run in order): meanwhile, what
    // the first list would otherwise build in its render.
    wasm_bindgen_futures::spawn_local(async { components::time::prepare() });
}

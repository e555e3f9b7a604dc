use ak_admin::{api::client, app::App, config};

fn main() {
    // Debug builds say why they panicked; release builds abort (the e2e suite fails on it).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Leptos' executor starts with the first mount, so the config load before it runs on
    // wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let cfg = config::load().await;
        client::configure(&cfg.api_base, cfg.auth != config::AuthMode::Token);
        config::set(cfg);
        leptos::mount::mount_to_body(App);
    });
}

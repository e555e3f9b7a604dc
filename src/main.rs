use ak_admin::{api::client, app::App, config};

fn main() {
    leptos::task::spawn_local(async {
        let cfg = config::load().await;
        client::configure(&cfg.api_base);
        config::set(cfg);
        leptos::mount::mount_to_body(App);
    });
}

//! `demo-api`: authentik's API for the console's demo and tests, plus the built console.

use clap::{Parser, ValueEnum};
use demo_api::{Compat, Config, SeedKind, ALICE_TOKEN, NOPERM_TOKEN};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 9471)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Which authentik release to behave like.
    #[arg(long, value_enum, default_value = "2026.2")]
    compat: Compat,
    /// Seed data: a realistic install, or exactly what the recorded servers held.
    #[arg(long, value_enum, default_value = "demo")]
    seed: SeedKind,
    /// Serve this built console (e.g. dist/) with history-route fallback.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// The path the console is served under, e.g. /ak-admin/.
    #[arg(long, default_value = "/")]
    base_path: String,
    /// Delay every API answer by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Names, usernames, identifiers and slugs full of markup, RTL text, emoji and 10 KB values.
    #[arg(long)]
    hostile: bool,
    /// The admin API token to accept.
    #[arg(long, default_value = demo_api::ADMIN_TOKEN)]
    token: String,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let mut base = args.base_path.clone();
    if !base.starts_with('/') {
        base.insert(0, '/');
    }
    if !base.ends_with('/') {
        base.push('/');
    }
    let cfg = Config {
        compat: args.compat,
        seed: args.seed,
        hostile: args.hostile,
        latency_ms: args.latency_ms,
        dist: args.dist.clone(),
        base_path: base.clone(),
        admin_token: args.token.clone(),
        now: None,
    };
    let app = demo_api::app(cfg);
    let listener = match tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)).await
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "demo-api: cannot listen on {}:{}: {e}",
                args.bind, args.port
            );
            std::process::exit(1);
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let compat = args
        .compat
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    println!("demo authentik API (authentik {compat}) on http://{addr}/api/v3/");
    if args.dist.is_some() {
        println!("console:        http://{addr}{base}");
    }
    println!("admin token:    {}", args.token);
    println!("other tokens:   {ALICE_TOKEN} (alice, owner only), {NOPERM_TOKEN} (no permissions)");
    println!("session login:  http://{addr}/__demo/login?next={base}");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("demo-api: {e}");
        std::process::exit(1);
    }
}

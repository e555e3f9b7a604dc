#!/usr/bin/env bash
# Builds the console and serves it with the demo authentik API on one origin.
#   scripts/demo.sh [--port 8080] [--compat 2024.8|2026.2|2026.5] [other demo-api flags]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

port=8080
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

bash scripts/setup.sh
trunk build --release
cargo build -p demo-api --release --locked

cat <<MSG

  ak-admin demo: open http://127.0.0.1:$port/
  Sign in with the API token printed below (demo admin: ak-demo-admin-token),
  or press "Sign in with authentik" (the demo's stand-in for authentik's login flow).
  Stop with Ctrl+C.

MSG
exec target/release/demo-api --port "$port" --dist dist "${args[@]}"

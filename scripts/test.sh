#!/usr/bin/env bash
# Runs every test: formatting and lints, native unit and capture tests (app and demo API),
# browser component tests in headless Chromium, then the release build end to end
# through nginx. Exits non-zero on the first failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { printf '\n==== %s\n' "$*"; }

step "tools"
bash scripts/setup.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p ak-admin --target wasm32-unknown-unknown --locked -- -D warnings

step "native tests (API layer, forms, every capture, demo API replay, benchmark helpers)"
cargo test --workspace --locked
node --test bench/resource-files.test.mjs

step "browser component tests (headless Chromium)"
cargo test -p ak-admin --target wasm32-unknown-unknown --test browser --locked

step "release build"
trunk build --release
cargo build -p demo-api --release --locked

step "end to end (nginx and Caddy + demo API + headless Chromium)"
node e2e/run.mjs

step "release build under a sub-path (/ak-admin/)"
trunk build --release --public-url /ak-admin/ --dist dist-sub

step "end to end again, console under /ak-admin/ through nginx"
E2E_SUBPATH=/ak-admin node e2e/run.mjs

echo
echo "all tests passed"

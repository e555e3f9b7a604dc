#!/usr/bin/env bash
# Runs every test: formatting and lints, native unit and capture tests (app and demo API),
# browser component tests in headless Chromium, then the release archive, unpacked and
# installed at / and under /ak-admin/, end to end through nginx and Caddy. Exits non-zero
# on the first failure.
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

step "release archive (trunk build --release, then scripts/release.sh packs it) and demo API"
bash scripts/release.sh
cargo build -p demo-api --release --locked

step "the archive unpacked and checked, as an admin gets it"
archive="$(ls -t release/ak-admin-*.tar.gz | head -1)"
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
tar -xzf "$archive" -C "$unpacked"
release_dir="$(echo "$unpacked"/ak-admin-*)"
(cd "$release_dir" && sha256sum --quiet -c SHA256SUMS)
(cd "$(dirname "$archive")" && sha256sum --quiet -c "$(basename "$archive").sha256")
echo "$archive: $(wc -l < "$release_dir/SHA256SUMS") files, checksums match"

step "end to end (nginx and Caddy + demo API + headless Chromium), console installed from the archive at /"
E2E_RELEASE="$release_dir" node e2e/run.mjs

step "end to end again, the same archive installed under /ak-admin/"
E2E_RELEASE="$release_dir" E2E_SUBPATH=/ak-admin node e2e/run.mjs

echo
echo "all tests passed"

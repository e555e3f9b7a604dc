#!/usr/bin/env bash
# Installs every tool the project needs, skipping what is already present at the right
# version. Only crates.io, npm and Debian's archive are used.
#   scripts/setup.sh          build tools + browser, nginx and brotli for tests
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)"

step() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root for: $*" >&2; return 1; fi
}

step "wasm32 target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "present"
else
  rustup target add wasm32-unknown-unknown
fi

step "trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  echo "present"
else
  # Trunk's own LTO adds a 13-minute link for no benefit to us.
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

step "wasm-bindgen-cli $BINDGEN_VERSION (= Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $BINDGEN_VERSION" ] \
  && command -v wasm-bindgen-test-runner >/dev/null; then
  echo "present"
else
  # Its lockfile names a webpki-roots release the registry lacks; fall back to resolving.
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi

step "npm tools (wasm-opt 132, terser, lightningcss, playwright-core, axe-core)"
if [ -x node_modules/.bin/wasm-opt ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
  && [ "$(wasm-opt --version)" = "wasm-opt version 132 (version_132)" ]; then
  echo "present"
else
  npm ci --no-audit --no-fund
fi

step "Debian packages (chromium, chromium-driver, nginx + brotli module, brotli, caddy)"
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v brotli >/dev/null || missing+=(brotli)
command -v caddy >/dev/null || missing+=(caddy)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
if [ ${#missing[@]} -eq 0 ]; then
  echo "present"
else
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi

step "crates"
cargo fetch --locked >/dev/null
echo "ready"

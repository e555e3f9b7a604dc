#!/usr/bin/env bash
# Builds the release archive an admin deploys without a Rust toolchain:
#   release/ak-admin-<version>.tar.gz   (and its .sha256 beside it)
# holding ak-admin-<version>/ with
#   console/      the built console (one build for `/` and any sub-path), config.json included
#   install.sh    installs or upgrades it into a folder, for a sub-path (--base), config.json kept
#   deploy/       the nginx and Caddy configurations, the container image recipe and Compose snippet
#   README.md     the project's README (its "Deploy" section is the guide)
#   SHA256SUMS    every file above (`sha256sum -c SHA256SUMS` in the unpacked folder)
#
#   bash scripts/release.sh               build (trunk build --release) and pack
#   RELEASE_SKIP_BUILD=1 bash scripts/release.sh   pack the dist/ built before
# VERSION overrides the version (default: Cargo.toml's). The archive is reproducible: sorted
# names, one timestamp (the last commit's), no owners.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

VERSION="${VERSION:-$(awk -F'"' '/^\[package\]/{p=1} p && /^version *=/{print $2; exit}' Cargo.toml)}"
[[ "$VERSION" =~ ^[0-9A-Za-z.+-]+$ ]] || { echo "release: bad version '$VERSION'" >&2; exit 1; }
NAME="ak-admin-$VERSION"
OUT="$ROOT/release"

if [ "${RELEASE_SKIP_BUILD:-}" != 1 ]; then
  trunk build --release
fi
[ -f dist/index.html ] || { echo "release: dist/index.html is missing (build first)" >&2; exit 1; }
grep -q '<base href="/"' dist/index.html || { echo "release: dist/ was built for a sub-path; build with the default public URL" >&2; exit 1; }
if grep -Eq '(src|href)="/[^"]+\.(js|wasm|css)"' dist/index.html; then
  echo "release: dist/index.html has absolute asset paths; it would not serve under a sub-path" >&2; exit 1
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
top="$stage/$NAME"
mkdir -p "$top/console" "$top/deploy"
cp -p dist/* "$top/console/"
cp scripts/install.sh "$top/install.sh"
chmod 755 "$top/install.sh"
cp -R deploy/nginx deploy/caddy deploy/container "$top/deploy/"
cp README.md "$top/README.md"
echo "$VERSION" > "$top/VERSION"
(cd "$top" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | sed 's|^\./||' | xargs sha256sum > SHA256SUMS)

mkdir -p "$OUT"
epoch="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - "$NAME" | gzip -9n > "$OUT/$NAME.tar.gz"
(cd "$OUT" && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
echo "release: $OUT/$NAME.tar.gz ($(du -h "$OUT/$NAME.tar.gz" | cut -f1)), $(wc -l < "$top/SHA256SUMS") files"

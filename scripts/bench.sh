#!/usr/bin/env bash
# Builds the release console and measures size, render speed against a plain-JS page, cold
# load and heap (bench/README.md). Exits non-zero when a figure is over its budget.
#   BENCH_SKIP_BUILD=1 scripts/bench.sh   reuse dist/ and the demo API binary
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  bash scripts/setup.sh
  trunk build --release
  cargo build -p demo-api --release --locked
fi
node bench/run.mjs

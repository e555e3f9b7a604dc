#!/usr/bin/env bash
# Builds the release console and measures it in headless Chromium against a plain-JS page:
# transfer size, 1,000-row render time, cold load, heap (bench/README.md). Prints one table
# with the budgets and exits 1 when a figure is over its budget (2 when a measurement failed).
#   BENCH_SKIP_BUILD=1 bash scripts/bench.sh   reuse dist/ as it is
#   BENCH_RUNS=10                              loads per page (median)
#   BENCH_PROFILE=3                            extra loads per page under the CPU profiler (0: none)
#   BENCH_MARGINAL=refresh-tokens              resources whose cost is measured by one more release
#                                              build without them (`all`, a list, or 0: none)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

bash scripts/setup.sh
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  printf '\n== release build\n'
  trunk build --release
fi
printf '\n== benchmark\n'
status=0
node bench/run.mjs || status=$?
case $status in
  0) ;;
  1) echo "bench: over budget (see the table above)" >&2 ;;
  *) echo "bench: the measurement failed (exit $status)" >&2 ;;
esac
exit "$status"

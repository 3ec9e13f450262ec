#!/usr/bin/env bash
# Every test: install, build (tests and benchmarks included), run the ctest suites.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh -DCONFLICTMAP_BUILD_TESTS=ON -DCONFLICTMAP_BUILD_BENCH=ON
# The npm validators the export tests run (versions pinned in tools/validators/package-lock.json);
# without the npm registry those checks skip and say so.
if [ ! -d tools/validators/node_modules ]; then
  (cd tools/validators && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "test: could not install tools/validators (npm registry unreachable?); the GeoJSON validator checks will skip" >&2
fi
ctest --test-dir build --output-on-failure -j"$(nproc)"

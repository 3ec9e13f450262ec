#!/usr/bin/env bash
# Every test: install, build (tests and benchmarks included), run the ctest suites.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh -DCONFLICTMAP_BUILD_TESTS=ON -DCONFLICTMAP_BUILD_BENCH=ON
ctest --test-dir build --output-on-failure -j"$(nproc)"

#!/usr/bin/env bash
# The whole test suite again under AddressSanitizer + UndefinedBehaviorSanitizer (its own build
# folder, build-asan/, with ccache where present), with LeakSanitizer on. Any finding fails the run.
# .ci/run runs it after tools/test.sh; run it by hand the same way (it installs nothing itself:
# tools/test.sh or tools/install-deps.sh first).
#
#     tools/sanitize.sh [ctest arguments...]      e.g. tools/sanitize.sh -R cli
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCONFLICTMAP_SANITIZE=ON -DCONFLICTMAP_BUILD_TESTS=ON -DCONFLICTMAP_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-O1" "${launcher[@]}" >/dev/null
cmake --build build-asan -j"$(nproc)"
# Every leak is a finding: there are no suppressions. Plugins stay loaded (tools/nodlclose.c):
# what Mesa's driver and GDAL's plugins keep for the process's life is then still reachable at
# exit, and anything else LeakSanitizer reports is named, not "<unknown module>".
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LD_PRELOAD="$PWD/build-asan/libcm_nodlclose.so"
export ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" "$@"

#!/usr/bin/env bash
# Configures and builds conflictmap (Release with debug info) into build/; incremental after the
# first run. Extra arguments go to CMake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j"$(nproc)"

#!/usr/bin/env bash
# Configures and builds InitScope (Release, warnings on) into build/ beside the sources.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${INITSCOPE_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --parallel

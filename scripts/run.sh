#!/usr/bin/env bash
# Installs what is missing, builds, and runs InitScope. Arguments are passed to the program;
# with none it opens the window (or, without a display, runs the headless course example).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install_deps.sh"
"$root/scripts/build.sh"
build=${INITSCOPE_BUILD_DIR:-$root/build}
exec "$build/app/initscope" "$@"

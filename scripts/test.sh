#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (ctest); exits non-zero when any test fails.
#   scripts/test.sh              the build in build/ (what CI runs)
#   scripts/test.sh --sanitize   the same suite built with ASan + UBSan (INITSCOPE_SANITIZE) in
#                                build-sanitize/; any sanitizer finding, a leak included, fails
#                                the test that made it
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ${1:-} == --sanitize ]]; then
    "$root/scripts/install_deps.sh"
    build=${INITSCOPE_SANITIZE_BUILD_DIR:-$root/build-sanitize}
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DINITSCOPE_SANITIZE=ON -DINITSCOPE_BUILD_BENCH=OFF >/dev/null
    cmake --build "$build" --parallel "$(nproc)"
    export QT_QPA_PLATFORM=offscreen
    # Leaks only inside system libraries are suppressed (the file says which); the child
    # processes of the cli tests inherit these options. allocator_may_return_null: an allocation
    # too large for the machine throws std::bad_alloc, as without ASan (the tests check the message).
    export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:allocator_may_return_null=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
    export LSAN_OPTIONS=suppressions=$root/scripts/sanitizer-suppressions:print_suppressions=0
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    ctest --test-dir "$build" --output-on-failure --timeout 1800
    exit
fi
if (($# > 0)); then
    echo "usage: scripts/test.sh [--sanitize]" >&2
    exit 2
fi
"$root/scripts/install_deps.sh"
"$root/scripts/build.sh"
build=${INITSCOPE_BUILD_DIR:-$root/build}
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure --timeout 600

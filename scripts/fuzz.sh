#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (INITSCOPE_FUZZ=ON) in build-fuzz/ and runs
# each, one after the other, for SECONDS (default 600) with one job:
#   scripts/fuzz.sh [SECONDS]
# The seed corpora are made here from resources/presets/*.json, tests/data/configs/*.json and the
# small .npy fixtures of tests/data/parity/, plus the committed tests/fuzz/corpus/<target>/.
# New inputs go to build-fuzz/corpus/<target>/, crashing ones to build-fuzz/artifacts/, each run's
# log to build-fuzz/logs/<target>.log. Exits non-zero when any target crashed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
    echo "usage: scripts/fuzz.sh [SECONDS]   (default 600, per target)" >&2
    exit 2
fi
"$root/scripts/install_deps.sh" clang libclang-rt-14-dev
build=${INITSCOPE_FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=(fuzz_config_file fuzz_npy_file fuzz_checkpoint fuzz_seed fuzz_command_line)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DINITSCOPE_FUZZ=ON -DINITSCOPE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds/fuzz_config_file" "$seeds/fuzz_npy_file" "$seeds/fuzz_checkpoint" "$build/artifacts" \
    "$build/logs"
# The checkpoint fixtures, each behind the byte that picks its reader (0 safetensors, 1 npy,
# 2 npz, 3 pt: fuzz_checkpoint.cpp).
for pick in "0 course.safetensors" "2 course.npz" "2 lying.npz" "3 course.pt" "3 evil.pt"; do
    read -r byte name <<<"$pick"
    { printf "\\x0$byte"; cat "$root/tests/data/checkpoints/$name"; } >"$seeds/fuzz_checkpoint/$name"
done
cp "$root"/resources/presets/*.json "$root"/tests/data/configs/*.json "$seeds/fuzz_config_file/"
# The small fixtures only (up to 4 KiB, a few hundred): large inputs slow every execution.
find "$root/tests/data/parity" -name '*.npy' -size -4097c -print0 |
    while IFS= read -r -d '' npy; do
        flavour=$(basename "$(dirname "$npy")")
        cp "$npy" "$seeds/fuzz_npy_file/${flavour}_$(basename "$npy")"
    done

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export QT_QPA_PLATFORM=offscreen
crashed=()
summary=()
for target in "${targets[@]}"; do
    corpus=$build/corpus/$target
    mkdir -p "$corpus"
    inputs=("$corpus")
    [[ -d $seeds/$target ]] && inputs+=("$seeds/$target")
    [[ -d $root/tests/fuzz/corpus/$target ]] && inputs+=("$root/tests/fuzz/corpus/$target")
    options=(-max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$build/artifacts/$target-")
    [[ -f $root/tests/fuzz/$target.dict ]] && options+=(-dict="$root/tests/fuzz/$target.dict")
    echo "== $target: $seconds s" >&2
    status=0
    "$build/tests/fuzz/$target" "${options[@]}" "${inputs[@]}" >"$build/logs/$target.log" 2>&1 ||
        status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/logs/$target.log" | tail -n 1)
    [[ -n $runs ]] || runs=$(grep -oE '^#[0-9]+' "$build/logs/$target.log" | tail -n 1 | tr -d '#')
    coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$build/logs/$target.log" | tail -n 1)
    line="$target: ${runs:-?} executions, ${coverage:-no coverage line}"
    if ((status != 0)); then
        crashed+=("$target")
        line+=", CRASHED (exit $status): see $build/logs/$target.log and $build/artifacts/"
        grep -m 3 -E 'ERROR: |runtime error|deadly signal|out-of-memory|Test unit written' \
            "$build/logs/$target.log" >&2 || true
    fi
    summary+=("$line")
done
printf '%s\n' "${summary[@]}"
if ((${#crashed[@]} > 0)); then
    echo "fuzz: ${#crashed[@]} target(s) crashed: ${crashed[*]}" >&2
    exit 1
fi

#!/usr/bin/env bash
# Installs InitScope's build and test dependencies from Debian's packages (Debian 12 "bookworm").
# As root it runs apt-get; otherwise it prints the exact apt-get line and stops with status 1.
# Arguments name extra packages a script needs beyond the build (e.g. clang for scripts/fuzz.sh).
set -euo pipefail
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev liblapacke-dev libopenblas-dev
    libzip-dev libdeflate-dev
    libbenchmark-dev
    python3-torch python3-numpy
    libgl-dev fonts-dejavu-core
    desktop-file-utils appstream dpkg-dev
    "$@"
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi
if [[ $(id -u) != 0 ]]; then
    echo "install_deps: missing packages; run as root:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "install_deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

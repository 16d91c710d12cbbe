#!/usr/bin/env bash
# Builds the Debian package: installs what is missing (dpkg-dev for dpkg-shlibdeps), builds
# Release in build-package/ without tests or benchmarks, and runs CPack. The .deb
# (initscope_<version>_<arch>.deb) lands in build-package/; install it with
#   apt install ./build-package/initscope_*.deb
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${INITSCOPE_PACKAGE_BUILD_DIR:-$root/build-package}
"$root/scripts/install_deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DINITSCOPE_BUILD_TESTS=OFF -DINITSCOPE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/initscope_*.deb | head -n 1)
dpkg-deb --field "$deb" Package Version Architecture Depends
echo "$deb"

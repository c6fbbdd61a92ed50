#!/usr/bin/env bash
# Build lurewatch and run every test. Installs what is missing (Debian's
# packages) first, so that it works on a fresh machine, in CI as root and
# for developers alike. Prints one summary line per suite and exits
# non-zero when any suite fails.
#
#   tests/run.sh            everything
#   LW_BUILD=dir tests/run.sh   use another build directory
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=tests/lib/deps.sh
. tests/lib/deps.sh

lw_need_packages build-essential cmake pkg-config libjansson-dev \
	libpcre2-dev libunistring-dev

build=${LW_BUILD:-$root/build}
echo "==> Configure and build ($build, warnings are errors)"
cmake -S . -B "$build" -DLW_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"

echo "==> Unit, rule-example and CLI tests"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"

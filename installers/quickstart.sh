#!/usr/bin/env bash
# Build lurewatch from source and scan two bundled sample adverts, so that
# a new user sees what it does in one command. Installs the build
# dependencies with apt-get when they are missing (Debian and Ubuntu).
# The full installer, which also registers the browser helper, is
# installers/install.sh once it lands (see docs/).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib/deps.sh
. "$here/tests/lib/deps.sh"
lw_need_packages build-essential cmake pkg-config libjansson-dev \
	libpcre2-dev libunistring-dev

build="$here/build-release"
echo "==> Building lurewatch in $build"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

for sample in lure-en legit-en; do
	echo
	echo "==> lurewatch scan rules/samples/$sample.txt"
	echo
	"$build/lurewatch" scan "$here/rules/samples/$sample.txt"
done
echo "==> Done. Try: $build/lurewatch scan --help"

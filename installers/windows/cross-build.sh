#!/usr/bin/env bash
# Cross-build lurewatch.exe and lurewatch-host.exe for 64-bit Windows with
# Debian's mingw-w64, to prove the C code builds and links for Windows.
#
#   installers/windows/cross-build.sh [BUILD_DIR]    (default build-mingw/)
#
# Debian has no Windows builds of jansson, PCRE2 and libunistring, so they
# are built here from Debian's own source packages (apt-get source, with a
# private apt configuration: the system's apt sources are not touched; apt
# checks every file against the signed Debian archive index), as static
# libraries, once. They are cached in $LW_CACHE_DIR (default
# ~/.cache/lurewatch) under a name that holds their versions, so later runs
# and CI reuse them. docs/install.md gives the measured times.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-mingw}
# shellcheck source=tests/lib/deps.sh
. "$root/tests/lib/deps.sh"
lw_need_packages mingw-w64 cmake make pkg-config xz-utils dpkg-dev

# Versions of the Debian bookworm source packages; a change means a new
# cache directory.
JANSSON=2.14 PCRE2=10.42 UNISTRING=1.0
target=x86_64-w64-mingw32
cache=${LW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lurewatch}
deps="$cache/mingw-deps-jansson$JANSSON-pcre2$PCRE2-unistring$UNISTRING-v1"
jobs=$(nproc)

# Fetch the source packages with apt-get source into $deps/src, reading a
# bookworm deb-src index kept in the cache.
fetch_sources() {
	local apt="$deps/apt" opts
	mkdir -p "$apt/lists/partial" "$deps/src"
	echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		"http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
	opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
		-o "Dir::State::Lists=$apt/lists" -o "APT::Sandbox::User=$(id -un)")
	apt-get "${opts[@]}" update -qq
	(cd "$deps/src" && apt-get "${opts[@]}" source -qq --download-only \
		"jansson=$JANSSON-2" "pcre2=$PCRE2-1" "libunistring=$UNISTRING-2")
}

# Unpack the upstream tarball of package $1 into an empty folder and print
# the source folder it holds.
unpack() {
	local tarball
	tarball=$(ls "$deps/src/$1"_*.orig.tar.[gx]z)
	rm -rf "$deps/work/$1"
	mkdir -p "$deps/work/$1"
	tar -xf "$tarball" -C "$deps/work/$1"
	echo "$deps/work/$1"/*
}

# Build one library (jansson, pcre2 or libunistring), static, into
# $deps/prefix, unless its stamp says it is there already.
build_dep() {
	local src stamp="$deps/prefix/.built-$1" cmake_common
	[ -f "$stamp" ] && return 0
	cmake_common=(-DCMAKE_TOOLCHAIN_FILE="$root/installers/windows/mingw-w64.cmake"
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$deps/prefix"
		-DBUILD_SHARED_LIBS=OFF)
	src=$(unpack "$1")
	case $1 in
	jansson)
		cmake -S "$src" -B "$src/build" "${cmake_common[@]}" -DJANSSON_BUILD_DOCS=OFF \
			-DJANSSON_EXAMPLES=OFF -DJANSSON_WITHOUT_TESTS=ON >/dev/null
		cmake --build "$src/build" -j"$jobs" --target install >/dev/null
		;;
	pcre2)
		cmake -S "$src" -B "$src/build" "${cmake_common[@]}" -DPCRE2_SUPPORT_JIT=ON \
			-DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF >/dev/null
		cmake --build "$src/build" -j"$jobs" --target install >/dev/null
		;;
	libunistring)
		# The library only (lib/), not gnulib's test programs.
		(cd "$src" && ./configure -q --host=$target --prefix="$deps/prefix" \
			--disable-shared --enable-static --disable-dependency-tracking \
			--without-libiconv-prefix >/dev/null &&
			make -C lib -j"$jobs" >/dev/null && make -C lib install >/dev/null)
		;;
	esac
	rm -rf "$deps/work/$1"
	touch "$stamp"
}

for lib in jansson pcre2 libunistring; do
	[ -f "$deps/prefix/.built-$lib" ] && continue
	echo "==> Building $lib for Windows once (cached in $deps)"
	start=$(date +%s)
	[ -n "$(ls "$deps/src/${lib}_"*.orig.tar.[gx]z 2>/dev/null)" ] || fetch_sources
	build_dep "$lib"
	echo "==> $lib built in $(($(date +%s) - start)) s"
done

# Warnings are not errors here: GCC checks the code's format(printf)
# attributes against msvcrt's printf, which lacks %zu, although the build
# uses mingw's C99 printf (__USE_MINGW_ANSI_STDIO, in the toolchain file).
echo "==> Cross-building lurewatch for Windows ($build)"
PKG_CONFIG_LIBDIR="$deps/prefix/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="" \
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
	-DLW_WERROR=OFF -DCMAKE_TOOLCHAIN_FILE="$root/installers/windows/mingw-w64.cmake" \
	-DLW_MINGW_PREFIX="$deps/prefix" >/dev/null
cmake --build "$build" -j"$jobs" --target lurewatch lurewatch-host
ls -l "$build/lurewatch.exe" "$build/lurewatch-host.exe"

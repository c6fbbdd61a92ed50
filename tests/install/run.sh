#!/usr/bin/env bash
# Tests of the installers and packages (docs/install.md): installers/install.sh
# into a temporary HOME and prefix, every manifest it writes, a second run
# that changes nothing, --dry-run that writes nothing, --uninstall that
# leaves nothing behind, the .deb and .tar.gz contents, shellcheck on every
# script, and the mingw-w64 cross-build of the Windows programs. Prints
# "N passed, N failed" and exits non-zero on any failure.
#
#   tests/install/run.sh            everything
#   LW_SKIP_WINDOWS=1 tests/install/run.sh   without the Windows cross-build
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=tests/lib/deps.sh
. tests/lib/deps.sh
lw_need_packages jq shellcheck file

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# Record one check: NAME, then a command that succeeds when it holds.
check() {
	local name=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		sed 's/^/     /' "$tmp/check.out" | tail -n 20
	fi
}

# Every file and folder under the given roots with its type, size, mode and
# mtime, and every file's checksum: two equal snapshots mean nothing was
# written. With -c (contents), folders' mtimes are left out: a folder's
# mtime changes when an entry is added and removed again.
snapshot() {
	local dir_time='%T@'
	if [ "$1" = -c ]; then
		dir_time='' && shift
	fi
	local dir
	for dir in "$@"; do
		[ -e "$dir" ] || continue
		find "$dir" -type d -printf "%p %y %m $dir_time\n"
		find "$dir" ! -type d -printf '%p %y %s %m %T@\n'
		find "$dir" -type f -exec sha256sum {} +
	done | LC_ALL=C sort
}

# Whether two snapshot files are the same, showing the difference if not.
same() { diff "$1" "$2"; }

host_name=$(jq -r .host_name extension/ids.json)
chromium_id=$(jq -r .chromium extension/ids.json)
firefox_id=$(jq -r .firefox extension/ids.json)
home="$tmp/home" prefix="$tmp/prefix"
# The build is kept between runs (build-install/, like build/).
build="$root/build-install"
mkdir -p "$home/.config/other-app"
echo "not ours" >"$home/.config/other-app/settings"

# Run the installer as a user whose HOME is the temporary one.
installer() {
	env -u XDG_CONFIG_HOME -u LUREWATCH_RULES HOME="$home" \
		LUREWATCH_SNAP_BIN="$tmp/no-snap" LUREWATCH_FLATPAK_DIRS="$tmp/no-flatpak" \
		installers/install.sh --prefix "$prefix" --build-dir "$build" "$@"
}

manifest_paths() {
	local c="$home/.config"
	printf '%s\n' "$c/google-chrome/NativeMessagingHosts/$host_name.json" \
		"$c/chromium/NativeMessagingHosts/$host_name.json" \
		"$c/microsoft-edge/NativeMessagingHosts/$host_name.json" \
		"$c/BraveSoftware/Brave-Browser/NativeMessagingHosts/$host_name.json" \
		"$c/vivaldi/NativeMessagingHosts/$host_name.json" \
		"$home/.mozilla/native-messaging-hosts/$host_name.json"
}

# One manifest: valid JSON, our name, stdio, an absolute path to an
# executable that exists, and exactly the right origin or extension id.
manifest_ok() {
	local file=$1 want=$2 path
	jq -e . "$file" >/dev/null
	[ "$(jq -r .name "$file")" = "$host_name" ]
	[ "$(jq -r .type "$file")" = stdio ]
	path=$(jq -r .path "$file")
	case $path in /*) ;; *) echo "path not absolute: $path" && return 1 ;; esac
	[ -x "$path" ] || { echo "not an executable: $path" && return 1; }
	if [ "$want" = firefox ]; then
		jq -e --arg id "$firefox_id" '.allowed_extensions == [$id] and
			(has("allowed_origins") | not)' "$file"
	else
		jq -e --arg o "chrome-extension://$chromium_id/" '.allowed_origins == [$o]
			and (has("allowed_extensions") | not)' "$file"
	fi
}

# The host named by a manifest answers a hello with the installed pack,
# started from / with no LUREWATCH_RULES, the way a browser starts it.
host_answers() {
	local host reply
	host=$(jq -r .path "$1")
	reply=$(cd / && env -u LUREWATCH_RULES "$(dirname "$host")/lurewatch" host-send \
		--host "$host" '{"v":1,"id":"t","op":"hello"}' 2>/dev/null)
	echo "$reply" | jq -e '.ok == true and .pack.rules > 0'
}

# Programs copied elsewhere still find the pack beside them, not the
# source tree's: the copy's pack gets another version, which hello shows.
finds_own_pack() {
	local tree=$1 copy="$tmp/moved-$RANDOM"
	cp -a "$tree" "$copy"
	jq '.version = "9.9.9-copy"' "$copy/share/lurewatch/rules/pack.json" >"$tmp/pack.json"
	mv "$tmp/pack.json" "$copy/share/lurewatch/rules/pack.json"
	(cd / && env -u LUREWATCH_RULES "$copy/bin/lurewatch" host-send \
		'{"v":1,"id":"t","op":"hello"}' 2>/dev/null) |
		jq -e '.pack.version == "9.9.9-copy"'
}

echo "==> shellcheck on every shell script"
scripts=$( (git ls-files; ls installers/*.sh tests/install/*.sh) | sort -u |
	while IFS= read -r f; do
		if [ -f "$f" ] && head -n1 "$f" | grep -Eq '^#!.*(ba)?sh'; then
			echo "$f"
		fi
	done)
for f in $scripts tests/lib/deps.sh; do
	check "shellcheck $f" shellcheck -x "$f"
done

echo "==> --dry-run writes nothing"
snapshot "$home" "$prefix" "$build" >"$tmp/snap.before"
installer --browser all --dry-run >"$tmp/dry.out"
snapshot "$home" "$prefix" "$build" >"$tmp/snap.after"
check "dry run leaves HOME, prefix and build untouched" same "$tmp/snap.before" "$tmp/snap.after"
check "dry run lists every manifest" bash -c \
	"manifest_count=\$(grep -c '/$host_name.json\$' '$tmp/dry.out'); [ \"\$manifest_count\" = 6 ]"

echo "==> install --browser all into a temporary HOME and prefix"
snapshot -c "$home" >"$tmp/home.before"
install_status=0
installer --browser all >"$tmp/install.out" 2>&1 || install_status=$?
[ "$install_status" = 0 ] || cat "$tmp/install.out"
check "install succeeds" test "$install_status" = 0
check "install prints a hello and a sample scan" grep -q 'Risk: HIGH' "$tmp/install.out"
# The files --dry-run announced, from its "write these files:" list.
awk '/write these files:/ { on = 1; next } /creating these folders:/ { on = 0 }
	on { sub(/^ +/, ""); print }' "$tmp/dry.out" | sort >"$tmp/dry.files"
sed -n 's/^file //p' "$prefix/share/lurewatch/install-manifest.txt" | sort >"$tmp/record.files"
check "the record lists exactly what --dry-run announced" diff "$tmp/dry.files" "$tmp/record.files"
while IFS= read -r m; do
	want=chromium
	case $m in */.mozilla/*) want=firefox ;; esac
	check "manifest ${m#"$home"/}" manifest_ok "$m" "$want"
	check "host of ${m#"$home"/} answers hello" host_answers "$m"
done < <(manifest_paths)
check "installed programs find the installed pack" finds_own_pack "$prefix"

echo "==> a second install changes nothing"
snapshot "$home" "$prefix" >"$tmp/installed"
installer --browser all >"$tmp/again.out" 2>&1 || cat "$tmp/again.out"
snapshot "$home" "$prefix" >"$tmp/again"
check "files and folders: sizes, modes, mtimes and checksums unchanged" \
	same "$tmp/installed" "$tmp/again"

echo "==> --uninstall removes exactly what was written"
installer --uninstall --dry-run >"$tmp/un-dry.out"
snapshot "$home" "$prefix" >"$tmp/un-dry"
check "uninstall --dry-run removes nothing" same "$tmp/installed" "$tmp/un-dry"
installer --uninstall >"$tmp/un.out" 2>&1 || cat "$tmp/un.out"
# The host's data directory (the user's case log) and the folders above it
# are made by the host when it runs, not by the installer, and an uninstall
# never deletes user data.
snapshot -c "$home" | grep -v -e "^$home/.local/share/lurewatch" \
	-e "^$home/.local d " -e "^$home/.local/share d " >"$tmp/home.after"
check "HOME is as before the install (other programs' files kept)" \
	same "$tmp/home.before" "$tmp/home.after"
check "nothing left under the prefix" test ! -e "$prefix"

echo "==> browsers found, Snap and Flatpak, --system"
mkdir -p "$tmp/snap" "$tmp/flatpak/org.chromium.Chromium"
touch "$tmp/snap/chromium" "$tmp/snap/firefox"
env HOME="$home" LUREWATCH_SNAP_BIN="$tmp/snap" LUREWATCH_FLATPAK_DIRS="$tmp/flatpak" \
	installers/install.sh --prefix "$prefix" --dry-run >"$tmp/sandbox.out"
check "Chromium Snap is called not possible" grep -q 'chromium (Snap): NOT POSSIBLE' "$tmp/sandbox.out"
check "Flatpak is called not possible" grep -q 'org.chromium.Chromium (Flatpak): NOT POSSIBLE' "$tmp/sandbox.out"
check "Firefox Snap gets the usual user manifest" \
	grep -q "Firefox (Snap): works" "$tmp/sandbox.out"
check "Firefox Snap manifest planned" grep -q "$home/.mozilla/native-messaging-hosts/$host_name.json" "$tmp/sandbox.out"
for b in chromium firefox-esr; do
	command -v "$b" >/dev/null || continue
	dir=chromium/NativeMessagingHosts
	[ "$b" = firefox-esr ] && dir=.mozilla/native-messaging-hosts
	check "installed $b is found" grep -q "$dir/$host_name.json" "$tmp/sandbox.out"
done
if [ "$(id -u)" -eq 0 ]; then
	installers/install.sh --system --browser all --dry-run >"$tmp/system.out"
	for f in /etc/opt/chrome/native-messaging-hosts /etc/chromium/native-messaging-hosts \
		/etc/opt/edge/native-messaging-hosts /etc/opt/vivaldi/native-messaging-hosts \
		/usr/lib/mozilla/native-messaging-hosts /usr/local/bin/lurewatch-host; do
		check "--system plans ${f}" grep -q "^    $f" "$tmp/system.out"
	done
fi

echo "==> cpack: the .deb and the .tar.gz"
pkg="$root/build-install-pkg"
cmake -S . -B "$pkg" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
	-DLW_SYSTEM_MANIFESTS=ON >/dev/null
cmake --build "$pkg" -j"$(nproc)" >/dev/null
rm -f "$pkg"/lurewatch*.deb "$pkg"/lurewatch*.tar.gz
(cd "$pkg" && cpack >/dev/null)
deb=$(ls "$pkg"/lurewatch_*.deb)
tgz=$(ls "$pkg"/lurewatch-*.tar.gz)
dpkg-deb -I "$deb" >"$tmp/deb.info"
dpkg-deb -c "$deb" | awk '{ print $NF }' >"$tmp/deb.list"
check ".deb depends on jansson, PCRE2 and libunistring" grep -Eq \
	'^ Depends:.*libjansson4.*libpcre2-8-0.*libunistring2' "$tmp/deb.info"
for f in ./usr/bin/lurewatch ./usr/bin/lurewatch-host ./usr/share/lurewatch/rules/pack.json \
	./usr/share/lurewatch/rules/samples/lure-en.txt \
	"./etc/chromium/native-messaging-hosts/$host_name.json" \
	"./etc/opt/chrome/native-messaging-hosts/$host_name.json" \
	"./usr/lib/mozilla/native-messaging-hosts/$host_name.json"; do
	check ".deb holds $f" grep -qx "$f" "$tmp/deb.list"
done
check ".deb has nothing under a multiarch lib folder" bash -c "! grep -q 'linux-gnu' '$tmp/deb.list'"
check ".deb marks the /etc manifests as conffiles" bash -c \
	"dpkg-deb -e '$deb' '$tmp/control' && [ \$(grep -c '^/etc/' '$tmp/control/conffiles') = 2 ]"
dpkg-deb -x "$deb" "$tmp/deb"
for m in "etc/chromium/native-messaging-hosts" "etc/opt/chrome/native-messaging-hosts" \
	"usr/lib/mozilla/native-messaging-hosts"; do
	want=chromium
	case $m in usr/lib/mozilla*) want=firefox ;; esac
	check ".deb manifest /$m names /usr/bin/lurewatch-host" \
		jq -e '.path == "/usr/bin/lurewatch-host"' "$tmp/deb/$m/$host_name.json"
	sed "s|/usr/bin/|$tmp/deb/usr/bin/|" "$tmp/deb/$m/$host_name.json" >"$tmp/m.json"
	check ".deb manifest /$m ids and shape" manifest_ok "$tmp/m.json" "$want"
done
check ".deb programs find the packaged pack" finds_own_pack "$tmp/deb/usr"
tar -tzf "$tgz" >"$tmp/tgz.list"
top=$(basename "$tgz" .tar.gz)
for f in bin/lurewatch bin/lurewatch-host share/lurewatch/rules/pack.json; do
	check ".tar.gz holds $f" grep -qx "$top/$f" "$tmp/tgz.list"
done
check ".tar.gz holds no manifest" bash -c "! grep -q 'native-messaging\\|NativeMessaging' '$tmp/tgz.list'"
mkdir -p "$tmp/tgz" && tar -xzf "$tgz" -C "$tmp/tgz"
check ".tar.gz programs find the packaged pack" finds_own_pack "$tmp/tgz/$top"

if [ -z "${LW_SKIP_WINDOWS:-}" ]; then
	echo "==> Windows: mingw-w64 cross-build"
	check "cross-build links lurewatch.exe and lurewatch-host.exe" \
		installers/windows/cross-build.sh "$root/build-mingw"
	for exe in lurewatch.exe lurewatch-host.exe; do
		check "$exe is a Windows x86-64 program" bash -c \
			"file '$root/build-mingw/$exe' | grep -q 'PE32+ executable.*x86-64'"
	done
fi

echo "installers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

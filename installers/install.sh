#!/usr/bin/env bash
# Install lurewatch on Linux or macOS in one command: the build tools when
# they are missing, a Release build, the programs and the rule pack under a
# prefix, and the browser helper registered (a native-messaging manifest) for
# every browser found. Ends with a check that the helper answers and a scan
# of a sample advert. Every file it writes is listed in a record, which
# --uninstall reads to remove exactly those files. See docs/install.md.
# Runs with bash 3.2 (macOS) and newer.
set -euo pipefail
umask 022
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib/deps.sh
. "$root/tests/lib/deps.sh"

ALL_BROWSERS="chrome chromium edge brave vivaldi firefox"
RECORD_REL=share/lurewatch/install-manifest.txt

usage() {
	cat <<'EOF'
Usage: installers/install.sh [OPTIONS]

Builds lurewatch, installs it, and connects its browser helper to your
browsers. Run it again at any time: it only changes what is out of date.

Options:
  --browser NAME   set up only this browser: chrome, chromium, edge, brave,
                   vivaldi, firefox, or all (repeatable; default: every
                   browser found on this computer)
  --prefix DIR     install under DIR (default: ~/.local, or /usr/local
                   with --system)
  --system         install for every user of this computer (needs root)
  --build-dir DIR  where to build (default: build-release/ in the source)
  --dry-run        print every file it would write, and write nothing
  --uninstall      remove every file an earlier install wrote
  --help           this text

More help, and what to do when something goes wrong: docs/install.md
EOF
}

# Print a line for the person running the installer.
say() { printf '%s\n' "$*"; }

# Stop with what went wrong and what to do about it.
fail() {
	printf '\nProblem: %s\nWhat to do: %s\n' "$1" "$2" >&2
	exit 1
}

# Read one string field from extension/ids.json (the fixed extension ids
# and the host name), without needing a JSON tool.
read_id() {
	sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" \
		"$root/extension/ids.json"
}

# --- Command line ---------------------------------------------------------

browsers="" prefix="" scope=user dry_run=0 uninstall=0 build=""
while [ $# -gt 0 ]; do
	case $1 in
	--browser)
		[ $# -ge 2 ] || fail "--browser needs a name" "add one of: $ALL_BROWSERS all"
		case " $ALL_BROWSERS all " in
		*" $2 "*) browsers="$browsers $2" ;;
		*) fail "unknown browser '$2'" "use one of: $ALL_BROWSERS all" ;;
		esac
		shift
		;;
	--prefix)
		[ $# -ge 2 ] || fail "--prefix needs a directory" "for example: --prefix ~/lurewatch"
		prefix=$2
		shift
		;;
	--build-dir)
		[ $# -ge 2 ] || fail "--build-dir needs a directory" "for example: --build-dir /tmp/lw-build"
		build=$2
		shift
		;;
	--system) scope=system ;;
	--dry-run) dry_run=1 ;;
	--uninstall) uninstall=1 ;;
	--help | -h)
		usage
		exit 0
		;;
	*) fail "unknown option '$1'" "run installers/install.sh --help to see the options" ;;
	esac
	shift
done
case " $browsers " in *" all "*) browsers=$ALL_BROWSERS ;; esac

os=$(uname -s)
case $os in
Linux | Darwin) ;;
*) fail "this installer is for Linux and macOS, not $os" \
	"on Windows use installers/windows/install.ps1 (docs/install.md)" ;;
esac

if [ "$scope" = system ]; then
	[ "$(id -u)" -eq 0 ] || fail "--system installs for every user and needs root" \
		"run: sudo installers/install.sh --system"
	: "${prefix:=/usr/local}"
else
	: "${prefix:=$HOME/.local}"
fi
case $prefix in /*) ;; *) prefix="$PWD/$prefix" ;; esac
case $prefix in
*'"'* | *\\* | *'|'* | *[[:cntrl:]]*)
	fail "the folder '$prefix' has a quote, backslash, | or control character" \
		"choose a --prefix without them" ;;
esac
prefix=${prefix%/}
record="$prefix/$RECORD_REL"
host_path="$prefix/bin/lurewatch-host"

host_name=$(read_id host_name)
chromium_id=$(read_id chromium)
firefox_id=$(read_id firefox)
case $chromium_id in
*[!a-p]* | "") fail "extension/ids.json has no valid Chromium id" "get a fresh copy of lurewatch" ;;
esac
[ ${#chromium_id} -eq 32 ] || fail "extension/ids.json has no valid Chromium id" "get a fresh copy of lurewatch"
if [ -z "$host_name" ] || [ -z "$firefox_id" ]; then
	fail "extension/ids.json lacks the host name or the Firefox id" "get a fresh copy of lurewatch"
fi

# --- Browsers -------------------------------------------------------------

config_home=${XDG_CONFIG_HOME:-$HOME/.config}
mac_support="$HOME/Library/Application Support"

# The folders whose manifest BROWSER reads, one per line (none when this
# operating system and scope have no such folder).
manifest_dirs() {
	case $os/$scope/$1 in
	Linux/user/chrome) echo "$config_home/google-chrome/NativeMessagingHosts" ;;
	Linux/user/chromium) echo "$config_home/chromium/NativeMessagingHosts" ;;
	Linux/user/edge) echo "$config_home/microsoft-edge/NativeMessagingHosts" ;;
	Linux/user/brave) echo "$config_home/BraveSoftware/Brave-Browser/NativeMessagingHosts" ;;
	Linux/user/vivaldi) echo "$config_home/vivaldi/NativeMessagingHosts" ;;
	Linux/user/firefox) echo "$HOME/.mozilla/native-messaging-hosts" ;;
	Linux/system/chrome | Linux/system/brave) echo /etc/opt/chrome/native-messaging-hosts ;;
	Linux/system/chromium) echo /etc/chromium/native-messaging-hosts ;;
	Linux/system/edge) echo /etc/opt/edge/native-messaging-hosts ;;
	Linux/system/vivaldi) echo /etc/opt/vivaldi/native-messaging-hosts ;;
	Linux/system/firefox)
		echo /usr/lib/mozilla/native-messaging-hosts
		# 64-bit Fedora and openSUSE builds read lib64 instead.
		if [ -d /usr/lib64/mozilla ] && [ ! -L /usr/lib64 ]; then
			echo /usr/lib64/mozilla/native-messaging-hosts
		fi
		;;
	Darwin/user/chrome) echo "$mac_support/Google/Chrome/NativeMessagingHosts" ;;
	Darwin/user/chromium) echo "$mac_support/Chromium/NativeMessagingHosts" ;;
	Darwin/user/edge) echo "$mac_support/Microsoft Edge/NativeMessagingHosts" ;;
	Darwin/user/brave) echo "$mac_support/BraveSoftware/Brave-Browser/NativeMessagingHosts" ;;
	Darwin/user/vivaldi) echo "$mac_support/Vivaldi/NativeMessagingHosts" ;;
	Darwin/user/firefox) echo "$mac_support/Mozilla/NativeMessagingHosts" ;;
	Darwin/system/chrome) echo /Library/Google/Chrome/NativeMessagingHosts ;;
	Darwin/system/chromium) echo "/Library/Application Support/Chromium/NativeMessagingHosts" ;;
	Darwin/system/firefox) echo "/Library/Application Support/Mozilla/NativeMessagingHosts" ;;
	esac
}

# The browser's name as people know it.
display_name() {
	case $1 in
	chrome) echo "Google Chrome" ;;
	chromium) echo Chromium ;;
	edge) echo "Microsoft Edge" ;;
	brave) echo Brave ;;
	vivaldi) echo Vivaldi ;;
	firefox) echo Firefox ;;
	esac
}

# Whether one of the commands exists outside a Snap (Ubuntu's
# chromium-browser is a small script that starts the Snap).
native_command() {
	local cmd found real
	for cmd in "$@"; do
		found=$(command -v "$cmd" 2>/dev/null) || continue
		real=$(readlink -f "$found" 2>/dev/null || echo "$found")
		case $real in /snap/*) continue ;; esac
		head -c 65536 "$real" 2>/dev/null | grep -q /snap/bin && continue
		return 0
	done
	return 1
}

# Whether BROWSER is installed (not counting Snap and Flatpak, which are
# handled by sandbox_notes).
browser_found() {
	if [ "$os" = Darwin ]; then
		local app
		case $1 in
		chrome) app="Google Chrome" ;;
		chromium) app=Chromium ;;
		edge) app="Microsoft Edge" ;;
		brave) app="Brave Browser" ;;
		vivaldi) app=Vivaldi ;;
		firefox) app=Firefox ;;
		esac
		[ -d "/Applications/$app.app" ] || [ -d "$HOME/Applications/$app.app" ]
		return
	fi
	case $1 in
	chrome) native_command google-chrome google-chrome-stable || [ -d /opt/google/chrome ] ;;
	chromium) native_command chromium chromium-browser ;;
	edge) native_command microsoft-edge microsoft-edge-stable || [ -d /opt/microsoft/msedge ] ;;
	brave) native_command brave-browser brave || [ -d /opt/brave.com/brave ] ;;
	vivaldi) native_command vivaldi vivaldi-stable || [ -d /opt/vivaldi ] ;;
	firefox) native_command firefox firefox-esr ;;
	esac
}

# Where Snap puts its commands and Flatpak its apps (tests point these at
# fake folders).
snap_bin=${LUREWATCH_SNAP_BIN:-/snap/bin}
flatpak_dirs=${LUREWATCH_FLATPAK_DIRS:-/var/lib/flatpak/app:$HOME/.local/share/flatpak/app}

# Say what works for the Snap and Flatpak browsers on this computer, and
# set firefox_snap=1 when Firefox is a Snap (it reads the usual user folder
# through the WebExtensions portal, so it gets a manifest).
firefox_snap=0
sandbox_notes() {
	[ "$os" = Linux ] || return 0
	local snap dir id
	for snap in chromium brave vivaldi; do
		[ -e "$snap_bin/$snap" ] || continue
		say "      $snap (Snap): NOT POSSIBLE. Snap versions of Chromium-based browsers cannot start"
		say "        helper programs. Install the browser from your system's packages instead."
	done
	if [ -e "$snap_bin/firefox" ]; then
		if [ "$scope" = user ]; then
			say "      Firefox (Snap): works. The first time, Firefox asks you to allow lurewatch: say yes."
			firefox_snap=1
		else
			say "      Firefox (Snap): run this installer without --system, as each user, to set it up."
		fi
	fi
	local IFS=:
	for dir in $flatpak_dirs; do
		for id in com.google.Chrome org.chromium.Chromium com.microsoft.Edge \
			com.brave.Browser com.vivaldi.Vivaldi org.mozilla.firefox; do
			[ -d "$dir/$id" ] || continue
			say "      $id (Flatpak): NOT POSSIBLE. Flatpak browsers cannot start helper"
			say "        programs. Install the browser from your system's packages instead."
		done
	done
}

# --- What gets written ----------------------------------------------------

# The manifest file for BROWSER, as it must read (from the templates that
# the .deb uses too).
manifest_text() {
	local family=chromium
	[ "$1" = firefox ] && family=firefox
	sed -e "s|@LW_HOST_NAME@|$host_name|" -e "s|@LW_HOST_PATH@|$host_path|" \
		-e "s|@LW_CHROMIUM_ID@|$chromium_id|" -e "s|@LW_FIREFOX_ID@|$firefox_id|" \
		"$root/installers/manifests/$family.json.in"
}

# The files `cmake --install` puts under the prefix (the programs and the
# rule pack, as CMakeLists.txt installs them; the install step checks that
# the two lists agree).
program_files() {
	echo "$prefix/bin/lurewatch"
	echo "$prefix/bin/lurewatch-host"
	(cd "$root/rules" && find . -type f ! -name README.md) |
		sed "s|^\\./|$prefix/share/lurewatch/rules/|"
}

# The folders above FILE that do not exist yet, so would be created.
missing_dirs() {
	local dir
	dir=$(dirname "$1")
	while [ ! -d "$dir" ] && [ "$dir" != / ]; do
		echo "$dir"
		dir=$(dirname "$dir")
	done
}

# Write CONTENT to FILE only when it differs, so that a second run changes
# nothing. Says whether it wrote.
write_if_changed() {
	if [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; then
		return 1
	fi
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" >"$1.tmp.$$"
	mv "$1.tmp.$$" "$1"
}

# --- Uninstall ------------------------------------------------------------

if [ "$uninstall" = 1 ]; then
	[ -f "$record" ] || fail "nothing to uninstall: there is no record at $record" \
		"if you installed with --prefix or --system, give the same option to --uninstall"
	say "Removing lurewatch (the files listed in $record)"
	# Read it all first: the record lists itself.
	record_text=$(cat "$record")
	while IFS= read -r line; do
		case $line in
		"file "*)
			file=${line#file }
			if [ "$dry_run" = 1 ]; then say "  would remove $file"; else rm -f "$file"; fi
			;;
		esac
	done <<EOF
$record_text
EOF
	# Folders last, deepest first, and only when empty: other programs'
	# files in them stay.
	printf '%s\n' "$record_text" | sed -n 's/^dir //p' | awk '{ print length, $0 }' |
		sort -rn | cut -d' ' -f2- | while IFS= read -r dir; do
		if [ "$dry_run" = 1 ]; then
			say "  would remove the folder $dir if empty"
		elif [ -d "$dir" ] && ! rmdir "$dir" 2>/dev/null; then
			say "  kept $dir: it holds other files"
		fi
	done
	if [ "$dry_run" = 1 ]; then
		say "Nothing was removed (--dry-run)."
	else
		say "lurewatch is removed."
	fi
	exit 0
fi

# --- Install --------------------------------------------------------------

say "Installing lurewatch"
if [ "$scope" = system ]; then
	say "  for every user of this computer, under $prefix"
else
	say "  for $(id -un) only, under $prefix"
	if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
		say "  Note: you used sudo, so this sets it up for root, not for $SUDO_USER."
		say "  Run it without sudo for yourself, or with --system for every user."
	fi
fi
if [ -z "$build" ]; then
	if [ -w "$root" ]; then
		build="$root/build-release"
	else
		build="${XDG_CACHE_HOME:-$HOME/.cache}/lurewatch/build"
	fi
fi

say ""
say "[1/5] Finding your browsers"
if [ -z "$browsers" ]; then
	for b in $ALL_BROWSERS; do
		browser_found "$b" && browsers="$browsers $b"
	done
fi
sandbox_notes
[ "$firefox_snap" = 0 ] || browsers="$browsers firefox"
chosen=""
for b in $ALL_BROWSERS; do
	case " $browsers " in *" $b "*) chosen="$chosen $b" ;; esac
done
for b in $chosen; do
	[ -n "$(manifest_dirs "$b")" ] && continue
	say "      $(display_name "$b"): no folder for all users is known; run without --system, as each user."
done
if [ -z "$chosen" ]; then
	say "      No browser found. If you have one, run this again with --browser NAME"
	say "      (chrome, chromium, edge, brave, vivaldi or firefox)."
else
	say "      Setting up:$(for b in $chosen; do printf ' %s,' "$(display_name "$b")"; done | sed 's/,$//')"
fi

# Every file this run writes, and the folders it creates.
manifests=""
for b in $chosen; do
	while IFS= read -r dir; do
		[ -n "$dir" ] || continue
		manifests="$manifests$b $dir/$host_name.json
"
	done <<EOF
$(manifest_dirs "$b")
EOF
done
manifests=$(printf '%s' "$manifests" | sort -u -k2)
planned=$(
	program_files
	printf '%s\n' "$manifests" | sed -n 's/^[a-z]* //p'
	echo "$record"
)
created=$(printf '%s\n' "$planned" | while IFS= read -r f; do missing_dirs "$f"; done)

if [ "$dry_run" = 1 ]; then
	say ""
	say "Dry run: nothing is written. A real run would:"
	say "  install the build tools when missing: $(lw_build_packages "$(lw_package_manager)")"
	say "  build in $build"
	say "  write these files:"
	printf '%s\n' "$planned" | sed 's/^/    /'
	[ -z "$created" ] || {
		say "  creating these folders:"
		printf '%s\n' "$created" | sort -u | sed 's/^/    /'
	}
	exit 0
fi

say ""
say "[2/5] Checking the tools needed to build lurewatch"
lw_need_build_deps ||
	fail "the build tools could not be installed" \
		"check the internet connection and run this again, or install them by hand (docs/install.md)"

say ""
say "[3/5] Building lurewatch (the first time takes a minute or two)"
mkdir -p "$build"
log="$build/install.log"
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
if ! {
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF &&
		cmake --build "$build" -j"$jobs"
} >"$log" 2>&1; then
	tail -n 15 "$log" >&2
	fail "the build failed (the full log is $log)" \
		"send that log file with your question to the lurewatch team (docs/install.md)"
fi

say ""
say "[4/5] Installing the programs, the rules and the browser helper"
if ! cmake --install "$build" --prefix "$prefix" >>"$log" 2>&1; then
	tail -n 5 "$log" >&2
	fail "could not copy the files into $prefix" \
		"check that you may write there, or choose another folder with --prefix"
fi
if [ "$(sort "$build/install_manifest.txt")" != "$(program_files | sort)" ]; then
	fail "the installed files are not the ones this installer expected" \
		"this is a bug in lurewatch: please report it with $build/install_manifest.txt"
fi
while IFS=' ' read -r b file; do
	[ -n "$file" ] || continue
	if write_if_changed "$file" "$(manifest_text "$b")"; then
		say "      $(display_name "$b"): registered ($file)"
	else
		say "      $(display_name "$b"): already registered"
	fi
done <<EOF
$manifests
EOF

# The record: this run's files and created folders, plus what an earlier
# run recorded and is still there, so --uninstall removes it all.
old_files="" old_dirs=""
if [ -f "$record" ]; then
	old_files=$(sed -n 's/^file //p' "$record" | while IFS= read -r f; do
		[ -e "$f" ] && echo "$f"
	done)
	old_dirs=$(sed -n 's/^dir //p' "$record")
fi
record_text=$(
	echo "# Files and folders written by lurewatch's installers/install.sh."
	echo "# installers/install.sh --uninstall removes them."
	{
		printf '%s\n' "$planned"
		[ -z "$old_files" ] || printf '%s\n' "$old_files"
	} | sort -u | sed 's/^/file /'
	{
		[ -z "$created" ] || printf '%s\n' "$created"
		[ -z "$old_dirs" ] || printf '%s\n' "$old_dirs"
	} | sort -u | sed 's/^/dir /'
)
write_if_changed "$record" "$record_text" || true

say ""
say "[5/5] Checking that it works"
reply=$(cd / && env -u LUREWATCH_RULES "$prefix/bin/lurewatch" host-send --host "$host_path" \
	'{"v":1,"id":"install-check","op":"hello"}' 2>"$build/self-check.log") || reply=""
case $reply in
*'"ok":true'*) ;;
*)
	cat "$build/self-check.log" >&2
	fail "the browser helper $host_path did not answer" \
		"run this installer again; if it still fails, send $build/self-check.log to the lurewatch team"
	;;
esac
pack=$(printf '%s' "$reply" | sed -n 's/.*"pack":{"name":"\([^"]*\)","version":"\([^"]*\)".*"rules":\([0-9]*\).*/\1 \2, \3 rules/p')
say "      The browser helper answers (rules: $pack)."
say "      Here is what lurewatch says about a sample job advert:"
say "      ------------------------------------------------------------"
(cd / && env -u LUREWATCH_RULES "$prefix/bin/lurewatch" scan --color never \
	"$prefix/share/lurewatch/rules/samples/lure-en.txt") | sed 's/^/      /'
say "      ------------------------------------------------------------"
say ""
say "Done. lurewatch is installed."
case ":$PATH:" in
*":$prefix/bin:"*) ;;
*) say "To use the lurewatch command, add $prefix/bin to your PATH (or log out and in again)." ;;
esac
say "Next: add the lurewatch extension to your browser (docs/install.md), then restart the browser."

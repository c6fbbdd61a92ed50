# Shared by tests/run.sh and installers/quickstart.sh: install Debian
# packages that are missing, or say exactly what to install when we are not
# root. Sourced, not run.

# lw_need_packages PKG...: make sure each Debian package is installed.
lw_need_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
			grep -q 'install ok installed'; then
			missing+=("$pkg")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! command -v apt-get >/dev/null; then
		echo "Please install: ${missing[*]} (no apt-get here)" >&2
		return 1
	fi
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null; then
			sudo="sudo"
		else
			echo "Please install as root: apt-get install ${missing[*]}" >&2
			return 1
		fi
	fi
	echo "==> Installing ${missing[*]}" >&2
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >&2
}

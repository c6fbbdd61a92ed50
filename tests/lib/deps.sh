# shellcheck shell=bash
# Shared by tests/run.sh and installers/install.sh: install packages that
# are missing, or say exactly what to install when we cannot. Sourced, not
# run. Works with bash 3.2 (macOS) as well as Debian's bash.

# lw_package_manager: print the package manager found here (apt, dnf,
# pacman or brew), or nothing.
lw_package_manager() {
	local manager
	for manager in apt-get dnf pacman brew; do
		if command -v "$manager" >/dev/null 2>&1; then
			echo "${manager%-get}"
			return 0
		fi
	done
}

# lw_package_installed MANAGER PKG: whether the package is installed.
lw_package_installed() {
	case $1 in
	apt) dpkg-query -W -f='${Status}' "$2" 2>/dev/null |
		grep -q 'install ok installed' ;;
	dnf) rpm -q "$2" >/dev/null 2>&1 ;;
	pacman) pacman -Q "$2" >/dev/null 2>&1 ;;
	brew) brew list --versions "$2" >/dev/null 2>&1 ;;
	*) return 1 ;;
	esac
}

# lw_need_with MANAGER PKG...: install the packages that are missing with
# MANAGER, as root or through sudo (Homebrew: as the user).
lw_need_with() {
	local manager=$1 missing=() pkg
	shift
	for pkg in "$@"; do
		lw_package_installed "$manager" "$pkg" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	if [ "$manager" != brew ] && [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null; then
			sudo="sudo"
		else
			echo "Please install as root: $(lw_install_command "$manager") ${missing[*]}" >&2
			return 1
		fi
	fi
	echo "==> Installing ${missing[*]}" >&2
	case $manager in
	apt)
		$sudo apt-get -o Acquire::Retries=3 update -qq >&2
		DEBIAN_FRONTEND=noninteractive $sudo apt-get -o Acquire::Retries=3 install -y -qq \
			--no-install-recommends "${missing[@]}" >&2
		;;
	*) # shellcheck disable=SC2046 # the command is several words
		$sudo $(lw_install_command "$manager") "${missing[@]}" >&2 ;;
	esac
}

# lw_install_command MANAGER: the command that installs packages with it.
lw_install_command() {
	case $1 in
	apt) echo "apt-get install -y" ;;
	dnf) echo "dnf install -y" ;;
	pacman) echo "pacman -S --needed --noconfirm" ;;
	brew) echo "brew install" ;;
	esac
}

# lw_need_packages PKG...: make sure each Debian package is installed.
lw_need_packages() {
	if ! command -v apt-get >/dev/null; then
		local pkg absent=""
		for pkg in "$@"; do
			lw_package_installed apt "$pkg" || absent="$absent $pkg"
		done
		[ -z "$absent" ] && return 0
		echo "Please install:$absent (no apt-get here)" >&2
		return 1
	fi
	lw_need_with apt "$@"
}

# lw_build_packages MANAGER: the packages that build lurewatch (a C
# compiler, CMake, pkg-config, jansson, PCRE2 and libunistring) under the
# names MANAGER uses.
lw_build_packages() {
	case $1 in
	apt) echo build-essential cmake pkg-config libjansson-dev \
		libpcre2-dev libunistring-dev ;;
	dnf) echo gcc make cmake pkgconf-pkg-config jansson-devel \
		pcre2-devel libunistring-devel ;;
	pacman) echo gcc make cmake pkgconf jansson pcre2 libunistring ;;
	brew) echo cmake pkg-config jansson pcre2 libunistring ;;
	esac
}

# lw_need_build_deps: install what building lurewatch needs, with whichever
# package manager this machine has.
lw_need_build_deps() {
	local manager
	manager=$(lw_package_manager)
	if [ -z "$manager" ]; then
		echo "No apt-get, dnf, pacman or brew here. Please install a C" \
			"compiler, CMake, pkg-config, jansson, PCRE2 and" \
			"libunistring, then run this again." >&2
		return 1
	fi
	# shellcheck disable=SC2046 # one word per package
	lw_need_with "$manager" $(lw_build_packages "$manager")
}

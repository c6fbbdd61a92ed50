# shellcheck shell=bash
# Shared by the test runners that check output against expectation files
# (tests/cli/run-cases.sh, tests/host/memory/run.sh). Sourced, not run.

# has FILE PATTERNS: every line of PATTERNS occurs in FILE; otherwise print
# the first missing line and fail.
has() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		[ -z "$line" ] && continue
		grep -qF -- "$line" "$1" || { echo "missing: $line"; return 1; }
	done <"$2"
}

# lacks FILE PATTERNS: no line of PATTERNS occurs in FILE; otherwise print
# the first one found and fail.
lacks() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		[ -z "$line" ] && continue
		if grep -qF -- "$line" "$1"; then
			echo "unexpected: $line"
			return 1
		fi
	done <"$2"
}

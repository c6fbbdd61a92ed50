#!/usr/bin/env bash
# Runs the memory-file cases: each directory under CASES is one case, a
# sequence of host runs that share one fresh data directory (so one run
# can find what the one before wrote). Files of a case, N = 1, 2, ...:
#   runN.stdin       messages for `lurewatch host-send`, one per line
#                    (runs go on while runN.stdin exists)
#   runN.env         KEY=VALUE lines for the host (LUREWATCH_TEST_NOW, ...)
#   runN.args        extra host arguments, one per line
#   runN.before.sh   run with the data directory as $1 before run N
#   runN.stdout-has  lines that must each occur in the replies
#   runN.stdout-lacks lines that must not occur in the replies
#   runN.stderr-has  lines that must each occur in the host's log
#   runN.after.sh    run with the data directory as $1 after run N; fails
#                    the case unless it exits 0
# The host runs as browsers start it: sandboxed (seccomp and Landlock,
# writes only under the data directory); each run checks its log says so.
# Prints "N passed, N failed" and exits non-zero on failure.
#   tests/host/memory/run.sh LUREWATCH LUREWATCH_HOST RULES CASES
set -uo pipefail
cli=$1
host=$2
rules=$3
cases=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# shellcheck source=tests/lib/expect.sh
. "$(dirname "$0")/../../lib/expect.sh"

# run_step CASE_DIR N DATA_HOME: one host run; prints its problems.
run_step() {
	local dir=$1 n=$2 xdg=$3 data="$3/lurewatch" out
	local wrapper="$work/host-$n"
	local -a env_args=() host_args=()
	[ -f "$dir/run$n.env" ] && mapfile -t env_args < <(grep -v '^ *$' "$dir/run$n.env")
	[ -f "$dir/run$n.args" ] && mapfile -t host_args < <(grep -v '^ *$' "$dir/run$n.args")
	# host-send starts the host it is given: a wrapper adds the case's
	# environment and arguments.
	{
		printf '#!/bin/sh\nexec env XDG_DATA_HOME=%q' "$xdg"
		printf ' %q' "${env_args[@]}" "$host" "${host_args[@]}"
		printf ' "$@"\n'
	} >"$wrapper"
	chmod +x "$wrapper"
	if [ -f "$dir/run$n.before.sh" ]; then
		mkdir -p "$data"
		bash "$dir/run$n.before.sh" "$data" || echo "run $n: before.sh failed"
	fi
	timeout 60 "$cli" host-send --host "$wrapper" --rules "$rules" \
		<"$dir/run$n.stdin" >"$work/out" 2>"$work/err"
	local status=$?
	[ "$status" -eq 0 ] || echo "run $n: host-send exited $status: $(tail -3 "$work/err")"
	grep -q 'sandbox: seccomp and Landlock ABI [0-9]* on; writes only under' "$work/err" ||
		echo "run $n: the host did not enter its sandbox: $(grep sandbox "$work/err")"
	[ -f "$dir/run$n.stdout-has" ] && { out=$(has "$work/out" "$dir/run$n.stdout-has") || echo "run $n: stdout $out"; }
	[ -f "$dir/run$n.stdout-lacks" ] && { out=$(lacks "$work/out" "$dir/run$n.stdout-lacks") || echo "run $n: stdout $out"; }
	[ -f "$dir/run$n.stderr-has" ] && { out=$(has "$work/err" "$dir/run$n.stderr-has") || echo "run $n: stderr $out"; }
	if [ -f "$dir/run$n.after.sh" ]; then
		out=$(bash "$dir/run$n.after.sh" "$data" 2>&1) || echo "run $n: after.sh failed: $out"
	fi
}

for dir in "$cases"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	xdg="$work/xdg-$name"
	mkdir -p "$xdg"
	: >"$work/problems"
	for ((n = 1; n <= 9; n++)); do
		[ -f "$dir/run$n.stdin" ] || break
		run_step "$dir" "$n" "$xdg" >>"$work/problems"
	done
	if [ ! -s "$work/problems" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		sed 's/^/  /' "$work/problems"
		echo "  last host log: $(head -c 800 "$work/err")"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

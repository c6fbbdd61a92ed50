#!/usr/bin/env bash
# Run the CLI cases: each directory under CASES is one case, written as
# data so that adding a case is adding a directory (see README.md):
#   args          the command's arguments, one per line; @ROOT@ is the
#                 repository and @CASE@ the case's directory
#   stdin         fed to standard input (or stdin.sh, whose output is)
#   status        the expected exit status (default 0)
#   stdout        the exact expected standard output
#   stdout-has    lines that must each occur in standard output
#   stdout-lacks  lines that must not occur in standard output
#   stderr-has    lines that must each occur in standard error
#   lines         the expected number of lines of standard output
# A case fails on any mismatch, on a crash (death by a signal) and on a
# hang (60 s). Prints "N passed, N failed" and exits non-zero on failure.
set -uo pipefail
# No item time budget unless a case asks for one (--item-budget-ms): an
# expected result must not depend on how fast the machine is (valgrind
# runs these cases 50 times slower).
export LUREWATCH_ITEM_BUDGET_MS=none
bin=$1
cases=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# shellcheck source=tests/lib/expect.sh
. "$root/tests/lib/expect.sh"

for dir in "$cases"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	args=()
	while IFS= read -r a || [ -n "$a" ]; do
		a=${a//@ROOT@/$root}
		args+=("${a//@CASE@/$dir}")
	done <"$dir/args"
	if [ -f "$dir/stdin.sh" ]; then
		bash "$dir/stdin.sh" >"$work/in"
	elif [ -f "$dir/stdin" ]; then
		cp "$dir/stdin" "$work/in"
	else
		: >"$work/in"
	fi
	timeout 60 "$bin" "${args[@]}" <"$work/in" >"$work/out" 2>"$work/err"
	status=$?
	want=$(cat "$dir/status" 2>/dev/null || echo 0)
	problems=()
	[ "$status" -eq 124 ] && problems+=("hung (killed after 60 s)")
	[ "$status" -gt 124 ] && [ "$status" -ne "$want" ] &&
		problems+=("crashed (status $status)")
	[ "$status" -ne "$want" ] && problems+=("status $status, want $want")
	if [ -f "$dir/stdout" ] && ! cmp -s "$dir/stdout" "$work/out"; then
		problems+=("stdout differs: $(diff "$dir/stdout" "$work/out" | head -5)")
	fi
	[ -f "$dir/stdout-has" ] && ! out=$(has "$work/out" "$dir/stdout-has") &&
		problems+=("stdout: $out")
	[ -f "$dir/stdout-lacks" ] && ! out=$(lacks "$work/out" "$dir/stdout-lacks") &&
		problems+=("stdout: $out")
	[ -f "$dir/stderr-has" ] && ! out=$(has "$work/err" "$dir/stderr-has") &&
		problems+=("stderr: $out")
	if [ -f "$dir/lines" ]; then
		got=$(wc -l <"$work/out")
		[ "$got" -eq "$(cat "$dir/lines")" ] ||
			problems+=("$got lines of output, want $(cat "$dir/lines")")
	fi
	if [ ${#problems[@]} -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		printf '  %s\n' "${problems[@]}"
		echo "  stderr: $(head -c 600 "$work/err")"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

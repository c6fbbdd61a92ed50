#!/usr/bin/env bash
# Run the CLI cases (tests/cli/cases, tests/hostile/cli; not the generated
# size tests) and the host cases
# listed in cases.txt (a host start costs seconds under valgrind, so the
# list picks the framing, protocol and hostile-Unicode paths) under valgrind
# memcheck: any invalid access, use of
# uninitialised memory or leak of any kind (definite, indirect, possible,
# still reachable) makes the program exit 99, which fails its case.
# PCRE2's JIT is turned off by preloading liblw_nojit.so (see nojit.c);
# the engine then runs PCRE2's interpreter, under the same match limits.
#
#   tests/host/valgrind/run.sh [BUILD_DIR]     (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LD_PRELOAD="$build/tests/liblw_nojit.so"
export XDG_DATA_HOME="$work/data"
# No item time budget: under valgrind an ordinary advert takes 100-250 ms.
export LUREWATCH_ITEM_BUDGET_MS=none
memcheck=(valgrind -q --error-exitcode=99 --leak-check=full
	--show-leak-kinds=all --errors-for-leak-kinds=all)

# The CLI cases take a program to run: a wrapper that runs lurewatch
# under valgrind.
cat >"$work/lurewatch" <<WRAP
#!/bin/sh
exec ${memcheck[*]} "$build/lurewatch" "\$@"
WRAP
chmod +x "$work/lurewatch"

# Cases whose input is generated (stdin.sh: the 10 MB fields, the 100,000
# comments) are size tests, run natively and under ASan; under valgrind,
# 50 times slower, they would only test patience.
mkdir -p "$work/cli-cases"
for dir in "$root"/tests/cli/cases/*/ "$root"/tests/hostile/cli/*/; do
	[ -f "$dir/stdin.sh" ] || cp -r "$dir" "$work/cli-cases/"
done
"$root/tests/cli/run-cases.sh" "$work/lurewatch" "$work/cli-cases" \
	>"$work/cli.log" 2>&1 &
cli=$!
mapfile -t host_cases < <(sed -e 's/#.*//' -e '/^ *$/d' \
	-e "s|^|$root/tests/|" "$root/tests/host/valgrind/cases.txt")
LW_TIMEOUT_SCALE=20 "$build/host_case_runner" "${host_cases[@]}" \
	-- "${memcheck[@]}" "$build/lurewatch-host" --rules "$root/rules" \
	>"$work/host.log" 2>&1 &
host=$!
status=0
wait "$cli" || status=1
echo "CLI cases under valgrind: $(grep -E '^[0-9]+ passed' "$work/cli.log" | tr '\n' ' ')"
[ $status -eq 0 ] || cat "$work/cli.log"
if wait "$host"; then
	echo "host cases under valgrind: $(tail -1 "$work/host.log")"
else
	status=1
	cat "$work/host.log"
fi
exit $status

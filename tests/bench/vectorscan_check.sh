#!/usr/bin/env bash
# The Vectorscan build (-DLW_WITH_VECTORSCAN=ON) against the default one, as
# a stage of tests/run.sh: install libvectorscan-dev, build into
# build-vectorscan/, run its unit tests and CLI cases, then
# require `lurewatch batch` output on the benchmark corpus to be
# byte-identical from the Vectorscan build, the default build and the
# default build with --no-prefilter (which is prefilter_identity for the
# Vectorscan build, so CTest's copy of it is not run again here).
# Vectorscan is packaged for x86-64 and arm64 only, and runs only on CPUs
# it supports (hs_valid_platform): elsewhere the stage says so and passes.
#
#   tests/bench/vectorscan_check.sh DEFAULT_BUILD_DIR [--count N]
set -euo pipefail
default_build=$(cd "$1" && pwd)
shift
count=2000
if [ "${1:-}" = "--count" ]; then
	count=$2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=tests/lib/deps.sh
. tests/lib/deps.sh
if ! lw_need_packages libvectorscan-dev; then
	echo "Vectorscan stage skipped: libvectorscan-dev cannot be installed" \
		"here ($(uname -m)); Debian packages it for amd64 and arm64 only"
	exit 0
fi
# Results must not depend on the machine's speed: no item time budget.
export LUREWATCH_ITEM_BUDGET_MS=none
build="build-vectorscan"
cmake -S . -B "$build" -DLW_WERROR=ON -DLW_WITH_VECTORSCAN=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
if "$build/lurewatch" --version | grep -q 'cannot run on this CPU'; then
	echo "Vectorscan stage skipped: $("$build/lurewatch" --version | sed -n 2p)"
	exit 0
fi
if ! "$build/lurewatch" --version | grep -q '^prefilter: Vectorscan'; then
	"$build/lurewatch" --version >&2
	echo "FAIL: the Vectorscan build does not use Vectorscan" >&2
	exit 1
fi
"$build/lurewatch" --version | sed -n 2p
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" \
	-R '^(unit_|cli_cases$)'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/bench/gen_corpus.py --count "$count" >"$work/corpus.jsonl"
"$build/lurewatch" batch --rules rules "$work/corpus.jsonl" >"$work/vectorscan.jsonl"
"$default_build/lurewatch" batch --rules rules "$work/corpus.jsonl" \
	>"$work/default.jsonl"
"$default_build/lurewatch" batch --rules rules --no-prefilter \
	"$work/corpus.jsonl" >"$work/no-prefilter.jsonl"
if ! grep -q '"evidence":\[{' "$work/default.jsonl"; then
	echo "FAIL: no indicator fired on the corpus" >&2
	exit 1
fi
for other in default no-prefilter; do
	if ! cmp "$work/vectorscan.jsonl" "$work/$other.jsonl"; then
		diff <(tr ',' '\n' <"$work/vectorscan.jsonl") \
			<(tr ',' '\n' <"$work/$other.jsonl") | head -20 >&2
		echo "FAIL: the Vectorscan build's results differ from $other" >&2
		exit 1
	fi
done
echo "identical: $count adverts, Vectorscan build = default build =" \
	"--no-prefilter ($(grep -o '"evidence":\[{' "$work/default.jsonl" |
		wc -l) indicators)"

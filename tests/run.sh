#!/usr/bin/env bash
# Build lurewatch and run every test. Installs what is missing (Debian's
# packages, and the extension's pinned npm packages) first, so that it works
# on a fresh machine, in CI as root and for developers alike. Each suite
# prints its own "N passed, N failed" line; the script exits non-zero when
# any suite fails.
#
#   tests/run.sh                 everything
#   LW_SKIP_BROWSERS=1 tests/run.sh   without the browser extension suite
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# One run at a time per checkout: two runs building into the same build
# directories would corrupt each other.
exec 9>"$root/.tests-run.lock"
if ! flock -n 9; then
	echo "==> Waiting for another tests/run.sh in this checkout to finish"
	flock 9
fi
# shellcheck source=tests/lib/deps.sh
. tests/lib/deps.sh

lw_need_packages build-essential cmake pkg-config libjansson-dev \
	libpcre2-dev libunistring-dev
# The case log (host/cases) links SQLite; tests/triage/shards.sh runs GNU parallel.
lw_need_packages libsqlite3-dev parallel
# The rule_texts test (tests/rules/check-texts.sh) reads the pack with jq.
lw_need_packages jq
# The prefilter identity test generates its corpus with tests/bench/gen_corpus.py.
lw_need_packages python3
jobs=$(nproc)
# No item time budget in the tests (docs/protocol.md, "partial"): results
# must not depend on the machine's speed or load; the budget's own tests
# pass --item-budget-ms.
export LUREWATCH_ITEM_BUDGET_MS=none

echo "==> Build with warnings as errors (build/)"
cmake -S . -B build -DLW_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "==> Unit, rule-example, CLI and host tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "==> The same tests under AddressSanitizer and UBSan (build-asan/)"
cmake -S . -B build-asan -DLW_WERROR=ON -DLW_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ctest --test-dir build-asan --output-on-failure -j"$jobs"

# Hardening (docs/security.md): every libFuzzer target for a bounded time,
# then the CLI and host cases under valgrind memcheck.
lw_need_packages clang-14 libclang-rt-14-dev valgrind
echo "==> Fuzzing: each libFuzzer target for ${LW_FUZZ_SECONDS:-45} s (build-fuzz/)"
tests/fuzz/run.sh
echo "==> valgrind memcheck of the CLI and host cases (build/)"
tests/host/valgrind/run.sh build

corpus="$root/../shared/corpus/emscad-dev.jsonl"
if [ -f "$corpus" ]; then
	echo "==> lurewatch eval on the EMSCAD development split (docs/evaluation.md)"
	build/lurewatch eval "$corpus"
else
	echo "==> $corpus not found: evaluation skipped"
fi

echo "==> Quality floors: eval on tests/corpus (clean, obfuscated) and EMSCAD dev against tests/corpus/floors.json"
lw_need_packages python3
python3 tests/corpus/floors.py build/lurewatch "$corpus"

echo "==> docs/indicators.md is what lurewatch rules docs prints for rules/"
if ! build/lurewatch rules docs rules | cmp -s - docs/indicators.md; then
	echo "docs/indicators.md differs from the rules: regenerate it with" \
		"build/lurewatch rules docs rules > docs/indicators.md" >&2
	exit 1
fi

echo "==> Vectorscan prefilter build (build-vectorscan/): its tests, and batch output identical to build/ and --no-prefilter"
tests/bench/vectorscan_check.sh build --count 2000

echo "==> Installers and packages: install.sh, manifests, .deb, .tar.gz, mingw-w64 cross-build"
tests/install/run.sh

if [ -z "${LW_SKIP_BROWSERS:-}" ]; then
	echo "==> Browser extension: unit tests, lint, Chromium and Firefox end to end"
	LUREWATCH_HOST="$root/build/lurewatch-host" tests/extension/run.sh
fi

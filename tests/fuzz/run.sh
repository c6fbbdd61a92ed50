#!/usr/bin/env bash
# Build the libFuzzer targets with clang (build-fuzz/) and run each one for
# a bounded time from its seed corpus (tests/fuzz/corpus/NAME), two at a
# time. What a run finds grows a corpus in a scratch directory, never in
# the repository. Any crash, leak, sanitizer report or failed assertion
# fails the run and leaves the input in build-fuzz/findings/.
#
#   tests/fuzz/run.sh                  every target, LW_FUZZ_SECONDS (45) each
#   LW_FUZZ_SECONDS=600 tests/fuzz/run.sh norm   a long run of one target
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${LW_FUZZ_SECONDS:-45}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(framing protocol norm pack analyze jsonout jsonin)
build="$root/build-fuzz"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! { CC=clang-14 cmake -S "$root" -B "$build" -DLW_FUZZ=ON \
	-DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
	cmake --build "$build" -j"$(nproc)"; } >"$work/build.log" 2>&1; then
	cat "$work/build.log"
	exit 1
fi
mkdir -p "$build/findings"

# run_one NAME: fuzz one target, write its log to $work/NAME.log.
run_one() {
	mkdir -p "$work/$1"
	"$build/fuzz_$1" -max_total_time="$seconds" -print_final_stats=1 \
		-timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$build/findings/$1-" \
		"$work/$1" "$root/tests/fuzz/corpus/$1" >"$work/$1.log" 2>&1
}

failed=0
running=()
for name in "${targets[@]}"; do
	run_one "$name" &
	running+=("$!:$name")
	if [ ${#running[@]} -ge "$(nproc)" ] || [ "$name" = "${targets[-1]}" ]; then
		for entry in "${running[@]}"; do
			pid=${entry%%:*}
			job=${entry#*:}
			if wait "$pid"; then
				execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$job.log")
				cov=$(grep -o 'cov: [0-9]*' "$work/$job.log" | tail -1)
				echo "fuzz_$job: ${execs:-?} runs in ${seconds} s, $cov, clean"
			else
				failed=$((failed + 1))
				echo "FAIL fuzz_$job:"
				grep -E -A30 'ERROR|==[0-9]+==|Assertion|Test unit written' "$work/$job.log" | head -60
			fi
		done
		running=()
	fi
done
echo "$(( ${#targets[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]

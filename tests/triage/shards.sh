#!/usr/bin/env bash
# Sharding `lurewatch batch` gives the same bytes as one run
# (docs/triage.md): GNU parallel --pipe --keep-order on one machine, and
# split + one batch per shard + cat, the way shards on many machines are
# merged. Input: a generated batch (always) and the EMSCAD development split
# when it is next to the repository.
#
#   tests/triage/shards.sh LUREWATCH REPO_ROOT
set -euo pipefail
# No item time budget: a result cut short on a busy machine would differ.
export LUREWATCH_ITEM_BUDGET_MS=none
lurewatch=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
passed=0

# Items of many shapes: ascii, a lure, Vietnamese, numbers as refs, a blank
# line, an emoji before the evidence.
generate() {
	local i
	for i in $(seq 1 400); do
		case $((i % 5)) in
		0) printf '{"ref":%d,"text":"Free air ticket and visa! WhatsApp only: +855 12 345 %03d"}\n' "$i" "$i" ;;
		1) printf '{"ref":"g-%d","title":"Accountant %d","text":"Permanent contract in Lyon."}\n' "$i" "$i" ;;
		2) printf '{"ref":"g-%d","lang":"vi","text":"Vi\\u1ec7c l\\u00e0m \\u1edf Campuchia, l\\u01b0\\u01a1ng cao, ph\\u00ed 200 USD"}\n' "$i" ;;
		3) printf '\n{"ref":"g-%d","text":"\\ud83d\\ude00 Registration fee 200 USD, pay before you fly."}\n' "$i" ;;
		4) printf '{"ref":"g-%d","fields":{"location":"Cambodia","salary":"1500 USD"},"text":"Customer service, no experience"}\n' "$i" ;;
		esac
	done
}

# Compare two files byte for byte and count the outcome.
same() {
	if cmp -s "$2" "$3"; then
		passed=$((passed + 1))
		echo "PASS: $1"
	else
		failed=$((failed + 1))
		echo "FAIL: $1"
		cmp "$2" "$3" || true
	fi
}

# One input: a single run, then GNU parallel with 4 jobs over 6 blocks,
# then split into 3 shards run separately and concatenated.
check_input() {
	local name=$1 input=$2
	"$lurewatch" batch --rules "$root/rules" "$input" >"$work/$name.single"
	# About six blocks: each job loads the rule pack once.
	local block=$(($(wc -c <"$input") / 6 + 1))
	parallel --pipe --keep-order --block "$block" -j 4 \
		"$lurewatch" batch --rules "$root/rules" - \
		<"$input" >"$work/$name.parallel"
	same "$name: parallel --pipe --keep-order" \
		"$work/$name.single" "$work/$name.parallel"
	split -n l/3 -d "$input" "$work/$name.shard."
	local shard
	for shard in "$work/$name".shard.0?; do
		"$lurewatch" batch --rules "$root/rules" "$shard" >"$shard.out" &
	done
	wait
	cat "$work/$name".shard.0?.out >"$work/$name.merged"
	same "$name: split into 3 shards, cat" \
		"$work/$name.single" "$work/$name.merged"
	[ "$(wc -l <"$work/$name.single")" -gt 0 ] || {
		failed=$((failed + 1))
		echo "FAIL: $name: no output"
	}
}

generate >"$work/generated.jsonl"
check_input generated "$work/generated.jsonl"
corpus="$root/../shared/corpus/emscad-dev.jsonl"
if [ -f "$corpus" ]; then
	check_input emscad-dev "$corpus"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

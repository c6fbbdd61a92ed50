#!/usr/bin/env bash
# Prove that the literal prefilter changes no result: generate the
# benchmark corpus (gen_corpus.py, deterministic), analyse it with
# `lurewatch batch` with the prefilter and with --no-prefilter, and require
# byte-identical output. CTest runs it on a few thousand adverts; pass
# --count 10000 to check the whole benchmark corpus, and --spacing to vary
# the white space between words (gen_corpus.py).
#
#   tests/bench/prefilter_identity.sh LUREWATCH RULES_DIR [--count N] [--spacing]
set -euo pipefail
# No item time budget: a result cut short on a busy machine would differ.
export LUREWATCH_ITEM_BUDGET_MS=none
lurewatch=$1 rules=$2
shift 2
count=2000 spacing=()
while [ $# -gt 0 ]; do
	case $1 in
	--count) count=$2 && shift ;;
	--spacing) spacing=(--spacing) ;;
	esac
	shift
done
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_corpus.py" --count "$count" "${spacing[@]}" >"$work/corpus.jsonl"
"$lurewatch" batch --rules "$rules" "$work/corpus.jsonl" >"$work/on.jsonl"
"$lurewatch" batch --rules "$rules" --no-prefilter "$work/corpus.jsonl" \
	>"$work/off.jsonl"
lines=$(wc -l <"$work/on.jsonl")
if [ "$lines" -ne "$count" ]; then
	echo "FAIL: $lines results for $count adverts" >&2
	exit 1
fi
# Something must fire, or the comparison would prove nothing.
if ! grep -q '"evidence":\[{' "$work/on.jsonl"; then
	echo "FAIL: no indicator fired on the corpus" >&2
	exit 1
fi
if ! cmp "$work/on.jsonl" "$work/off.jsonl"; then
	diff <(tr ',' '\n' <"$work/on.jsonl") <(tr ',' '\n' <"$work/off.jsonl") |
		head -20 >&2
	echo "FAIL: results differ with and without the prefilter" >&2
	exit 1
fi
echo "identical: $count adverts ($(wc -c <"$work/corpus.jsonl") bytes)," \
	"$(grep -o '"evidence":\[{' "$work/on.jsonl" | wc -l) indicators"

#!/usr/bin/env bash
# Check that every rule and combination of a rule pack has its title, "why"
# and advice in every required language: English inline (in the rule file or
# pack.json), any other language inline or in the pack's texts/LANG.json,
# which must be listed in "text_files". Prints each gap as
#   missing: LANG ID FIELD
# and a summary line; exits non-zero on any gap.
#
#   check-texts.sh PACK_DIR LANGUAGES_FILE
set -euo pipefail
pack=$1
langs=$(grep -v '^#' "$2" | jq -R -s -c 'split("\n") | map(select(length > 0))')
cd "$pack"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every rule and combination as {id, title, why, advice}, inline texts only.
mapfile -t rule_files < <(jq -r '.rule_files[]' pack.json)
{
	jq -c '{id, title, why, advice}' "${rule_files[@]}"
	jq -c '.combinations[]? | {id, title, why, advice}' pack.json
} >"$work/entries"
# The listed text files as one {LANG: {ID: {title, why, advice}}}.
mapfile -t text_files < <(jq -r '.text_files[]?' pack.json)
echo '{}' >"$work/texts"
if [ ${#text_files[@]} -gt 0 ]; then
	jq -n -c 'reduce inputs as $t ({};
		. + {(input_filename | sub(".*/"; "") | sub("\\.json$"; "")): $t})' \
		"${text_files[@]}" >"$work/texts"
fi

jq -n -r --argjson langs "$langs" --slurpfile entries "$work/entries" \
	--slurpfile texts "$work/texts" '
	$texts[0] as $texts
	| [ $langs[] as $lang
	    | if $lang != "en" and ($texts | has($lang) | not) then
	        "missing: \($lang) texts/\($lang).json is not in pack.json text_files"
	      else empty end,
	      ($entries[] as $e | ("title", "why", "advice") as $k
	       | select((($e[$k] // {})[$lang] // $texts[$lang][$e.id][$k] // "")
	                == "")
	       | "missing: \($lang) \($e.id) \($k)") ] as $gaps
	| ($gaps[]),
	  "rule texts: \($entries | length) rules and combinations x \($langs | length) languages, \($gaps | length) missing"' |
	tee "$work/report"
tail -n 1 "$work/report" | grep -q ', 0 missing$'

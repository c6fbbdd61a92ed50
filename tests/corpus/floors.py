#!/usr/bin/env python3
"""Fail when the rule pack's quality falls below tests/corpus/floors.json.

Usage: floors.py LUREWATCH [EMSCAD.jsonl] [--write]

Runs `LUREWATCH eval --json --by lang` on the team's corpus (every
tests/corpus/*.jsonl), on obfuscated copies of its lures (obfuscate.py), on
the held-out adverts (tests/corpus/holdout/*.jsonl), and on the EMSCAD
development split when it is given and exists. Prints every
figure with its floor, then the issue's targets (reported, never failing),
and exits 1 naming each figure that fell below its floor (or rose above its
ceiling). With --write it rewrites floors.json from the figures measured
now, less the margins described in that file.
"""
import glob
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FLOORS = os.path.join(HERE, "floors.json")
LEVELS = ("low", "medium", "high")
# Margins: one item for a figure of one language, these for the others.
MARGIN_CORPUS = 0.02
MARGIN_PR_AUC = 0.02


def run_eval(lurewatch, path):
    """The figures of `lurewatch eval --json --by lang` on a file."""
    out = subprocess.run([lurewatch, "eval", "--json", "--by", "lang", path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def figures(name, result, groups=True, negatives=True):
    """Name -> (value, kind, items behind it) for one corpus's results."""
    found = {}
    blocks = [("all", result)]
    if groups:
        blocks += [(g["value"], g) for g in result.get("groups", [])]
    for group, block in blocks:
        pos, neg = block["positives"], block["negatives"]
        by_level = {t["level"]: t for t in block["thresholds"]}
        for level in LEVELS[1:]:
            key = f"{name}.{group}"
            found[f"{key}.recall@{level}"] = (
                by_level[level]["recall"], "min", pos, group)
            if negatives and neg:
                found[f"{key}.fpr@{level}"] = (
                    by_level[level]["fpr"], "max", neg, group)
        if group == "all":
            found[f"{name}.all.recall@low"] = (
                by_level["low"]["recall"], "min", pos, group)
            if negatives and neg:
                found[f"{name}.all.pr_auc"] = (
                    block["pr_auc"], "min", pos, group)
    return found


def measure(lurewatch, emscad):
    """Evaluate every corpus; returns the named figures."""
    corpus = sorted(glob.glob(os.path.join(HERE, "*.jsonl")))
    with tempfile.TemporaryDirectory() as tmp:
        clean = os.path.join(tmp, "clean.jsonl")
        with open(clean, "wb") as out:
            for path in corpus:
                with open(path, "rb") as f:
                    out.write(f.read())
        obfuscated = os.path.join(tmp, "obfuscated.jsonl")
        with open(obfuscated, "w", encoding="utf-8") as out:
            subprocess.run([sys.executable,
                            os.path.join(HERE, "obfuscate.py")] + corpus,
                           check=True, stdout=out)
        found = figures("clean", run_eval(lurewatch, clean))
        found.update(figures("obfuscated", run_eval(lurewatch, obfuscated),
                             negatives=False))
        held_out = sorted(glob.glob(os.path.join(HERE, "holdout", "*.jsonl")))
        if held_out:
            merged = os.path.join(tmp, "holdout.jsonl")
            with open(merged, "wb") as out:
                for path in held_out:
                    with open(path, "rb") as f:
                        out.write(f.read())
            found.update(figures("holdout", run_eval(lurewatch, merged)))
    if emscad and os.path.exists(emscad):
        found.update(figures("emscad", run_eval(lurewatch, emscad),
                             groups=False))
    return found


def margin(name, items, group):
    """How far below (or above) the measured figure its floor is set."""
    if name.endswith("pr_auc"):
        return MARGIN_PR_AUC
    if group != "all" and items:
        return 1 / items
    return MARGIN_CORPUS


def write_floors(found):
    """Rewrite floors.json from the figures measured now. A floor that no
    figure can fall below (0) or a ceiling none can rise above (1) is left
    out: it could never fail."""
    floors = {"min": {}, "max": {}}
    for name, (value, kind, items, group) in sorted(found.items()):
        m = margin(name, items, group)
        if kind == "min" and value - m > 0:
            floors["min"][name] = math.floor((value - m) * 1000) / 1000
        elif kind == "max" and value + m < 1:
            floors["max"][name] = math.ceil((value + m) * 1000) / 1000
    with open(FLOORS, encoding="utf-8") as f:
        note = json.load(f).get("note", "")
    with open(FLOORS, "w", encoding="utf-8") as f:
        json.dump({"note": note, **floors}, f, indent=1, sort_keys=False)
        f.write("\n")


def report_targets(found):
    """Print whether each of the issue's targets is met (never fails)."""
    print("\nIssue-6 targets (reported, not enforced):")
    langs = sorted({n.split(".")[1] for n in found
                    if n.startswith("clean.") and ".all." not in n})
    for lang in langs:
        r = found.get(f"clean.{lang}.recall@medium", (0,))[0]
        fm = found.get(f"clean.{lang}.fpr@medium", (0,))[0]
        fh = found.get(f"clean.{lang}.fpr@high", (0,))[0]
        o = found.get(f"obfuscated.{lang}.recall@medium", (0,))[0]
        ok = r >= 0.95 and fm <= 0.03 and fh <= 0.01 and r - o <= 0.02
        print(f"  {lang}: recall@medium {r:.3f} (>= 0.95), legit@medium "
              f"{fm:.3f} (<= 0.03), legit@high {fh:.3f} (<= 0.01), "
              f"obfuscated recall@medium {o:.3f} (within 0.02): "
              f"{'met' if ok else 'NOT met'}")
    if "holdout.all.recall@medium" in found:
        print(f"  held-out adverts (no target; for comparison): recall@medium "
              f"{found['holdout.all.recall@medium'][0]:.3f}, legit@medium "
              f"{found['holdout.all.fpr@medium'][0]:.3f}")
    if "emscad.all.fpr@medium" in found:
        f = found["emscad.all.fpr@medium"][0]
        print(f"  EMSCAD dev legit@medium {f:.3f} (<= 0.05): "
              f"{'met' if f <= 0.05 else 'NOT met'}")


def main(argv):
    """Measure, then check the floors or write them."""
    args = [a for a in argv if a != "--write"]
    if not args:
        sys.exit(__doc__)
    found = measure(args[0], args[1] if len(args) > 1 else None)
    if "--write" in argv:
        write_floors(found)
    with open(FLOORS, encoding="utf-8") as f:
        floors = json.load(f)
    fell = []
    print(f"{'figure':40} {'measured':>9} {'floor':>9}")
    for name, (value, kind, _, _) in sorted(found.items()):
        bound = floors[kind].get(name)
        bad = bound is not None and (value < bound - 1e-9 if kind == "min"
                                     else value > bound + 1e-9)
        mark = "" if bound is None else ((">= " if kind == "min" else "<= ")
                                         + f"{bound:.3f}")
        print(f"{name:40} {value:9.3f} {mark:>9}{'  FELL' if bad else ''}")
        if bad:
            fell.append(f"{name} is {value:.3f}, its "
                        f"{'floor' if kind == 'min' else 'ceiling'} "
                        f"is {bound:.3f}")
    for kind in ("min", "max"):
        for name in sorted(set(floors[kind]) - set(found)):
            if not name.startswith("emscad."):
                fell.append(f"{name} has a floor but was not measured")
    report_targets(found)
    if fell:
        print("\nQuality fell below tests/corpus/floors.json:", file=sys.stderr)
        for line in fell:
            print(f"  FAIL {line}", file=sys.stderr)
        return 1
    print("\nAll figures at or above their floors.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

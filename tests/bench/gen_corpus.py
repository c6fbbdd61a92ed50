#!/usr/bin/env python3
"""Write a benchmark corpus of job adverts as JSON Lines, deterministically.

Nothing is downloaded: every advert is assembled from text already in the
repository - the rule pack's own examples (rules/*/*.json, "match" and
"no_match"), its sample adverts (rules/samples/), the team's development
adverts (tests/corpus/*.jsonl) and tests/bench/advert_4k.txt. Each advert
takes the title and fields of one source advert and a text of about
--size bytes made of paragraphs in that advert's language (other adverts
and rule examples), shuffled with a fixed seed, so that the same repository
state always gives the same corpus, byte for byte.

  tests/bench/gen_corpus.py --count 10000 > /tmp/corpus.jsonl

With --spacing, the spaces between words are now and then replaced by
other white space (runs of up to 40 spaces, tabs, newlines, U+00A0,
U+1680, U+2028, U+2029, U+3000), each advert with a generator of its own,
so that the prefilter's bounds on how far \s+ reaches are put to the test;
without it the corpus is the same as ever.
"""
import argparse
import glob
import json
import os
import random
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def rule_examples():
    """(lang, text) of every example of every rule, in file order."""
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*", "*.json"))):
        try:
            with open(path, encoding="utf-8") as f:
                rule = json.load(f)
        except (OSError, ValueError):
            continue
        examples = rule.get("examples") if isinstance(rule, dict) else None
        if not isinstance(examples, dict):
            continue
        for kind in ("match", "no_match"):
            for ex in examples.get(kind, []):
                if isinstance(ex, dict) and isinstance(ex.get("text"), str):
                    found.append((ex.get("lang", "en"), ex["text"]))
    return found


def source_adverts():
    """Adverts with title, text, fields and lang, in a fixed order."""
    adverts = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "corpus", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                item = json.loads(line)
                if isinstance(item.get("text"), str):
                    adverts.append(item)
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "samples", "*.txt"))) + [
        os.path.join(ROOT, "tests", "bench", "advert_4k.txt")
    ]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        title, _, body = text.partition("\n")
        adverts.append({"lang": "en", "title": title.strip(), "text": body.strip()})
    return adverts


SPACES = ["  ", "\t", "\n", " \n\t ", "\u00a0", "\u1680", "\u2028", " \u2029 ", "\u3000"]


def respace(text, rng):
    """text with some of its spaces replaced by other white space."""
    words = text.split(" ")
    out = [words[0]]
    for word in words[1:]:
        r = rng.random()
        if r < 0.8:
            out.append(" ")
        elif r < 0.9:
            out.append(" " * rng.randint(3, 40))
        else:
            out.append(SPACES[rng.randrange(len(SPACES))])
        out.append(word)
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--size", type=int, default=4096, help="bytes of text per advert")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--spacing", action="store_true", help="vary the white space between words")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    adverts = source_adverts()
    by_lang = {}
    for item in adverts:
        by_lang.setdefault(item.get("lang", "en"), []).append(item["text"])
    for lang, text in rule_examples():
        by_lang.setdefault(lang, []).append(text)
    langs = sorted(by_lang)
    out = sys.stdout
    for i in range(args.count):
        base = adverts[rng.randrange(len(adverts))]
        lang = base.get("lang", "en")
        pool = by_lang[lang]
        parts = [base["text"]]
        size = len(base["text"].encode("utf-8"))
        while size < args.size:
            # Mostly the advert's own language, now and then another one.
            src = pool if rng.random() < 0.9 else by_lang[langs[rng.randrange(len(langs))]]
            part = src[rng.randrange(len(src))]
            parts.append(part)
            size += len(part.encode("utf-8")) + 2
        item = {"ref": "b%05d" % i, "kind": "job", "lang": lang, "title": base.get("title", ""),
                "text": "\n\n".join(parts)}
        if isinstance(base.get("fields"), dict):
            item["fields"] = base["fields"]
        if args.spacing:
            spacing = random.Random(args.seed * 1000003 + i)
            item["title"] = respace(item["title"], spacing)
            item["text"] = respace(item["text"], spacing)
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

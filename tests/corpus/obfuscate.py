#!/usr/bin/env python3
"""Write obfuscated copies of the corpus's lures, the ways lures dodge filters.

Usage: obfuscate.py FILE.jsonl... > obfuscated.jsonl

For every item with "label": 1 it prints one copy (ref "REF~obf") whose title,
text and fields are disguised with:
  - look-alike letters: Latin letters replaced by Cyrillic or Greek ones
    that look the same ("WhatsApp" -> "WhаtsАpp");
  - zero-width characters (and soft hyphens) inside words;
  - words spelt out letter by letter ("T e l e g r a m");
  - numbers written digit by digit as words in the item's language
    ("1500" -> "one five zero zero"), or in full-width or mathematical
    digits.
Legitimate adverts are not copied. The choices are drawn from a generator
seeded with the item's ref, so the same corpus always gives the same
output, on any machine and Python 3 version.
"""
import hashlib
import json
import random
import re
import sys
import unicodedata

# Latin letters and the Cyrillic or Greek letters that look like them.
LOOK_ALIKES = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "о", "p": "р",
    "s": "ѕ", "x": "х", "y": "у", "A": "А", "B": "В", "C": "С", "E": "Е",
    "H": "Н", "I": "І", "K": "К", "M": "М", "N": "Ν", "O": "О", "P": "Р",
    "S": "Ѕ", "T": "Т", "X": "Х", "Y": "Υ", "Z": "Ζ",
}

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"]

# Digits 0-9 as words, per language (as people spell out phone numbers).
DIGIT_WORDS = {
    "en": "zero one two three four five six seven eight nine",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve",
    "pt": "zero um dois três quatro cinco seis sete oito nove",
    "ru": "ноль один два три четыре пять шесть семь восемь девять",
    "uk": "нуль один два три чотири п'ять шість сім вісім дев'ять",
    "ro": "zero unu doi trei patru cinci șase șapte opt nouă",
    "vi": "không một hai ba bốn năm sáu bảy tám chín",
    "id": "nol satu dua tiga empat lima enam tujuh delapan sembilan",
    "tl": "sero isa dalawa tatlo apat lima anim pito walo siyam",
    "zh": "零 一 二 三 四 五 六 七 八 九",
    "hi": "शून्य एक दो तीन चार पाँच छह सात आठ नौ",
    "ne": "शून्य एक दुई तीन चार पाँच छ सात आठ नौ",
    "ar": "صفر واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة",
    "th": "ศูนย์ หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด เก้า",
    "km": "សូន្យ មួយ ពីរ បី បួន ប្រាំ ប្រាំមួយ ប្រាំពីរ ប្រាំបី ប្រាំបួន",
    "my": "သုည တစ် နှစ် သုံး လေး ငါး ခြောက် ခုနစ် ရှစ် ကိုး",
}
# Languages whose digit words are written without spaces between them.
NO_SPACE_DIGITS = {"zh"}

# Scripts whose words are spelt out letter by letter (in the others,
# letters change shape or join, and spacing them is not what lures do).
SPACED_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
WORD = re.compile(r"\w+")


def is_mark(ch):
    """A combining mark: nothing may be inserted before it."""
    return unicodedata.category(ch).startswith("M")


def disguise_number(rng, token, lang):
    """Write a number's digits as words, full-width or mathematical digits."""
    digits = [unicodedata.digit(ch) for ch in token if ch.isdigit()]
    pick = rng.random()
    if pick < 0.5:
        words = DIGIT_WORDS.get(lang, DIGIT_WORDS["en"]).split()
        sep = "" if lang in NO_SPACE_DIGITS else " "
        return sep.join(words[d] for d in digits)
    base = 0xFF10 if pick < 0.75 else 0x1D7CE
    return "".join(chr(base + unicodedata.digit(ch)) if ch.isdigit() else ch
                   for ch in token)


def disguise_word(rng, word):
    """Disguise one word with look-alikes, invisible characters or spacing."""
    pick = rng.random()
    latin = [i for i, ch in enumerate(word) if ch in LOOK_ALIKES]
    if pick < 0.35 and latin:
        chars = list(word)
        for i in rng.sample(latin, max(1, len(latin) // 2)):
            chars[i] = LOOK_ALIKES[chars[i]]
        return "".join(chars)
    if pick < 0.65 and len(word) > 2:
        spots = [i for i in range(1, len(word)) if not is_mark(word[i])]
        if not spots:
            return word
        chars = list(word)
        for i in sorted(rng.sample(spots, min(2, len(spots))), reverse=True):
            chars.insert(i, rng.choice(INVISIBLE))
        return "".join(chars)
    if (pick < 0.8 and 4 <= len(word) <= 12 and all(
            unicodedata.name(ch, "").startswith(SPACED_SCRIPTS)
            for ch in word)):
        return " ".join(word)
    return word


def obfuscate(rng, text, lang):
    """Disguise a field: every number, and about half of the words."""
    text = NUMBER.sub(lambda m: disguise_number(rng, m.group(), lang), text)
    return WORD.sub(
        lambda m: disguise_word(rng, m.group())
        if rng.random() < 0.5 else m.group(), text)


def main(paths):
    """Print an obfuscated copy of every lure in the given files."""
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                item = json.loads(line)
                if item.get("label") != 1:
                    continue
                seed = int.from_bytes(
                    hashlib.sha256(str(item["ref"]).encode()).digest()[:8],
                    "big")
                rng = random.Random(seed)
                lang = item.get("lang", "en")
                for key in ("title", "text"):
                    if isinstance(item.get(key), str):
                        item[key] = obfuscate(rng, item[key], lang)
                fields = item.get("fields", {})
                for key in sorted(fields):
                    fields[key] = obfuscate(rng, fields[key], lang)
                item["ref"] = f"{item['ref']}~obf"
                item["obfuscated"] = True
                print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])

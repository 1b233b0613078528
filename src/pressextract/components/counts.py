"""Counts with their unit noun: "15 officials", "eight (8) online lectures", "$8 million".

Numbers are found in the text with one expression (digits, number words, scale words,
currencies, a repeated figure in parentheses); the unit is the head noun of the noun phrase that
follows, read off spaCy's tags. Counts are discrete things and money - not percentages,
durations, ordinals, years or dates.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import srsly
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..calendar_words import MONTH_WORDS
from ..settings import COUNT_DATE_CONTEXT_CHARS, COUNT_UNIT_MAX_GAP_CHARS, COUNT_UNIT_MAX_TOKENS, YEAR_RANGE
from .doccache import text_of, token_at
from .entities import NAME_LABELS

if not Span.has_extension("count"):
    Span.set_extension("count", default=None)   # Count attached to each span in doc.spans["counts"]

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "mn": 1e6, "m": 1e6, "bn": 1e9, "k": 1e3}
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP",
                   "GBP": "GBP", "¥": "JPY", "JPY": "JPY", "₩": "KRW", "KRW": "KRW", "CNY": "CNY",
                   "RMB": "CNY", "C$": "CAD", "CAD": "CAD", "A$": "AUD", "AUD": "AUD",
                   "CHF": "CHF", "INR": "INR", "₹": "INR", "SGD": "SGD", "S$": "SGD"}
_CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
                   "pounds": "GBP", "won": "KRW", "yen": "JPY", "yuan": "CNY", "rupees": "INR",
                   "francs": "CHF"}
# Units that make a number a duration, a measure of time or a share: not counts.
_NOT_UNITS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century",
              "time", "percent", "per", "cent", "%", "degree", "th", "st", "nd", "rd", "am", "pm",
              "p.m.", "a.m.", "o'clock", "year-old", "times", "fold", "half", "quarter", "one"}
# Units of measure: a size, a distance or a volume is not a count of things.
_MEASURES = {"square", "sq", "foot", "feet", "ft", "acre", "hectare", "mile", "km", "kilometer", "kilometre",
             "meter", "metre", "cm", "mm", "inch", "yard", "liter", "litre", "ml", "gallon", "ton", "tonne", "t",
             "kg", "kilogram", "gram", "g", "mg", "lb", "ounce", "oz", "mph", "mw", "kw", "kwh", "mwh", "gw", "gb",
             "tb", "mb", "megawatt", "kilowatt", "gigawatt", "barrel", "calorie", "watt", "volt", "psi", "celsius",
             "fahrenheit"}
# Words that number a stage, an instalment or a rank rather than count things: the number after
# one is a designation ("a phase 3 trial", "season 4 premieres", "tier 1 suppliers", "type 2
# diabetes"), in any case.
_DESIGNATORS = {"phase", "stage", "tier", "season", "episode", "level", "grade", "class", "type", "category",
                "series", "chapter", "part", "volume", "vol", "version", "step", "round", "no", "number"}
# A number that is part of a name or a code: right after an acronym or an abbreviation ("ISO
# 27001", "SOC 2", "Inc. 5000", "No. 52"), or in parentheses glued to what comes before ("501(c)(3)").
_NAME_BEFORE = re.compile(r"(?:^|\s)(?:[A-Z][A-Z&]+|[A-Z][a-z]{0,3}\.)[ \u00a0]?$|\S\($")
# A capitalised word right before a number, inside a sentence: "a Phase 3 trial", "Fortune 500".
_CAPITALISED_BEFORE = re.compile(r"(?P<before>\S+)[ \u00a0](?P<word>[A-Z][\w&/-]*)[ \u00a0]$")
# A number before a capitalised name and a street word is an address ("212 Culver Ave").
_ADDRESS = re.compile(r"\s+(?:[A-Z][\w.'-]*\s+){1,3}(?:Ave(?:nue)?|St(?:reet)?|Rd|Road|Blvd|Boulevard|Dr(?:ive)?|"
                      r"Lane|Ln|Way|Pkwy|Parkway|Highway|Hwy|Court|Ct|Place|Pl|Plaza|Square|Suite|Terrace|Circle)\b\.?")

_WORD = "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True))
_SIGN = "|".join(re.escape(s) for s in sorted(_CURRENCY_SIGNS, key=len, reverse=True))
_NUMBER_RE = re.compile(
    rf"(?P<approx>\b(?:more than|over|nearly|almost|about|around|approximately|roughly|some|"
    rf"up to|at least|close to|upwards of)\s+)?"
    rf"(?P<cur>(?<![\w$])(?:{_SIGN})\s?)?"
    rf"(?P<num>(?<![\w.,/:-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\w%°/]|,\d|-\d|\.\d)"
    rf"|\b(?:{_WORD})(?:-(?:{_WORD}))?\b(?!-(?:third|thirds|fourth|fourths|half|quarter|fifth|tenth|twelfth)))"
    rf"(?P<repeat>\s*\(\s*\d[\d,.]*\s*\))?"
    rf"(?P<scale>\s+(?:hundred|thousand|million|billion|trillion|mn|bn)\b|(?<=\d)(?:m|bn|k)\b)?"
    rf"(?P<curword>\s+(?:{'|'.join(_CURRENCY_WORDS)})\b)?",
    re.I,
)
_COMPOUND_UNIT = re.compile(r"-(?P<unit>[a-z]+(?:-[a-z]+)*)\b", re.I)
# The one attribute that counts things: a "three-member board" has three members.
_MEMBERS = "member"


@dataclass
class Count:
    value: float
    unit: str
    text: str
    start: int
    end: int
    approximate: bool = False


# ``span._.count`` lives in ``doc.user_data``, which ``Doc.to_bytes`` packs with msgpack (so do
# ``nlp.pipe(..., n_process=2)`` and ``DocBin``): a Count travels as a tagged list and comes back
# a Count.
_COUNT_TAG = "__pressextract_count__"


def _encode_count(obj, chain=None):
    if isinstance(obj, Count):
        return {_COUNT_TAG: [obj.value, obj.unit, obj.text, obj.start, obj.end, obj.approximate]}
    return obj if chain is None else chain(obj)


def _decode_count(obj, chain=None):
    if isinstance(obj, dict) and _COUNT_TAG in obj:
        return Count(*obj[_COUNT_TAG])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("pressextract_count", func=_encode_count)
srsly.msgpack_decoders.register("pressextract_count", func=_decode_count)


def parse_number(text: str) -> float | None:
    """'1,500' -> 1500.0, 'twenty-five' -> 25.0, '200 million' -> 2e8; None if not a number."""
    words = text.lower().replace(",", "").split()
    if not words:
        return None
    value: float | None = None
    for word in words:
        if re.fullmatch(r"\d+(\.\d+)?", word):
            value = float(word)
        elif word in _SCALES and value is not None:
            value *= _SCALES[word]
        else:
            parts = word.split("-")
            if all(p in _UNITS or p in _TENS for p in parts):
                value = float(sum(_UNITS.get(p, 0) + _TENS.get(p, 0) for p in parts))
            else:
                return None
    # 300 digits are no count: float() makes them inf, which JSON cannot carry (it was written as null)
    return value if value is None or math.isfinite(value) else None


def find_counts(doc: Doc) -> list[Count]:
    """All counts in `doc` (a tagged spaCy Doc)."""
    text = text_of(doc)
    counts: list[Count] = []
    # A number inside a name the entity components kept is part of it ("360 Orthodontics"), as it
    # is inside a law's or an index's ("S&P 500").
    in_names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NAME_LABELS or e.label_ == "LAW"]
    for m in _NUMBER_RE.finditer(text):
        num = m.group("num")
        cur = (m.group("cur") or "").strip()
        curword = (m.group("curword") or "").strip().lower()
        scale = (m.group("scale") or "").strip().lower()
        value = parse_number(f"{num} {_SCALE_WORD.get(scale, scale)}".strip())
        if value is None or (num.lower() in ("one", "zero") and not scale):
            continue                                   # "one of the", "Race to Zero"
        before = re.split(r"[\s\-–]+", text[max(0, m.start("num") - COUNT_DATE_CONTEXT_CHARS) : m.start("num")].lower())
        before = [w for w in before if w]
        after = text[m.end() : m.end() + COUNT_DATE_CONTEXT_CHARS].lower().split()
        if (before and before[-1].strip(".,") in MONTH_WORDS) or (after and after[0].strip(".,") in MONTH_WORDS):
            continue                                   # a date ("20 May", "June 12")
        if before and before[-1].strip(".,(") in _DESIGNATORS:
            continue                                   # a designation: "phase 3 trial", "season 4"
        currency = _CURRENCY_SIGNS.get(cur.upper() if cur.isalpha() else cur) or _CURRENCY_WORDS.get(curword)
        end = m.end()
        if currency:
            unit = currency
        else:
            found = _unit_after(doc, m.end(), m.start("num"))
            if found is None:
                continue
            unit, end, _ = found
            if value != int(value):
                continue                               # a measure or a rating ("4.5 star", "2.4 MW project", "0.5 ETH")
            digits = num.replace(",", "")
            if digits.isdigit() and len(digits) == 4 and YEAR_RANGE[0] <= value <= YEAR_RANGE[1] and "," not in num:
                continue                               # a year ("2014 budget", "2025 financial results")
            if _ADDRESS.match(text, m.end()):
                continue                               # a street number ("212 Culver Ave")
            if _NAME_BEFORE.search(text, max(0, m.start("num") - 12), m.start("num")) and not _in_capitals(text, m.start()):
                continue                               # a name's or a code's number ("Inc. 5000", "501(c)(3)")
            if any(a <= m.start("num") < b for a, b in in_names):
                continue                               # part of a name: "360 Orthodontics", "Motel 6"
            if _named_number(text, m.start()):
                continue                               # "a Phase 3 trial", "Fortune 500 companies", "Pixel 10 phones"
        start = m.start("approx") if m.group("approx") else m.start("cur") if cur else m.start("num")
        counts.append(Count(value=value, unit=unit, text=text[start:end].strip(), start=start,
                            end=end, approximate=bool(m.group("approx"))))
    return counts


def _named_number(text: str, char: int) -> bool:
    """Whether the number at `char` belongs to the capitalised word before it, in a sentence
    (not a headline or a heading, where every word is capitalised): a stage or a class ("Phase
    3", "Class 1 van", "Tier 1 users"), a ranked list or a product ("Fortune 500 companies",
    "Microsoft 365 environments"). A sentence's first word is no such name ("the United States.
    Almost 20,000"), nor is a function word ("... suspense With 25 awards", "These two doctors")."""
    m = _CAPITALISED_BEFORE.search(text, max(0, char - 60), char)
    if m is None or not re.search(r"[\w,)\]]$", m.group("before")) or m.group("word").lower() in STOP_WORDS:
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", _line_at(text, char))
    return sum(w[0].isupper() for w in words) * 2 < len(words)


def _in_capitals(text: str, char: int) -> bool:
    """Whether the line around `char` is written in capitals ("ACME ANNOUNCES EIGHT NEW STORES"),
    where a capitalised word before a number is no acronym."""
    return not any(c.islower() for c in _line_at(text, char))


def _line_at(text: str, char: int) -> str:
    """The line of `text` that holds character `char`."""
    end = text.find("\n", char)
    return text[text.rfind("\n", 0, char) + 1 : end if end >= 0 else len(text)]


_SCALE_WORD = {"mn": "million", "m": "million", "bn": "billion", "k": "thousand"}


def _unit_after(doc: Doc, char: int, num_char: int) -> tuple[str, int, bool] | None:
    """The head noun of the phrase starting at character `char`: (unit, end char, plural)."""
    text = text_of(doc)
    compound = _COMPOUND_UNIT.match(text, char)
    if compound:
        if compound.group("unit").lower() == _MEMBERS:
            return _MEMBERS, compound.end(), False
        return None                                    # an attribute: "8-story building", "two-day", "100-acre"
    first = token_at(doc, char)
    while first is not None and (first.is_space or first.idx < char) and first.i + 1 < len(doc):
        first = doc[first.i + 1]
    if first is not None and (first.is_space or first.idx < char):
        first = None
    if first is None or first.idx - char > COUNT_UNIT_MAX_GAP_CHARS or "\n" in text[char : first.idx]:
        return None
    number = token_at(doc, num_char)
    head = number.head if number is not None and number.dep_ in ("nummod", "quantmod", "compound", "nmod") else None
    while head is not None and head.like_num and head.head.i != head.i:
        head = head.head                               # "722 million people": million -> people
    # The tagger sometimes reads a plural noun as a verb ("eight (8) lectures"): trust the
    # parse's noun role then.
    nominal = head is not None and (head.pos_ == "NOUN" or head.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos"))
    if (nominal and head.i >= first.i and head.i - first.i < COUNT_UNIT_MAX_TOKENS
            and "\n" not in doc[first.i : head.i + 1].text):
        return _unit_of(head)
    last_noun = None
    for tok in doc[first.i : first.i + COUNT_UNIT_MAX_TOKENS]:
        if tok.is_space and "\n" in tok.text:
            break
        if tok.is_space or tok.text in {"-", "%"}:
            continue
        if tok.pos_ in ("NOUN", "PROPN"):
            last_noun = tok
            continue
        if tok.pos_ in ("ADJ", "VERB") and tok.tag_ in ("JJ", "VBN", "VBG") and last_noun is None:
            continue                                   # "300 high-level ...", "11 registered ..."
        if tok.like_num and tok.i + 1 < len(doc) and doc[tok.i + 1].text == "%":
            continue                                   # "three 100% renewable roadmaps"
        break
    if last_noun is None or last_noun.pos_ == "PROPN" and last_noun.is_title:
        return None
    return _unit_of(last_noun)


def _unit_of(noun) -> tuple[str, int, bool] | None:
    if (noun.tag_ == "NNP" and noun.text[:1].isupper() and not noun.text.isupper()
            and not noun.lower_.endswith("s")):
        return None           # a name, not a unit: "750 Sarasota", "Pixel 10 Pro" (headline plurals stay: "Eight Fan Fests")
    unit = noun.lemma_.lower() if noun.lemma_ else noun.lower_
    if noun.tag_ in ("NNS", "NNPS") and unit == noun.lower_:
        unit = _singular(unit)                         # headline case is not lemmatised: "Twelve Countries"
    if unit in _NOT_UNITS or unit.rstrip("s") in _NOT_UNITS or unit in MONTH_WORDS or unit in _MEASURES \
            or unit.rstrip("s") in _MEASURES:
        return None
    return unit, noun.idx + len(noun.text), noun.tag_ in ("NNS", "NNPS", "VBZ")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@Language.factory(
    "pressextract_counts",
    assigns=["doc.spans", "span._.count"],   # spans "counts"
    # token.pos too, which the attribute ruler derives from token.tag without declaring it
    requires=["token.tag", "token.dep", "token.head", "token.lemma"],
)
def make_count_finder(nlp: Language, name: str) -> "CountFinder":
    return CountFinder()


class CountFinder:
    """Sets ``doc.spans["counts"]``; each span's ``._.count`` holds value, unit and text."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for count in find_counts(doc):
            span = doc.char_span(count.start, count.end, label=count.unit, alignment_mode="expand")
            if span is not None:
                span._.count = count
                spans.append(span)
        doc.spans["counts"] = spans
        return doc

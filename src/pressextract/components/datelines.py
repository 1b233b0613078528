"""Datelines and header dates of press releases.

A dateline opens the first paragraph and names where (and often when) the release was filed:
"SEOUL –", "Seoul, September 27, 2023 –", "NEW YORK, Sept. 14, 2022 /PRNewswire/ —",
"Bishkek, Nov. 9, 2017. /Kabar/.", "MOSCOW November 17, 2020". A header date is a short line
near the top that carries a full date ("March 29, 2019", "2026-03-11"). The pure functions
find them in text; the component records them on the Doc and makes sure the dateline place is
an entity (the base model misses all-caps city names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..calendar_words import FULL_DATE, MONTH, WEEKDAY
from .doccache import text_of

_PLACE_CAPS = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}"
_PLACE_TITLE = r"[A-Z][a-zà-ÿ.'’\-]+(?:\s+[A-Z][a-zà-ÿ.'’\-]+){0,2}"
_REGION = r"(?:,\s+(?:the\s+)?[A-Z][A-Za-z.\-]+(?:\s+[A-Z][A-Za-z.\-]+)?)?"
_AGENCY = (r"(?:\s*/\s*(?P<agency>[A-Za-z][\w .&-]{1,40}?)\s*/\s*\.?"
           r"|\s*\((?P<agency2>[A-Z][\w .&-]{1,40}?)\)\s*\.?)")
_DASH = r"\s*[–—-]{1,2}\s+"

_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_CAPS}{_REGION}|{_PLACE_TITLE}{_REGION})"
    rf"(?:(?:,\s*|\s+)\(?(?P<date>{FULL_DATE}|{MONTH}\s+\d{{1,2}})\)?)?\.?"
    rf"(?:{_AGENCY}(?:{_DASH})?|{_DASH}|(?=\s*$))",
    re.M,
)
_HEADER_DATE = re.compile(FULL_DATE)
_NOT_PLACES = {"THE", "A", "AN", "FOR", "MEDIA", "CONTACT", "ABOUT", "NEWS", "PRESS", "UPDATE",
               "RELEASE", "FOR IMMEDIATE RELEASE", "BREAKING", "LIVE", "DEAR", "NOTE"}


@dataclass
class Dateline:
    place: tuple[int, int] | None          # character offsets of the place name
    date: tuple[int, int] | None           # character offsets of the date text
    agency: str | None = None


def _lines(text: str, limit: int) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
        if len(out) >= limit:
            break
    return out


def find_dateline(text: str, max_lines: int = 8) -> Dateline | None:
    """The dateline in the first lines after the title, or None."""
    for offset, line in _lines(text, max_lines)[1:]:
        m = _DATELINE.match(line)
        if not m:
            continue
        place = m.group("place").strip()
        has_date = bool(m.group("date"))
        rest = line[m.end():].strip()
        if (place.upper() in _NOT_PLACES or place.split()[0].upper() in _NOT_PLACES
                or re.fullmatch(rf"(?:{WEEKDAY},?\s+)?|{MONTH}", place.split()[0] + " ", re.I)
                or re.fullmatch(MONTH, place.split()[0], re.I)):
            continue
        if not place.isupper() and not has_date:
            continue                       # "Seoul – ..." needs a date to count as a dateline
        agency = m.group("agency") or m.group("agency2")
        if not has_date and not rest and not agency:
            continue                       # a bare capitalised line is a heading, not a dateline
        date = (offset + m.start("date"), offset + m.end("date")) if has_date else None
        return Dateline((offset + m.start("place"), offset + m.end("place")), date, agency)
    return None


def find_header_date(text: str, max_lines: int = 10, max_line_chars: int = 90) -> tuple[int, int] | None:
    """Offsets of a full date on a short line near the top (the release's date line)."""
    for offset, line in _lines(text, max_lines)[1:]:
        if len(line) > max_line_chars:
            if len(line) > 200:
                break                      # the body has started
            continue
        m = _HEADER_DATE.search(line)
        if m:
            return offset + m.start(), offset + m.end()
    return None


@Language.factory("pressextract_datelines", default_config={"max_lines": 8})
def make_dateline_finder(nlp: Language, name: str, max_lines: int) -> "DatelineFinder":
    return DatelineFinder(max_lines=max_lines)


class DatelineFinder:
    """Sets ``doc.spans["dateline"]`` (place, date) and ``doc.spans["header_date"]``."""

    def __init__(self, max_lines: int = 8) -> None:
        self.max_lines = max_lines

    def __call__(self, doc: Doc) -> Doc:
        found = find_dateline(text_of(doc), self.max_lines)
        spans: list[Span] = []
        if found and found.place:
            place = doc.char_span(*found.place, label="DATELINE_PLACE", alignment_mode="expand")
            if place is not None:
                spans.append(place)
                # "MANILA, PHILIPPINES": a city and its country (or state), each a place.
                comma = next((t.i for t in place if t.text == ","), None)
                parts = [place] if comma is None else [doc[place.start : comma], doc[comma + 1 : place.end]]
                for part in parts:
                    if part[0].lower_ == "the":
                        part = part[1:]
                    if len(part):
                        _ensure_entity(doc, part, "GPE")
        if found and found.date:
            date = doc.char_span(*found.date, label="DATELINE_DATE", alignment_mode="expand")
            if date is not None:
                spans.append(date)
        doc.spans["dateline"] = spans
        header = find_header_date(text_of(doc))
        header_span = doc.char_span(*header, label="HEADER_DATE", alignment_mode="expand") if header else None
        doc.spans["header_date"] = [header_span] if header_span is not None else []
        return doc


def _ensure_entity(doc: Doc, span: Span, label: str) -> None:
    """Make `span` an entity unless an entity already covers it."""
    if any(e.start <= span.start and span.end <= e.end for e in doc.ents):
        return
    ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end]
    doc.ents = sorted(ents + [Span(doc, span.start, span.end, label=label)], key=lambda e: e.start)

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

from ..calendar_words import DAY_MONTH, FULL_DATE, MONTH, WEEKDAY
from ..settings import BODY_LINE_CHARS, DATELINE_MAX_LINES, HEADER_DATE_MAX_LINE_CHARS, HEADER_DATE_MAX_LINES
from .doccache import text_of

# A dateline is a run of pieces before the story starts. Places come first (or after the
# credit, in capitals); dates, weekdays, times and credits follow, joined by commas, dashes or
# slashes. The story starts at the first text that is none of these. A credit is bracketed
# ("(Wire)", "/Wire/", a Markdown link "[Wire](url)") or a bare wire name between dashes
# ("HONG KONG - Orbit Newswire - 2 May 2026 -").
_PLACE_WORD = r"(?!(?:{m})\s+\d)[A-Z](?:[\w.'’&]|-(?=\w))*".format(m=MONTH)
_PIECES = re.compile("|".join([
    rf"(?P<date>{FULL_DATE}|{DAY_MONTH})",
    rf"(?P<weekday>{WEEKDAY}(?=[\s,]))",
    r"(?P<time>@?\s*\d{1,2}(?::\d{2})\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+(?:[A-Z][\w/]+|ET|PT|CET|GMT|UTC))?)",
    r"(?P<credit>\s*\((?P<c1>[^()]{2,60})\)|\s*/(?P<c2>[^/\n]{2,40})/|\s*\[(?P<c3>[^\]]{2,60})\]\([^)\s]*\)|"
    r"(?P<c4>(?:[A-Z][\w.&-]*[ \t]+){0,3}[A-Z]?[\w-]*(?:[Ww]ire|WIRE))\b(?=[ \t]*[-–—,/]))",
    rf"(?P<place>(?:the\s+)?{_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,4}})",
    r"(?P<sep>\s*(?:[,.;:]|[-–—]{1,3}|/|\band\b|&(?=\s))\s*|\s+)",
]))
_HEADER_DATE = re.compile(FULL_DATE)
_SEP_END = re.compile(r"\s*(?:[-–—]{1,3}|:)\s*$")
_NOT_PLACES = {"THE", "A", "AN", "FOR", "MEDIA", "CONTACT", "ABOUT", "NEWS", "PRESS", "UPDATE",
               "RELEASE", "FOR IMMEDIATE RELEASE", "BREAKING", "LIVE", "DEAR", "NOTE", "BY"}


@dataclass
class Dateline:
    places: list[tuple[int, int]]          # character offsets of each place ("NEW YORK", "NY")
    date: tuple[int, int] | None           # character offsets of the date text
    credit: tuple[int, int] | None = None  # the wire or agency credit ("PRNewswire")
    end: int = 0                           # where the story starts

    @property
    def place(self) -> tuple[int, int] | None:
        """The whole place part, first place to last."""
        return (self.places[0][0], self.places[-1][1]) if self.places else None


def _lines(text: str, limit: int) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
        if len(out) >= limit:
            break
    return out


def parse_dateline(line: str) -> Dateline | None:
    """The dateline that opens `line`, or None.

    "NEW YORK, NY and DENVER, CO — June 25, 2026 — (WIRE) —", "BERLIN - May 2, 2026 (WIRE) -",
    "Scottsdale, AZ (Wire.ai) Wednesday Nov 22, 2023 @ 10:22 AM Pacific —", "(Wire) - March 27,
    2025 - NEW JERSEY —", "CARLSBAD, CA / Wire / January 26, 2024 16:30", "SEOUL –",
    "CHICAGO & BRUSSELS–(WIRE)–".
    A title-case place needs a date to count; a parenthesis holding a ticker ("(NYSE: ABC)")
    belongs to the story; a date alone is a date line (:func:`find_header_date`).
    """
    pos = len(line) - len(line.lstrip())
    places: list[tuple[int, int]] = []
    date = credit = end = None             # end: where the story starts
    while pos < len(line):
        m = _PIECES.match(line, pos)
        if not m or m.end() == pos:
            break
        kind = m.lastgroup
        anchored = date is not None or credit is not None
        if kind == "place":
            text = m.group("place")
            if text.split()[0].upper() in _NOT_PLACES and not (places and text.startswith("the ")):
                break
            if anchored and not (text.isupper() and len(text) > 2 and _SEP_END.match(line, m.end())):
                break                      # the story has started ("... 2026 - Acme Corp said")
            places.append((m.start(), m.end()))
        elif kind == "credit":
            inner = next(g for g in (m.group("c1"), m.group("c2"), m.group("c3"), m.group("c4")) if g)
            a = m.start() + m.group(0).index(inner)
            a += len(inner) - len(inner.lstrip())
            inner = inner.strip()
            if re.fullmatch(FULL_DATE, inner):
                if date is not None:
                    break
                date = (a, a + len(inner))            # "MANILA (8 December 2020) —"
            elif ":" in inner or not re.match(r"[A-Z0-9]", inner):
                break                      # a ticker or an aside, not a credit
            else:
                credit = credit or (a, a + len(inner))
            end = m.end()
        elif kind == "date":
            if date is not None:
                break
            date = (m.start(), m.start() + len(m.group("date").rstrip()))
            end = m.end()
        elif kind == "time":
            if date is None:
                break
            end = m.end()
        elif kind == "sep" and _SEP_END.match(m.group(0)) and (places or anchored):
            end = m.end()
        pos = m.end()
    if end is None:
        return None
    places = [p for p in places if p[1] <= end]
    if not places and credit is None and not (date and date[0] == len(line) - len(line.lstrip())
                                              and _SEP_END.search(line[:end]) and line[end:].strip()):
        return None                        # a date alone is a date line, unless a dash opens the story
    caps = bool(places) and line[slice(*places[0])].replace(".", "").isupper()
    if date is None and places and not caps:
        return None                        # "Seoul – ..." needs a date to count as a dateline
    if date is None and credit is None and not line[end:].strip():
        return None                        # a bare capitalised line is a heading
    return Dateline(places, date, credit, end)


def find_dateline(text: str, max_lines: int = DATELINE_MAX_LINES) -> Dateline | None:
    """The dateline in the first lines after the title, or None (offsets into `text`)."""
    for offset, line in _lines(text, max_lines)[1:]:
        found = parse_dateline(line)
        if found is None:
            continue
        shift = lambda span: (span[0] + offset, span[1] + offset) if span else None  # noqa: E731
        return Dateline([shift(p) for p in found.places], shift(found.date), shift(found.credit), found.end + offset)
    return None


def find_header_date(text: str, max_lines: int = HEADER_DATE_MAX_LINES,
                     max_line_chars: int = HEADER_DATE_MAX_LINE_CHARS) -> tuple[int, int] | None:
    """Offsets of a full date on a short line near the top (the release's date line)."""
    for offset, line in _lines(text, max_lines)[1:]:
        if len(line) > max_line_chars:
            if len(line) > BODY_LINE_CHARS:
                break                      # the body has started
            continue
        m = _HEADER_DATE.search(line)
        if m:
            return offset + m.start(), offset + m.end()
    return None


@Language.factory(
    "pressextract_datelines",
    assigns=["doc.spans", "doc.ents"],   # spans "dateline", "header_date"; the dateline place made an entity
    requires=["doc.ents"],
    default_config={"max_lines": DATELINE_MAX_LINES},
)
def make_dateline_finder(nlp: Language, name: str, max_lines: int) -> "DatelineFinder":
    return DatelineFinder(max_lines=max_lines)


class DatelineFinder:
    """Sets ``doc.spans["dateline"]`` (places, date, credit) and ``doc.spans["header_date"]``."""

    def __init__(self, max_lines: int = DATELINE_MAX_LINES) -> None:
        self.max_lines = max_lines

    def __call__(self, doc: Doc) -> Doc:
        found = find_dateline(text_of(doc), self.max_lines)
        spans: list[Span] = []
        if found:
            for start, end in found.places:
                place = doc.char_span(start, end, label="DATELINE_PLACE", alignment_mode="expand")
                if place is None:
                    continue
                spans.append(place)
                if place[0].lower_ == "the":
                    place = place[1:]
                if len(place):
                    _ensure_entity(doc, place, "GPE")
        if found and found.credit:
            # The wire or agency credit is structure, not an actor of the story.
            credit = doc.char_span(*found.credit, label="DATELINE_CREDIT", alignment_mode="expand")
            if credit is not None:
                spans.append(credit)
                doc.ents = [e for e in doc.ents if e.end <= credit.start or e.start >= credit.end]
        if found and found.date:
            date = doc.char_span(*found.date, label="DATELINE_DATE", alignment_mode="expand")
            if date is not None:
                spans.append(date)
        doc.spans["dateline"] = spans
        header = find_header_date(text_of(doc))
        header_span = doc.char_span(*header, label="HEADER_DATE", alignment_mode="expand") if header else None
        doc.spans["header_date"] = [header_span] if header_span is not None else []
        return doc


def dateline_places(doc: Doc) -> list[Span]:
    """The places of the Doc's dateline ("DENVER", "CO"), as ``pressextract_datelines`` marked them."""
    return [s for s in doc.spans.get("dateline", []) if s.label_ == "DATELINE_PLACE"]


def _ensure_entity(doc: Doc, span: Span, label: str) -> None:
    """Make `span` an entity with `label` unless a place entity already covers it: a dateline place
    the model read as an organisation or a person ("VERNON, BC" as ORG) is a place."""
    if any(e.start <= span.start and span.end <= e.end and e.label_ in ("GPE", "LOC") for e in doc.ents):
        return
    ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end]
    doc.ents = sorted(ents + [Span(doc, span.start, span.end, label=label)], key=lambda e: e.start)

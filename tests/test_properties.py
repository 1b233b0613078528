"""Property-based tests (hypothesis) over invented releases, mutated: unicode and control
characters inserted, very long tokens, repeated lines, random dates and numbers (issue 9).

Documents go through ``Extractor.process_batch``, as the CLI's workers run them (batch.py), half
of them with pieces of 500 characters so the chunked path (nlp.process_in_chunks) is exercised
too. Properties: no internal error (the catch-all in process_batch turns any exception into one,
so "nothing escapes" alone could not fail); every offset slices to its text; date.start <=
date.end; every record survives its JSON line (what extract writes) back through the schema.

The examples are derandomized (the same ones on every run, so CI is reproducible); for a wider
search run ``HYPOTHESIS_PROFILE=explore pytest tests/test_properties.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressextract.dedup import DedupIndex, fingerprints, jaccard
from pressextract.nlp import chunk_bounds
from pressextract.pipeline import Extractor
from pressextract.schema import EventRecord
from pressextract.settings import Settings
from pressextract.sources import RawDocument

settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("explore", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

TITLES = [
    "Acme Corp. opens packaging plant in Suva",
    "City of Lyon and Northwind Bank sign smart-city agreement",
    "WeGO trains 18 officials from 9 cities in Seoul",
    "Harbor Freight Labs names Omar Haddad chief executive",
]
SENTENCES = [
    "Acme Corp. opened a packaging plant in Suva, Fiji, on Monday with 150 workers.",
    "The City of Lyon and Northwind Bank signed a partnership agreement on March 3, 2024.",
    "Maria Lopez, Director of Globex AG, visited Nairobi from June 10 to June 12, 2025.",
    "The United Nations Development Programme awarded $5.7 million to 12 schools in Lima.",
    "Mayor Tom Hale will host the Smart Cities Summit at Paris City Hall next Tuesday.",
    "Omar Haddad was appointed chief executive of Harbor Freight Labs, effective 1 January 2026.",
    "SEOUL, South Korea, May 4, 2026 /Newswire/ -- WeGO trained 18 officials from 9 cities.",
    "About Acme Corp.",
    "Acme Corp. makes recycled packaging in 14 countries. Contact: press@acme.example",
    "The two-day conference, held in Berlin between 5 and 6 May, drew 300 delegates.",
]
DATE_FORMATS = ["%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%b. %d", "%A, %B %d", "%d.%m.%Y", "%B %Y"]
ODD_DATES = ["February 30, 2024", "2024-13-45", "from May 5 to May 2, 2024", "between 2031 and 2019",
             "31/12/99", "0001-01-01", "9999-12-31", "Q5 2024", "the 32nd of March", "yesterday", "next Friday",
             "Sept 13-14, 2024", "as of 1 December 2026", "1 - 3 June 2024", "June 31-July 2, 2025"]

_unicode = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
_controls = st.text(st.characters(min_codepoint=0, max_codepoint=31)
                    | st.sampled_from(["\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b", "\u202e", "\u0301"]),
                    min_size=1, max_size=4)
_long_token = st.tuples(st.text("abcXYZ019-_./:%", min_size=1, max_size=6), st.integers(10, 600)).map(lambda t: t[0] * t[1])
_date = st.one_of(
    st.tuples(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.sampled_from(DATE_FORMATS))
    .map(lambda t: t[0].strftime(t[1])),
    st.sampled_from(ODD_DATES))
_number = st.one_of(
    st.integers(-10**25, 10**25).map(str),
    st.integers(0, 10**12).map("{:,}".format),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.tuples(st.integers(0, 10**6), st.sampled_from(["million", "billion", "%", "people", "km", "(8)"]))
    .map(lambda t: f"${t[0]} {t[1]}"))
PIECES = {"unicode": _unicode, "control": _controls, "long token": _long_token,
          "date": _date.map(lambda s: f" {s} "), "number": _number.map(lambda s: f" {s} ")}


@st.composite
def releases(draw) -> str:
    """An invented release, mutated: pieces inserted anywhere, lines repeated."""
    lines = [draw(st.sampled_from(TITLES))] + draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8))
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from([*PIECES, "repeat"]))
        if kind == "repeat":
            lines[i:i] = [lines[i]] * draw(st.integers(1, 6))
            continue
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(PIECES[kind]) + lines[i][at:]
    return draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", " "])).join(lines)


_EXTRACTORS: dict[int, Extractor] = {}


def _extractor(chunk_chars: int) -> Extractor:
    if chunk_chars not in _EXTRACTORS:                  # the spaCy pipeline itself is loaded once (nlp.load)
        _EXTRACTORS[chunk_chars] = Extractor(Settings(chunk_chars=chunk_chars))
    return _EXTRACTORS[chunk_chars]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _within(part: str, whole: str) -> bool:
    return bool(part) and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", whole) is not None


def check_records(text: str, records: list[EventRecord]) -> None:
    """The record properties, against the cleaned `text` the offsets refer to."""
    assert [r.main for r in records].count(True) == 1
    for record in records:
        ev = record.evidence
        assert 0 <= ev.start <= ev.end <= len(text) and text[ev.start:ev.end].strip() == ev.text
        entities = [*record.organizations, *record.facilities, *record.locations, *record.people]
        for entity in entities:
            names = [_norm(n) for n in (entity.name, *getattr(entity, "aliases", []))]
            for span in entity.spans:
                assert 0 <= span.start < span.end <= len(text)
                # the name as written, or a short form of it ("Hale" for "Tom Hale", "Sejong city" for "Sejong")
                mention = _norm(text[span.start:span.end])
                assert any(_within(name, mention) or _within(mention, name) for name in names), (mention, names)
        for count in record.counts:
            assert _norm(text[count.span.start:count.span.end]) == _norm(count.text)
        date = record.date
        if date.start and date.end:
            assert date.start <= date.end
        if date.span:
            assert _norm(text[date.span.start:date.span.end]) == _norm(date.text)
        assert EventRecord.model_validate_json(record.model_dump_json()) == record   # the JSON line extract writes


@pytest.mark.slow
@settings(settings.get_profile(PROFILE))
@given(text=releases(), chunk_chars=st.sampled_from([20_000, 500]), html=st.booleans())
def test_mutated_releases_never_break_extraction(text: str, chunk_chars: int, html: bool) -> None:
    data = text
    if html:
        paragraphs = "".join(f"<p>{line.replace('&', '&amp;').replace('<', '&lt;')}</p>"
                             for line in re.split(r"\n+", text) if line.strip())
        data = f"<html><head><title>Release</title></head><body><article>{paragraphs}</article></body></html>"
    [result] = _extractor(chunk_chars).process_batch([RawDocument("gen.txt", data=data.encode("utf-8"), id="gen")])
    assert not (result.error or "").startswith(("internal error", "invalid record")), result.error
    if result.records:
        check_records(result.text, result.records)
    else:
        assert result.error                              # no records only with a reason for the error log


def test_a_number_too_large_for_a_float_is_no_count():
    """Found by the property above: 300 digits made a count of value inf, written to JSON as null,
    so extract wrote a line that is not a record (kb load and --resume refused it)."""
    from pressextract.components.counts import parse_number

    assert parse_number("9" * 400) is None and parse_number("9" * 300 + " billion") is None
    assert parse_number("1,500") == 1500.0
    text = "WeGO trains officials\n\nSEOUL, May 4, 2026 -- WeGO trained " + "2" * 320 + " officials from 9 cities."
    [result] = _extractor(20_000).process_batch([RawDocument("big-number.txt", data=text.encode(), id="n")])
    assert result.records and not result.error
    check_records(result.text, result.records)
    with pytest.raises(ValueError, match="finite"):
        EventRecord.model_validate_json(result.records[0].model_dump_json().replace('"counts":[', '"counts":[{"value":1e999,'
                                                                                      '"unit":"official","text":"x"},', 1))


@settings(settings.get_profile(PROFILE), max_examples=60)
@given(text=st.text(st.sampled_from("ab .\n?!"), max_size=400), size=st.integers(2, 60))
def test_chunk_bounds_cover_the_text_in_pieces_of_at_most_size(text: str, size: int) -> None:
    bounds = chunk_bounds(text, size)
    assert "".join(text[a:b] for a, b in bounds) == text
    assert all(0 < b - a <= size for a, b in bounds) or text == ""
    assert len(bounds) <= 2 * len(text) / size + 1


@settings(settings.get_profile(PROFILE), max_examples=60)
@given(a=releases(), b=releases())
def test_jaccard_is_a_similarity_and_copies_are_found(a: str, b: str) -> None:
    fa, fb = fingerprints(a), fingerprints(b)
    j = jaccard(fa[1], fb[1])
    assert 0.0 <= j <= 1.0 and j == jaccard(fb[1], fa[1]) and jaccard(fa[1], fa[1]) == 1.0
    index = DedupIndex(threshold=0.8)
    assert index.check("a", *fa) is None
    first = index.check("b", *fb)
    assert first is None or j >= 0.8                     # the decision is exact
    assert first == "a" or j < 0.9                       # LSH misses a pair at 0.9 about once in 10**7

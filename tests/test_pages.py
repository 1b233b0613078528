"""The HTML pages: `show` (one release, displaCy-style) and the evaluation dashboard, rendered from
hand-made records, so no model is loaded; a Chromium screenshot where Chromium is installed."""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pressextract.cli import app
from pressextract.evaluate import GoldDoc, score
from pressextract.report import KINDS, Mark, format_number, nest, render_document, render_evaluation

LONG_URL = "https://example.org/track?id=" + "0123456789abcdef" * 13    # one unbreakable run of 208 characters
TEXT = ("Lima hosts summit <script>alert('x')</script>\n\n"
        "LIMA – The Municipality of Lima hosted the Andean Cities Summit at the Lima Convention Center on "
        "May 1, 2024, where 120 mayors met and pledged $2 billion.\n\n"
        "Mayor Ana Torres said more summits would follow. Details: " + LONG_URL + "\n")


def _at(text: str, needle: str, nth: int = 0) -> dict:
    start = [m.start() for m in re.finditer(re.escape(needle), text)][nth]
    return {"start": start, "end": start + len(needle)}


def _sentence(text: str, needle: str) -> dict:
    span = _at(text, needle)
    return {"text": text[span["start"]:span["end"]], **span}


def _records() -> list[dict]:
    doc = {"id": "r1", "source": "release.txt", "title": "Lima hosts summit <script>alert('x')</script>",
           "published": "2024-05-02", "url": LONG_URL}
    lead = _sentence(TEXT, TEXT.split("\n\n")[1])
    main = {
        "event_type": "conference", "main": True, "trigger": "hosted", "doc": doc, "confidence": 0.9,
        "date": {"start": "2024-05-01", "text": "May 1, 2024", "span": _at(TEXT, "May 1, 2024")},
        # "Lima" is nested in "Municipality of Lima" and in "Lima Convention Center"
        "locations": [{"name": "Lima", "aliases": ["LIMA"], "country_code": "PE",
                       "spans": [_at(TEXT, "Lima"), _at(TEXT, "LIMA"), _at(TEXT, "Lima", 1), _at(TEXT, "Lima", 2)]}],
        "organizations": [{"name": "Municipality of Lima", "aliases": [], "role": "host",
                           "spans": [_at(TEXT, "Municipality of Lima")]}],
        "people": [{"name": "Ana Torres", "title": "Mayor", "spans": [_at(TEXT, "Ana Torres")]}],
        "facilities": [{"name": "Lima Convention Center", "aliases": [], "spans": [_at(TEXT, "Lima Convention Center")]}],
        "counts": [{"value": 120, "unit": "mayor", "text": "120 mayors", "span": _at(TEXT, "120 mayors")},
                   {"value": 2e9, "unit": "USD", "text": "$2 billion", "span": _at(TEXT, "$2 billion")}],
        "evidence": lead,
    }
    low = {"event_type": "funding", "main": False, "trigger": "pledged", "doc": doc, "confidence": 0.45,
           "counts": [main["counts"][1]], "evidence": lead}
    mid = {"event_type": "meeting", "main": False, "trigger": "met", "doc": doc, "confidence": 0.7, "evidence": lead}
    return [main, low, mid]


def _ids_and_links(page: str) -> tuple[set[str], set[str]]:
    return set(re.findall(r'\bid="([^"]+)"', page)), set(re.findall(r'href="#([^"]+)"', page))


def _text_of(page: str, start_marker: str) -> str:
    """The text column of a page with tags and inline labels removed."""
    body = page.split(start_marker, 1)[1].split("</div>", 1)[0]
    body = re.sub(r'<span class="label">[^<]*</span>', "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


# -- nest -------------------------------------------------------------------------------------
def test_nest_keeps_nested_and_crossing_marks():
    text = "The Municipality of Lima and Andes"
    marks = [Mark(4, 24, "a", "m1"), Mark(20, 24, "b", "m2"), Mark(20, 29, "c", "m3"), Mark(0, 99, "x", "gone")]
    nodes = nest(text, marks)

    def walk(ns):
        for n in ns:
            if not isinstance(n, str):
                yield n
                yield from walk(n.children)

    def flat(ns):
        return "".join(n if isinstance(n, str) else flat(n.children) for n in ns)

    ids = [n.mark.id for n in walk(nodes)]
    assert flat(nodes) == text                                       # not a character lost or doubled
    assert {"m1", "m2", "m3"} <= set(ids) and "gone" not in ids      # outside the text: left out
    assert ids.count("m3") == 1                                      # the crossing mark split, one anchor


# -- show -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def show_page() -> str:
    return render_document(TEXT, _records(), title="pressextract: release.txt")


def test_show_legend_and_a_class_per_kind(show_page):
    assert 'id="legend"' in show_page
    for kind in KINDS:
        assert f'class="key {kind.key}"' in show_page                       # in the legend
        assert f'class="ent {kind.key}"' in show_page, kind.key             # and marked in the text
        assert f"<span class=\"label\">{kind.label}</span>" in show_page     # label inline, as displaCy
    assert 'class="evidence main"' in show_page
    assert 'class="key evidence other"' in show_page                        # another event's evidence too


def test_show_facts_are_labelled_as_the_legend_labels_them(show_page):
    """The events panel names a fact's kind with the legend's label ("org"), not its key."""
    fact_labels = set(re.findall(r'<li><span class="key (\w+)">(\w+)</span>', show_page))
    assert fact_labels and all(label == {k.key: k.label for k in KINDS}[key] for key, label in fact_labels)
    assert ("organisation", "org") in fact_labels


def test_show_escapes_hostile_text(show_page):
    assert "<script>alert" not in show_page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in show_page
    assert "<script" not in show_page                                        # no JavaScript at all


def test_show_every_mention_link_lands(show_page):
    ids, links = _ids_and_links(show_page)
    mention_links = {x for x in links if re.fullmatch(r"(m|ev)\d+", x)}
    assert mention_links and mention_links <= ids                            # no dead link
    # every span of the nested "Lima" is its own numbered link
    lima = re.search(r'>Lima</a>.*?<span class="refs">(.*?)</span>', show_page, re.S).group(1)
    assert re.findall(r">(\d)</a>", lima) == ["1", "2", "3", "4"]


def test_show_text_is_whole(show_page):
    assert _text_of(show_page, '<div class="text">') == TEXT


def test_show_events_by_confidence_and_graded(show_page):
    order = re.findall(r'<article class="event grade-(\w+)( main)?" id="event-\d+">\s*<header><span class="rank">#\d+</span> '
                       r'<span class="type">(\w+)</span>', show_page)
    assert [(grade, event_type) for grade, _, event_type in order] == [
        ("high", "conference"), ("medium", "meeting"), ("low", "funding")]
    assert order[0][1] == " main"


def test_show_money_as_written_and_long_tokens_wrap(show_page):
    assert ">$2 billion</a>" in show_page and "2,000,000,000 USD" in show_page and "e+09" not in show_page
    assert format_number(2e9) == "2,000,000,000" and format_number(2.5) == "2.5"
    css = show_page.split("</style>")[0]
    assert re.search(r"\.text\{[^}]*overflow-wrap:anywhere", css)
    assert "grid-template-columns:minmax(0,3fr) minmax(0,2fr)" in css       # a column never outgrows the grid
    assert ":target{" in css and "@keyframes flash" in css                    # a followed link flashes its mention


# -- evaluation dashboard ---------------------------------------------------------------------
EVAL_TEXT = "Lima hosts the UNDP summit\n\nThe UNDP met in Lima with <script>x</script> 120 mayors."


def _evaluation_report() -> dict:
    gold = GoldDoc(id="g1", path=None, published="2024-05-02", main_type=["conference"], types=["conference"],
                   places=[["Lima"]], organizations=[["United Nations Development Programme", "UNDP"]],
                   facilities=[["Lima Convention Center"]], counts=[(120.0, "mayor")])
    clean = GoldDoc(id="g2", path=None, main_type=["meeting"], types=["meeting"], places=[["Quito"]])
    undp = _at(EVAL_TEXT, "UNDP", 1)
    rec = {"event_type": "conference", "main": True, "doc": {"source": "g1.txt", "published": "2024-05-02"},
           "locations": [{"name": "Lima", "spans": [_at(EVAL_TEXT, "Lima", 1)]}],
           "organizations": [{"name": "UNDP", "aliases": [], "role": "other", "spans": [undp]}],
           "people": [{"name": "Script Kiddie", "spans": []}],
           "counts": [{"value": 120, "unit": "mayor", "text": "120 mayors", "span": _at(EVAL_TEXT, "120 mayors")}]}
    ok = {"event_type": "meeting", "main": True, "doc": {"source": "g2.txt"}, "locations": [{"name": "Quito"}]}
    return score([gold, clean], {"g1": [rec], "g2": [ok]}, {})


@pytest.fixture(scope="module")
def dashboard() -> str:
    return render_evaluation(_evaluation_report(), texts={"g1": EVAL_TEXT, "g2": "Quito meets."})


def test_dashboard_cards_fields_and_no_score_without_gold(dashboard):
    cards = re.findall(r'<div class="name">([^<]+)</div><div class="value">([^<]+)</div>', dashboard)
    assert [c[0] for c in cards] == ["overall", "entity macro F1", "main type", "publication date", "main date"]
    assert dict(cards)["main date"] == "—"                                   # no main dates in this gold
    roles = re.search(r"<tr[^>]*><td>roles</td>(.*?)</tr>", dashboard).group(1)
    assert "0.000" not in roles and roles.count("—") == 4                   # P, R, F1, strict F1
    places = re.search(r"<tr><td>places</td>(.*?)</tr>", dashboard).group(1)
    assert re.findall(r"<td>(\d+)</td>", places) == ["2", "2", "2"]          # tp / pred / gold


def test_dashboard_shows_the_reliability_of_event_confidence(dashboard):
    table = re.search(r'<table id="reliability-table">(.*?)</table>', dashboard, re.S).group(1)
    rows = re.findall(r"<tr><td>([\d.]+)</td><td>(\d+)</td><td>([\d.]+)</td></tr>", table)
    assert rows and all(0 <= float(right) <= 1 and int(n) > 0 for _, n, right in rows)
    assert 'href="#reliability"' in dashboard


def test_dashboard_document_table_sorts_filters_and_links(dashboard):
    assert 'class="sortable"' in dashboard and "<script>" in dashboard and "<script src" not in dashboard
    assert 'id="only-errors"' in dashboard and "body.only-errors .clean{display:none}" in dashboard
    rows = re.findall(r'<tr class="(has-errors|clean)">\s*<td data-v="(\w+)"><a href="#(doc-\w+)">', dashboard)
    assert rows == [("has-errors", "g1", "doc-g1"), ("clean", "g2", "doc-g2")]       # worst first
    ids, links = _ids_and_links(dashboard)
    assert links <= ids
    assert "&lt;script&gt;x&lt;/script&gt;" in dashboard and "<script>x</script>" not in dashboard


def test_dashboard_alias_match_is_a_match(dashboard):
    """Gold names the organisation "United Nations Development Programme" (alias UNDP); the text
    says only "UNDP": the prediction matched through the alias, and the page shows it as a match."""
    marks = re.findall(r'<mark class="ev-(\w+) f-(\w+)"[^>]*>([^<]+)<', dashboard)
    assert ("matched", "organizations", "UNDP") in marks
    assert ("matched", "places", "Lima") in marks and ("matched", "counts", "120 mayors") in marks
    assert ("missed", "facilities") not in [m[:2] for m in marks]            # not in the text: listed only
    assert "missed</span> facilities: Lima Convention Center" in dashboard


def test_evaluate_json_has_per_document_scores(tmp_path):
    gold = {"id": "g1", "file": "g1.txt", "split": "test", "main_type": ["conference"], "types": ["conference"],
            "places": ["Lima"], "organizations": [], "people": [], "facilities": [], "counts": []}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    (tmp_path / "pred.jsonl").write_text(json.dumps({"event_type": "conference", "main": True, "doc": {"source": "g1.txt"},
                                                     "locations": [{"name": "Lima"}, {"name": "Cusco"}]}) + "\n")
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl"),
                                      "--format", "json"])
    doc = json.loads(result.stdout)["docs"][0]
    assert doc["scores"]["entity_f1"] == 0.667 and doc["scores"]["false_alarms"] == 1 and doc["scores"]["misses"] == 0


# -- in a real browser ------------------------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")


def _chromium(page: Path, *args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                               "--disable-background-networking", "--disable-component-update", "--disable-sync",
                               f"--user-data-dir={profile}", "--window-size=1366,900", *args, page.as_uri()],
                              capture_output=True, text=True, timeout=90, check=False).stdout


def _screenshot(page: Path, png: Path) -> tuple[int, int]:
    _chromium(page, f"--screenshot={png}")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("chromium") is None, reason="needs /usr/bin/chromium")
def test_pages_render_in_chromium(tmp_path, show_page, dashboard):
    for name, page in (("show", show_page), ("evaluation", dashboard)):
        path = tmp_path / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        png = tmp_path / f"{name}.png"
        assert _screenshot(path, png) == (1366, 900), name
        assert png.stat().st_size > 10_000, name                              # not a blank page


MEASURE = """<script>var e = document.querySelector(".events").getBoundingClientRect();
document.body.dataset.fits = [document.documentElement.scrollWidth <= innerWidth, e.right <= innerWidth, e.width > 300].join();
</script></body>"""


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("chromium") is None, reason="needs /usr/bin/chromium")
def test_show_fits_1366_pixels_with_a_long_url(tmp_path, show_page):
    """The long URL wraps: no horizontal scroll, and the events panel is on screen at full width."""
    path = tmp_path / "show.html"
    path.write_text(show_page.replace("</body>", MEASURE), encoding="utf-8")
    assert 'data-fits="true,true,true"' in _chromium(path, "--dump-dom")

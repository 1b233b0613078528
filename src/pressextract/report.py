"""HTML pages a person would rather look at than read a table: one self-contained file each,
HTML and CSS rendered from Jinja2 templates (``templates/``, autoescaped), nothing fetched at
view time.

- :func:`render_document` (``pressextract show``) — one release as displaCy shows entities: a
  colour and an inline label per kind, a legend, the main event's evidence marked; beside the text
  its events by confidence, each fact linked to its numbered mentions (a click scrolls to the
  mention and flashes it, with CSS ``:target``).
- :func:`render_evaluation` (``pressextract evaluate --format html``) — a dashboard: summary cards,
  per-field P/R/F1, a sortable per-document table (a few lines of inline JavaScript) linking to
  each document's text with matched, missed and spurious facts marked.

This module only arranges data for the templates: the figures come from :mod:`.evaluate`.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .evaluate import ENTITY_FIELDS, FIELDS, INTERVAL_LEVEL

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Kind:
    """A kind of mention on the `show` page: its CSS class, inline label and colour."""

    key: str
    label: str
    colour: str


# displaCy's palette where it has the kind (GPE, ORG, PERSON, FAC, CARDINAL, DATE, EVENT).
KINDS: tuple[Kind, ...] = (
    Kind("place", "place", "#feca74"),
    Kind("organisation", "org", "#7aecec"),
    Kind("person", "person", "#aa9cfc"),
    Kind("facility", "facility", "#9cc9cc"),
    Kind("count", "count", "#e4e7d2"),
    Kind("date", "date", "#bfe1d9"),
    Kind("trigger", "trigger", "#ff9561"),
)
_RECORD_KEYS = (("locations", "place"), ("organizations", "organisation"), ("people", "person"),
                ("facilities", "facility"))
# Outcomes on the evaluation page, and the short label of each field.
OUTCOMES: tuple[Kind, ...] = (
    Kind("matched", "matched (also through an alias)", "#b7f0c0"),
    Kind("missed", "missed (gold only)", "#ffd0a8"),
    Kind("spurious", "spurious (predicted only)", "#f4c2f4"),
)
_FIELD_LABELS = {"places": "place", "organizations": "org", "people": "person", "facilities": "facility",
                 "counts": "count"}
_FIELD_OF_RECORD = {"places": "locations", "organizations": "organizations", "people": "people",
                    "facilities": "facilities"}


# -- marked-up text -----------------------------------------------------------------------
@dataclass
class Mark:
    """A range of the text to wrap in an element: `cls` its classes, `id` its anchor, `label`
    the inline tag after its text (displaCy's), `title` the tooltip."""

    start: int
    end: int
    cls: str
    id: str | None = None
    label: str | None = None
    title: str | None = None
    tag: str = "mark"


@dataclass
class Node:
    """An element of the marked-up text; `children` are strings (text) and nodes."""

    mark: Mark | None
    children: list = field(default_factory=list)


def nest(text: str, marks: list[Mark]) -> list:
    """The text as a tree of strings and :class:`Node`, every mark kept: a mark inside another
    nests in it; a mark that crosses the end of another is split there, its first piece keeping
    the id and label, so every anchor exists. Marks outside the text or empty are left out."""
    queue = [(*_trimmed(text, m.start, m.end), n, m) for n, m in enumerate(marks) if 0 <= m.start < m.end <= len(text)]
    queue = [(start, -end, n, m) for start, end, n, m in queue]
    heapq.heapify(queue)
    root = Node(None)
    stack: list[tuple[Node, int]] = [(root, len(text))]
    cursor, serial = 0, len(marks)

    def close_until(position: int) -> None:
        nonlocal cursor
        while len(stack) > 1 and stack[-1][1] <= position:
            node, end = stack.pop()
            if cursor < end:
                node.children.append(text[cursor:end])
                cursor = end

    while queue:
        start, neg_end, _, mark = heapq.heappop(queue)
        close_until(start)
        end = -neg_end
        limit = stack[-1][1]
        if end > limit:                      # crosses the end of the open element: split there
            serial += 1
            rest = Mark(limit, end, mark.cls, tag=mark.tag, title=mark.title)
            heapq.heappush(queue, (limit, -end, serial, rest))
            mark = Mark(mark.start, limit, mark.cls, mark.id, mark.label, mark.title, mark.tag)
            end = limit
        parent = stack[-1][0]
        if cursor < start:
            parent.children.append(text[cursor:start])
            cursor = start
        node = Node(mark)
        parent.children.append(node)
        stack.append((node, end))
    close_until(len(text))
    if cursor < len(text):
        root.children.append(text[cursor:])
    return root.children


def whole_word(name: str) -> re.Pattern[str]:
    """`name` as a whole word or phrase: not inside a longer word."""
    return re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without the whitespace at its ends (a sentence's closing line break would put
    its label on the next line); a range of whitespace only is kept as it is."""
    stripped = text[start:end].strip()
    if not stripped:
        return start, end
    start += len(text[start:end]) - len(text[start:end].lstrip())
    return start, start + len(stripped)


# -- show ---------------------------------------------------------------------------------
@dataclass
class Fact:
    kind: str
    name: str
    detail: str = ""
    mentions: list[str] = field(default_factory=list)


@dataclass
class EventView:
    number: int
    event_type: str
    main: bool
    confidence: float
    grade: str
    evidence_id: str
    evidence: str
    facts: list[Fact]


def confidence_grade(confidence: float) -> str:
    """high (>= 0.8), medium (>= 0.6) or low: how strongly the page shows an event."""
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.6 else "low"


def format_number(value: float) -> str:
    """A count's value for people: 2000000000 -> "2,000,000,000", 2.5 -> "2.5" (never 2e+09)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


class _Mentions:
    """Mentions of the page, one anchor per (start, end, kind) however many facts name it."""

    def __init__(self) -> None:
        self.marks: list[Mark] = []
        self._ids: dict[tuple[int, int, str], str] = {}

    def add(self, start: int, end: int, kind: str, title: str, label: str | None = None,
            prefix: str = "m", cls: str | None = None) -> str:
        key = (start, end, cls or kind)
        if key not in self._ids:
            self._ids[key] = f"{prefix}{len(self._ids) + 1}"
            self.marks.append(Mark(start, end, cls or f"ent {kind}", self._ids[key], label, title,
                                   "span" if prefix == "ev" else "mark"))
        return self._ids[key]

    def count(self, kind: str) -> int:
        return sum(1 for m in self.marks if m.cls == f"ent {kind}")


def _trigger_span(text: str, start: int, end: int, trigger: str | None) -> tuple[int, int] | None:
    """Where the trigger is: in its evidence sentence, else (a title's trigger) its first
    occurrence in the text. Records give the trigger's text, not its offsets."""
    if not trigger:
        return None
    pattern = whole_word(trigger)
    found = pattern.search(text, start, end) or pattern.search(text)
    return (found.start(), found.end()) if found else None


def _event_view(number: int, record: dict, text: str, mentions: _Mentions) -> EventView:
    labels = {k.key: k.label for k in KINDS}

    def spans_of(item: dict, kind: str, title: str) -> list[str]:
        spans = item.get("spans") or ([item["span"]] if item.get("span") else [])
        return [mentions.add(s["start"], s["end"], kind, title, labels[kind]) for s in spans]

    ev = record["evidence"]
    main = bool(record.get("main"))
    evidence_id = mentions.add(ev["start"], ev["end"], "evidence", f"evidence of event {number}: {record['event_type']}",
                               ("main event: " if main else "") + record["event_type"], prefix="ev",
                               cls="evidence main" if main else "evidence")
    facts: list[Fact] = []
    trigger = _trigger_span(text, ev["start"], ev["end"], record.get("trigger"))
    if record.get("trigger"):
        ids = [mentions.add(*trigger, "trigger", f"trigger: {record['trigger']}", labels["trigger"])] if trigger else []
        facts.append(Fact("trigger", record["trigger"], mentions=ids))
    date = record.get("date") or {}
    if date.get("start"):
        when = str(date["start"]) + (f" – {date['end']}" if date.get("end") and date["end"] != date["start"] else "")
        facts.append(Fact("date", date.get("text") or when, when if date.get("text") else "",
                          spans_of(date, "date", f"date: {when}")))
    for key, kind in _RECORD_KEYS:
        for it in record.get(key) or []:
            extra = [x for x in (it.get("title"), it.get("role") if it.get("role") != "other" else None,
                                 it.get("country_code")) if x]
            if it.get("aliases"):
                extra.insert(0, "= " + ", ".join(it["aliases"]))
            facts.append(Fact(kind, it["name"], " · ".join(map(str, extra)),
                              spans_of(it, kind, f"{kind}: {it['name']}")))
    for c in record.get("counts") or []:
        normal = f"{'≈ ' if c.get('approximate') else '= '}{format_number(c['value'])} {c['unit']}"
        facts.append(Fact("count", c["text"], normal, spans_of(c, "count", f"count: {c['text']} ({normal})")))
    return EventView(number, record["event_type"], main, float(record["confidence"]),
                     confidence_grade(float(record["confidence"])), evidence_id, ev.get("text", ""), facts)


def render_document(text: str, records: list[dict], title: str = "pressextract") -> str:
    """One release (`show`): the text with every mention and evidence sentence marked, its events
    beside it, most confident first."""
    mentions = _Mentions()
    order = sorted(range(len(records)), key=lambda i: (-float(records[i]["confidence"]), not records[i].get("main"), i))
    events = [_event_view(n, records[i], text, mentions) for n, i in enumerate(order, 1)]
    doc = records[0].get("doc") or {} if records else {}
    meta = [x for x in (doc.get("published") and f"published {doc['published']}", doc.get("site"),
                        doc.get("source") and f"source {doc['source']}") if x]
    return _environment().get_template("show.html").render(
        title=title, doc=doc, meta=meta, kinds=KINDS, counts={k.key: mentions.count(k.key) for k in KINDS},
        kind_labels={k.key: k.label for k in KINDS},
        nodes=nest(text, mentions.marks), events=events)


# -- evaluate -----------------------------------------------------------------------------
def _find(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the first of `names` found in `text` (whole words, longest name first) occurs."""
    for name in sorted({str(n) for n in names if n}, key=lambda n: (-len(n), n)):
        found = whole_word(name).search(text)
        if found:
            return [(found.start(), found.end())]
    return []


def _predicted_spans(records: list[dict], field_name: str) -> dict[str, list[tuple[int, int]]]:
    """Predicted mentions of a field, by every name (and alias) of the fact."""
    out: dict[str, list[tuple[int, int]]] = {}
    for r in records:
        items = r.get("counts") if field_name == "counts" else r.get(_FIELD_OF_RECORD[field_name])
        for it in items or []:
            spans = ([it["span"]] if it.get("span") else []) if field_name == "counts" else it.get("spans") or []
            names = [it.get("text")] if field_name == "counts" else [it.get("name"), *(it.get("aliases") or [])]
            for name in names:
                out.setdefault(name, []).extend((s["start"], s["end"]) for s in spans)
    return out


def _evaluation_marks(text: str, result) -> list[Mark]:
    """Matched, missed and spurious facts of one document (a DocResult) where the text names
    them: predicted mentions where the records give them, else the first place any name occurs."""
    marks = []
    for f in ENTITY_FIELDS:
        predicted = _predicted_spans(result.records, f)
        groups = [("matched", names) for names in result.matched_names.get(f, [])]
        if f == "counts":     # a missed count is found by its number as written ("120 mayor" -> "120")
            groups += [("missed", [str(n).split()[0]]) for n in result.missed.get(f, [])]
        else:
            groups += [("missed", names) for names in result.missed_names.get(f, [])]
        groups += [("spurious", [name]) for name in result.spurious.get(f, [])]
        for outcome, names in groups:
            spans = sorted({s for n in names for s in predicted.get(n, [])}) if outcome != "missed" else []
            for start, end in spans or _find(text, names):
                marks.append(Mark(start, end, f"ev-{outcome} f-{f}", None, _FIELD_LABELS[f],
                                  f"{f}: {names[0]} ({outcome})"))
    return marks


@dataclass
class DocView:
    id: str
    anchor: str
    scores: dict
    main_type: str | None
    gold_main_type: str
    error: str | None
    expected_error: str | None
    missed: dict
    spurious: dict
    nodes: list | None


def _anchor(doc_id: str) -> str:
    return "doc-" + re.sub(r"[^\w.-]", "_", doc_id)


def render_evaluation(report: dict, title: str = "pressextract evaluation", texts: dict[str, str] | None = None) -> str:
    """The evaluation dashboard (`evaluate --format html`) of a :func:`.evaluate.score` report."""
    results = {d.id: d for d in report.get("_doc_results", [])}
    docs = []
    for d in report["docs"]:
        text = (texts or {}).get(d["id"])
        nodes = nest(text, _evaluation_marks(text, results[d["id"]])) if text and d["id"] in results else None
        docs.append(DocView(d["id"], _anchor(d["id"]), d["scores"], d["main_type"], "/".join(d["gold_main_type"]),
                            d["error"], d["expected_error"], d["missed"], d["spurious"], nodes))
    docs.sort(key=lambda v: (v.scores["score"] if v.scores["score"] is not None else 2.0, v.id))
    ranges = report.get("intervals", {})          # evaluate --intervals
    cards = [("overall", report["overall"], None, ranges.get("overall")),
             ("entity macro F1", report["entity_f1_macro"], None, ranges.get("entity_f1_macro"))]
    counts = report.get("accuracy_counts", {})
    for label, key, name in (("main type", "main_type_acc", "main_type"), ("publication date", "published_acc", "published"),
                             ("main date", "main_date_acc", "main_date")):
        cards.append((label, report[key], counts.get(name), ranges.get(key)))
    types = sorted({t for row in report["confusion"].values() for t in row} | set(report["confusion"]))
    return _environment().get_template("evaluation.html").render(
        title=title, report=report, cards=cards, fields=FIELDS, docs=docs, types=types, outcomes=OUTCOMES,
        interval_level=f"{INTERVAL_LEVEL:.0%}",
        with_errors=sum(1 for v in docs if v.scores.get("has_errors")))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.do"])
    env.filters["score"] = lambda v: "—" if v is None else f"{v:.3f}"
    return env

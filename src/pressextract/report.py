"""HTML pages a person would rather look at than read a table: one self-contained file,
plain HTML and CSS, no JavaScript, nothing fetched at view time.

- :func:`render_evaluation` — accuracy and confusion tables, then every document's text with
  gold and predicted facts highlighted: matched, missed (gold only) and spurious (predicted only).
- :func:`render_document` — one release with its extracted events beside the text; each fact
  links to its mention in the text, each event to its evidence sentence.
"""

from __future__ import annotations

import html
import re

from .evaluate import ENTITY_FIELDS, FIELDS

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#222;padding:0 1rem}
h1{font-size:1.4rem} h2{font-size:1.15rem;margin-top:2rem} h3{font-size:1rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;margin:.5rem 0} td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left} th{background:#f3f3f3}
.text{white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:.8rem;border-radius:4px}
mark{border-radius:3px;padding:0 2px} mark.matched{background:#b7f0c0} mark.missed{background:#ffd0a8;outline:1px dashed #d46b08}
mark.spurious{background:#f4c2f4;text-decoration:line-through #a0a}
mark.fact{background:#dbe9ff} span.evidence{background:#fff8cc;border-bottom:2px solid #e6c200}
.legend span{margin-right:1rem} .facts{font-size:.9rem;color:#444}
.layout{display:grid;grid-template-columns:3fr 2fr;gap:1.5rem} .event{border:1px solid #ddd;border-radius:4px;padding:.5rem .8rem;margin-bottom:.8rem}
.event.main{border-color:#4a7} .tag{font-size:.75rem;background:#eee;border-radius:3px;padding:0 .3rem;margin-left:.3rem}
a{color:#2456a4;text-decoration:none} a:hover{text-decoration:underline}
"""
_FIELD_OF_RECORD = {"places": "locations", "organizations": "organizations", "people": "people",
                    "facilities": "facilities"}


def _page(title: str, body: str) -> str:
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>")


def _highlight(text: str, marks: list[tuple[int, int, str, str]],
               outer: list[tuple[int, int, str, str]] = ()) -> str:
    """Text with <mark> elements (start, end, css class, attributes), non-overlapping, nested in
    `outer` ranges (evidence sentences) rendered as <span>; a mark crossing a range is dropped."""
    inserts: list[tuple[int, int, str]] = []      # (position, order at that position, tag)
    kept_outer, last = [], 0
    for start, end, cls, attrs in sorted(outer):
        if start >= last and start < end <= len(text):
            kept_outer.append((start, end))
            inserts += [(start, 1, f'<span class="{cls}" {attrs}>'), (end, 0, "</span>")]
            last = end
    pos = 0
    for start, end, cls, attrs in sorted(marks, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start < pos or end <= start or end > len(text):
            continue
        if not all(a <= start and end <= b or end <= a or start >= b for a, b in kept_outer):
            continue
        inserts += [(start, 2, f'<mark class="{cls}" {attrs}>'), (end, -1, "</mark>")]
        pos = end
    out, cursor = [], 0
    for position, _, tag in sorted(inserts, key=lambda x: (x[0], x[1])):
        out.append(html.escape(text[cursor:position]))
        out.append(tag)
        cursor = position
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _find(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where any of `names` occurs in `text` (whole words), longest names first."""
    found = []
    for name in sorted({n for n in names if n}, key=lambda n: (-len(n), n)):
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            found.append((m.start(), m.end()))
    return found


def _evaluation_marks(text: str, doc: dict, records: list[dict]) -> list[tuple[int, int, str, str]]:
    marks = []
    for field in ENTITY_FIELDS:
        pred_spans: dict[str, list[tuple[int, int]]] = {}
        for r in records:
            items = r.get("counts") if field == "counts" else r.get(_FIELD_OF_RECORD[field])
            for it in items or []:
                label = it.get("text") if field == "counts" else it.get("name")
                spans = [it["span"]] if field == "counts" and it.get("span") else it.get("spans") or []
                pred_spans.setdefault(label, []).extend((s["start"], s["end"]) for s in spans)
        for cls, names in (("matched", doc["matched"].get(field, [])), ("missed", doc["missed"].get(field, []))):
            for name in names:
                for start, end in _find(text, [name] if field != "counts" else [str(name).split()[0]])[:1] or []:
                    marks.append((start, end, cls, f'data-field="{field}" title="{field}: {html.escape(str(name))} ({cls})"'))
        for name in doc["spurious"].get(field, []):
            spans = pred_spans.get(name) or _find(text, [name])
            for start, end in spans[:1]:
                marks.append((start, end, "spurious", f'data-field="{field}" title="{field}: {html.escape(str(name))} (spurious)"'))
    return marks


def render_evaluation(report: dict, title: str = "pressextract evaluation", texts: dict[str, str] | None = None) -> str:
    parts = ['<p class="legend"><span><mark class="matched">matched</mark></span>'
             '<span><mark class="missed">missed (gold only)</mark></span>'
             '<span><mark class="spurious">spurious (predicted only)</mark></span></p>']
    rows = "".join(
        f"<tr><td>{f}</td><td>{report['lenient'][f]['p']:.3f}</td><td>{report['lenient'][f]['r']:.3f}</td>"
        f"<td>{report['lenient'][f]['f1']:.3f}</td><td>{report['strict'][f]['f1']:.3f}</td>"
        f"<td>{report['lenient'][f]['tp']}/{report['lenient'][f]['pred']}/{report['lenient'][f]['gold']}</td></tr>"
        for f in FIELDS)
    parts.append("<h2>Accuracy</h2><table id=\"accuracy\"><tr><th>field</th><th>P</th><th>R</th><th>F1</th>"
                 f"<th>strict F1</th><th>tp/pred/gold</th></tr>{rows}</table>")
    summary = "".join(f"<tr><td>{k}</td><td>{report[k]}</td></tr>" for k in (
        "main_type_acc", "published_acc", "published_false", "main_date_acc", "errors_as_expected",
        "entity_f1_macro", "overall"))
    parts.append(f"<table id=\"summary\">{summary}</table>")
    types = sorted({t for row in report["confusion"].values() for t in row} | set(report["confusion"]))
    head = "".join(f"<th>{html.escape(t)}</th>" for t in types)
    body = "".join(f"<tr><td>{html.escape(g)}</td>" + "".join(f"<td>{row.get(t, '')}</td>" for t in types) + "</tr>"
                   for g, row in report["confusion"].items())
    parts.append(f"<h2>Main-event type confusion</h2><table id=\"confusion\"><tr><th>gold \\ predicted</th>{head}</tr>{body}</table>")
    parts.append("<h2>Documents</h2>")
    results = {d.id: d for d in report.get("_doc_results", [])}
    for doc in report["docs"]:
        did = html.escape(doc["id"])
        parts.append(f'<section class="doc" id="doc-{did}"><h3>{did}</h3>')
        if doc["expected_error"]:
            ok = bool(doc["error"] and doc["error"].startswith(doc["expected_error"]))
            parts.append(f"<p>expected error <code>{html.escape(doc['expected_error'])}</code>, got "
                         f"<code>{html.escape(str(doc['error']))}</code> — {'as expected' if ok else 'NOT as expected'}</p></section>")
            continue
        parts.append(f"<p class=\"facts\">main event: <b>{html.escape(str(doc['main_type']))}</b> "
                     f"(gold {html.escape('/'.join(doc['gold_main_type']))})"
                     + (f"; error: {html.escape(doc['error'])}" if doc["error"] else "") + "</p>")
        text = (texts or {}).get(doc["id"])
        if text:
            records = results[doc["id"]].records if doc["id"] in results else []
            parts.append(f'<div class="text">{_highlight(text, _evaluation_marks(text, doc, records))}</div>')
        for cls in ("missed", "spurious"):
            facts = [f"{f}: {', '.join(map(str, doc[cls][f]))}" for f in FIELDS if doc[cls].get(f)]
            if facts:
                parts.append(f'<p class="facts">{cls}: ' + html.escape("; ".join(facts)) + "</p>")
        parts.append("</section>")
    return _page(title, "\n".join(parts))


def render_document(text: str, records: list[dict], title: str = "pressextract") -> str:
    """One release: the text with mentions and evidence marked, its events beside it."""
    marks, evidence, facts_html = [], [], []
    mention_ids: dict[tuple[int, int, str], str] = {}

    def mark(start: int, end: int, cls: str, label: str) -> str:
        key = (start, end, cls)
        if key not in mention_ids:
            mention_ids[key] = f"m{len(mention_ids) + 1}"
            target = evidence if cls == "evidence" else marks
            target.append((start, end, cls, f'id="{mention_ids[key]}" title="{html.escape(label)}"'))
        return mention_ids[key]

    for n, r in enumerate(records, 1):
        ev = r["evidence"]
        ev_id = mark(ev["start"], ev["end"], "evidence", f"evidence of event {n}")
        items = []
        date = r.get("date") or {}
        if date.get("start"):
            span = date.get("span")
            link = f' <a href="#{mark(span["start"], span["end"], "fact", "date")}">→</a>' if span else ""
            items.append(f"<li>date: {html.escape(str(date['start']))}"
                         + (f" – {html.escape(str(date['end']))}" if date.get("end") else "")
                         + f" <i>({html.escape(str(date.get('text')))})</i>{link}</li>")
        for key, label in (("locations", "place"), ("organizations", "organisation"), ("people", "person"),
                           ("facilities", "facility")):
            for it in r.get(key) or []:
                fact_label = f"{label}: {it['name']}"
                links = " ".join(f'<a href="#{mark(s["start"], s["end"], "fact", fact_label)}">→</a>'
                                 for s in it.get("spans") or [])
                extra = [x for x in (it.get("role"), it.get("title"), it.get("country_code")) if x]
                aliases = f" = {', '.join(it['aliases'])}" if it.get("aliases") else ""
                items.append(f"<li>{label}: <b>{html.escape(it['name'])}</b>{html.escape(aliases)}"
                             + (f" <span class=\"tag\">{html.escape(' · '.join(map(str, extra)))}</span>" if extra else "")
                             + f" {links}</li>")
        for c in r.get("counts") or []:
            link = f' <a href="#{mark(c["span"]["start"], c["span"]["end"], "fact", "count")}">→</a>' if c.get("span") else ""
            items.append(f"<li>count: <b>{c['value']:g} {html.escape(c['unit'])}</b> <i>({html.escape(c['text'])})</i>{link}</li>")
        cls = "event main" if r.get("main") else "event"
        facts_html.append(
            f'<div class="{cls}"><b>{html.escape(r["event_type"])}</b>'
            + ('<span class="tag">main</span>' if r.get("main") else "")
            + f'<span class="tag">confidence {r["confidence"]:.2f}</span> '
            f'<a href="#{ev_id}">evidence</a><ul>{"".join(items)}</ul></div>')
    doc = records[0]["doc"] if records else {}
    meta = " · ".join(html.escape(str(x)) for x in (doc.get("published"), doc.get("site"), doc.get("url")) if x)
    body = (f'<p class="facts">{meta}</p><div class="layout"><div class="text">{_highlight(text, marks, evidence)}</div>'
            f'<div>{"".join(facts_html) or "<p>No events.</p>"}</div></div>')
    return _page(title, body)

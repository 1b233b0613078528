"""One document through every stage: clean -> nlp -> events -> validated records.

``Extractor.process`` never raises for bad input: it returns the records, or the reason the
document went to the error log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from pydantic import ValidationError
from spacy.tokens import Doc, Span

from . import dates, events, mentions, nlp
from .clean import CleanDocument, InputError, clean, decode
from .schema import EventRecord
from .settings import Settings
from .sources import RawDocument


@dataclass
class Result:
    source: str
    records: list[EventRecord] = field(default_factory=list)
    error: str | None = None
    doc_id: str | None = None
    text: str | None = None          # the cleaned text that offsets refer to


class Extractor:
    """Holds the loaded pipeline; call :meth:`process` per document."""

    def __init__(self, settings: Settings = Settings()) -> None:
        self.settings = settings
        self.nlp = nlp.load(settings.model)

    def process(self, raw: RawDocument) -> Result:
        if raw.error:
            return Result(raw.source, error=raw.error)
        try:
            text = decode(raw.data or b"", self.settings)
            cleaned = clean(text, url=raw.url, html=raw.html, settings=self.settings)
        except InputError as err:
            return Result(raw.source, error=str(err))
        return self.process_clean(cleaned, source=raw.source)

    def process_clean(self, cleaned: CleanDocument, *, source: str) -> Result:
        doc = self.nlp(cleaned.text)
        doc_id = cleaned.url or "sha1:" + hashlib.sha1(cleaned.text.encode("utf-8")).hexdigest()[:16]
        try:
            records = build_records(doc, cleaned, source=source, doc_id=doc_id)
        except ValidationError as err:
            return Result(source, error=f"invalid record: {_short(err)}", doc_id=doc_id)
        if not records:
            return Result(source, error="no event found", doc_id=doc_id, text=cleaned.text)
        return Result(source, records=records, doc_id=doc_id, text=cleaned.text)


def published_date(doc: Doc, cleaned: CleanDocument) -> dt.date | None:
    """Metadata date, else the dateline's date, else the date line under the title."""
    if cleaned.published:
        return cleaned.published
    for key in ("dateline", "header_date"):
        for span in doc.spans.get(key, []):
            if span.label_ in ("DATELINE_DATE", "HEADER_DATE"):
                found = dates.parse_published(span.text)
                if found:
                    return found
    return None


def build_records(doc: Doc, cleaned: CleanDocument, *, source: str, doc_id: str) -> list[EventRecord]:
    """Validated records of one processed document, main event first."""
    published = published_date(doc, cleaned)
    found = mentions.collect(doc)
    evs = events.find_events(doc)
    events.assign_dates(doc, evs, published)
    events.assign_roles(evs, found)
    counts = list(doc.spans.get("counts", []))
    doc_info = {
        "id": doc_id, "source": source, "url": cleaned.url, "title": cleaned.title,
        "published": published, "site": cleaned.site, "language": cleaned.language,
    }
    records = []
    for ev in evs:
        sent = next(iter(sorted(ev.sentences, key=lambda s: (s.start_char < len(cleaned.title or "") + 1, s.start))))
        record = {
            "event_type": ev.event_type,
            "main": ev.main,
            "trigger": ev.triggers[0].text if ev.triggers else None,
            "doc": doc_info,
            "date": _date(ev),
            "locations": [_location(e) for e in events.entities_of(ev, found.places)],
            "organizations": [_organization(e, ev) for e in events.entities_of(ev, found.organizations)],
            "people": [_person(e) for e in events.entities_of(ev, found.people)],
            "counts": [_count(s) for s in counts if ev.main or any(s.sent.start == x.start for x in ev.sentences)],
            "facilities": [_facility(e) for e in events.entities_of(ev, found.facilities)],
            "evidence": {"text": sent.text.strip(), "start": sent.start_char, "end": sent.end_char},
            "confidence": ev.confidence,
        }
        records.append(EventRecord.model_validate(record))
    return records


def _spans(entity: mentions.Entity) -> list[dict]:
    return [{"start": m.start_char, "end": m.end_char} for m in entity.mentions]


def _date(ev: events.Event) -> dict:
    if ev.date is None:
        return {}
    span = {"start": ev.date_span[0], "end": ev.date_span[1]} if ev.date_span else None
    return {"start": ev.date.start, "end": ev.date.end, "text": " ".join(ev.date.text.split()),
            "precision": ev.date.precision, "span": span}


def _location(e: mentions.Entity) -> dict:
    p = e.place
    return {"name": e.name, "aliases": e.aliases, "country_code": p.country_code if p else None,
            "geonames_id": p.geonames_id if p else None, "lat": p.lat if p else None,
            "lon": p.lon if p else None, "kind": p.kind if p else None, "spans": _spans(e)}


def _organization(e: mentions.Entity, ev: events.Event) -> dict:
    return {"name": e.name, "aliases": e.aliases, "role": ev.roles.get(id(e), "other"), "spans": _spans(e)}


def _person(e: mentions.Entity) -> dict:
    return {"name": e.name, "title": e.title, "spans": _spans(e)}


def _facility(e: mentions.Entity) -> dict:
    return {"name": e.name, "aliases": e.aliases, "spans": _spans(e)}


def _count(span: Span) -> dict:
    c = span._.count
    return {"value": c.value, "unit": c.unit, "text": " ".join(c.text.split()), "approximate": c.approximate,
            "span": {"start": c.start, "end": c.end}}


def _short(err: ValidationError) -> str:
    first = err.errors()[0]
    return f"{'.'.join(str(x) for x in first['loc'])}: {first['msg']}"


def extract(text_or_html: str, *, url: str | None = None, published: dt.date | str | None = None,
            settings: Settings = Settings()) -> list[EventRecord]:
    """Python API: a release as text or HTML -> its event records (main first).

    Raises :class:`pressextract.clean.InputError` for input that cannot be processed.
    """
    cleaned = clean(text_or_html, url=url, settings=settings)
    if published is not None:
        cleaned.published = dt.date.fromisoformat(str(published)[:10])
    result = Extractor(settings).process_clean(cleaned, source=url or "<text>")
    if result.error and result.error != "no event found":
        raise InputError(result.error)
    return result.records

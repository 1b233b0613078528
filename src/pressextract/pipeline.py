"""One document through every stage: clean -> nlp -> events -> validated records.

``Extractor.process`` never raises for a document: it returns the records, or the reason the
document went to the error log. An unexpected exception (a bug, not bad input) in any stage
becomes the reason ``internal error: <Type>: <message>``, its traceback logged at debug level.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from pydantic import ValidationError
from spacy.tokens import Doc, Span

from . import dates, events, mentions, nlp
from .clean import CleanDocument, InputError, clean, decode
from .components.doccache import sentence_of
from .dedup import fingerprints
from .schema import EventRecord
from .settings import Settings
from .sources import RawDocument

log = logging.getLogger(__name__)


@dataclass
class Result:
    source: str
    records: list[EventRecord] = field(default_factory=list)
    error: str | None = None
    doc_id: str | None = None
    text: str | None = None          # the cleaned text that offsets refer to
    fingerprint: str | None = None   # sha1 of the normalised cleaned text (exact duplicates)
    shingles: bytes | None = None    # hashes of its word 3-shingles (dedup.shingle_hashes: near duplicates)


class Extractor:
    """Holds the loaded pipeline; :meth:`process` one document or :meth:`process_batch` many."""

    def __init__(self, settings: Settings = Settings()) -> None:
        self.settings = settings
        self.nlp = nlp.load(settings.model)

    @property
    def titles(self) -> set[str] | None:
        """Title words of the pipeline's own entity lexicon (a user's ``lexicon_path`` included)."""
        if "pressextract_people" not in self.nlp.pipe_names:
            return None
        return self.nlp.get_pipe("pressextract_people").lex.titles

    def process(self, raw: RawDocument) -> Result:
        return self.process_batch([raw])[0]

    def process_batch(self, raws: list[RawDocument]) -> list[Result]:
        """Documents through every stage, the spaCy part batched with ``nlp.pipe``.

        A document that fails, or takes longer than ``settings.doc_timeout`` seconds, gets an
        error result; the others are unaffected.
        """
        results: list[Result | None] = [None] * len(raws)
        cleaned: list[tuple[int, CleanDocument]] = []
        for i, raw in enumerate(raws):
            try:
                with time_limit(self.settings.doc_timeout):
                    cleaned.append((i, self._clean(raw)))
            except InputError as err:
                results[i] = Result(raw.source, error=str(err), doc_id=raw.key)
            except TimeoutError:
                results[i] = self._timed_out(raw)
            except Exception as err:  # a bug in a stage: this document fails, the batch goes on
                results[i] = self._internal_error(raw, err)
        # nlp.pipe yields its docs lazily (our components run one document at a time), so each
        # document gets its own limit: one slow document costs about its limit, not the batch's.
        # A long text goes through the pipeline alone, in pieces (nlp.process_in_chunks).
        piped = [c.text for _, c in cleaned if not self._long(c.text)]
        docs = iter(self.nlp.pipe(piped))
        n = -1                                        # position among the documents of the pipe
        for i, c in cleaned:
            raw = raws[i]
            if self._long(c.text):
                doc, failed = self._doc_in_time(c.text, raw)
                results[i] = failed or self._records_in_time(doc, c, raw)
                continue
            n += 1
            try:
                with time_limit(self.settings.doc_timeout):
                    doc = self._next_doc(docs) if docs is not None else self.nlp(c.text)
            except (TimeoutError, _PipeFailed) as err:
                # The pipe is broken (a timeout or an exception inside it stops the generator): the
                # rest go one at a time. Only the first document's share held the batched work of the
                # others (the model's layers run on the whole batch then): redo that one alone.
                log.debug("nlp.pipe failed on %s (%s); going on one document at a time", raw.source,
                          type(err.__cause__ or err).__name__)
                docs = None
                if n > 0 or len(piped) == 1:
                    cause = err.__cause__ if isinstance(err, _PipeFailed) else err
                    results[i] = self._timed_out(raw) if isinstance(cause, TimeoutError) \
                        else self._internal_error(raw, cause)
                    continue
                doc, failed = self._doc_in_time(c.text, raw)
                if failed:
                    results[i] = failed
                    continue
            except Exception as err:
                results[i] = self._internal_error(raw, err)
                continue
            results[i] = self._records_in_time(doc, c, raw)
        return [r for r in results if r is not None]

    def _long(self, text: str) -> bool:
        return len(text) > self.settings.chunk_chars

    def doc(self, text: str) -> Doc:
        """`text` through the pipeline: at once, or in pieces when it is long."""
        if self._long(text):
            return nlp.process_in_chunks(self.nlp, text, self.settings.chunk_chars)
        return self.nlp(text)

    def _doc_in_time(self, text: str, raw: RawDocument) -> tuple[Doc | None, Result | None]:
        """(the Doc of `text`, None), or (None, the error result) after a timeout or a bug."""
        try:
            with time_limit(self.settings.doc_timeout):
                return self.doc(text), None
        except TimeoutError:
            return None, self._timed_out(raw)
        except Exception as err:
            return None, self._internal_error(raw, err)

    def _records_in_time(self, doc: Doc, cleaned: CleanDocument, raw: RawDocument) -> Result:
        try:
            with time_limit(self.settings.doc_timeout):
                return self._records(doc, cleaned, raw)
        except TimeoutError:
            return self._timed_out(raw)
        except Exception as err:
            return self._internal_error(raw, err)

    @staticmethod
    def _next_doc(docs) -> Doc:
        try:
            return next(docs)
        except Exception as err:  # the caller decides whose failure it was
            raise _PipeFailed from err

    def _timed_out(self, raw: RawDocument) -> Result:
        return Result(raw.source, error=f"timeout: more than {self.settings.doc_timeout:g} s", doc_id=raw.key)

    @staticmethod
    def _internal_error(raw: RawDocument, err: Exception) -> Result:
        log.debug("internal error on %s", raw.source, exc_info=err)
        return Result(raw.source, error=internal_error(err), doc_id=raw.key)

    def _clean(self, raw: RawDocument) -> CleanDocument:
        if raw.error:
            raise InputError(raw.error)
        data, url = raw.data, raw.url
        if data is None and url:
            from .sources import fetch

            fetched = fetch(url, self.settings)   # the key stays the URL asked for; the record keeps the final one
            if fetched.error:
                raise InputError(fetched.error)
            data, url = fetched.data, fetched.url
        text = decode(data or b"", self.settings)
        cleaned = clean(text, url=url, html=raw.html, settings=self.settings)
        if raw.published and not cleaned.published:
            try:
                cleaned.published = dt.date.fromisoformat(str(raw.published)[:10])
            except ValueError:
                pass
        return cleaned

    def process_clean(self, cleaned: CleanDocument, *, source: str, doc_id: str | None = None) -> Result:
        raw = RawDocument(source, id=doc_id or "sha1:" + hashlib.sha1(cleaned.text.encode("utf-8")).hexdigest()[:20])
        return self._records(self.doc(cleaned.text), cleaned, raw)

    def _records(self, doc: Doc, cleaned: CleanDocument, raw: RawDocument) -> Result:
        doc_id = raw.key
        fingerprint, shingles = fingerprints(cleaned.text)
        base = dict(doc_id=doc_id, text=cleaned.text, fingerprint=fingerprint, shingles=shingles)
        try:
            records = build_records(doc, cleaned, source=raw.source, doc_id=doc_id, fetched=raw.fetched,
                                    titles=self.titles)
        except ValidationError as err:
            return Result(raw.source, error=f"invalid record: {_short(err)}", **base)
        if not records:
            return Result(raw.source, error="no event found", **base)
        return Result(raw.source, records=records, **base)


class _PipeFailed(Exception):
    """``nlp.pipe`` raised while yielding a document (the exception is its ``__cause__``)."""


def internal_error(err: BaseException) -> str:
    """The error-log reason for an unexpected exception: its type and first 300 characters, one line."""
    message = " ".join(str(err).split())
    return f"internal error: {type(err).__name__}: {message[:300]}"


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError in the block after `seconds` (main thread on Unix; elsewhere no limit)."""
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _alarm(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def build_records(doc: Doc, cleaned: CleanDocument, *, source: str, doc_id: str,
                  fetched: str | None = None, titles: set[str] | None = None) -> list[EventRecord]:
    """Validated records of one processed document, main event first."""
    published = published_date(doc, cleaned)
    found = mentions.collect(doc, titles)
    evs = events.find_events(doc)
    events.assign_dates(doc, evs, published)
    events.assign_roles(evs, found)
    counts = list(doc.spans.get("counts", []))
    doc_info = {
        "id": doc_id, "source": source, "url": cleaned.url, "title": cleaned.title,
        "published": published, "site": cleaned.site, "language": cleaned.language,
        "fetched": fetched,
    }
    count_sentences = [sentence_of(s).start for s in counts]
    records = []
    for ev in evs:
        ev_sentences = {x.start for x in ev.sentences}
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
            "counts": [_count(s) for s, start in zip(counts, count_sentences) if ev.main or start in ev_sentences],
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
    result = Extractor(settings).process_clean(cleaned, source=url or "<text>", doc_id=url)
    if result.error and result.error != "no event found":
        raise InputError(result.error)
    return result.records

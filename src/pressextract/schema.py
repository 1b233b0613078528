"""The output contract: Pydantic models of one event record.

This module is the one definition of what pressextract emits. The JSON Schema printed by
``pressextract schema`` is generated from these models, and every record is validated here
before it is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SCHEMA_VERSION = "1.0"

# The one declaration of the event types: each with its schema.org class (the knowledge base's
# JSON-LD type). A new event type is one line here plus its trigger lexicon (models/triggers.json):
# EventType, EVENT_TYPES and the KB mapping derive from it, and the trigger component checks every
# lexicon against it when the pipeline is built (check_event_types).
EVENT_TYPE_CLASSES: dict[str, str] = {
    "training": "EducationEvent", "conference": "BusinessEvent", "meeting": "BusinessEvent",
    "visit": "Event", "agreement": "Event", "award": "Event", "opening": "Event", "launch": "Event",
    "appointment": "Event", "funding": "Event", "acquisition": "Event", "publication": "PublicationEvent",
    "other": "Event",
}
EventType = Literal[tuple(EVENT_TYPE_CLASSES)]  # type: ignore[valid-type]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

# The organisation roles, each with the schema.org Event property that links it (only properties
# schema.org gives Event: `recipient` and `partner` are not, so they are contributors; `about`
# for a name the event concerns without a part in it).
ORG_ROLE_PROPERTIES: dict[str, str] = {
    "organizer": "organizer", "host": "organizer", "participant": "attendee", "partner": "contributor",
    "funder": "funder", "recipient": "contributor", "other": "about",
}
OrgRole = Literal[tuple(ORG_ROLE_PROPERTIES)]  # type: ignore[valid-type]
Precision = Literal["day", "week", "month", "year"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Character offsets of a mention in the cleaned text (``doc.text``)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        return self


class DocInfo(_Model):
    id: str = Field(description="Stable document id: the given id, the URL, or sha1 of the input")
    source: str = Field(description="The input as given on the command line")
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    site: str | None = None
    language: str | None = None
    fetched: str | None = Field(None, description="When the page was crawled (WARC-Date), if known")
    duplicate_of: str | None = Field(None, description="Id of the first copy when this is a (near-)duplicate")


class DateRange(_Model):
    start: dt.date | None = None
    end: dt.date | None = None
    text: str | None = Field(None, description="The date expression as written")
    precision: Precision | None = None
    span: Span | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "DateRange":
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"date end {self.end} before start {self.start}")
        return self


class Location(_Model):
    name: str
    aliases: list[str] = []
    country_code: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    geonames_id: int | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    kind: Literal["city", "region", "country", "continent", "other"] | None = None
    spans: list[Span] = []


class Organization(_Model):
    name: str
    aliases: list[str] = []
    role: OrgRole = "other"
    spans: list[Span] = []


class Person(_Model):
    name: str
    title: str | None = None
    role: str | None = None
    spans: list[Span] = []


class Count(_Model):
    value: float = Field(allow_inf_nan=False)
    unit: str = Field(description="Singular head noun, or an ISO currency code for money")
    text: str
    approximate: bool = False
    span: Span | None = None


class Facility(_Model):
    name: str
    aliases: list[str] = []
    spans: list[Span] = []


class Evidence(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class EventRecord(_Model):
    schema_version: str = SCHEMA_VERSION
    event_type: EventType
    main: bool
    trigger: str | None = None
    doc: DocInfo
    date: DateRange = DateRange()
    locations: list[Location] = []
    organizations: list[Organization] = []
    people: list[Person] = []
    counts: list[Count] = []
    facilities: list[Facility] = []
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)


def check_event_types(names: Iterable[str], source: str) -> None:
    """Raise ValueError naming every entry of `source` (a lexicon) that is not a declared event type."""
    bad = [name for name in names if name not in EVENT_TYPES]
    if not bad:
        return
    problems = []
    for name in bad:
        close = difflib.get_close_matches(name, EVENT_TYPES, n=1)
        problems.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise ValueError(f"{source}: unknown event type {', '.join(problems)}; the event types are declared in "
                     f"pressextract.schema.EventType: {', '.join(EVENT_TYPES)}")


def json_schema() -> dict:
    """The JSON Schema of one output record."""
    return EventRecord.model_json_schema()


# -- reading records back (kb load, evaluate --pred, scripts): one reader -----------------------
@dataclass(frozen=True)
class BadLine:
    """A JSONL line that is not an event record."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def read_records(path: str | Path, validate: bool = True) -> Iterator[dict | BadLine]:
    """The records of a JSONL file; a line that is not one (bad JSON or text, another kind of
    object such as a manifest or error-log line, and with `validate` a record that fails the
    schema) is a BadLine. Validated records come back as the schema dumps them; without
    `validate`, as written (enough to score hand-made or older records)."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield BadLine(str(path), n, f"bad JSON: {err.msg} (column {err.colno})")
                continue
            if not isinstance(obj, dict) or "event_type" not in obj or not isinstance(obj.get("doc"), dict):
                yield BadLine(str(path), n, "not an event record (no event_type and doc)")
                continue
            if not validate:
                yield obj
                continue
            try:
                yield EventRecord.model_validate(obj).model_dump(mode="json")
            except ValidationError as err:
                first = err.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                yield BadLine(str(path), n, f"invalid record: {where}: {first['msg']}")

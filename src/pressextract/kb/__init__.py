"""An embedded knowledge base (SQLite): documents, events, entities, roles and mentions.

The package is one module per part: ``schema`` (SQL layout, version, migration), ``records``
(reading JSONL, confidence filter, entity hygiene), ``load`` (one document per transaction,
entity resolution and merging), ``query`` and ``export`` (JSON-LD, CSV). ``KnowledgeBase`` ties
them to one open file. Linking is kept apart from extraction: this package only reads records.
The database runs in WAL mode: readers query while a batch writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..names import name_key
from ..schema import EVENT_TYPE_CLASSES
from ..settings import KB_MIN_CONFIDENCE
from . import export, query
from .load import load_document
from .records import BadLine, by_document, clean_entities, confident, read_records
from .schema import SCHEMA, SCHEMA_VERSION, connect

__all__ = ["KnowledgeBase", "LoadSummary", "BadLine", "read_records", "read_jsonl", "norm", "SCHEMA",
           "SCHEMA_VERSION", "KB_MIN_CONFIDENCE", "SCHEMA_ORG_EVENT"]

norm = name_key   # matching key of names (see names.py; organisations: names.organization_key)
SCHEMA_ORG_EVENT = EVENT_TYPE_CLASSES   # the 0.1 name of the event types' schema.org classes


@dataclass
class LoadSummary:
    """What a load did: documents loaded, completed (events added to a document already there),
    already present; events below the confidence floor; lines that were not records."""

    loaded: int = 0
    completed: int = 0
    present: int = 0
    below_confidence: int = 0
    bad_lines: list[BadLine] = field(default_factory=list)

    def add(self, other: "LoadSummary") -> None:
        self.loaded += other.loaded
        self.completed += other.completed
        self.present += other.present
        self.below_confidence += other.below_confidence
        self.bad_lines += other.bad_lines

    def line(self, min_confidence: float) -> str:
        return (f"{self.loaded} documents loaded, {self.completed} completed, {self.present} already present; "
                f"{self.below_confidence} events below --min-confidence {min_confidence}; "
                f"{len(self.bad_lines)} bad lines skipped")


class KnowledgeBase:
    """One open base: load records, query, export."""

    def __init__(self, path: str | Path, timeout: float = 30.0, min_confidence: float = KB_MIN_CONFIDENCE) -> None:
        self.path = Path(path)
        self.min_confidence = min_confidence
        self.db = connect(self.path, timeout)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading --------------------------------------------------------------------------
    def load_records(self, records: Iterable[dict | BadLine]) -> LoadSummary:
        """Load records grouped by document (consecutive records of one document); BadLines
        are counted and skipped."""
        summary = LoadSummary()
        for batch in by_document(records):
            if isinstance(batch, BadLine):
                summary.bad_lines.append(batch)
            else:
                summary.add(self.load_document(batch))
        return summary

    def load_document(self, records: list[dict]) -> LoadSummary:
        """One document's records: those at or above the confidence floor, cleaned of
        non-entities, in one transaction."""
        kept = confident(records, self.min_confidence)
        outcome = load_document(self.db, clean_entities(kept))
        return LoadSummary(loaded=outcome == "loaded", completed=outcome == "completed",
                           present=outcome == "present", below_confidence=len(records) - len(kept))

    def load_file(self, path: str | Path) -> LoadSummary:
        return self.load_records(read_records(path))

    # -- reading --------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        return query.stats(self.db)

    def query(self, **filters) -> list[dict]:
        """Events, filtered (see query.events)."""
        return query.events(self.db, **filters)

    def entity(self, entity_id: int) -> dict:
        return query.entity(self.db, entity_id)

    def find(self, etype: str, name: str) -> list[dict]:
        return query.find(self.db, etype, name)

    # -- export ---------------------------------------------------------------------------
    def to_jsonld(self) -> dict:
        """The whole base as JSON-LD (schema.org vocabulary, inline context: nothing fetched)."""
        return export.to_jsonld(query.events(self.db, limit=None), query.entities(self.db))

    def to_csv(self) -> str:
        """The whole base as CSV: a row per event and a row per entity link."""
        return export.to_csv(query.events(self.db, limit=None))


def read_jsonl(path: str | Path) -> Iterable[dict | BadLine]:
    """The records of a JSONL file; lines that are not records come as BadLine (file:line)."""
    return read_records(path)

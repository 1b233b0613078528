"""Where results go: JSONL (or CSV) records and the JSONL error log (files, stdout or stderr)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import IO

from .schema import EventRecord


class JsonlSink:
    """One JSON object per line, to a file, or to stdout/stderr when no path is given."""

    def __init__(self, path: str | Path | None, fallback: IO[str] | None = None) -> None:
        self.path = Path(path) if path else None
        self.fallback = fallback or sys.stdout
        self._fh: IO[str] | None = None
        self._bar = None
        self.count = 0

    def reopen(self, append: bool = False) -> None:
        """Open the file: truncated for a new run, appended to when resuming."""
        self.close()
        self._fh = self.path.open("a" if append else "w", encoding="utf-8") if self.path else self.fallback

    @property
    def fh(self) -> IO[str]:
        if self._fh is None:
            self.reopen()
        return self._fh

    def above(self, bar) -> None:
        """Write above this tqdm progress bar (cleared, then redrawn) while it is shown, when the
        lines go to stdout or stderr: on a terminal a line never runs into the bar."""
        self._bar = bar if self.path is None else None

    def write_line(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self.fh)
        else:
            self.fh.write(line + "\n")
        self.count += 1

    def write_record(self, record: EventRecord) -> None:
        self.write_line(record.model_dump_json())

    def write(self, obj: dict) -> None:
        self.write_line(json.dumps(obj, ensure_ascii=False, default=str))

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def close(self) -> None:
        if self._fh is not None and self.path:
            self._fh.close()
        elif self._fh is not None:
            self._fh.flush()
        self._fh = None

    def __enter__(self) -> "JsonlSink":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# extract --format csv: one row per event, the main fields flattened. A list of entities is one
# cell, names joined with "; " (an organisation as "name (role)"; counts as written).
CSV_COLUMNS = ("doc_id", "source", "url", "title", "published", "duplicate_of", "event_type", "main", "confidence",
               "trigger", "date_start", "date_end", "date_text", "locations", "organizations", "people",
               "facilities", "counts", "evidence")


def csv_row(record: dict) -> dict[str, object]:
    """One event record (as extract writes it) as a row of :data:`CSV_COLUMNS`."""
    doc, date = record["doc"], record.get("date") or {}

    def names(field: str) -> str:
        return "; ".join(item["name"] for item in record.get(field) or [])

    return {"doc_id": doc["id"], "source": doc["source"], "url": doc.get("url"), "title": doc.get("title"),
            "published": doc.get("published"), "duplicate_of": doc.get("duplicate_of"),
            "event_type": record["event_type"], "main": "true" if record["main"] else "false", "confidence": record["confidence"],
            "trigger": record.get("trigger"), "date_start": date.get("start"), "date_end": date.get("end"),
            "date_text": date.get("text"), "locations": names("locations"),
            "organizations": "; ".join(f"{o['name']} ({o['role']})" for o in record.get("organizations") or []),
            "people": names("people"), "facilities": names("facilities"),
            "counts": "; ".join(c["text"] for c in record.get("counts") or []),
            "evidence": (record.get("evidence") or {}).get("text")}


class CsvSink(JsonlSink):
    """Records as CSV: a header, then :func:`csv_row` of each record line (given as JSON)."""

    def reopen(self, append: bool = False) -> None:
        super().reopen(append)
        self._row(dict(zip(CSV_COLUMNS, CSV_COLUMNS)))
        self.count = 0

    def write_line(self, line: str) -> None:
        self._row(csv_row(json.loads(line)))

    def _row(self, row: dict[str, object]) -> None:
        buf = io.StringIO()
        csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n").writerow(row)
        super().write_line(buf.getvalue()[:-1])


def error_entry(source: str, reason: str, doc_id: str | None = None) -> dict:
    return {"source": source, "reason": reason, "doc_id": doc_id,
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

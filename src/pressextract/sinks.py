"""Where results go: JSONL records and the JSONL error log (files, stdout or stderr)."""

from __future__ import annotations

import datetime as dt
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


def error_entry(source: str, reason: str, doc_id: str | None = None) -> dict:
    return {"source": source, "reason": reason, "doc_id": doc_id,
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

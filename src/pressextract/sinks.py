"""Where results go: JSONL records and the JSONL error log."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO

from .schema import EventRecord


class JsonlSink:
    """One JSON object per line, to a file or stdout."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self._fh: IO[str] = self.path.open("w", encoding="utf-8") if self.path else sys.stdout
        self.count = 0

    def write_record(self, record: EventRecord) -> None:
        self._fh.write(record.model_dump_json() + "\n")
        self.count += 1

    def write(self, obj: dict) -> None:
        self._fh.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
        self.count += 1

    def close(self) -> None:
        if self.path:
            self._fh.close()
        else:
            self._fh.flush()

    def __enter__(self) -> "JsonlSink":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def error_entry(source: str, reason: str, doc_id: str | None = None) -> dict:
    return {"source": source, "reason": reason, "doc_id": doc_id,
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

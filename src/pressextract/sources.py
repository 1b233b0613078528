"""Inputs -> raw documents, streamed: files, directories, URLs, stdin.

A problem with reading or fetching one input becomes a document with an ``error``; nothing is
raised and nothing is dropped, so a batch goes on and the error log accounts for every input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .settings import Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass
class RawDocument:
    source: str                      # the input as given (path, URL, "-")
    data: bytes | None = None
    url: str | None = None
    html: bool | None = None         # None: decide from the content
    error: str | None = None         # why the input could not be read


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def iter_documents(inputs: Iterable[str], settings: Settings = Settings()) -> Iterator[RawDocument]:
    for item in inputs:
        if item == "-":
            yield RawDocument("-", sys.stdin.buffer.read())
        elif is_url(item):
            yield fetch(item, settings)
        else:
            path = Path(item)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    if child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES and not child.name.startswith("."):
                        yield read_file(child, source=str(child), settings=settings)
            else:
                yield read_file(path, source=item, settings=settings)


def read_file(path: Path, *, source: str, settings: Settings = Settings()) -> RawDocument:
    suffix = path.suffix.lower()
    html = True if suffix in HTML_SUFFIXES else False if suffix in TEXT_SUFFIXES else None
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            return RawDocument(source, error=f"too large: {size} bytes (limit {settings.max_bytes})")
        return RawDocument(source, path.read_bytes(), html=html)
    except FileNotFoundError:
        return RawDocument(source, error="file not found")
    except OSError as err:
        return RawDocument(source, error=f"cannot read: {err.strerror or err}")


def fetch(url: str, settings: Settings = Settings()) -> RawDocument:
    """Download with trafilatura (its SSRF guard on unless `allow_private_hosts`)."""
    from copy import deepcopy

    from trafilatura.downloads import fetch_response
    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["DOWNLOAD_TIMEOUT"] = str(settings.fetch_timeout)
    config["DEFAULT"]["MAX_FILE_SIZE"] = str(settings.max_bytes)
    config["DEFAULT"]["MAX_REDIRECTS"] = "2"
    config["DEFAULT"]["SSRF_PROTECTION"] = "off" if settings.allow_private_hosts else "on"
    try:
        response = fetch_response(url, config=config)
    except Exception as err:  # trafilatura raises for blocked hosts and odd URLs
        return RawDocument(url, url=url, error=f"unreachable: {err}")
    if response is None:
        reason = "unreachable (connection failed, timed out, or blocked by SSRF protection)"
        return RawDocument(url, url=url, error=reason)
    if response.status != 200:
        return RawDocument(url, url=url, error=f"HTTP {response.status}")
    return RawDocument(url, response.data, url=response.url or url, html=None)

"""Inputs -> raw documents, streamed: files, directories, globs, URLs, stdin, WARC archives,
JSONL, URL lists, RSS/Atom feeds and sitemaps.

Nothing is loaded whole: archives and lists are read record by record. A problem with reading
or fetching one input becomes a document with an ``error``; nothing is raised and nothing is
dropped, so a batch goes on and the error log accounts for every input.

Input forms:
- ``release.txt``, ``page.html``, a directory (recursive), a glob (``"archive/**/*.html"``), ``-``
- ``https://...`` — fetched with trafilatura; private and reserved addresses refused before
  connecting (:mod:`netguard`) unless ``allow_private_hosts``
- ``crawl.warc`` / ``crawl.warc.gz`` — HTML responses, with the record's URL and date; a cut or damaged
  archive ends with an error document at the offset of the record where reading failed
- ``items.jsonl`` — one object per line with ``url``, ``html`` or ``text`` (and optional ``id``,
  ``published``)
- ``list.urls`` — one URL per line
- ``feed:https://site/feed.xml``, ``sitemap:https://site/`` — the article URLs they list
"""

from __future__ import annotations

import fnmatch
import glob
import gzip
import hashlib
import json
import os
import stat
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from . import netguard
from .settings import Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
LIST_SUFFIXES = {".urls"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
DIRECTORY_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | LIST_SUFFIXES | JSONL_SUFFIXES


@dataclass
class RawDocument:
    source: str                      # the input as given (path, URL, "-", "archive.warc.gz#<offset>")
    data: bytes | None = None
    url: str | None = None
    html: bool | None = None         # None: decide from the content
    error: str | None = None         # why the input could not be read
    published: str | None = None     # a date given with the input (JSONL "published")
    fetched: str | None = None       # when it was crawled (WARC-Date)
    id: str | None = None            # an id given with the input (JSONL "id")

    @property
    def key(self) -> str:
        """Document id: the given id, else the URL, else the path ("archive.warc.gz#<offset>",
        "items.jsonl:<line>"); for stdin a hash of the content. :func:`iter_documents` makes it
        unique in a run, so exact copies are kept apart (and marked as duplicates)."""
        if self.id:
            return self.id
        if self.url:
            return self.url
        if self.source == "-" and self.data is not None:
            return "sha1:" + hashlib.sha1(self.data).hexdigest()[:20]
        return self.source


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def iter_documents(inputs: Iterable[str], settings: Settings = Settings(),
                   counts: Counter | None = None) -> Iterator[RawDocument]:
    """Every input as raw documents, each with its own id: a repeated one (the same URL twice,
    a JSONL id used again, a path given twice) gets "#2", "#3", ... in input order, which is
    stable from run to run, so ``--resume`` finds the same ids. What is passed over without a
    document is counted in `counts` (``warc_not_html``: WARC records that are not HTML
    responses)."""
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    for doc in _read_inputs(inputs, settings, counts):
        key = doc.key
        if key in used:
            n = next_suffix.get(key, 2)
            while f"{key}#{n}" in used:
                n += 1
            next_suffix[key] = n + 1
            doc.id = f"{key}#{n}"
        used.add(doc.key)
        yield doc


def _read_inputs(inputs: Iterable[str], settings: Settings, counts: Counter | None) -> Iterator[RawDocument]:
    for item in inputs:
        if item == "-":
            data = _read_upto(sys.stdin.buffer, settings.max_bytes + 1)
            yield RawDocument("-", error=_too_large(settings)) if len(data) > settings.max_bytes else RawDocument("-", data)
        elif is_url(item):
            yield RawDocument(item, url=item)          # fetched by the worker that processes it
        elif item.startswith(("feed:", "sitemap:")):
            yield from _from_site(item, settings)
        else:
            files = input_files(item)
            if _unmatched(item, files):
                yield RawDocument(item, error="no file matches the pattern")
            for path, source in files:
                yield from _from_path(path, source, settings, counts)


def input_files(item: str) -> list[tuple[Path, str]]:
    """The files a path input names, as (path, source): a directory's readable files (sorted,
    hidden ones left out), a glob's matches, or the path itself (which may not exist)."""
    path = Path(item)
    if path.is_dir():
        return [(child, str(child)) for child in sorted(walk_files(path))
                if (child.suffix.lower() in DIRECTORY_SUFFIXES or child.name.lower().endswith(WARC_SUFFIXES))
                and not child.name.startswith(".")]
    if not path.exists() and glob.has_magic(item):
        return [(Path(match), match) for match in glob_files(item)]
    return [(path, item)]


def count_documents(inputs: Iterable[str]) -> int | None:
    """How many documents :func:`iter_documents` will give, from names alone (a directory walk, a
    glob), or None when that needs reading the inputs: stdin, URLs, feeds, sitemaps, and files
    that hold many documents (WARC, JSONL, URL lists)."""
    total = 0
    for item in inputs:
        if item == "-" or is_url(item) or item.startswith(("feed:", "sitemap:")):
            return None
        files = input_files(item)
        if any(_many_documents(path) for path, _ in files):
            return None
        total += 1 if _unmatched(item, files) else len(files)
    return total


def _unmatched(item: str, files: list[tuple[Path, str]]) -> bool:
    """A glob that matches no file (it becomes one error document); an empty directory is not one."""
    return not files and not Path(item).is_dir()


def _many_documents(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES) or path.suffix.lower() in JSONL_SUFFIXES | LIST_SUFFIXES


def walk_files(root: Path, max_depth: int | None = None) -> Iterator[Path]:
    """Files under `root` (at most `max_depth` levels down), following symlinked directories but
    entering each real directory once, so a symlink loop ends. Real paths are walked before
    symlinked ones, so a file is named by its real path when it has one under `root`."""
    visited: set[tuple[int, int]] = set()
    real: list[tuple[Path, int]] = [(root, 0)]
    linked: list[tuple[Path, int]] = []
    while real or linked:
        directory, depth = real.pop() if real else linked.pop()
        try:
            st = directory.stat()
            if (st.st_dev, st.st_ino) in visited:
                continue
            visited.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(directory), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if max_depth is None or depth + 1 < max_depth:
                        (linked if entry.is_symlink() else real).append((Path(entry.path), depth + 1))
                elif entry.is_file():
                    yield Path(entry.path)
            except OSError:
                continue


def glob_files(pattern: str) -> list[str]:
    """The files `pattern` matches, sorted, as ``glob.glob(pattern, recursive=True)`` gives them
    (``**`` is any number of directories; ``*``, ``?`` and ``**`` skip hidden names) but through
    :func:`walk_files`, so a symlink loop is entered once instead of until paths get too long."""
    parts = pattern.split("/")
    fixed = 0
    while fixed < len(parts) - 1 and not glob.has_magic(parts[fixed]):
        fixed += 1
    root = Path("/".join(parts[:fixed]) or ("/" if pattern.startswith("/") else "."))
    wanted = [p for p in parts[fixed:] if p]
    depth = None if "**" in wanted else len(wanted)
    return sorted(str(path) for path in walk_files(root, depth) if _matches(path.relative_to(root).parts, wanted))


def _matches(names: tuple[str, ...], pattern: list[str]) -> bool:
    if not pattern:
        return not names
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return _matches(names, rest) or (bool(names) and not names[0].startswith(".") and _matches(names[1:], pattern))
    if not names or (names[0].startswith(".") and not head.startswith(".")):
        return False
    return fnmatch.fnmatchcase(names[0], head) and _matches(names[1:], rest)


def _from_path(path: Path, source: str, settings: Settings, counts: Counter | None = None) -> Iterator[RawDocument]:
    if path.name.lower().endswith(WARC_SUFFIXES):
        yield from read_warc(path, settings, counts)
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(path, settings)
    elif path.suffix.lower() in LIST_SUFFIXES:
        yield from read_url_list(path, settings)
    else:
        yield read_file(path, source=source, settings=settings)


def read_file(path: Path, *, source: str, settings: Settings = Settings()) -> RawDocument:
    suffix = path.suffix.lower()
    html = True if suffix in HTML_SUFFIXES else False if suffix in TEXT_SUFFIXES else None
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            return RawDocument(source, error=f"too large: {size} bytes (limit {settings.max_bytes})")
        with path.open("rb") as fh:             # capped: a device or a growing file has no true size
            data = _read_upto(fh, settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            return RawDocument(source, error=_too_large(settings))
        return RawDocument(source, data, html=html)
    except FileNotFoundError:
        return RawDocument(source, error="file not found")
    except OSError as err:
        return RawDocument(source, error=f"cannot read: {err.strerror or err}")


class MalformedArchive(ValueError):
    """A WARC record that is cut short or does not follow the format."""


class _SingleGzipStream(Exception):
    """The .warc.gz is one gzip stream, not one gzip member per record (``gzip crawl.warc``);
    its argument, once :func:`_warc_records` has it, is how many records were given."""


def read_warc(path: Path, settings: Settings = Settings(), counts: Counter | None = None) -> Iterator[RawDocument]:
    """HTML responses of a WARC (or WARC.gz, ARC.gz) archive, one at a time.

    An archive cut short (a partial download, a full disk) or a file that is no WARC at all ends
    with an error document, ``truncated or malformed WARC at offset N: ...`` (``not a WARC
    archive: ...`` when not even its first record reads), N the offset of the record where
    reading failed; the records before it are given as usual. (An archive cut exactly between
    two records reads as a shorter, complete one.) A .warc.gz compressed as one gzip stream
    (``gzip crawl.warc``) instead of one member per record is read too, its offsets those of the
    uncompressed WARC. Records that hold content but are not an HTML response (images, PDFs, DNS
    answers, revisits, resources) are counted in ``counts["warc_not_html"]`` for the run summary."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        yield RawDocument(str(path), error="file not found")
        return
    except OSError as err:
        yield RawDocument(str(path), error=f"cannot read: {err.strerror or err}")
        return
    with fh:
        try:
            yield from _warc_records(path, fh, settings, counts, size=_file_size(fh))
            return
        except _SingleGzipStream as single:
            done = single.args[0]                         # records given already
    with _Gunzipped(path) as stream:                      # read again, uncompressed as it goes
        yield from _warc_records(path, stream, settings, counts, skip=done)


class _Gunzipped:
    """A gzip file read uncompressed, each read at most one read of the file (``read1``:
    ``GzipFile.read`` drops what it has decompressed when it meets the cut of a truncated file).
    At a cut, or bytes after the stream that are not gzip, it ends as if the file did and says
    why in ``problem``: warcio would blame the error on the record it was finishing."""

    def __init__(self, path: Path) -> None:
        self._gz = gzip.open(path, "rb")
        self.problem: str | None = None

    def read(self, size: int = -1) -> bytes:
        if self.problem:
            return b""
        try:
            return self._gz.read1(size if size and size > 0 else 65536)
        except EOFError:
            self.problem = "gzip stream cut short"
        except (gzip.BadGzipFile, zlib.error) as err:
            self.problem = f"damaged gzip data: {err}"
        return b""

    def tell(self) -> int:
        return self._gz.tell()

    def __enter__(self) -> _Gunzipped:
        return self

    def __exit__(self, *exc) -> None:
        self._gz.close()


def _warc_records(path: Path, fh, settings: Settings, counts: Counter | None, *, size: int | None = None,
                  skip: int = 0) -> Iterator[RawDocument]:
    """The documents of the records of `fh` (the first `skip` records passed over: given
    already), then an error document if reading failed; `size`, the file's, tells a record cut
    inside its headers (warcio takes it for the end of the archive) from the end."""
    from warcio.exceptions import ArchiveLoadFailed

    iterator = _warc_iterator(path, fh)
    start, records = 0, 0
    try:
        for record in iterator:
            start = iterator.offset
            if records < skip:
                iterator.read_to_end()
                records += 1
                continue
            doc = _warc_document(path, record, iterator, settings, counts)   # finishes the record
            _check_complete(record, iterator)
            records += 1
            if doc is not None:
                yield doc
            start = iterator.offset
        if isinstance(fh, _Gunzipped) and (fh.read(1) or fh.problem):
            raise MalformedArchive(fh.problem or "data after the last record")
        if size is not None and iterator.offset < size:
            start = iterator.offset
            raise MalformedArchive(f"the file ends inside a record ({size - start} bytes of it)")
    except Exception as err:  # warcio's format errors, zlib and gzip errors, a record cut short
        if isinstance(err, _SingleGzipStream) and not isinstance(fh, _Gunzipped):
            raise _SingleGzipStream(records) from None        # read_warc reads it again as one stream
        detail = "".join(c if c.isprintable() and c.isascii() else "?" for c in " ".join(str(err).split())[:160])
        if not isinstance(err, (MalformedArchive, ArchiveLoadFailed)):     # warcio met a damaged header
            detail = f"{type(err).__name__}: {detail}"
        if isinstance(fh, _Gunzipped) and fh.problem:     # the cause, not what the record looks like after it
            detail = fh.problem
        if records == 0 and start == 0 and not _starts_like_warc(path):
            yield RawDocument(str(path), error=f"not a WARC archive: {detail}")
        else:
            yield RawDocument(f"{path}#{start}", error=f"truncated or malformed WARC at offset {start}: {detail}")
        return
    if records == 0:
        yield RawDocument(str(path), error="empty input")


def _file_size(fh) -> int | None:
    try:
        st = os.fstat(fh.fileno())
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _starts_like_warc(path: Path) -> bool:
    """Whether the file opens as a WARC (or ARC) record does, or is gzip (its start cut short or
    damaged, it may still be one): tells a truncated archive from a file that is not one."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if head and b"\x1f\x8b".startswith(head[:2]):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return True
        if not head:
            return True
    head = head.lstrip(b"\r\n")[:11]
    return any(head.startswith(magic) or magic.startswith(head) for magic in (b"WARC/", b"filedesc://")) and bool(head)


# Record types that carry a document-like payload; a WARC's other records (warcinfo, request,
# metadata) describe the crawl and are not counted as skipped.
_PAYLOAD_RECORDS = {"response", "resource", "revisit", "conversion", "continuation"}


def _warc_iterator(path: Path, fh):
    """warcio's reader, told the format by the name (.arc.gz is ARC, anything else WARC, so a
    file that is neither fails on its first line), its "Content-Length is invalid" notes not
    printed to stderr but counted (:func:`_check_complete` turns them into an error), a gzip
    stream that goes on past the first record signalled (:class:`_SingleGzipStream`)."""
    from warcio.archiveiterator import ARCIterator, WARCIterator

    def single_gzip_stream(self):           # warcio's "non-chunked gzip" error
        raise _SingleGzipStream()

    base = ARCIterator if path.name.lower().endswith(".arc.gz") else WARCIterator
    checked = type("CheckedIterator", (base,), {"INC_RECORD": "", "_raise_invalid_gzip_err": single_gzip_stream})
    return checked(fh)


def _warc_document(path: Path, record, iterator, settings: Settings, counts: Counter | None) -> RawDocument | None:
    """The document of one record (None when it is not an HTML response), its content read up
    to ``max_bytes`` and the record then read to its end."""
    ctype = (record.http_headers.get_header("Content-Type") or "").lower() if record.http_headers else ""
    if record.rec_type != "response" or record.http_headers is None or "html" not in ctype:
        if counts is not None and record.rec_type in _PAYLOAD_RECORDS:
            counts["warc_not_html"] += 1
        iterator.read_to_end()
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    status = record.http_headers.get_statuscode()
    failed = bool(status) and not status.startswith("2")
    data = b"" if failed else _read_upto(record.content_stream(), settings.max_bytes + 1)
    iterator.read_to_end()
    source = f"{path}#{iterator.get_record_offset()}"
    if failed:
        return RawDocument(source, url=url, error=f"HTTP {status} (archived)")
    if len(data) > settings.max_bytes:
        return RawDocument(source, url=url, error=_too_large(settings))
    return RawDocument(source, data, url=url, html=True, fetched=record.rec_headers.get_header("WARC-Date"))


def _check_complete(record, iterator) -> None:
    """Raise :class:`MalformedArchive` when the record just read was cut short: fewer bytes than
    its Content-Length, a gzip member without its end, no Content-Length at all (WARC), or the
    next record not where its length says; :class:`_SingleGzipStream` when the record's gzip
    member goes on into the next record."""
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if (record.format or "").startswith("warc") and not length.isdigit():
        raise MalformedArchive(f"record without a valid Content-Length ({length!r})")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise MalformedArchive(f"record cut short, {missing} bytes of its Content-Length missing")
    decompressor = iterator.reader.decompressor if iterator.reader else None
    if decompressor is not None and iterator.next_line:   # the next record in this record's member
        raise _SingleGzipStream()
    if decompressor is not None and not getattr(decompressor, "eof", True):
        raise MalformedArchive("gzip member cut short")
    if iterator.err_count:
        raise MalformedArchive("record not followed by a blank line (Content-Length wrong)")


def _read_upto(stream, limit: int) -> bytes:
    """Read until EOF or `limit` bytes (a decompressing stream may return short reads)."""
    chunks, size = [], 0
    while size < limit:
        chunk = stream.read(min(65536, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(settings: Settings) -> str:
    return f"too large: more than {settings.max_bytes} bytes"


def _lines(path: Path, settings: Settings) -> Iterator[tuple[int, str] | RawDocument]:
    """Numbered lines of a text file; an error document for a line over ``max_bytes`` (never held
    whole) and for a file that cannot be opened."""
    try:
        fh = path.open("rb")
    except OSError as err:
        yield RawDocument(str(path), error=f"cannot read: {err.strerror or err}")
        return
    limit = settings.max_bytes + 1           # + 1 for the newline
    with fh:
        n = 0
        while line := fh.readline(limit + 1):
            n += 1
            if len(line) > limit or (len(line) == limit and not line.endswith(b"\n")):
                while line and not line.endswith(b"\n"):     # skip the rest of the line
                    line = fh.readline(65536)
                yield RawDocument(f"{path}:{n}", error=_too_large(settings))
                continue
            yield n, line.decode("utf-8", errors="replace")


def read_jsonl(path: Path, settings: Settings = Settings()) -> Iterator[RawDocument]:
    """One document per line: {"url"|"html"|"text": ..., "id": ..., "published": ...}."""
    for item in _lines(path, settings):
        if isinstance(item, RawDocument):
            yield item
            continue
        n, line = item
        if not line.strip():
            continue
        source = f"{path}:{n}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
        except ValueError as err:
            yield RawDocument(source, error=f"invalid JSON line: {err}")
            continue
        wrong = _wrongly_typed(obj)
        if wrong:
            yield RawDocument(source, error=f"invalid JSON line: {wrong}")
            continue
        url, given_id = obj.get("url"), obj.get("id")
        if obj.get("html") is not None:
            doc = RawDocument(source, str(obj["html"]).encode("utf-8"), url=url, html=True)
        elif obj.get("text") is not None:
            doc = RawDocument(source, str(obj["text"]).encode("utf-8"), url=url, html=False)
        elif url and is_url(str(url)):
            doc = RawDocument(source, url=str(url))
        else:
            doc = RawDocument(source, error="JSON line has no url, html or text")
        doc.id, doc.published = (str(given_id) if given_id is not None else None), obj.get("published")
        yield doc


_JSON_TYPES = {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number"}


def _wrongly_typed(obj: dict) -> str | None:
    """Why a JSONL object cannot be read: a field that must be a string (an id may be a number) is not."""
    for name in ("url", "id", "html", "text"):
        value = obj.get(name)
        if value is None or isinstance(value, str) or (name == "id" and type(value) is int):
            continue
        return f"{name!r} is {_JSON_TYPES.get(type(value), type(value).__name__)}, not a string"
    return None


def read_url_list(path: Path, settings: Settings = Settings()) -> Iterator[RawDocument]:
    for item in _lines(path, settings):
        if isinstance(item, RawDocument):
            yield item
            continue
        url = item[1].strip()
        if url and not url.startswith("#"):
            yield RawDocument(url, url=url) if is_url(url) else RawDocument(url, error="not an http(s) URL")


def _from_site(item: str, settings: Settings) -> Iterator[RawDocument]:
    """Article URLs listed by a feed or a sitemap (trafilatura), each fetched. The feed's or
    sitemap's host is checked like any URL's before trafilatura reads it (the further pages it
    reads on that site, robots.txt and linked sitemaps, are left to trafilatura's own guard)."""
    from trafilatura import feeds, sitemaps

    kind, url = item.split(":", 1)
    if not settings.allow_private_hosts and (reason := netguard.refusal(url)):
        yield RawDocument(item, url=url, error=reason)
        return
    finder = feeds.find_feed_urls if kind == "feed" else sitemaps.sitemap_search
    try:
        urls = finder(url, config=_config(settings, redirects=MAX_REDIRECTS))
    except Exception as err:  # network and parsing errors of a whole feed
        yield RawDocument(item, url=url, error=f"unreadable {kind}: {err}")
        return
    if not urls:
        yield RawDocument(item, url=url, error=f"{kind} lists no article URLs")
    for article in urls:
        yield RawDocument(article, url=article)


MAX_REDIRECTS = 2


def _config(settings: Settings, redirects: int = 0):
    """trafilatura's config for one run. :func:`fetch` follows redirects itself (``redirects``
    0), checking each target before connecting; trafilatura's own SSRF guard stays on as well."""
    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["DOWNLOAD_TIMEOUT"] = str(settings.fetch_timeout)
    config["DEFAULT"]["MAX_FILE_SIZE"] = str(settings.max_bytes)
    config["DEFAULT"]["MAX_REDIRECTS"] = str(redirects)
    config["DEFAULT"]["SSRF_PROTECTION"] = "off" if settings.allow_private_hosts else "on"
    config["DEFAULT"]["SLEEP_TIME"] = "0"
    return config


def fetch(url: str, settings: Settings = Settings()) -> RawDocument:
    """Download with trafilatura, one hop at a time: unless `allow_private_hosts`, the host of
    the URL and of each redirect target (at most :data:`MAX_REDIRECTS`) is resolved and checked
    before anything connects to it (:mod:`netguard`); a private one is refused with one reason,
    whether anything listens there or not. trafilatura does not follow redirects here, so when
    it gives nothing, one plain request (:func:`netguard.probe`) tells a redirect from an error."""
    from trafilatura.downloads import DEFAULT_HEADERS, fetch_response

    config = _config(settings)
    target = url
    for _ in range(MAX_REDIRECTS + 1):
        if not settings.allow_private_hosts and (reason := netguard.refusal(target)):
            return RawDocument(url, url=url, error=reason)
        try:
            response = fetch_response(target, config=config)
        except Exception as err:  # trafilatura raises for odd URLs
            return RawDocument(url, url=url, error=f"unreachable: {err}"[:300])
        if response is not None:
            if response.status != 200:
                return RawDocument(url, url=url, error=f"HTTP {response.status}")
            return RawDocument(url, response.data, url=response.url or target, html=None)
        status, location, problem = netguard.probe(target, timeout=settings.fetch_timeout, headers=dict(DEFAULT_HEADERS),
                                                   allow_private=settings.allow_private_hosts)
        if problem:
            return RawDocument(url, url=url, error=problem)
        if location is None:
            error = f"HTTP {status}" if status != 200 else "unreachable: empty or unusable response"
            return RawDocument(url, url=url, error=error)
        if not is_url(location):
            return RawDocument(url, url=url, error="unreachable: redirect to a non-HTTP URL")
        target = location
    return RawDocument(url, url=url, error=f"unreachable: more than {MAX_REDIRECTS} redirects")

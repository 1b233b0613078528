"""Archive-scale runs: parallel, resumable, deduplicated, locally or on a Dask cluster.

The main process streams raw documents from the sources, groups them into batches and hands the
batches to an engine; workers load the pipeline once and run ``Extractor.process_batch``
(``nlp.pipe`` inside). Results come back to the main process, which alone writes: it marks
duplicates, writes records and error-log lines, then appends the document's key to the
manifest. A key in the manifest means "finished and written", so ``--resume`` skips it; lines a
killed run wrote for documents it never committed are removed before a resumed run appends. A
document that entered the duplicate index carries its fingerprints in its manifest line, and a
resumed run rebuilds the index from them in commit order, so ``duplicate_of`` is what an
uninterrupted run writes.

Engines: ``local`` (in-process for one worker, else a process pool with a bounded number of
batches in flight) and ``dask`` (a ``distributed`` cluster; each worker process caches the
pipeline). A worker that cannot load the pipeline answers every batch with a
:class:`StartFailure` instead of outcomes, and the run stops with :class:`EngineError`.
"""

from __future__ import annotations

import base64
import json
import logging
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .dedup import DedupIndex
from .settings import NEAR_DUPLICATE_JACCARD, Settings
from .sources import RawDocument, count_documents, iter_documents

log = logging.getLogger(__name__)


@dataclass
class BatchOptions:
    workers: int = 1
    engine: str = "local"              # "local" or "dask"
    scheduler: str | None = None       # Dask scheduler address (engine "dask")
    batch_size: int = 8
    resume: bool = False
    manifest: Path | None = None
    dedup: bool = True
    near_duplicate: float = NEAR_DUPLICATE_JACCARD   # Jaccard similarity of word 3-shingles that makes a copy
    progress: bool | None = None       # None: a progress bar when stderr is a terminal


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    duplicate: int = 0
    failed: int = 0
    records: int = 0
    reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    passed_over: Counter = field(default_factory=Counter)   # read but no document: "warc_not_html"

    def line(self) -> str:
        rate = (self.done + self.duplicate + self.failed) / self.seconds if self.seconds else 0.0
        text = (f"done {self.done}, skipped {self.skipped}, duplicate {self.duplicate}, failed {self.failed}; "
                f"{self.records} records in {self.seconds:.1f} s ({rate:.1f} docs/s)")
        if self.reasons:
            text += "\nfailed by reason: " + ", ".join(f"{r} {n}" for r, n in self.reasons.most_common())
        if self.passed_over["warc_not_html"]:
            n = self.passed_over["warc_not_html"]
            text += f"\nskipped {n} WARC record{'s' if n != 1 else ''} that {'are' if n != 1 else 'is'} not an HTML response"
        return text


# -- outcomes: what travels back from a worker ----------------------------------------------
@dataclass
class Outcome:
    key: str
    source: str
    lines: list[str]                   # records, already JSON
    error: str | None
    fingerprint: str | None
    shingles: bytes | None


def _outcomes(extractor, raws: list[RawDocument]) -> list[Outcome]:
    results = extractor.process_batch(raws)
    floor = extractor.settings.min_confidence
    return [Outcome(raw.key, res.source, [r.model_dump_json() for r in res.records if r.confidence >= floor], res.error,
                    res.fingerprint, res.shingles) for raw, res in zip(raws, results)]


class EngineError(RuntimeError):
    """The run cannot go on: a worker cannot load its pipeline, or the cluster cannot be used."""


@dataclass
class StartFailure:
    """A worker's answer when its pipeline did not load (returned, not raised: no worker traceback)."""
    reason: str


_WORKER_EXTRACTOR = None
_WORKER_FAILURE: StartFailure | None = None


def _worker_init(settings: Settings) -> None:
    global _WORKER_EXTRACTOR, _WORKER_FAILURE
    from .pipeline import Extractor

    try:
        _WORKER_EXTRACTOR, _WORKER_FAILURE = Extractor(settings), None
    except ValueError as err:        # nlp.build's "cannot load spaCy model ..."
        _WORKER_EXTRACTOR, _WORKER_FAILURE = None, StartFailure(str(err))


def _worker_run(raws: list[RawDocument]) -> list[Outcome] | StartFailure:
    return _WORKER_FAILURE or _outcomes(_WORKER_EXTRACTOR, raws)


def dask_process_batch(raws: list[RawDocument], settings: Settings) -> list[Outcome] | StartFailure:
    """Dask task: the pipeline is loaded once per worker process and kept."""
    if _WORKER_EXTRACTOR is None or _WORKER_EXTRACTOR.settings != settings:
        _worker_init(settings)
    return _worker_run(raws)


# -- engines ----------------------------------------------------------------------------------
def _batches(docs: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _local(batches: Iterator[list[RawDocument]], settings: Settings,
           workers: int) -> Iterator[list[Outcome] | StartFailure]:
    if workers <= 1:
        _worker_init(settings)
        for batch in batches:
            yield _worker_run(batch)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_worker_init, initargs=(settings,)) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_worker_run, (batch,)))
            while len(pending) >= workers * 3:        # bounded: memory stays flat on huge inputs
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _dask(batches: Iterator[list[RawDocument]], settings: Settings, scheduler: str | None,
          workers: int) -> Iterator[list[Outcome] | StartFailure]:
    try:
        from distributed import Client
    except ImportError:
        raise EngineError("--engine dask needs dask.distributed: pip install 'pressextract[dask]'") from None
    try:
        client = Client(scheduler) if scheduler else Client(n_workers=max(1, workers), threads_per_worker=1)
    except OSError as err:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {err}") from None
    try:
        window = max(2, 3 * max(1, len(client.scheduler_info().get("workers", {})) or workers))
        # Results in the order the batches were submitted, not as they finish: which copy of a
        # duplicate comes first, and the order of the output, must not depend on timing.
        pending: deque = deque()
        for batch in batches:
            pending.append(client.submit(dask_process_batch, batch, settings, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()


# -- the run ----------------------------------------------------------------------------------
def manifest_path(output: Path) -> Path:
    """The resume manifest of `output`: ``OUT.jsonl.manifest``, beside it, under a name no
    ``*.jsonl`` glob takes for a file of records."""
    return output.with_name(output.name + ".manifest")


class Manifest:
    """Append-only JSONL of finished documents: {"key", "status", "source"}, and for a document
    that entered the duplicate index its fingerprints, {"dedup": {"sha1", "shingles"}} (the
    shingle hashes in base64: about 11 characters a word of text); written only when resuming is
    asked for (``--resume``).

    Given an `index`, the fingerprints of the committed documents are added to it in commit
    order: the index the interrupted run had built.
    """

    def __init__(self, path: Path, index: DedupIndex | None = None) -> None:
        self.path = path
        self.done: set[str] = set()
        self.unindexed = 0                             # "done" lines without fingerprints
        if path.exists():
            _drop_cut_line(path)
            with path.open(encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                        key = entry["key"]
                    except (ValueError, KeyError, TypeError):
                        continue                       # not a manifest line: not committed
                    self.done.add(key)
                    if index is not None and entry.get("status") == "done":
                        try:
                            index.add(key, entry["dedup"]["sha1"], base64.b64decode(entry["dedup"]["shingles"]))
                        except (ValueError, KeyError, TypeError):
                            self.unindexed += 1
        self._fh = path.open("a", encoding="utf-8")

    def commit(self, key: str, status: str, source: str,
               indexed: tuple[str | None, bytes | None] | None = None) -> None:
        """Record a finished document; with its fingerprints, (sha1, shingle hashes), when it
        entered the duplicate index."""
        entry: dict = {"key": key, "status": status, "source": source}
        if indexed is not None:
            entry["dedup"] = {"sha1": indexed[0], "shingles": base64.b64encode(indexed[1] or b"").decode("ascii")}
        # Flushed, not fsynced: a killed process loses nothing the kernel has (power loss may).
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()
        self.done.add(key)

    def close(self) -> None:
        self._fh.close()


def _drop_cut_line(path: Path) -> None:
    """Cut off a last line without its newline (a kill in the middle of a write): the next line
    appended would join it, and both would be lost."""
    with path.open("rb+") as fh:
        size = fh.seek(0, 2)
        if not size:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        tail = min(size, 1 << 16)
        while True:
            fh.seek(size - tail)
            end = fh.read(tail).rfind(b"\n")
            if end >= 0 or tail == size:
                fh.truncate(size - tail + end + 1)
                return
            tail = min(size, tail * 2)


def keep_committed(path: Path | None, committed: set[str], key_of: Callable[[dict], str | None]) -> None:
    """Drop lines of `path` whose document is not in the manifest (written by a killed run)."""
    if path is None or not path.exists():
        return
    kept = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            if key_of(json.loads(line)) in committed:
                kept.append(line)
        except ValueError:
            continue
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
    tmp.replace(path)


def run(inputs: list[str], settings: Settings, options: BatchOptions, out, errors,
        output_path: Path | None = None, errors_path: Path | None = None,
        on_records: Callable[[list[str]], None] | None = None) -> Summary:
    """Process every input; write records to `out` and failures to `errors` (sinks)."""
    from .sinks import error_entry

    summary = Summary()
    started = time.monotonic()
    dedup = DedupIndex(options.near_duplicate) if options.dedup else None
    manifest = None
    manifest_file = options.manifest or (manifest_path(output_path) if output_path else None)
    if options.resume:
        if manifest_file is None:
            raise ValueError("resuming needs an output file (the manifest sits beside it)")
        manifest = Manifest(manifest_file, dedup)
        log.info("resuming: %d documents already done (%s)", len(manifest.done), manifest.path)
        if manifest.unindexed:
            log.warning("%d finished documents have no fingerprints in %s (written with --no-dedup or by an "
                        "older version): copies of them are not marked", manifest.unindexed, manifest.path)
        keep_committed(output_path, manifest.done, lambda r: (r.get("doc") or {}).get("id"))
        keep_committed(errors_path, manifest.done, lambda e: e.get("doc_id"))
    elif manifest_file is not None:
        # The output starts afresh, so a manifest of an earlier --resume run no longer describes
        # it: a later --resume would skip documents this run has not written.
        manifest_file.unlink(missing_ok=True)
    out.reopen(append=options.resume)
    errors.reopen(append=options.resume)

    bar = _progress(options.progress, inputs)
    for sink in (out, errors):
        sink.above(bar)                            # lines on a terminal stream go above the bar

    def fresh(docs: Iterable[RawDocument]) -> Iterator[RawDocument]:
        for doc in docs:
            if manifest is not None and doc.key in manifest.done:
                summary.skipped += 1
                if bar is not None:
                    bar.update(1)
                continue
            yield doc

    batches = _batches(fresh(iter_documents(inputs, settings, summary.passed_over)), options.batch_size)
    log.info("engine %s, %d worker(s), batches of %d", options.engine, options.workers, options.batch_size)
    if options.engine == "dask":
        stream = _dask(batches, settings, options.scheduler, options.workers)
    else:
        stream = _local(batches, settings, options.workers)

    def write(o: Outcome) -> None:                # keys are unique in a run (sources.iter_documents)
        status, indexed = "done", False
        if o.error:
            errors.write(error_entry(o.source, o.error, o.key))
            summary.failed += 1
            summary.reasons[o.error.split(":")[0]] += 1
            status = "failed"
        else:
            first = dedup.check(o.key, o.fingerprint, o.shingles) if dedup is not None else None
            indexed = dedup is not None and first is None
            lines = o.lines if first is None else [_mark_duplicate(line, first) for line in o.lines]
            for line in lines:
                out.write_line(line)
            if on_records:
                on_records(lines)
            summary.records += len(lines)
            if first is None:
                summary.done += 1
            else:
                summary.duplicate += 1
                status = "duplicate"
        out.flush()
        errors.flush()
        if manifest is not None:
            manifest.commit(o.key, status, o.source, (o.fingerprint, o.shingles) if indexed else None)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(errors=summary.failed, refresh=False)

    try:
        for outcomes in stream:
            if isinstance(outcomes, StartFailure):
                raise EngineError(outcomes.reason)
            for o in outcomes:
                write(o)
    finally:
        stream.close()                                # stops the pool or the cluster, also on an error
        if bar is not None:
            bar.close()
            for sink in (out, errors):
                sink.above(None)
        if manifest is not None:
            manifest.close()
    summary.seconds = time.monotonic() - started
    return summary


def _mark_duplicate(line: str, first: str) -> str:
    record = json.loads(line)
    record["doc"]["duplicate_of"] = first
    return json.dumps(record, ensure_ascii=False)


def _progress(enabled: bool | None, inputs: list[str]):
    """A tqdm bar on stderr, with a total (so a percentage and an ETA) when the inputs can be
    counted from their names (files, directories, globs; not stdin, URLs, WARC, JSONL, lists)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=count_documents(inputs), unit="doc", file=sys.stderr, dynamic_ncols=True)

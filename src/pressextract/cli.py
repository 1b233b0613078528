"""Command line: a thin Typer layer over the pipeline."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .evaluate import SPLITS
from .schema import EVENT_TYPES, BadLine
from .settings import DEFAULT_MODEL, KB_MIN_CONFIDENCE, Settings

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


# Option values: a fixed set is an Enum, so --help lists it and a wrong value is a usage error.
class Engine(str, Enum):
    local = "local"
    dask = "dask"


Split = Enum("Split", {s: s for s in SPLITS}, type=str)  # type: ignore[misc]


class RecordFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


class EvaluateFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Turn press releases into validated JSON event records.\n\n"
    f"Exit codes: {EXIT_OK} every input gave records; {EXIT_SOME_FAILED} some inputs went to the "
    f"error log; {EXIT_USAGE} usage error (bad option, unloadable model, unreachable Dask scheduler).",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pressextract {__version__}")
        raise typer.Exit()


VERBOSE_HELP = "Debug log on stderr, with the traceback of every internal error."
QUIET_HELP = "Errors only on stderr: no warnings; extract shows no progress bar or summary."


@app.callback()
def main(ctx: typer.Context,
         version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                                help="Print the version and exit."),
         verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
         quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP)) -> None:
    """pressextract."""
    ctx.obj = {"quiet": _set_log_level(verbose, quiet)}


def _set_log_level(verbose: bool, quiet: bool) -> bool:
    """pressextract's own log (not every library's) on stderr: warnings by default, everything with
    --verbose, errors only with --quiet. Returns whether the run is quiet."""
    if verbose and quiet:
        typer.echo("error: --verbose and --quiet exclude each other", err=True)
        raise typer.Exit(EXIT_USAGE)
    logger = logging.getLogger("pressextract")
    for handler in [h for h in logger.handlers if getattr(h, "pressextract_cli", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)        # the stderr of this invocation
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.pressextract_cli = True
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING)
    return quiet


@app.command()
def extract(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help=(
        "A .txt or .html file, a directory (recursive) or a glob, an http(s) URL, - for stdin, a WARC "
        "archive (.warc, .warc.gz), a JSONL of {url|html|text}, a .urls list, feed:URL or sitemap:URL.")),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write records (JSONL) here; default stdout."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the error log (JSONL) here; default stderr (above the progress bar)."),
    fmt: RecordFormat = typer.Option(RecordFormat.jsonl, "--format",
                                     help="Records as JSONL (one object per event) or CSV (one row per event, "
                                          "main fields flattened, entity names joined with '; ')."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline: installed package name or path."),
    allow_private_hosts: bool = typer.Option(False, "--allow-private-hosts",
                                             help="Let URL inputs reach loopback, private and reserved addresses (refused by default, before connecting)."),
    max_bytes: int = typer.Option(Settings.max_bytes, "--max-bytes", help="Inputs larger than this go to the error log."),
    timeout: int = typer.Option(Settings.fetch_timeout, "--timeout", help="Seconds per HTTP request for URL inputs."),
    doc_timeout: float = typer.Option(Settings.doc_timeout, "--doc-timeout",
                                      help="Seconds per document; slower ones go to the error log."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (each loads the model once)."),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Documents per nlp.pipe batch."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (processes on this machine) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (with --engine dask)."),
    resume: bool = typer.Option(False, "--resume", help="Skip documents finished by an earlier run (needs -o; the manifest is the -o name + .manifest)."),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup", help="Mark exact and near-duplicate documents."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar on stderr (default: when stderr is a terminal); with a total and an ETA for "
                                                 "files, directories and globs."),
    kb: Optional[Path] = typer.Option(None, "--kb", help="Also load the records into this knowledge base (SQLite)."),
    min_confidence: Optional[float] = typer.Option(
        None, "--min-confidence", min=0.0, max=1.0,
        help=f"Write only events of at least this confidence (default 0: all; with --kb, the knowledge base "
             f"keeps events of at least {KB_MIN_CONFIDENCE} unless this is given)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
) -> None:
    """Extract event records from press releases: one JSON object per event, per line (or a CSV row).

    Prints a summary (done / skipped / duplicate / failed, by reason; WARC records that are not
    HTML responses) on stderr at the end
    (not with --quiet). -v/--verbose and -q/--quiet also work before the command.
    """
    from .batch import BatchOptions, EngineError, manifest_path, run
    from .nlp import check, load
    from .sinks import CsvSink, JsonlSink

    if verbose or quiet:
        quiet = _set_log_level(verbose, quiet)
    else:
        quiet = bool((ctx.obj or {}).get("quiet"))
    if quiet and progress is None:
        progress = False
    if resume and not output:
        typer.echo("error: --resume needs -o/--output (the manifest sits beside it)", err=True)
        raise typer.Exit(EXIT_USAGE)
    if resume and fmt is RecordFormat.csv:
        typer.echo("error: --resume needs --format jsonl (a resumed run checks the records it finds)", err=True)
        raise typer.Exit(EXIT_USAGE)
    settings = Settings(model=model, allow_private_hosts=allow_private_hosts, max_bytes=max_bytes,
                        fetch_timeout=timeout, doc_timeout=doc_timeout, min_confidence=min_confidence or 0.0)
    try:                                   # fail early, as a usage error, on a model that cannot load
        if engine is Engine.local and workers == 1:
            load(model)                    # the in-process engine uses this very pipeline
        elif not scheduler:
            check(model)                   # workers on this machine: can spaCy find it? (they load it)
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE)
    options = BatchOptions(workers=workers, engine=engine.value, scheduler=scheduler, batch_size=batch_size,
                           resume=resume, manifest=manifest_path(output) if output else None,
                           dedup=dedup, progress=progress)
    knowledge_base = None
    if kb:
        from .kb import KnowledgeBase

        knowledge_base = KnowledgeBase(kb, min_confidence=KB_MIN_CONFIDENCE if min_confidence is None else min_confidence)
    on_records = (lambda lines: knowledge_base.load_document([json.loads(line) for line in lines])) \
        if knowledge_base else None
    try:
        records_sink = CsvSink if fmt is RecordFormat.csv else JsonlSink
        with records_sink(output) as out, JsonlSink(errors, fallback=sys.stderr) as err_log:
            summary = run(inputs, settings, options, out, err_log, output_path=output, errors_path=errors,
                          on_records=on_records)
    except EngineError as err:             # a worker without its model, an unreachable cluster
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE)
    finally:
        if knowledge_base:
            knowledge_base.close()
    if not quiet:
        typer.echo(summary.line() + f"\nrecords -> {output or 'stdout'}"
                   + (f"; errors -> {errors}" if errors else ""), err=True)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


def _echo_bad_lines(bad_lines: list[BadLine], shown: int = 20) -> None:
    """FILE:LINE: reason on stderr for lines that are not event records (the first `shown`)."""
    for bad in bad_lines[:shown]:
        typer.echo(f"error: {bad}", err=True)
    if len(bad_lines) > shown:
        typer.echo(f"error: ... and {len(bad_lines) - shown} more lines that are not event records", err=True)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="Gold facts: corpus/gold.jsonl, or a devset gold.json (texts in docs/ beside it)."),
    pred: Optional[Path] = typer.Option(None, "--pred", exists=True, dir_okay=False,
                                        help="Score these records (JSONL) instead of running the pipeline."),
    split: Split = typer.Option(Split("all"), "--split", help="Split to score: dev or test (corpus), tune (d01-d37) or "
                                "check (d38-d62) for the devset, or all; a split the gold lacks is a usage error."),
    fmt: EvaluateFormat = typer.Option(EvaluateFormat.table, "--format", help="Report format."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report here; default stdout."),
    show_errors: bool = typer.Option(False, "--errors", help="Also list missed and spurious facts per document."),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="Exit 1 when the overall figure is below this."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline when running the pipeline."),
    show_intervals: bool = typer.Option(False, "--intervals", help="Also give 90% intervals of the overall figure "
                                        "and its parts: a bootstrap over the documents (1,000 resamples, fixed seed)."),
) -> None:
    """Score extraction against a labelled corpus: P/R/F1 per field, accuracies, confusion."""
    from . import evaluate as ev

    try:
        docs = ev.select_split(ev.load_gold(gold), split.value)
    except ValueError as err:
        typer.echo(f"error: --split {split.value}: {err}", err=True)
        raise typer.Exit(EXIT_USAGE)
    texts: dict[str, str] = {}
    if pred:
        predictions, bad_lines = ev.read_predictions(pred)
        if bad_lines:                      # a manifest, an error log, a report: not scored as 0.0
            _echo_bad_lines(bad_lines)
            typer.echo(f"error: --pred {pred} holds lines that are not event records: nothing scored", err=True)
            raise typer.Exit(EXIT_USAGE)
        errors: dict[str, str] = {}
        if fmt is EvaluateFormat.html:
            texts = ev.cleaned_texts(docs)
    else:
        try:
            predictions, errors = ev.run_pipeline(docs, Settings(model=model), texts=texts)
        except ValueError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(EXIT_USAGE)
    report = ev.score(docs, predictions, errors)
    if show_intervals:
        report["intervals"] = ev.intervals(report)
    if fmt is EvaluateFormat.json:
        text = ev.to_json(report)
    elif fmt is EvaluateFormat.html:
        from .report import render_evaluation

        text = render_evaluation(report, title=f"pressextract evaluation: {gold} ({split.value})", texts=texts)
    else:
        text = ev.format_table(report, markdown=fmt is EvaluateFormat.markdown)
        if show_errors:
            text += "\n\n" + ev.format_errors(report)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"report written to {output} (overall {report['overall']})", err=True)
    else:
        typer.echo(text)
    if min_f1 is not None and report["overall"] < min_f1:
        typer.echo(f"overall {report['overall']} is below --min-f1 {min_f1}", err=True)
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def show(
    source: str = typer.Argument(..., metavar="INPUT", help="A .txt/.html file, a URL, or - for stdin."),
    output: Path = typer.Option(Path("page.html"), "-o", "--output", help="Where to write the page."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline: installed package name or path."),
    allow_private_hosts: bool = typer.Option(False, "--allow-private-hosts", help="Let a URL reach private addresses."),
) -> None:
    """Render one release as an HTML page: its text and, beside it, the extracted events."""
    from .pipeline import Extractor
    from .report import render_document
    from .sources import iter_documents

    settings = Settings(model=model, allow_private_hosts=allow_private_hosts)
    try:
        extractor = Extractor(settings)
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE)
    raw = next(iter_documents([source], settings))
    result = extractor.process(raw)
    if result.error and not result.text:
        typer.echo(f"error: {source}: {result.error}", err=True)
        raise typer.Exit(EXIT_SOME_FAILED)
    records = [r.model_dump(mode="json") for r in result.records]
    output.write_text(render_document(result.text or "", records, title=f"pressextract: {source}"), encoding="utf-8")
    typer.echo(f"{len(records)} events; page written to {output}", err=True)


kb_app = typer.Typer(help="The embedded knowledge base (SQLite): load, query, export.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
DEFAULT_KB = Path("kb.sqlite")

EventTypeChoice = Enum("EventTypeChoice", {t: t for t in EVENT_TYPES}, type=str)  # type: ignore[misc]


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonld = "jsonld"
    csv = "csv"


def _iso_date(value: Optional[str]) -> Optional[str]:
    """A date bound as YYYY, YYYY-MM or YYYY-MM-DD; anything else is a usage error."""
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(value, fmt)
            return value
        except ValueError:
            continue
    raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


@kb_app.command("load")
def kb_load(
    events: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Event records (JSONL) from extract."),
    db: Path = typer.Option(DEFAULT_KB, "--db", help="The knowledge base file (created if missing)."),
    min_confidence: float = typer.Option(KB_MIN_CONFIDENCE, "--min-confidence", min=0.0, max=1.0,
                                         help="Load only events of at least this confidence (the default is the "
                                              "floor at which devset events are right >= 80% of the time)."),
) -> None:
    """Load event records into the knowledge base (idempotent; one transaction per document).

    A line that is not an event record is reported as FILE:LINE on stderr and skipped (exit 1).
    """
    from .kb import KnowledgeBase, LoadSummary

    summary = LoadSummary()
    with KnowledgeBase(db, min_confidence=min_confidence) as kb:
        for path in events:
            summary.add(kb.load_file(path))
        stats = kb.stats()
    _echo_bad_lines(summary.bad_lines)
    typer.echo(summary.line(min_confidence) + f"; {db}: " + ", ".join(f"{v} {k}" for k, v in stats.items()))
    raise typer.Exit(EXIT_SOME_FAILED if summary.bad_lines else EXIT_OK)


@kb_app.command("query")
def kb_query(
    db: Path = typer.Option(DEFAULT_KB, "--db", exists=True, dir_okay=False, help="The knowledge base file."),
    event_type: Optional[EventTypeChoice] = typer.Option(None, "--type", case_sensitive=False, help="Event type."),
    organization: Optional[str] = typer.Option(None, "--org", help="An organisation, by any of its names."),
    place: Optional[str] = typer.Option(None, "--place", help="A place, by any of its names."),
    since: Optional[str] = typer.Option(None, "--since", callback=_iso_date,
                                        help="Events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
    until: Optional[str] = typer.Option(None, "--until", callback=_iso_date, help="Events on or before this date."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                                   help="Only events of at least this confidence."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many events."),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", help="Output format."),
) -> None:
    """Events by type, organisation, place and date range (date: the event's, else publication)."""
    from .kb import KnowledgeBase
    from .kb.export import to_csv

    with KnowledgeBase(db) as kb:
        rows = kb.query(event_type=event_type.value if event_type else None, organization=organization, place=place,
                        since=since, until=until, min_confidence=min_confidence, limit=limit)
    if fmt is QueryFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt is QueryFormat.csv:
        typer.echo(to_csv(rows), nl=False)
    else:
        for r in rows:
            when = r["date_start"] or (f"(published {r['published']})" if r["published"] else "-")
            orgs = ", ".join(f"{e['name']} [{e['role']}]" for e in r["entities"] if e["type"] == "organization")
            places = ", ".join(e["name"] for e in r["entities"] if e["type"] == "place")
            typer.echo(f"{when:<12} {r['event_type']:<12} {'main' if r['main'] else '    '} {r['confidence']:.2f} "
                       f"{r['title'] or ''}")
            if orgs or places:
                typer.echo(f"{'':<12} {'':<12}      orgs: {orgs or '-'}; places: {places or '-'}")
    typer.echo(f"{len(rows)} events", err=True)


@kb_app.command("export")
def kb_export(
    db: Path = typer.Option(DEFAULT_KB, "--db", exists=True, dir_okay=False, help="The knowledge base file."),
    fmt: ExportFormat = typer.Option(ExportFormat.jsonld, "--format",
                                     help="jsonld (schema.org, with provenance) or csv (a row per event and per entity link)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here; default stdout."),
) -> None:
    """Export the knowledge base as JSON-LD (schema.org types) or CSV, with stable ids and provenance."""
    from .kb import KnowledgeBase

    with KnowledgeBase(db) as kb:
        text = json.dumps(kb.to_jsonld(), indent=1, ensure_ascii=False) if fmt is ExportFormat.jsonld else kb.to_csv()
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"written to {output}", err=True)
    else:
        typer.echo(text)


class InfoFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def info(
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline: installed package name or path."),
    fmt: InfoFormat = typer.Option(InfoFormat.text, "--format", help="Output format."),
) -> None:
    """The model, the versions of pressextract and its libraries, and the pipeline's components in
    order with what each assigns (from nlp.analyze_pipes())."""
    from .nlp import describe

    try:
        described = describe(model)
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if fmt is InfoFormat.json:
        typer.echo(json.dumps(described, indent=2))
        return
    m = described["model"]
    package = f" (package {m['package']})" if m["package"] != m["name"] else ""
    typer.echo(f"model       {m['name']} {m['version']}{package}")
    typer.echo("versions    " + ", ".join(f"{k} {v or 'not installed'}" for k, v in described["versions"].items()))
    typer.echo("components  (in order: name, factory when it differs, assigns, requires)")
    for c in described["components"]:
        factory = f" ({c['factory']})" if c["factory"] != c["name"] else ""
        requires = f"  requires {', '.join(c['requires'])}" if c["requires"] else ""
        typer.echo(f"  {c['name'] + factory:<28} {', '.join(c['assigns']) or '-'}{requires}")
    for name, problems in described["problems"].items():
        typer.echo(f"problem: {name}: {', '.join(problems)}", err=True)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output record."""
    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


if __name__ == "__main__":
    app()

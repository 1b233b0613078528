"""Command line: a thin Typer layer over the pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .settings import DEFAULT_MODEL, Settings

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Turn press releases into validated JSON event records.\n\n"
    f"Exit codes: {EXIT_OK} every input gave records; {EXIT_SOME_FAILED} some inputs went to the "
    f"error log; {EXIT_USAGE} usage error (bad option, unloadable model).",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pressextract {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")) -> None:
    """pressextract."""


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="A .txt or .html file, an http(s) URL, a directory (recursive), or - for stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write records (JSONL) here; default stdout."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the error log (JSONL) here; default stderr."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline: installed package name or path."),
    allow_private_hosts: bool = typer.Option(False, "--allow-private-hosts",
                                             help="Let URL inputs reach loopback/private addresses (off: SSRF guard)."),
    max_bytes: int = typer.Option(Settings.max_bytes, "--max-bytes", help="Inputs larger than this go to the error log."),
    timeout: int = typer.Option(Settings.fetch_timeout, "--timeout", help="Seconds per HTTP request for URL inputs."),
) -> None:
    """Extract event records from press releases: one JSON object per event, per line."""
    from .pipeline import Extractor
    from .sinks import JsonlSink, error_entry
    from .sources import iter_documents

    settings = Settings(model=model, allow_private_hosts=allow_private_hosts, max_bytes=max_bytes,
                        fetch_timeout=timeout)
    try:
        extractor = Extractor(settings)
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE)
    done = failed = 0
    with JsonlSink(output) as out, (JsonlSink(errors) if errors else _StderrSink()) as err_log:
        for raw in iter_documents(inputs, settings):
            try:
                result = extractor.process(raw)
            except Exception as exc:  # a bug must not end the batch; the document is logged
                result = None
                err_log.write(error_entry(raw.source, f"internal error: {type(exc).__name__}: {exc}"))
                failed += 1
                continue
            if result.error:
                err_log.write(error_entry(result.source, result.error, result.doc_id))
                failed += 1
            else:
                for record in result.records:
                    out.write_record(record)
                done += 1
    where = str(output) if output else "stdout"
    typer.echo(f"{done} documents -> {where}; {failed} to the error log"
               + (f" ({errors})" if errors and failed else ""), err=True)
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


class _StderrSink:
    def write(self, obj: dict) -> None:
        sys.stderr.write(json.dumps(obj, ensure_ascii=False) + "\n")

    def __enter__(self) -> "_StderrSink":
        return self

    def __exit__(self, *exc: object) -> None:
        sys.stderr.flush()


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="Gold facts: corpus/gold.jsonl, or a devset gold.json (texts in docs/ beside it)."),
    pred: Optional[Path] = typer.Option(None, "--pred", exists=True, dir_okay=False,
                                        help="Score these records (JSONL) instead of running the pipeline."),
    split: str = typer.Option("all", "--split", help="Corpus split to score: dev, test or all."),
    fmt: str = typer.Option("table", "--format", help="table, json, markdown or html."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report here; default stdout."),
    show_errors: bool = typer.Option(False, "--errors", help="Also list missed and spurious facts per document."),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="Exit 1 when the overall figure is below this."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline when running the pipeline."),
) -> None:
    """Score extraction against a labelled corpus: P/R/F1 per field, accuracies, confusion."""
    from . import evaluate as ev

    if fmt not in ("table", "json", "markdown", "html") or split not in ("dev", "test", "all"):
        typer.echo("error: --format is table|json|markdown|html and --split is dev|test|all", err=True)
        raise typer.Exit(EXIT_USAGE)
    docs = [d for d in ev.load_gold(gold) if split == "all" or d.split == split]
    texts: dict[str, str] = {}
    if pred:
        predictions, errors = ev.read_predictions(pred), {}
        if fmt == "html":
            texts = ev.cleaned_texts(docs)
    else:
        try:
            predictions, errors = ev.run_pipeline(docs, Settings(model=model), texts=texts)
        except ValueError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(EXIT_USAGE)
    report = ev.score(docs, predictions, errors)
    if fmt == "json":
        text = ev.to_json(report)
    elif fmt == "html":
        from .report import render_evaluation

        text = render_evaluation(report, title=f"pressextract evaluation: {gold} ({split})", texts=texts)
    else:
        text = ev.format_table(report, markdown=fmt == "markdown")
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output record."""
    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


if __name__ == "__main__":
    app()

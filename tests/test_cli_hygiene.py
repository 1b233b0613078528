"""The command line without surprises (issue 11): fixed option values are enums, the progress bar
knows its total and never mixes with error lines, the resume manifest, bad record lines, exact
copies, `info` and `extract --format csv`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pressextract.cli import app

from .conftest import CORPUS

runner = CliRunner()


@pytest.mark.parametrize("command, option, values", [
    (["extract"], "--engine", "local|dask"),
    (["evaluate"], "--format", "table|json|markdown|html"),
    (["evaluate"], "--split", "dev|test|tune|check|all"),
    (["kb", "query"], "--format", "table|json|csv"),
    (["kb", "export"], "--format", "jsonld|csv"),
])
def test_fixed_option_values_are_listed_in_help_and_a_wrong_one_is_a_usage_error(tmp_path, command, option, values):
    help_text = runner.invoke(app, [*command, "--help"], terminal_width=200).stdout
    assert values in help_text
    gold = tmp_path / "gold.jsonl"
    gold.write_text("")
    db = tmp_path / "kb.sqlite"
    db.write_bytes(b"")
    target = {"extract": [str(CORPUS / "example.txt")], "evaluate": [str(gold)]}.get(command[0], ["--db", str(db)])
    result = runner.invoke(app, [*command, *target, option, "nonsense"])
    assert result.exit_code == 2 and "nonsense" in result.stderr


RELEASE = ("Acme opens plant in Suva\n\nAcme Ltd. opened a packaging plant in Suva, Fiji, on Monday with "
           "150 workers.\n")


def test_manifest_only_with_resume_and_never_named_like_records(tmp_path):
    (tmp_path / "r.txt").write_text(RELEASE, encoding="utf-8")
    out = tmp_path / "out" / "run.jsonl"
    out.parent.mkdir()
    plain = runner.invoke(app, ["extract", str(tmp_path / "r.txt"), "-o", str(out)])
    assert plain.exit_code == 0 and sorted(p.name for p in out.parent.iterdir()) == ["run.jsonl"]
    resumed = runner.invoke(app, ["extract", str(tmp_path / "r.txt"), "-o", str(out), "--resume"])
    assert resumed.exit_code == 0
    assert [p.name for p in out.parent.glob("*.jsonl")] == ["run.jsonl"]      # what `kb load out/*.jsonl` takes
    assert sorted(p.name for p in out.parent.iterdir()) == ["run.jsonl", "run.jsonl.manifest"]
    # A run without --resume starts the output afresh, and drops the manifest that described the old one.
    again = runner.invoke(app, ["extract", str(tmp_path / "r.txt"), "-o", str(out)])
    assert again.exit_code == 0 and sorted(p.name for p in out.parent.iterdir()) == ["run.jsonl"]
    load = runner.invoke(app, ["kb", "load", *map(str, out.parent.glob("*.jsonl")), "--db", str(tmp_path / "kb.sqlite")])
    assert load.exit_code == 0, load.output


@pytest.mark.parametrize("content", ['{"key": "r.txt", "status": "done", "source": "r.txt"}\n',
                                     '{"source": "x.txt", "reason": "empty input", "doc_id": "x.txt"}\n',
                                     "overall 0.62\n"])
def test_non_record_lines_are_a_clear_error_with_file_and_line(tmp_path, content):
    bad = tmp_path / "notes.jsonl"
    bad.write_text("\n" + content, encoding="utf-8")
    load = runner.invoke(app, ["kb", "load", str(bad), "--db", str(tmp_path / "kb.sqlite")])
    assert load.exit_code == 1 and f"error: {bad}:2: " in load.stderr
    assert isinstance(load.exception, SystemExit)                  # an exit code, not a traceback
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "file": "g1.txt", "main_type": ["opening"]}) + "\n")
    scored = runner.invoke(app, ["evaluate", str(gold), "--pred", str(bad), "--format", "json"])
    assert scored.exit_code == 2 and f"error: {bad}:2: " in scored.stderr and scored.stdout == ""
    assert isinstance(scored.exception, SystemExit)


def _inputs(tmp_path, n: int = 3):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(n):
        (d / f"r{i}.txt").write_text(RELEASE.replace("150", str(150 + i)), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    return d


def test_progress_bar_knows_its_total_and_error_lines_never_run_into_it(tmp_path):
    d = _inputs(tmp_path)
    result = runner.invoke(app, ["extract", str(d), "-o", str(tmp_path / "out.jsonl"), "--progress"])
    assert result.exit_code == 1
    bar = result.stderr
    assert "0/4" in bar and "4/4" in bar and "100%" in bar                  # a total, so a percentage and an ETA
    error_lines = [line for line in bar.splitlines() if '"reason"' in line]
    assert len(error_lines) == 1
    assert json.loads(error_lines[0].split("\r")[-1])["reason"] == "empty input"   # the bar is cleared first
    # A glob counts too; stdin cannot be counted without reading it: no total, no percentage.
    globbed = runner.invoke(app, ["extract", str(d / "r*.txt"), "-o", str(tmp_path / "g.jsonl"), "--progress"])
    assert globbed.exit_code == 0 and "3/3" in globbed.stderr
    piped = runner.invoke(app, ["extract", "-", "-o", str(tmp_path / "s.jsonl"), "--progress"], input=RELEASE)
    assert piped.exit_code == 0 and "%" not in piped.stderr.split("done 1")[0]


def test_resumed_documents_advance_the_bar(tmp_path):
    d = _inputs(tmp_path, n=2)
    out = tmp_path / "out.jsonl"
    runner.invoke(app, ["extract", str(d), "-o", str(out), "--resume"])
    again = runner.invoke(app, ["extract", str(d), "-o", str(out), "--resume", "--progress"])
    assert "skipped 3" in again.stderr and "3/3" in again.stderr and "100%" in again.stderr


def test_count_documents_from_names_only(tmp_path):
    from pressextract.sources import count_documents

    d = _inputs(tmp_path)
    (tmp_path / "items.jsonl").write_text("")
    assert count_documents([str(d), str(d / "r0.txt"), str(tmp_path / "none*.txt")]) == 6
    assert count_documents([str(tmp_path / "missing.txt")]) == 1           # one "file not found"
    for uncountable in ("-", "https://example.org/a", "feed:https://example.org/f", str(tmp_path / "items.jsonl")):
        assert count_documents([str(d), uncountable]) is None


def test_info_prints_model_versions_and_what_each_component_assigns():
    from pressextract.nlp import COMPONENTS, PACKAGES

    text = runner.invoke(app, ["info"], terminal_width=200)
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("model ")
    for package in PACKAGES:
        assert f"{package} " in text.stdout
    assert all(name in text.stdout for name in COMPONENTS) and "ner " in text.stdout
    described = json.loads(runner.invoke(app, ["info", "--format", "json"]).stdout)
    assert all(described["versions"].values()) and described["model"]["version"]
    by_name = {c["name"]: c for c in described["components"]}
    assert "doc.ents" in by_name["ner"]["assigns"] and by_name["pressextract_counts"]["assigns"]
    assert [c["name"] for c in described["components"] if c["name"] in COMPONENTS] == list(COMPONENTS)
    assert runner.invoke(app, ["info", "--model", "no_such_model_xyz"]).exit_code == 2


def test_extract_format_csv_one_row_per_event_with_the_main_fields(tmp_path):
    import csv

    from pressextract.sinks import CSV_COLUMNS

    d = _inputs(tmp_path, n=2)
    jsonl, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    assert runner.invoke(app, ["extract", str(d), "-o", str(jsonl)]).exit_code == 1      # the empty file fails
    result = runner.invoke(app, ["extract", str(d), "-o", str(table), "--format", "csv"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    with table.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        rows = list(reader)
    assert len(rows) == len(records) > 0
    for row, record in zip(rows, records):
        assert row["doc_id"] == record["doc"]["id"] and row["event_type"] == record["event_type"]
        assert row["main"] == ("true" if record["main"] else "false")
        assert float(row["confidence"]) == record["confidence"]
        assert row["locations"] == "; ".join(p["name"] for p in record["locations"])
        assert row["organizations"] == "; ".join(f"{o['name']} ({o['role']})" for o in record["organizations"])
        assert row["counts"] == "; ".join(c["text"] for c in record["counts"])
        assert row["evidence"] == record["evidence"]["text"]
    assert "Suva" in rows[0]["locations"] and rows[0]["title"] == "Acme opens plant in Suva"
    stdout = runner.invoke(app, ["extract", "-", "--format", "csv"], input=RELEASE)
    assert stdout.exit_code == 0 and stdout.stdout.startswith(",".join(CSV_COLUMNS) + "\n")
    resumed = runner.invoke(app, ["extract", str(d), "-o", str(table), "--format", "csv", "--resume"])
    assert resumed.exit_code == 2 and "--format jsonl" in resumed.stderr
    assert runner.invoke(app, ["extract", str(d), "--format", "xml"]).exit_code == 2


@pytest.mark.parametrize("extra", [[], ["--resume"], ["--workers", "2"]])
def test_an_exact_copy_in_a_second_file_is_written_and_marked_as_README_says(tmp_path, extra):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(RELEASE, encoding="utf-8")
    (d / "b.txt").write_bytes((d / "a.txt").read_bytes())                # byte for byte
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(d), "-o", str(out), *extra])
    assert result.exit_code == 0 and "done 1, skipped 0, duplicate 1, failed 0" in result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    first = [r for r in records if r["doc"]["id"] == str(d / "a.txt")]
    copy = [r for r in records if r["doc"]["id"] == str(d / "b.txt")]
    assert first and len(copy) == len(first) and len(records) == 2 * len(first)
    assert all(r["doc"]["duplicate_of"] is None for r in first)
    assert all(r["doc"]["duplicate_of"] == str(d / "a.txt") for r in copy)
    unmarked = [{**r, "doc": {**r["doc"], "id": None, "source": None, "duplicate_of": None}} for r in copy]
    assert unmarked == [{**r, "doc": {**r["doc"], "id": None, "source": None}} for r in first]
    if extra == ["--resume"]:                              # a rerun skips both, loses neither
        again = runner.invoke(app, ["extract", str(d), "-o", str(out), "--resume"])
        assert "done 0, skipped 2, duplicate 0" in again.stderr
        assert [json.loads(line) for line in out.read_text().splitlines()] == records
    kept = runner.invoke(app, ["extract", str(d), "-o", str(tmp_path / "kept.jsonl"), "--no-dedup"])
    assert "done 2, skipped 0, duplicate 0" in kept.stderr

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


"""Regression gate: accuracy on the corpus test split, on the devset check split and on the names
of the archive's measurement set (releases no rule was written from, never trained on) must not
fall below the recorded floors, and `pressextract evaluate` must give the reference scorer's
figures.

The floors were measured on the gold files pinned below by sha256. A changed gold file fails the
gate: re-measure (`make accuracy`), set each floor a little under the new figure with the figure
and date in its comment, and pin the new digest. Raise a floor when accuracy improves; a lower
floor is said in the commit message and the CHANGELOG, never done silently.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pressextract.cli import app
from pressextract.evaluate import ENTITY_FIELDS, GoldDoc, load_gold, run_pipeline, score, select_split

from .conftest import CORPUS, SHARED, needs_shared

CORPUS_GOLD = CORPUS / "gold.jsonl"
DEVSET = SHARED / "devset"
ARCHIVE = SHARED / "archive"
MEASURE_LABELS = CORPUS / "archive_labels_measure.jsonl"
GOLD_SHA256 = {
    # corpus digest re-pinned 2026-11-29 (twentieth session): two media contacts (c022, c041 and
    # their web copies, dev split) taken out of the people, as GUIDELINES says; test split
    # unchanged, floor unchanged. (Before, the same day: six counts of people written
    # [n, "people"]; on 2026-11-26 when c061-c100 were added to the dev split only.)
    CORPUS_GOLD: "1518a8e11ca6b754aee30a08f4422a8d5e11937954b678e78dd50d00878ae012",
    DEVSET / "gold.json": "400328cb268107f1de28fae7b339819d42ecd3b20b9ce2ad260f2930455c8ce7",
    # re-pinned 2026-11-29 (twenty-third session): the 9 names the pipeline began to emit since
    # (About headings restated, "and" spellings of "&" names, links read as text) labelled;
    # floor unchanged, measured 0.784. (Twenty-first session: 57 names labelled, one re-keyed
    # when name keys began to transliterate; pinned in the twentieth: every name then emitted
    # labelled.)
    MEASURE_LABELS: "bcdba456216172f4fdd57b6435a7721bd8466d2011eeea41cd0d2a71e33321af",
}
CORPUS_TEST_FLOOR_OVERALL = 0.930  # measured 0.936 on 2026-11-29 (twentieth session; 0.934 in the nineteenth)
DEVSET_CHECK_FLOOR_OVERALL = 0.875  # measured 0.886 on 2026-11-29, nineteenth session (0.872 in the seventh; equal to ../shared/devset/score.py)
# Issue 8's targets on check, each gated a little under what was measured on 2026-11-29
# (twenty-third session): entity macro-F1 0.803, main type 0.92, publication date 1.0, main date
# 0.833 (one release moves main type or main date by about 0.04).
DEVSET_CHECK_FLOORS = {"entity_f1_macro": 0.790, "main_type_acc": 0.88, "published_acc": 0.95, "main_date_acc": 0.79}
# The mean F1 of organisations, facilities, people and places on the 440 releases of the archive's
# measurement set, by their labels (scripts/score_archive_labels.py --measure).
ARCHIVE_MEASURE_FLOOR_NAMES_F1 = 0.775  # measured 0.784 on 2026-11-29, twentieth session
FLOOR_ERRORS_AS_EXPECTED = 1.0     # every broken or foreign input ends in the error log with its reason


def assert_measured_gold(path: Path) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == GOLD_SHA256[path], (
        f"{path} changed (sha256 {digest}, floors measured on {GOLD_SHA256[path]}): "
        f"re-measure the floors in {Path(__file__).name} and pin the new digest")


@pytest.fixture(scope="session")
def devset_check() -> tuple[list[GoldDoc], dict[str, list[dict]], dict[str, str]]:
    """The devset check split and the pipeline's records and errors on it (run once)."""
    gold = needs_shared(DEVSET / "gold.json")
    docs = select_split(load_gold(gold), "check")
    return (docs, *run_pipeline(docs))


def test_corpus_test_split_accuracy():
    assert_measured_gold(CORPUS_GOLD)
    docs = select_split(load_gold(CORPUS_GOLD), "test")
    assert len(docs) >= 25
    report = score(docs, *run_pipeline(docs))
    ok, n = map(int, report["errors_as_expected"].split("/"))
    assert n and ok / n >= FLOOR_ERRORS_AS_EXPECTED, report["errors_as_expected"]
    assert report["overall"] >= CORPUS_TEST_FLOOR_OVERALL, f"overall {report['overall']} < floor {CORPUS_TEST_FLOOR_OVERALL}"


def test_devset_check_split_accuracy(devset_check):
    assert_measured_gold(DEVSET / "gold.json")
    docs, predictions, errors = devset_check
    assert [d.id for d in docs] == [f"d{n}" for n in range(38, 63)]
    report = score(docs, predictions, errors)
    assert report["overall"] >= DEVSET_CHECK_FLOOR_OVERALL, f"overall {report['overall']} < floor {DEVSET_CHECK_FLOOR_OVERALL}"
    for key, floor in DEVSET_CHECK_FLOORS.items():
        assert report[key] >= floor, f"{key} {report[key]} < floor {floor}"


def test_evaluate_gives_the_reference_scorers_figures(devset_check, tmp_path):
    docs, predictions, _ = devset_check
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for d in docs for r in predictions.get(d.id, [])), encoding="utf-8")
    whole = json.loads((DEVSET / "gold.json").read_text(encoding="utf-8"))
    check_gold = tmp_path / "check.json"              # the reference scorer knows no splits
    check_gold.write_text(json.dumps({d.id: whole[d.id] for d in docs}), encoding="utf-8")
    reference = json.loads(subprocess.run(
        [sys.executable, str(DEVSET / "score.py"), str(check_gold), str(pred), "--json"],
        check=True, capture_output=True, text=True).stdout)
    result = CliRunner().invoke(app, ["evaluate", str(DEVSET / "gold.json"), "--split", "check", "--pred", str(pred),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    for f in (*ENTITY_FIELDS, "types"):
        assert {k: ours["lenient"][f][k] for k in ("p", "r", "f1")} == reference[f], f
    for key in ("main_type_acc", "published_acc", "published_false", "main_date_acc", "entity_f1_macro", "overall"):
        assert ours[key] == reference[key], key


def test_archive_measurement_set_names():
    """The names of releases no rule was written from: a fall here is a loss on unseen releases."""
    sys.path.insert(0, str(CORPUS.parent / "scripts"))
    from score_archive_labels import KINDS
    from score_archive_labels import score as score_archive

    assert_measured_gold(MEASURE_LABELS)
    archive = needs_shared(ARCHIVE)
    labels = [json.loads(line) for line in MEASURE_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(labels) == 440
    predictions, _ = run_pipeline([GoldDoc(id=item["path"], path=archive / item["path"]) for item in labels])
    names = score_archive(labels, predictions)["names"]
    f1 = sum(names[kind]["f1"] for kind, _ in KINDS) / len(KINDS)
    assert f1 >= ARCHIVE_MEASURE_FLOOR_NAMES_F1, f"mean names F1 {f1:.3f} < floor {ARCHIVE_MEASURE_FLOOR_NAMES_F1}"

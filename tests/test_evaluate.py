"""The scorer, its command and its HTML report, on small hand-made gold and predictions."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from pressextract.cli import app
from pressextract.evaluate import (
    GoldDoc,
    devset_split,
    format_summary,
    format_table,
    intervals,
    load_gold,
    same_name,
    score,
    to_json,
    unit_ok,
)

runner = CliRunner()

TEXT = ("Lima hosts summit\n\nLIMA – The Municipality of Lima hosted the Andean Cities Summit with the "
        "United Nations Development Programme (UNDP) at the Lima Convention Center, where 120 mayors met.")


def _gold(**kw) -> GoldDoc:
    base = dict(id="g1", path=None, published="2024-05-02", main_type=["conference"], types=["conference"],
                main_date="2024-05-01", places=[["Lima"]], people=[],
                organizations=[["United Nations Development Programme", "UNDP"], ["Municipality of Lima"]],
                facilities=[["Lima Convention Center"]], counts=[(120.0, "mayor")],
                roles=[("Municipality of Lima", "host")])
    base.update(kw)
    return GoldDoc(**base)


def _record(**kw) -> dict:
    rec = {"event_type": "conference", "main": True, "doc": {"source": "g1.txt", "published": "2024-05-02"},
           "date": {"start": "2024-05-01"},
           "locations": [{"name": "Lima"}, {"name": "Andes"}],
           "organizations": [{"name": "UNDP", "aliases": [], "role": "partner"},
                             {"name": "Municipality of Lima", "aliases": [], "role": "host"}],
           "people": [], "facilities": [{"name": "Convention Center"}],
           "counts": [{"value": 120, "unit": "mayor", "text": "120 mayors"}, {"value": 3, "unit": "day", "text": "3 days"}]}
    rec.update(kw)
    return rec


def test_name_matching_strict_and_lenient():
    assert same_name("the UNDP", "UNDP", lenient=False)
    assert not same_name("Convention Center", "Lima Convention Center", lenient=False)
    assert same_name("Convention Center", "Lima Convention Center", lenient=True)   # Jaccard 2/3
    # the reference scorer's rule: an acronym or a possessive matches only as a gold alias
    assert not same_name("UNDP", "United Nations Development Programme", lenient=True)
    assert not same_name("WeGO’s Secretariat", "WeGO Secretariat", lenient=True)
    assert not same_name("Seoul", "Busan", lenient=True)


def test_count_units():
    assert unit_ok("officials", "official", lenient=False)
    assert not unit_ok("city officials", "official", lenient=False)
    assert unit_ok("city officials", "official", lenient=True)
    assert unit_ok("$", "$", lenient=False) and unit_ok("million USD", "$", lenient=True)
    assert not unit_ok("euros", "$", lenient=True)


def test_scores_per_field():
    report = score([_gold()], {"g1": [_record()]}, {})
    le, st = report["lenient"], report["strict"]
    assert le["places"] == {"p": 0.5, "r": 1.0, "f1": 0.667, "tp": 1, "pred": 2, "gold": 1}
    assert le["organizations"]["tp"] == 2 and st["organizations"]["tp"] == 2   # "UNDP" is an alias in gold
    assert le["facilities"]["tp"] == 1 and st["facilities"]["tp"] == 0          # 2/3 tokens >= 0.6
    assert le["counts"]["tp"] == 1 and le["counts"]["pred"] == 2
    assert le["roles"]["tp"] == 1 and le["roles"]["pred"] == 2 and le["roles"]["gold"] == 1
    assert report["main_type_acc"] == 1.0 and report["main_date_acc"] == 1.0 and report["published_acc"] == 1.0
    doc = report["docs"][0]
    assert doc["missed"]["facilities"] == []
    assert doc["spurious"]["places"] == ["Andes"]


def test_scores_per_document():
    broken = _gold(id="x1", expected_error="empty input", main_type=[])
    report = score([_gold(), broken], {"g1": [_record()]}, {"x1": "empty input"})
    one, failed = (d["scores"] for d in report["docs"])
    # entities: tp 5 of 7 predicted, 5 gold -> F1 0.833; main type and both dates right
    assert one["entity_f1"] == 0.833 and one["score"] == round((0.833 + 3) / 4, 3)
    assert one["misses"] == 0 and one["false_alarms"] == 2                     # "Andes", "3 days"
    assert one["checks"] == {"main_type": True, "published": True, "main_date": True} and one["has_errors"]
    assert "people" not in one["fields"] and one["fields"]["places"]["pred"] == 2   # no gold, no prediction
    assert failed["score"] == 1.0 and failed["expected_error_ok"] and not failed["has_errors"]
    assert json.loads(to_json(report))["docs"][0]["scores"]["entity_f1"] == 0.833


def test_expected_errors_and_confusion():
    broken = _gold(id="x1", expected_error="empty input", main_type=[])
    report = score([_gold(), broken], {"g1": [_record(event_type="meeting")]}, {"x1": "empty input"})
    assert report["errors_as_expected"] == "1/1"
    assert report["main_type_acc"] == 0.0
    assert report["confusion"] == {"conference": {"meeting": 1}}


def test_reads_devset_format(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold.json").write_text(json.dumps({"d1": {"lang": "en", "published": None, "main_type": ["award"],
        "types": ["award"], "main_date": None, "places": ["Kyiv"], "people": [], "organizations": [["KSE"]],
        "facilities": [], "counts": [[5, "$"]]}, "d2": {"lang": "ru", "published": None, "main_type": [],
        "types": [], "main_date": None, "places": [], "people": [], "organizations": [], "facilities": [], "counts": []}}))
    docs = {d.id: d for d in load_gold(tmp_path / "gold.json")}
    assert docs["d1"].path == tmp_path / "docs" / "d1.txt" and docs["d1"].places == [["Kyiv"]]
    assert docs["d2"].expected_error == "unsupported language: ru"


def test_summary_puts_sets_side_by_side():
    with_roles = score([_gold()], {"g1": [_record()]}, {})
    without = score([_gold(roles=[])], {"g1": [_record(event_type="meeting")]}, {})
    lines = format_summary({"set a": with_roles, "set b": without}).splitlines()
    assert lines[0] == "|  | set a | set b |"
    assert "| main type | 1.000 | 0.000 |" in lines and "| places F1 | 0.667 | 0.667 |" in lines
    assert "| roles F1 | 0.667 | - |" in lines                    # no roles in set b, gold or predicted


def test_intervals_bootstrap_the_documents():
    docs = [_gold(id=f"g{i}") for i in range(8)]
    wrong = {"event_type": "meeting", "date": {"start": "2024-05-09"}}
    preds = {d.id: [_record(**(wrong if i % 2 else {}))] for i, d in enumerate(docs)}   # half the main events wrong
    report = score(docs, preds, {})
    ranges = intervals(report)
    assert ranges == intervals(report)                              # a fixed seed: the same ranges
    assert set(ranges) == {"overall", "entity_f1_macro", "main_type_acc", "published_acc", "main_date_acc"}
    low, high = ranges["main_type_acc"]
    assert low < report["main_type_acc"] == 0.5 < high              # it varies with the documents drawn
    assert ranges["published_acc"] == [1.0, 1.0]                    # right everywhere: no spread
    assert ranges["overall"][0] <= report["overall"] <= ranges["overall"][1]
    assert intervals(score([_gold(expected_error="empty input")], {}, {"g1": "empty input"})) == {}
    report["intervals"] = ranges
    assert "| overall, 90% interval |" in format_summary({"a": report})
    assert "90% intervals (bootstrap over documents): overall" in format_table(report)
    from pressextract.report import render_evaluation

    low, high = ranges["overall"]
    assert f"90% interval {low:.3f}–{high:.3f}" in render_evaluation(report)


def test_devset_split_by_document_id():
    assert [devset_split(i) for i in ("d01", "d37", "d38", "d62", "h01")] == ["tune", "tune", "check", "check", None]


def test_split_option_for_devset_and_corpus(tmp_path):
    empty = {"lang": "en", "published": None, "main_type": ["award"], "types": [], "main_date": None,
             "places": [], "people": [], "organizations": [], "facilities": [], "counts": []}
    (tmp_path / "gold.json").write_text(json.dumps({"d05": empty, "d40": empty, "d41": empty}))
    (tmp_path / "pred.jsonl").write_text("")
    args = ["evaluate", str(tmp_path / "gold.json"), "--pred", str(tmp_path / "pred.jsonl"), "--format", "json"]
    counts = {split: json.loads(runner.invoke(app, [*args, "--split", split]).stdout)["documents"]
              for split in ("tune", "check", "all")}
    assert counts == {"tune": 1, "check": 2, "all": 3}
    wrong = runner.invoke(app, [*args, "--split", "test"])      # a corpus split, not the devset's
    assert wrong.exit_code == 2 and "splits are: check, tune, all" in wrong.stderr
    _write_corpus(tmp_path)
    wrong = runner.invoke(app, ["evaluate", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl"),
                                "--split", "check"])
    assert wrong.exit_code == 2 and "splits are: test, all" in wrong.stderr


def _write_corpus(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "g1.txt").write_text(TEXT)
    gold = {"id": "g1", "file": "docs/g1.txt", "split": "test", "lang": "en", "published": "2024-05-02",
            "main_type": ["conference"], "types": ["conference"], "main_date": "2024-05-01", "places": ["Lima"],
            "organizations": [["United Nations Development Programme", "UNDP"], ["Municipality of Lima"]],
            "people": [], "facilities": [["Lima Convention Center"]], "counts": [[120, "mayor"]],
            "roles": [["Municipality of Lima", "host"]], "expected_error": None}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    pred = _record(facilities=[{"name": "Andean Cities Summit"}])
    (tmp_path / "pred.jsonl").write_text(json.dumps(pred) + "\n")


def test_html_report_highlights_each_class(tmp_path):
    _write_corpus(tmp_path)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["evaluate", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl"),
                                 "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    marks = re.findall(r'<mark class="ev-(\w+) f-(\w+)"', page)
    # matched: Lima, UNDP, Municipality of Lima, 120 mayors; missed: the convention center;
    # spurious: the summit (a facility) — "Andes" and "3 days" are not in the text.
    assert sorted(m for m in marks if m[0] == "matched") == sorted(
        [("matched", "places"), ("matched", "organizations"), ("matched", "organizations"), ("matched", "counts")])
    assert [m for m in marks if m[0] == "missed"] == [("missed", "facilities")]
    assert [m for m in marks if m[0] == "spurious"] == [("spurious", "facilities")]
    assert 'id="confusion"' in page and 'id="accuracy"' in page
    assert "<script src" not in page and "http" not in page.split("</style>")[0]   # nothing fetched


def test_min_f1_gate_and_formats(tmp_path):
    _write_corpus(tmp_path)
    args = ["evaluate", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl")]
    assert runner.invoke(app, [*args, "--min-f1", "0.5"]).exit_code == 0
    assert runner.invoke(app, [*args, "--min-f1", "0.99"]).exit_code == 1
    report = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert report["lenient"]["places"]["tp"] == 1 and "overall" in report and "intervals" not in report
    ranges = json.loads(runner.invoke(app, [*args, "--format", "json", "--intervals"]).stdout)["intervals"]
    assert ranges["overall"][0] <= report["overall"] <= ranges["overall"][1]
    md = runner.invoke(app, [*args, "--format", "markdown", "--errors"]).stdout
    assert md.startswith("| field |") and "missed facilities: Lima Convention Center" in md


def test_show_page_links_facts_to_text(tmp_path):
    src = tmp_path / "release.txt"
    src.write_text(TEXT)
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["show", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    ids = set(re.findall(r'<mark class="ent \w+" id="(m\d+)"', page)) | set(re.findall(r'<span class="evidence[\w ]*" id="(ev\d+)"', page))
    links = set(re.findall(r'href="#((?:m|ev)\d+)"', page))
    assert links and links <= ids                                   # every link lands on a mark
    assert "Lima Convention Center" in page and "<script" not in page and 'id="legend"' in page


def test_reliability_of_event_confidence():
    records = [_record(confidence=0.85), _record(event_type="award", main=False, confidence=0.1),
               _record(event_type="visit", main=False, confidence=0.1), _record(event_type="conference", main=False,
                                                                             confidence=0.1)]
    report = score([_gold()], {"g1": records}, {})
    assert report["reliability"] == [{"confidence": 0.1, "events": 3, "right": 0.333},
                                     {"confidence": 0.85, "events": 1, "right": 1.0}]
    assert "reliability of event confidence" in format_table(report)


def test_a_field_without_gold_is_not_scored_in_the_text_report():
    """roles: no gold in this document -> "—", not 0.000 (which reads as a miss); places scored."""
    report = score([_gold(roles=[])], {"g1": [_record(confidence=0.85)]}, {})
    assert report["lenient"]["roles"]["gold"] == 0
    for markdown in (False, True):
        table = format_table(report, markdown=markdown)
        roles = next(line for line in table.splitlines() if "roles" in line)
        assert "0.000" not in roles and roles.count("—") == 4
        places = next(line for line in table.splitlines() if "places" in line)
        assert "—" not in places

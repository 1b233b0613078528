"""The archive labels: no archive text in the repository, and the measure that reads them."""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from score_archive_labels import MEASURE_LABELS, score  # noqa: E402
from train_entity_typer import ARCHIVE_LABELS, archive_split, name_digest  # noqa: E402

from pressextract.names import name_key  # noqa: E402
from pressextract.schema import EVENT_TYPES  # noqa: E402

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_archive_labels_hold_labels_only():
    """Every line is a path, dates, types and digests: nothing of a release's text."""
    lines = ARCHIVE_LABELS.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 600
    paths = _check_label_lines(lines)
    assert len(paths) == len(lines)
    held = sum(archive_split(p) == "held" for p in paths)
    assert 0.25 < held / len(paths) < 0.42            # about one in three is held out


def test_measurement_labels_hold_labels_only_and_never_train():
    """The measurement set has the training labels' format and none of their releases."""
    lines = MEASURE_LABELS.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 240
    training = {json.loads(line)["path"] for line in ARCHIVE_LABELS.read_text(encoding="utf-8").splitlines()}
    paths = [json.loads(line)["path"] for line in lines]
    assert len(set(paths)) == len(paths) and not set(paths) & training
    _check_label_lines(lines)


def _check_label_lines(lines: list[str]) -> set[str]:
    """Each line a path, dates, types and digests with kinds; the set of paths."""
    paths = set()
    for line in lines:
        item = json.loads(line)
        assert set(item) - {"missed"} == {"path", "published", "main_type", "main_date", "names"}
        assert re.fullmatch(r"[\w.-]+/\d{4}/\d{4}/[^/\s]+\.md", item["path"]), item["path"]
        assert item["published"] is None or DATE.match(item["published"])
        assert item["main_date"] is None or DATE.match(item["main_date"])
        assert item["main_type"] and set(item["main_type"]) <= set(EVENT_TYPES)
        assert all(re.fullmatch(r"[0-9a-f]{12}", k) for k in item["names"])
        assert set(item["names"].values()) <= {"ORG", "FAC", "PERSON", "PLACE", "NONE"}
        for kind, *digests in item.get("missed", []):            # digests of forms, never the forms
            assert kind in ("ORG", "FAC", "PERSON", "PLACE") and digests
            assert all(re.fullmatch(r"[0-9a-f]{12}", d) for d in digests)
        paths.add(item["path"])
    return paths


def _record(main_type, date, published, orgs=(), people=()):
    return {"main": True, "event_type": main_type, "date": {"start": date}, "doc": {"published": published},
            "organizations": [{"name": n, "aliases": []} for n in orgs],
            "people": [{"name": n, "aliases": []} for n in people], "facilities": [], "locations": []}


def test_score_counts_labelled_names_by_kind():
    digest = lambda name: name_digest(name_key(name))   # noqa: E731
    labels = [{"path": "a.md", "published": "2025-01-02", "main_type": ["launch"], "main_date": "2025-01-02",
               "names": {digest("Acme Labs"): "ORG", digest("Widget Pro"): "NONE", digest("Jo Roe"): "PERSON",
                         digest("Harbor Hall"): "FAC"}},
              {"path": "b.md", "published": None, "main_type": ["award"], "main_date": None, "names": {}},
              {"path": "c.md", "published": None, "main_type": ["other"], "main_date": None, "names": {}}]
    preds = {"a.md": [_record("launch", "2025-01-03", "2025-01-02", orgs=["Acme Labs", "Widget Pro", "Unlabelled Co"],
                              people=["Jo Roe"])],
             "b.md": [_record("funding", None, None)], "c.md": [_record("other", None, None)]}
    report = score(labels, preds)
    assert report["main_type_acc"] == 2 / 3 and report["published_acc"] == 1.0
    assert report["events"] == 2 and report["event_type_acc"] == 0.5      # "other" alone is no event release
    assert report["dated"] == 1 and report["main_date_acc"] == 0.0
    org = report["names"]["ORG"]
    assert (org["tp"], org["emitted"], org["gold"], org["unlabelled"]) == (1, 2, 1, 1)
    assert org["p"] == 0.5 and org["r"] == 1.0
    assert report["names"]["PERSON"]["f1"] == 1.0
    assert report["names"]["FAC"]["r"] == 0.0                  # labelled, never emitted


def test_score_counts_missed_names_in_recall():
    """A name the rules missed (listed by its forms' digests) is gold: found when the run emits
    one of its forms as its kind, and then a true positive, not an unlabelled name."""
    digest = lambda name: name_digest(name_key(name))   # noqa: E731
    labels = [{"path": "a.md", "published": None, "main_type": ["launch"], "main_date": None,
               "names": {digest("Acme Labs"): "ORG"},
               "missed": [["ORG", digest("Harbor Association of Engineers"), digest("HAE")],
                          ["ORG", digest("Orbita Fund")], ["PERSON", digest("Jo Roe")]]}]
    preds = {"a.md": [_record("launch", None, None, orgs=["Acme Labs", "HAE"], people=["Jo Roe"])]}
    report = score(labels, preds)
    org = report["names"]["ORG"]
    assert (org["tp"], org["emitted"], org["gold"], org["unlabelled"]) == (2, 2, 3, 0)
    assert (org["missed_found"], org["missed"]) == (1, 2) and report["with_missed"] == 1
    assert report["names"]["PERSON"]["r"] == 1.0


def test_import_checks_annotator_lines_and_keeps_no_text(tmp_path):
    """The import script refuses a line that leaves a name unlabelled or lists a missed form the
    text lacks or the sheet already names, and stores missed forms as digests."""
    from archive_labels_import import problems, stored
    from archive_sheets import read_sheet

    sheet = tmp_path / "a.sheet.txt"
    sheet.write_text("== x/2025/0101/a.md\n\n---- TEXT ----\nAcme Labs and the Harbor Association of Engineers "
                     "(HAE) met Jo Roe.\n\n---- NAMES (id, rule label, forms | first sentence) ----\n"
                     f"{name_digest(name_key('Acme Labs'))}\tORG\tAcme Labs\t<< Acme Labs and ...\n", encoding="utf-8")
    parsed = read_sheet(sheet)
    good = {"path": "x/2025/0101/a.md", "published": None, "main_type": ["meeting"], "main_date": None,
            "names": {name_digest(name_key("Acme Labs")): "ORG"},
            "missed": [["ORG", "Harbor Association of Engineers", "HAE"], ["PERSON", "Jo Roe"]]}
    assert problems(good, parsed) == []
    assert problems({**good, "names": {}}, parsed) == ["names: 1 unlabelled, 0 unknown"]
    assert problems({**good, "missed": [["ORG", "Harbor Guild"]]}, parsed) == [
        "missed form 'Harbor Guild' is not in the text as written"]
    assert problems({**good, "missed": [["ORG", "Acme Labs"]]}, parsed) == [
        "missed form 'Acme Labs' is a NAMES form: label that line instead"]
    kept = json.dumps(stored(good))
    assert "Harbor" not in kept and "Jo Roe" not in kept
    assert stored(good)["missed"][1] == ["PERSON", name_digest(name_key("Jo Roe"))]


def test_new_name_sheets_and_their_import(tmp_path):
    """A new-name sheet lists only the names its release's line lacks (the labelled ones apart,
    for reference); the import refuses a line that relabels a name or misses one, and adds the
    new labels to the release's line without touching the rest."""
    from archive_labels_import import add_names, name_problems
    from archive_sheets import LABELLED_HEADING, read_sheet

    acme, roe = name_digest(name_key("Acme Labs")), name_digest(name_key("Jo Roe"))
    sheet = tmp_path / "a.sheet.txt"
    sheet.write_text("== x/2025/0101/a.md\n\n---- TEXT ----\nAcme Labs hired Jo Roe.\n\n"
                     "---- NAMES (id, rule label, forms | first sentence) ----\n"
                     f"{roe}\tPERSON\tJo Roe\t<< Acme Labs hired Jo Roe.\n\n{LABELLED_HEADING}\nORG: Acme Labs\n",
                     encoding="utf-8")
    parsed = read_sheet(sheet)
    assert list(parsed[2]) == [roe]                  # the labelled section is no NAMES line
    line = {"path": "x/2025/0101/a.md", "published": None, "main_type": ["appointment"], "main_date": None,
            "names": {acme: "ORG"}}
    assert name_problems({"path": line["path"], "names": {roe: "PERSON"}}, parsed, line) == []
    assert name_problems({"path": line["path"], "names": {}}, parsed, line) == ["names: 1 unlabelled, 0 unknown"]
    assert name_problems({"path": line["path"], "names": {roe: "PERSON", acme: "ORG"}}, parsed, line) == [
        "names: 0 unlabelled, 1 unknown", "1 names labelled already"]
    assert name_problems({"path": line["path"], "names": {roe: "PERSON"}}, parsed, None) == [
        "release not in the label file"]
    labels = tmp_path / "labels.jsonl"
    other = {**line, "path": "x/2025/0101/b.md"}
    labels.write_text(json.dumps(line) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    add_names([{"path": line["path"], "names": {roe: "PERSON"}}], labels)
    first, second = (json.loads(x) for x in labels.read_text(encoding="utf-8").splitlines())
    assert first == {**line, "names": {acme: "ORG", roe: "PERSON"}} and second == other


def test_emitted_names_and_their_lines():
    """What a run emits (names and aliases, the first record's kind winning) and, for a sheet,
    the line of the text a form first occurs on."""
    from archive_sheets import _line_of
    from score_archive_labels import emitted, emitted_forms

    records = [{"organizations": [{"name": "Acme Labs", "aliases": ["ACME"]}], "locations": [{"name": "Ohio"}]},
               {"people": [{"name": "Acme Labs"}]}]
    forms = emitted_forms(records)
    assert forms[name_digest(name_key("ACME"))] == ("ORG", "ACME")
    assert forms[name_digest(name_key("Acme Labs"))] == ("ORG", "Acme Labs")
    assert emitted(records) == {digest: kind for digest, (kind, _) in forms.items()} and len(forms) == 3
    text = "Title\nAcme Labs hired Jo Roe in Ohio.\nLast line"
    assert _line_of(text, "Ohio") == "Acme Labs hired Jo Roe in Ohio."
    assert _line_of(text, "Last") == "Last line" and _line_of(text, "Boston") == ""

"""Check annotators' label files and add them to ``corpus/archive_labels.jsonl``.

An annotator writes one JSON line per sheet (``scripts/archive_sheets.py``; the brief is
``corpus/LABELLING.md``) to a file under ``build/``. Besides the labels of the sheet's NAMES it
may list ``missed``: the organisations, people, places and facilities of the story that no
NAMES line covers, each as ``[kind, form, form...]`` with the forms as the text writes them
("Association of Project Management and Information Consulting", "APMIC"). The repository
keeps no archive text, so each form is stored as the digest of its name key, as NAMES are:
``[kind, digest, digest...]``. ``score_archive_labels.py`` counts a missed name as found when
the run emits one of its forms as that kind.

``--check`` only reads: every line names a sheet of SHEETS, labels every digest of its NAMES
section and no other, uses known kinds and event types, and every missed form occurs in the
sheet's text and is no NAMES form. Without ``--check`` the lines are appended to the label
file (a release labelled there already is an error).

With ``--add-names`` the sheets are new-name sheets (``archive_sheets.py --new-names``) of
releases the label file holds already, and each line is ``{"path": ..., "names": {...}}``: it
must label every digest of its sheet's NAMES and no other, none labelled already; the labels are
added to the release's ``names`` (nothing else of the line changes, no label is replaced).

usage: python scripts/archive_labels_import.py RAW.jsonl... --sheets build/sheets17 [--check]
       [--labels corpus/archive_labels.jsonl] [--add-names]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_sheets import read_sheet  # noqa: E402
from train_entity_typer import ARCHIVE_LABELS, name_digest, read_archive_labels  # noqa: E402

from pressextract.names import name_key  # noqa: E402
from pressextract.schema import EVENT_TYPES  # noqa: E402

KINDS = ("ORG", "FAC", "PERSON", "PLACE", "NONE")
MISSED_KINDS = ("ORG", "FAC", "PERSON", "PLACE")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def label_problems(labels: dict[str, str], names: dict[str, list[str]]) -> list[str]:
    """What is wrong with a line's labels of a sheet's NAMES: every digest labelled, no other,
    each with a known kind."""
    out = []
    if set(labels) != set(names):
        out.append(f"names: {len(set(names) - set(labels))} unlabelled, {len(set(labels) - set(names))} unknown")
    if not set(labels.values()) <= set(KINDS):
        out.append(f"kinds {sorted(set(labels.values()) - set(KINDS))} not from {KINDS}")
    return out


def problems(item: dict, sheet: tuple[str, str, dict[str, list[str]]] | None) -> list[str]:
    """What is wrong with one annotator line (empty when nothing)."""
    if sheet is None:
        return [f"no sheet for {item.get('path')!r}"]
    _, text, names = sheet
    out = []
    extra = set(item) - {"path", "published", "main_type", "main_date", "names", "missed"}
    if extra:
        out.append(f"unknown fields {sorted(extra)}")
    for field in ("published", "main_date"):
        if item.get(field) is not None and not _DATE.match(str(item[field])):
            out.append(f"{field} {item[field]!r} is no YYYY-MM-DD")
    if not item.get("main_type") or not set(item["main_type"]) <= set(EVENT_TYPES):
        out.append(f"main_type {item.get('main_type')!r} not from {EVENT_TYPES}")
    out += label_problems(item.get("names") or {}, names)
    known = {name_key(f) for forms in names.values() for f in forms}
    for entry in item.get("missed", []):
        if not (isinstance(entry, list) and len(entry) >= 2 and entry[0] in MISSED_KINDS):
            out.append(f"missed entry {entry!r} is not [kind, form, ...] with a kind from {MISSED_KINDS}")
            continue
        for form in entry[1:]:
            if form not in text:
                out.append(f"missed form {form!r} is not in the text as written")
            elif name_key(form) in known:
                out.append(f"missed form {form!r} is a NAMES form: label that line instead")
    return out


def name_problems(item: dict, sheet: tuple[str, str, dict[str, list[str]]] | None,
                  labelled: dict | None) -> list[str]:
    """What is wrong with one line of new-name labels (empty when nothing); ``labelled`` is the
    release's line in the label file."""
    if sheet is None:
        return [f"no sheet for {item.get('path')!r}"]
    if labelled is None:
        return ["release not in the label file"]
    out = []
    if set(item) != {"path", "names"}:
        out.append(f"fields {sorted(item)}, not ['names', 'path']")
    names = item.get("names") or {}
    out += label_problems(names, sheet[2])
    if set(names) & set(labelled["names"]):
        out.append(f"{len(set(names) & set(labelled['names']))} names labelled already")
    return out


def add_names(items: list[dict], path: Path) -> None:
    """Rewrite the label file with the new names added to their releases' lines."""
    new = {item["path"]: item["names"] for item in items}
    lines = []
    for line in read_archive_labels(path):
        line["names"].update(sorted(new.get(line["path"], {}).items()))
        lines.append(json.dumps(line, ensure_ascii=False) + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def stored(item: dict) -> dict:
    """The line as the label file keeps it: the missed forms as digests (no archive text)."""
    out = {k: item[k] for k in ("path", "published", "main_type", "main_date", "names")}
    if "missed" in item:
        out["missed"] = [[entry[0], *sorted({name_digest(name_key(f)) for f in entry[1:]})] for entry in item["missed"]]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("raw", type=Path, nargs="+")
    parser.add_argument("--sheets", type=Path, required=True)
    parser.add_argument("--labels", type=Path, default=ARCHIVE_LABELS)
    parser.add_argument("--check", action="store_true", help="report problems, write nothing")
    parser.add_argument("--add-names", action="store_true",
                        help="labels of new names for releases labelled already (archive_sheets.py --new-names)")
    args = parser.parse_args()
    sheets = {s[0]: s for s in map(read_sheet, sorted(args.sheets.glob("*.sheet.txt")))}
    labelled = {item["path"]: item for item in read_archive_labels(args.labels)}
    items, bad = [], 0
    for raw in args.raw:
        for n, line in enumerate(raw.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            sheet = sheets.get(item.get("path"))
            found = name_problems(item, sheet, labelled.get(item.get("path"))) if args.add_names else problems(item, sheet)
            for problem in found:
                print(f"{raw}:{n}: {item.get('path')}: {problem}")
                bad += 1
            items.append(item)
    paths = [item.get("path") for item in items]
    for path in sorted({p for p in paths if paths.count(p) > 1 or (p in labelled and not args.add_names)}):
        print(f"{path}: labelled twice")
        bad += 1
    print(f"{len(items)} lines, {bad} problems; {len(set(sheets) - set(paths))} sheets unlabelled", file=sys.stderr)
    if bad or args.check:
        return 1 if bad else 0
    if args.add_names:
        add_names(items, args.labels)
        print(f"{sum(len(item['names']) for item in items)} names of {len(items)} releases added to {args.labels}",
              file=sys.stderr)
        return 0
    with args.labels.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(stored(item), ensure_ascii=False) + "\n" for item in items)
    print(f"{len(items)} releases added to {args.labels}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

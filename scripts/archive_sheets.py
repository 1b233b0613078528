"""Annotation sheets for labelling archive releases (``corpus/archive_labels.jsonl``).

For each release of a list (paths under ``../shared/archive``), one text file in the output
folder: the cleaned text, then every name the rule components produce (the entity typer's
examples: :func:`train_entity_typer.named_groups`), one per line as
``digest<TAB>rule label<TAB>forms<TAB><< sentence of the first mention``. An annotator reads the
text and writes one JSON line per release to the labels file (see corpus/GUIDELINES.md,
"Archive labels"). The sheets hold archive text: keep them out of the repository (``build/``).

With ``--new-names LABELS.jsonl`` the sheets are for releases labelled already: NAMES lists only
the names that release's line does not label yet (names the pipeline began to produce after it
was labelled), and a last section shows the labels it has, for reference. A release with no new
name gets no sheet. ``archive_labels_import.py --add-names`` adds such labels.

usage: python scripts/archive_sheets.py LIST.txt OUT_DIR [--archive ../shared/archive]
       [--new-names corpus/archive_labels.jsonl]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_archive_labels import emitted_forms, read_predictions  # noqa: E402
from train_entity_typer import ROOT, TYPED, archive_text, name_digest, named_groups, read_archive_labels, rule_pipeline  # noqa: E402

from pressextract.settings import DEFAULT_MODEL  # noqa: E402

# The sheet's layout: the path line, then the text and the names under these headings.
PATH_MARK = "== "
TEXT_HEADING = "---- TEXT ----"
NAMES_HEADING = "---- NAMES (id, rule label, forms | first sentence) ----"
LABELLED_HEADING = "---- LABELLED ALREADY (label: forms; for reference, not to label) ----"


def sheet(nlp, text: str, rel: str, labelled: dict[str, str] | None = None,
          emitted: dict[str, tuple[str, str]] | None = None) -> str | None:
    """The sheet of one release; with ``labelled`` (digest -> kind) only the names it lacks
    (None when there are none), and the names of ``emitted`` (digest -> (kind, form)) that
    neither holds."""
    doc = nlp(text)
    names, known, listed = [], [], set()
    for key, mentions in named_groups(doc):
        digest = name_digest(key)
        listed.add(digest)
        forms = " | ".join(sorted({m.text for m in mentions}))
        if labelled is not None and digest in labelled:
            known.append(f"{labelled[digest]}: {forms}")
            continue
        sentence = mentions[0].sent.text.replace("\n", " ")[:300]
        names.append(f"{digest}\t{TYPED[mentions[0].label_]}\t{forms}\t<< {sentence}")
    for digest, (kind, form) in (emitted or {}).items():
        if digest not in listed and digest not in (labelled or {}):
            names.append(f"{digest}\t{kind}\t{form}\t<< {_line_of(text, form)[:300]}")
    lines = [f"{PATH_MARK}{rel}", "", TEXT_HEADING, text, "", NAMES_HEADING, *names]
    if labelled is not None:
        if not names:
            return None
        lines += ["", LABELLED_HEADING, *known]
    return "\n".join(lines) + "\n"


def _line_of(text: str, form: str) -> str:
    """The line of `text` where `form` first occurs ("" when it does not)."""
    at = text.find(form)
    if at < 0:
        return ""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)].strip()


def read_sheet(path: Path) -> tuple[str, str, dict[str, list[str]]]:
    """A sheet's release path, text, and names (digest -> forms): :func:`sheet` read back."""
    head, rest = path.read_text(encoding="utf-8").split(f"\n\n{TEXT_HEADING}\n", 1)
    text, names_part = rest.split(f"\n\n{NAMES_HEADING}\n", 1)
    names_part = names_part.split(f"\n\n{LABELLED_HEADING}\n", 1)[0]
    names = {}
    for line in names_part.split("\n"):
        parts = line.split("\t")
        if len(parts) >= 3:
            names[parts[0]] = parts[2].split(" | ")
    return head.removeprefix(PATH_MARK).strip(), text, names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", type=Path, help="a file with one archive-relative path per line")
    parser.add_argument("out", type=Path)
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "archive")
    parser.add_argument("--new-names", type=Path, metavar="LABELS",
                        help="sheets of the names this label file does not label yet")
    parser.add_argument("--records", type=Path, metavar="RUN",
                        help="with --new-names: also the names this run emits that no label or name group holds")
    args = parser.parse_args()
    labels = None
    if args.new_names:
        labels = {item["path"]: item["names"] for item in read_archive_labels(args.new_names)}
    runs = read_predictions(args.records, args.archive) if args.records else {}
    nlp, _ = rule_pipeline(DEFAULT_MODEL)
    args.out.mkdir(parents=True, exist_ok=True)
    for rel in args.paths.read_text().split():
        text = archive_text(args.archive, rel)
        if text is None:
            print(f"{rel}: unreadable, no sheet", file=sys.stderr)
            continue
        if labels is not None and rel not in labels:
            print(f"{rel}: not in {args.new_names}, no sheet", file=sys.stderr)
            continue
        page = sheet(nlp, text, rel, None if labels is None else labels[rel], emitted_forms(runs.get(rel, [])))
        if page is not None:
            (args.out / (rel.replace("/", "__") + ".sheet.txt")).write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

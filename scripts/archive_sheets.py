"""Annotation sheets for labelling archive releases (``corpus/archive_labels.jsonl``).

For each release of a list (paths under ``../shared/archive``), one text file in the output
folder: the cleaned text, then every name the rule components produce (the entity typer's
examples: :func:`train_entity_typer.named_groups`), one per line as
``digest<TAB>rule label<TAB>forms<TAB><< sentence of the first mention``. An annotator reads the
text and writes one JSON line per release to the labels file (see corpus/GUIDELINES.md,
"Archive labels"). The sheets hold archive text: keep them out of the repository (``build/``).

usage: python scripts/archive_sheets.py LIST.txt OUT_DIR [--archive ../shared/archive]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_entity_typer import ROOT, TYPED, archive_text, name_digest, named_groups, rule_pipeline  # noqa: E402

from pressextract.settings import DEFAULT_MODEL  # noqa: E402

# The sheet's layout: the path line, then the text and the names under these headings.
PATH_MARK = "== "
TEXT_HEADING = "---- TEXT ----"
NAMES_HEADING = "---- NAMES (id, rule label, forms | first sentence) ----"


def sheet(nlp, text: str, rel: str) -> str:
    doc = nlp(text)
    lines = [f"{PATH_MARK}{rel}", "", TEXT_HEADING, text, "", NAMES_HEADING]
    for key, mentions in named_groups(doc):
        forms = " | ".join(sorted({m.text for m in mentions}))
        sentence = mentions[0].sent.text.replace("\n", " ")[:300]
        lines.append(f"{name_digest(key)}\t{TYPED[mentions[0].label_]}\t{forms}\t<< {sentence}")
    return "\n".join(lines) + "\n"


def read_sheet(path: Path) -> tuple[str, str, dict[str, list[str]]]:
    """A sheet's release path, text, and names (digest -> forms): :func:`sheet` read back."""
    head, rest = path.read_text(encoding="utf-8").split(f"\n\n{TEXT_HEADING}\n", 1)
    text, names_part = rest.split(f"\n\n{NAMES_HEADING}\n", 1)
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
    args = parser.parse_args()
    nlp, _ = rule_pipeline(DEFAULT_MODEL)
    args.out.mkdir(parents=True, exist_ok=True)
    for rel in args.paths.read_text().split():
        text = archive_text(args.archive, rel)
        if text is None:
            print(f"{rel}: unreadable, no sheet", file=sys.stderr)
            continue
        (args.out / (rel.replace("/", "__") + ".sheet.txt")).write_text(sheet(nlp, text, rel), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

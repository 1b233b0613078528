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


def sheet(nlp, text: str, rel: str) -> str:
    doc = nlp(text)
    lines = [f"== {rel}", "", "---- TEXT ----", text, "", "---- NAMES (id, rule label, forms | first sentence) ----"]
    for key, mentions in named_groups(doc):
        forms = " | ".join(sorted({m.text for m in mentions}))
        sentence = mentions[0].sent.text.replace("\n", " ")[:300]
        lines.append(f"{name_digest(key)}\t{TYPED[mentions[0].label_]}\t{forms}\t<< {sentence}")
    return "\n".join(lines) + "\n"


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

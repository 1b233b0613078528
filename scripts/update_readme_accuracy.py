"""Regenerate the Accuracy section of README.md: devset tune, devset check and corpus test side by
side in one summary table, then each set's tables exactly as `pressextract evaluate --split S
--format markdown` prints them, the held third of the labelled archive releases and the archive
releases labelled for measurement only (scripts/score_archive_labels.py). Each
`<!-- accuracy:NAME -->` block is replaced in place.

    make accuracy      (or: .venv/bin/python scripts/update_readme_accuracy.py)

Needs ../shared (the devset): a summary with a column missing would mix measurements, so without
it the README is left unchanged.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pressextract.evaluate import format_summary, format_table, intervals, load_gold, run_pipeline, score, select_split

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score_archive_labels as archive_labels  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEVSET, CORPUS = "../shared/devset/gold.json", "corpus/gold.jsonl"
SETS = [  # (README block, summary column, gold relative to the repository, split)
    ("devset-tune", "devset tune", DEVSET, "tune"),
    ("devset-check", "devset check", DEVSET, "check"),
    ("corpus-test", "corpus test", CORPUS, "test"),
]


def measure(gold: str, splits: list[str]) -> dict[str, dict]:
    """Reports by split of one gold file; the pipeline runs once over the documents of all of them."""
    docs = load_gold(ROOT / gold)
    chosen = {split: select_split(docs, split) for split in splits}
    predictions, errors = run_pipeline([d for split in splits for d in chosen[split]])
    reports = {split: score(chosen[split], predictions, errors) for split in splits}
    for report in reports.values():
        report["intervals"] = intervals(report)
    return reports


def replace_block(text: str, name: str, body: str) -> str:
    block = f"<!-- accuracy:{name} -->\n{body}\n<!-- /accuracy:{name} -->"
    text, n = re.subn(rf"<!-- accuracy:{name} -->.*?<!-- /accuracy:{name} -->", lambda _: block, text, flags=re.S)
    if not n:
        raise SystemExit(f"README.md has no <!-- accuracy:{name} --> block")
    return text


def main() -> int:
    missing = sorted({gold for _, _, gold, _ in SETS if not (ROOT / gold).exists()})
    if missing:
        print(f"{', '.join(missing)} not found: README.md left unchanged", file=sys.stderr)
        return 1
    reports: dict[tuple[str, str], dict] = {}
    for gold in dict.fromkeys(gold for _, _, gold, _ in SETS):
        for split, report in measure(gold, [s for _, _, g, s in SETS if g == gold]).items():
            reports[gold, split] = report
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = replace_block(text, "summary", format_summary({column: reports[gold, split] for _, column, gold, split in SETS}))
    for name, _, gold, split in SETS:
        command = f"pressextract evaluate {gold} --split {split} --format markdown"
        text = replace_block(text, name, f"`{command}`\n\n{format_table(reports[gold, split], markdown=True)}")
    archive = ROOT.parent / "shared" / "archive"
    if archive.is_dir():
        for block, labels, option, name in (
                ("archive-held", archive_labels.select(archive_labels.read_archive_labels(), "held"), "--split held", "held"),
                ("archive-measure", archive_labels.read_archive_labels(archive_labels.MEASURE_LABELS), "--measure",
                 "measurement set")):
            report = archive_labels.score(labels, archive_labels.predict(labels, archive))
            text = replace_block(text, block, f"`python scripts/score_archive_labels.py {option}`\n\n"
                                 + archive_labels.format_report(report, name, markdown=True))
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Regenerate the accuracy tables in README.md with `pressextract evaluate --format markdown`.

    make accuracy      (or: python scripts/update_readme_accuracy.py)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = ROOT / ".venv" / "bin" / "pressextract"
RUNS = [
    ("corpus-test", ["corpus/gold.jsonl", "--split", "test"]),
    ("devset", ["../shared/devset/gold.json"]),
]


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    for name, args in RUNS:
        if not (ROOT / args[0]).exists():
            print(f"skipping {name}: {args[0]} not found")
            continue
        table = subprocess.run([str(EXE), "evaluate", *args, "--format", "markdown"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.strip()
        cmd = f"pressextract evaluate {' '.join(args)} --format markdown"
        block = f"<!-- accuracy:{name} -->\n`{cmd}`\n\n{table}\n<!-- /accuracy:{name} -->"
        text, n = re.subn(rf"<!-- accuracy:{name} -->.*?<!-- /accuracy:{name} -->", block, text, flags=re.S)
        if not n:
            print(f"README has no <!-- accuracy:{name} --> block", file=sys.stderr)
            return 1
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

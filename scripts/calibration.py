"""Reliability of event confidence on the devset: how often an event at each confidence is right.

An event is right when its type is among the gold `types` of its release (devset gold.json).
Prints one row per confidence bin (n, fraction right) and, for each floor, what `kb load
--min-confidence` at that floor would keep and how often that is right.

    pressextract extract ../shared/devset/docs/*.txt -o /tmp/dev.jsonl
    python scripts/calibration.py /tmp/dev.jsonl ../shared/devset/gold.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pressextract.evaluate import reliability
from pressextract.kb import BadLine, read_records


def outcomes(records_path: Path, gold_path: Path) -> list[tuple[float, bool]]:
    """(confidence, right) of every event whose release the gold has."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out = []
    for r in read_records(records_path):
        if isinstance(r, BadLine):
            continue
        key = Path(r["doc"]["id"]).stem
        if key in gold:
            out.append((r["confidence"], r["event_type"] in gold[key]["types"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("gold", type=Path)
    args = parser.parse_args()
    points = outcomes(args.records, args.gold)
    print(f"{'confidence':>10}  {'n':>4}  {'right':>6}")
    for confidence, n, right in reliability(points):
        print(f"{confidence:>10.2f}  {n:>4}  {right:>6.2f}")
    print(f"\n{'floor':>10}  {'kept':>4}  {'right':>6}")
    for floor in sorted({c for c, _ in points}):
        kept = [ok for c, ok in points if c >= floor]
        print(f"{floor:>10.2f}  {len(kept):>4}  {sum(kept) / len(kept):>6.2f}")


if __name__ == "__main__":
    main()

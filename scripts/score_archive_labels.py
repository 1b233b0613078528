"""Measure pressextract on the labelled archive releases (``corpus/archive_labels.jsonl``).

The labels hold no archive text: per release its path under ``../shared/archive``, the
publication date, the main event's type(s) and date, and a kind (ORG, FAC, PERSON, PLACE or
NONE) for each name the rule components produced when it was labelled, keyed by a digest of the
name key (``scripts/train_entity_typer.py:name_digest``). So this measures

- main type, main date (where labelled non-null) and publication date accuracy, like the
  reference scorer;
- name precision per kind: of the names pressextract emits that carry a label, how many have
  the kind they are emitted as (names without a label are counted apart);
- name recall per kind among the labelled names: of the names labelled with a kind, how many
  are emitted as that kind.

Two thirds of the labelled releases train the typers (``archive_split``); measure on the other
third (``--split held``, the default). ``--measure`` scores instead the releases of
``corpus/archive_labels_measure.jsonl``, labelled for measurement only: no typer is trained on
them and no rule was written from them (corpus/GUIDELINES.md).

usage: python scripts/score_archive_labels.py [--split held|train|all] [--pred RECORDS.jsonl]
                                             [--labels LABELS.jsonl | --measure]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_entity_typer import ROOT, archive_split, name_digest, read_archive_labels  # noqa: E402

from pressextract.names import name_key  # noqa: E402
from pressextract.schema import read_records  # noqa: E402

MEASURE_LABELS = ROOT / "corpus" / "archive_labels_measure.jsonl"
KINDS = (("ORG", "organizations"), ("FAC", "facilities"), ("PERSON", "people"), ("PLACE", "locations"))


def emitted_forms(records: list[dict]) -> dict[str, tuple[str, str]]:
    """Digest of each emitted name (and alias) -> (the kind it is emitted as, the form), the first
    record's first form winning."""
    out: dict[str, tuple[str, str]] = {}
    for rec in records:
        for kind, field in KINDS:
            for ent in rec.get(field) or []:
                for form in [ent["name"], *ent.get("aliases", [])]:
                    key = name_key(form)
                    if key:
                        out.setdefault(name_digest(key), (kind, form))
    return out


def emitted(records: list[dict]) -> dict[str, str]:
    """Digest of each emitted name (and alias) -> the kind it is emitted as (first record wins)."""
    return {digest: kind for digest, (kind, _) in emitted_forms(records).items()}


def score(labels: list[dict], preds: dict[str, list[dict]]) -> dict:
    main_type = main_date = dated = published = events = event_type = 0
    tp, emitted_labelled, unlabelled, gold, found = Counter(), Counter(), Counter(), Counter(), Counter()
    listed, listed_found = Counter(), Counter()
    for item in labels:
        records = preds.get(item["path"], [])
        main = next((r for r in records if r.get("main")), None)
        right = bool(main) and main["event_type"] in item["main_type"]
        main_type += right
        if item["main_type"] != ["other"]:            # a release that reports an event
            events += 1
            event_type += right
        if item["main_date"] is not None:
            dated += 1
            main_date += bool(main) and (main["date"] or {}).get("start") == item["main_date"]
        published += (records[0]["doc"].get("published") if records else None) == item["published"]
        out = emitted(records)
        # The labelled names, and the names of the story the rules did not produce (`missed`,
        # each with the digests of its forms: found when the run emits one of them as its kind).
        names = dict(item["names"])
        things = [(label, [digest], False) for digest, label in item["names"].items() if label != "NONE"]
        for kind, *digests in item.get("missed", []):
            for digest in digests:
                names.setdefault(digest, kind)
            things.append((kind, digests, True))
        for digest, kind in out.items():
            if digest in names:
                emitted_labelled[kind] += 1
                tp[kind] += names[digest] == kind
        for label, digests, missed in things:
            hit = any(out.get(d) == label for d in digests)
            gold[label] += 1
            found[label] += hit
            listed[label] += missed
            listed_found[label] += missed and hit
        unlabelled.update(kind for digest, kind in out.items() if digest not in names)
    n = len(labels)
    fields = {}
    for kind, _ in KINDS:
        p = tp[kind] / emitted_labelled[kind] if emitted_labelled[kind] else 0.0
        r = found[kind] / gold[kind] if gold[kind] else 0.0
        fields[kind] = {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                        "tp": tp[kind], "emitted": emitted_labelled[kind], "gold": gold[kind],
                        "unlabelled": unlabelled[kind], "missed": listed[kind], "missed_found": listed_found[kind]}
    return {"documents": n, "with_missed": sum("missed" in item for item in labels),
            "main_type_acc": main_type / n if n else 0.0, "events": events,
            "event_type_acc": event_type / events if events else 0.0,
            "main_date_acc": main_date / dated if dated else 0.0, "dated": dated,
            "published_acc": published / n if n else 0.0, "names": fields}


def predict(labels: list[dict], archive: Path) -> dict[str, list[dict]]:
    """Records of a pressextract run over the labelled releases, by archive-relative path."""
    from pressextract.evaluate import GoldDoc, run_pipeline

    preds, _ = run_pipeline([GoldDoc(id=item["path"], path=archive / item["path"]) for item in labels])
    return preds


def read_predictions(path: Path, archive: Path) -> dict[str, list[dict]]:
    root = str(archive.resolve())
    preds: dict[str, list[dict]] = {}
    for rec in read_records(path):
        if not isinstance(rec, dict):
            continue
        source = str(Path(rec["doc"]["source"]).resolve())
        if source.startswith(root):
            preds.setdefault(source[len(root) + 1:], []).append(rec)
    return preds


def format_report(report: dict, split: str, markdown: bool = False) -> str:
    head = (f"{report['documents']} archive releases ({split}): main type {report['main_type_acc']:.3f} "
            f"({report['event_type_acc']:.3f} on the {report['events']} not labelled `other` alone), "
            f"main date {report['main_date_acc']:.3f} (of {report['dated']} dated), "
            f"publication date {report['published_acc']:.3f}")
    rows = [["kind", "P", "R", "F1", "tp/emitted/gold", "unlabelled"]]
    rows += [[kind, f"{f['p']:.3f}", f"{f['r']:.3f}", f"{f['f1']:.3f}", f"{f['tp']}/{f['emitted']}/{f['gold']}",
              str(f["unlabelled"])] for kind, f in report["names"].items()]
    if report["with_missed"]:
        # Releases whose annotators also listed the names the rules missed: recall counts those
        # too (found: emitted now under one of their forms).
        found = ", ".join(f"{kind} {f['missed_found']}/{f['missed']}" for kind, f in report["names"].items())
        head += f"; {report['with_missed']} releases also list the names the rules missed (found/listed: {found})"
    if markdown:
        table = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        table += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    else:
        table = ["  ".join(f"{cell:<16}" if i == 4 else f"{cell:<8}" for i, cell in enumerate(r)).rstrip() for r in rows]
    return "\n".join([head, "", *table] if markdown else [head, *table])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("held", "train", "all"), default="held")
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "archive")
    parser.add_argument("--pred", type=Path, help="records of an earlier run (else pressextract runs now)")
    labels = parser.add_mutually_exclusive_group()
    labels.add_argument("--labels", type=Path, help="another label file of the same format (default: the corpus's)")
    labels.add_argument("--measure", action="store_true",
                        help=f"score all of {MEASURE_LABELS.relative_to(ROOT)} (measurement only, never trained on)")
    args = parser.parse_args()
    if args.measure:
        chosen, name = read_archive_labels(MEASURE_LABELS), "measurement set"
    else:
        chosen = select(read_archive_labels(args.labels) if args.labels else read_archive_labels(), args.split)
        name = args.split
    if not chosen:
        print("no labelled archive releases in that split", file=sys.stderr)
        return 2
    preds = read_predictions(args.pred, args.archive) if args.pred else predict(chosen, args.archive)
    print(format_report(score(chosen, preds), name))
    return 0


def select(labels: list[dict], split: str) -> list[dict]:
    return [a for a in labels if split == "all" or archive_split(a["path"]) == split]


if __name__ == "__main__":
    sys.exit(main())

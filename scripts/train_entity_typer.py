"""Train the learned components: `make train-typer`.

- the entity typer (src/pressextract/components/entity_typer.py, ``models/entity_typer``);
- the headline typer (src/pressextract/components/headline_typer.py, ``models/headline_typer``).

Data recipe. The training documents are the labelled releases rules may be fitted to: the
devset's ``tune`` split (``../shared/devset``, d01-d37), the corpus's ``dev`` split
(``corpus/gold.jsonl``) and the ``train`` two thirds of the labelled archive releases
(``corpus/archive_labels.jsonl``, read from ``../shared/archive``). Never ``check`` (d38-d62),
the corpus ``test`` split nor the archive's ``held`` third: those measure the result.

Entity typer: each document goes through the pipeline without the typer; each name the rule
components produce (its mentions grouped by name key; short forms of a longer name left out, as
they follow it) becomes one example: its feature words (:func:`entity_typer.features`)
labelled with the gold list it matches under the reference scorer's rule (ORG, FAC, PERSON,
PLACE) or NONE; in an archive release, with its label.

Headline typer: each document through the whole pipeline gives one example, its
:func:`headline_typer.headline_features`, labelled with its main event's type (the first that is
not ``other``); archive releases labelled ``other`` alone are left out (their annotators used
``other`` far more often than the gold does).

One document in five (by a digest of its id) goes to the dev set ``spacy train`` evaluates on;
then ``spacy train configs/entity_typer.cfg`` (``configs/headline_typer.cfg``) and the best model
is copied to ``models/``, keeping no words of the training texts. The documents' text never
leaves ``build/``.

usage: python scripts/train_entity_typer.py [--devset ../shared/devset] [--out build]
       [--data-only] [--cross-validate K [--oof-records DIR]] [--only entity_typer|headline_typer]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from pressextract import nlp as pipeline
from pressextract.components.entity_typer import LABELS, TYPED, DocWords, features, name_groups, read_groups
from pressextract.components.headline_typer import headline_features
from pressextract.evaluate import GoldDoc, cleaned_texts, load_gold, same_name, select_split
from pressextract.schema import EVENT_TYPES
from pressextract.settings import DEFAULT_MODEL, MODELS_DIR

ROOT = Path(__file__).resolve().parent.parent
TYPER = "pressextract_entity_typer"
HEADLINE = "pressextract_headline_typer"
ARCHIVE_LABELS = ROOT / "corpus" / "archive_labels.jsonl"
GOLD_FIELDS = (("ORG", "organizations"), ("FAC", "facilities"), ("PERSON", "people"), ("PLACE", "places"))


def gold_label(texts: list[str], current: str, gold: GoldDoc) -> str:
    """The gold list a name matches (its own kind first), or NONE."""
    matches = [label for label, field in GOLD_FIELDS
               if any(same_name(t, g, lenient=True) for t in texts for group in getattr(gold, field) for g in group)]
    if not matches:
        return "NONE"
    return current if current in matches else matches[0]


def training_documents(devset: Path) -> list[GoldDoc]:
    docs = select_split(load_gold(devset / "gold.json"), "tune") + select_split(load_gold(ROOT / "corpus" / "gold.jsonl"), "dev")
    return [d for d in docs if not d.expected_error and d.lang == "en"]


def named_groups(doc) -> list[tuple[str, list]]:
    """The names of a Doc the typer reads: its name groups without the short forms and the
    defined acronyms (they follow their long form)."""
    groups = name_groups(doc)
    return [groups[i] for i in read_groups(doc, groups)[0]]


def name_digest(key: str) -> str:
    """How an archive label names a name: a digest of its name key (no archive text is kept)."""
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def rule_pipeline(model: str):
    """The pipeline without the typer, and the entity lexicon the typer reads."""
    nlp = pipeline.build(model)
    lex = nlp.get_pipe(TYPER).lex               # the word classes the component will read
    nlp.remove_pipe(TYPER)
    return nlp, lex


def examples(docs: list[GoldDoc], model: str, archive: list[dict] = (), archive_dir: Path | None = None,
             ) -> list[tuple[str, str, str]]:
    """(document id, feature line, label) for every name the rule components produce in the gold
    documents, and for every labelled name of the archive releases (``corpus/archive_labels.jsonl``)."""
    nlp, lex = rule_pipeline(model)
    texts = cleaned_texts(docs)
    out = []
    for gold in docs:
        if gold.id not in texts:
            continue
        doc = nlp(texts[gold.id])
        doc_words = DocWords(doc)
        for _, mentions in named_groups(doc):
            current = TYPED[mentions[0].label_]
            label = gold_label(sorted({m.text for m in mentions}), current, gold)
            out.append((gold.id, features(doc, mentions, lex, doc_words), label))
    for item in archive:
        text = archive_text(archive_dir, item["path"])
        if text is None:
            continue
        doc = nlp(text)
        doc_words = DocWords(doc)
        for key, mentions in named_groups(doc):
            label = item["names"].get(name_digest(key))
            if label is not None:               # a name the rules did not produce when labelled
                out.append(("archive:" + item["path"], features(doc, mentions, lex, doc_words), label))
    return out


def archive_text(archive_dir: Path, rel: str) -> str | None:
    """The cleaned text of an archive release (as the gold documents'), None when unreadable."""
    return cleaned_texts([GoldDoc(id=rel, path=archive_dir / rel)]).get(rel)


def read_archive_labels(path: Path = ARCHIVE_LABELS) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def archive_split(rel: str) -> str:
    """Two labelled archive releases in three train the typer, the third measures (by a digest
    of the path)."""
    return "held" if hashlib.sha1(rel.encode()).digest()[0] % 3 == 0 else "train"


def _digest(doc_id: str) -> bytes:
    """A digest of the document's id; a web page goes with its text ("c001-web" with "c001"), so
    no split holds a copy of a document of another."""
    return hashlib.sha1(doc_id.split("-")[0].encode()).digest()


def fold_of(doc_id: str, folds: int) -> int:
    return _digest(doc_id)[1] % folds


def train(rows: list, out: Path, quiet: bool = False, config: str = "entity_typer.cfg",
          labels: tuple[str, ...] = LABELS) -> Path:
    """`spacy train` on the rows (dev documents by :func:`is_dev`); the path of the best model."""
    write_docbins(rows, out, labels)
    subprocess.run([sys.executable, "-m", "spacy", "train", str(ROOT / "configs" / config),
                    "--output", str(out / "training"), "--paths.train", str(out / "train.spacy"),
                    "--paths.dev", str(out / "dev.spacy")], check=True, capture_output=quiet)
    return out / "training" / "model-best"


def headline_label(types: list[str]) -> str:
    return next((t for t in types if t != "other"), "other")


def headline_examples(docs: list[GoldDoc], model: str, archive: list[dict] = (), archive_dir: Path | None = None,
                      ) -> list[tuple[str, str, str]]:
    """(document id, feature line, main event type) for the headline typer."""
    nlp = pipeline.build(model)
    nlp.remove_pipe(HEADLINE)
    texts = cleaned_texts(docs)
    out = [(gold.id, headline_features(nlp(texts[gold.id])), headline_label(gold.main_type))
           for gold in docs if gold.id in texts and gold.main_type]
    for item in archive:
        if item["main_type"] == ["other"]:
            continue
        text = archive_text(archive_dir, item["path"])
        if text is not None:
            out.append(("archive:" + item["path"], headline_features(nlp(text)), headline_label(item["main_type"])))
    return out


def cross_validate(docs: list[GoldDoc], rows: list, model: str, out: Path, folds: int, pipe: str = TYPER,
                   config: str = "entity_typer.cfg", labels: tuple[str, ...] = LABELS,
                   records: Path | None = None, archive: list[dict] = (), archive_dir: Path | None = None,
                   ) -> tuple[dict, dict[str, list[dict]]]:
    """Out-of-fold figures on the devset's tune documents: each fold's documents are run with the
    component `pipe` holding a classifier trained without them, so the tune figures stay honest.
    The labelled archive releases of `archive` (the train two thirds) are run the same way; their
    out-of-fold records come back by archive-relative path (``score_archive_labels.score`` reads
    them). `records`, when given, receives all out-of-fold records (JSON lines): the errors to
    study."""
    from pressextract.evaluate import run_pipeline, score

    nlp = pipeline.load(model)
    component = nlp.get_pipe(pipe)
    original = component.classifier
    preds, errors = {}, {}
    archive_docs = [GoldDoc(id="archive:" + item["path"], path=archive_dir / item["path"]) for item in archive]
    try:
        for k in range(folds):
            held = [d for d in docs if fold_of(d.id, folds) == k and d.split == "tune"]
            held += [d for d in archive_docs if fold_of(d.id, folds) == k]
            if not held:
                continue
            best = train([r for r in rows if fold_of(r[0], folds) != k], out / f"fold{k}", quiet=True, config=config,
                         labels=labels)
            component.classifier = spacy.load(best)
            p, e = run_pipeline(held)
            preds.update(p)
            errors.update(e)
    finally:
        component.classifier = original
    if records:
        records.parent.mkdir(parents=True, exist_ok=True)
        with records.open("w", encoding="utf-8") as out_file:
            for doc_id in sorted(preds):
                out_file.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in preds[doc_id])
    archive_preds = {doc_id.removeprefix("archive:"): recs for doc_id, recs in preds.items()
                     if doc_id.startswith("archive:")}
    return score([d for d in docs if d.split == "tune"], preds, errors), archive_preds


def is_dev(doc_id: str) -> bool:
    """One document in five goes to the dev set `spacy train` evaluates on."""
    return _digest(doc_id)[0] % 5 == 0


def write_docbins(rows: list[tuple[str, str, str]], out: Path, labels: tuple[str, ...] = LABELS) -> None:
    """train.spacy and dev.spacy (documents by :func:`is_dev`) in `out`, label counts in data.json."""
    dev = is_dev
    blank = spacy.blank("en")
    bins = {"train": DocBin(), "dev": DocBin()}
    for doc_id, line, label in rows:
        doc = blank.make_doc(line)
        doc.cats = {lab: float(lab == label) for lab in labels}
        bins["dev" if dev(doc_id) else "train"].add(doc)
    out.mkdir(parents=True, exist_ok=True)
    for name, docbin in bins.items():
        docbin.to_disk(out / f"{name}.spacy")
    counts = {split: dict(sorted(Counter(label for doc_id, _, label in rows if dev(doc_id) == (split == "dev")).items()))
              for split in ("train", "dev")}
    (out / "data.json").write_text(json.dumps(counts, indent=1, sort_keys=True))


def forget_training_words(model_dir: Path) -> None:
    """Keep no words of the training documents in the shipped model: ``spacy train`` saves every
    feature word it saw in the vocabulary's strings, but the bag-of-words model reads hashes of
    its input words and does not need them (its scores are the same without). The strings of a
    blank English vocabulary stay. Nor the paths of the training data, which name the machine's
    checkout: the shipped model is the same wherever it is trained."""
    strings = sorted(spacy.blank("en").vocab.strings)
    (model_dir / "vocab" / "strings.json").write_text(json.dumps(strings, indent=2, ensure_ascii=False) + "\n")
    config = spacy.util.load_config(model_dir / "config.cfg")
    config["paths"]["train"] = config["paths"]["dev"] = None
    config.to_disk(model_dir / "config.cfg")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "archive",
                        help="the archive releases corpus/archive_labels.jsonl labels (its train half is used)")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--data-only", action="store_true", help="write the training data, do not train")
    parser.add_argument("--cross-validate", type=int, metavar="K", default=0,
                        help="also print out-of-fold figures on tune and on the archive train releases "
                             "(K folds of the training documents)")
    parser.add_argument("--only", choices=("entity_typer", "headline_typer"),
                        help="cross-validate or train this typer alone")
    parser.add_argument("--oof-records", type=Path, metavar="DIR",
                        help="with --cross-validate: write the out-of-fold records (tune, archive train) to DIR/<typer>.jsonl")
    args = parser.parse_args()
    if not (args.devset / "gold.json").exists():
        print(f"no devset at {args.devset} (the tune split is training data)", file=sys.stderr)
        return 2
    docs = training_documents(args.devset)
    archive = [a for a in read_archive_labels() if archive_split(a["path"]) == "train"]
    if archive and not args.archive.is_dir():
        print(f"no archive at {args.archive} (corpus/archive_labels.jsonl labels its releases)", file=sys.stderr)
        return 2
    rows = examples(docs, args.model, archive, args.archive)
    counts = Counter(label for _, _, label in rows)
    print(f"entity typer: {len(rows)} examples from {len(docs)} labelled documents and {len(archive)} archive "
          f"releases: {dict(sorted(counts.items()))}")
    headlines = headline_examples(docs, args.model, archive, args.archive)
    print(f"headline typer: {len(headlines)} examples: {dict(sorted(Counter(h[2] for h in headlines).items()))}")
    typers = [(TYPER, rows, "entity_typer", LABELS), (HEADLINE, headlines, "headline_typer", EVENT_TYPES)]
    typers = [t for t in typers if args.only in (None, t[2])]
    if args.cross_validate:
        from pressextract.evaluate import format_table

        for pipe, data, name, labels in typers:
            report, archive_preds = cross_validate(
                docs, data, args.model, args.out / name / "cv", args.cross_validate, pipe, f"{name}.cfg", labels,
                args.oof_records / f"{name}.jsonl" if args.oof_records else None, archive, args.archive)
            print(f"tune, out of fold for the {name.replace('_', ' ')} ({args.cross_validate} folds):")
            print(format_table(report))
            if archive:
                from score_archive_labels import format_report
                from score_archive_labels import score as score_archive

                print(format_report(score_archive(archive, archive_preds), "train, out of fold"))
    for pipe, data, name, labels in typers:
        if args.data_only:
            write_docbins(data, args.out / name, labels)
            continue
        best = train(data, args.out / name, config=f"{name}.cfg", labels=labels)
        target = MODELS_DIR / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(best, target)
        forget_training_words(target)
        print(f"model written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

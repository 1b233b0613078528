"""Train the entity typer (src/pressextract/components/entity_typer.py): `make train-typer`.

Data recipe. The training documents are the labelled releases rules may be fitted to: the
devset's ``tune`` split (``../shared/devset``, d01-d37) and the corpus's ``dev`` split
(``corpus/gold.jsonl``). Never ``check`` (d38-d62) nor the corpus ``test`` split: those measure
the result. Each document goes through the pipeline without the typer; each name the rule
components produce (its mentions grouped by name key; short forms of a longer name left out, as
they follow it) becomes one example: its feature words
(:func:`entity_typer.features`) labelled with the gold list it matches under the reference
scorer's rule (ORG, FAC, PERSON, PLACE) or NONE. One document in five (by a digest of its id)
goes to the dev set ``spacy train`` evaluates on. The documents' text never leaves ``build/``.

Then ``spacy train configs/entity_typer.cfg`` and the best model is copied to
``models/entity_typer``.

usage: python scripts/train_entity_typer.py [--devset ../shared/devset] [--out build/entity_typer]
       [--data-only]
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
from pressextract.components.entity_typer import LABELS, TYPED, DocWords, features, name_groups, short_forms
from pressextract.evaluate import GoldDoc, cleaned_texts, load_gold, same_name, select_split
from pressextract.settings import DEFAULT_MODEL, MODELS_DIR

ROOT = Path(__file__).resolve().parent.parent
TYPER = "pressextract_entity_typer"
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
    """The names of a Doc the typer decides on: its name groups without the short forms (they
    follow their long form's decision)."""
    groups = name_groups(doc)
    parents = short_forms(groups)
    return [group for i, group in enumerate(groups) if i not in parents]


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
    from pressextract.clean import InputError, clean, decode

    try:
        return clean(decode((archive_dir / rel).read_bytes()), html=False).text
    except (InputError, OSError):
        return None


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


def train(rows: list, out: Path, quiet: bool = False) -> Path:
    """`spacy train` on the rows (dev documents by :func:`is_dev`); the path of the best model."""
    write_docbins(rows, out)
    subprocess.run([sys.executable, "-m", "spacy", "train", str(ROOT / "configs" / "entity_typer.cfg"),
                    "--output", str(out / "training"), "--paths.train", str(out / "train.spacy"),
                    "--paths.dev", str(out / "dev.spacy")], check=True, capture_output=quiet)
    return out / "training" / "model-best"


def cross_validate(docs: list[GoldDoc], rows: list, model: str, out: Path, folds: int) -> dict:
    """Out-of-fold figures on the devset's tune documents: each fold's documents are run with a
    classifier trained without them, so the tune figures stay honest."""
    from pressextract.evaluate import run_pipeline, score

    nlp = pipeline.load(model)
    typer = nlp.get_pipe(TYPER)
    original = typer.classifier
    preds, errors = {}, {}
    try:
        for k in range(folds):
            held = [d for d in docs if fold_of(d.id, folds) == k and d.split == "tune"]
            if not held:
                continue
            best = train([r for r in rows if fold_of(r[0], folds) != k], out / f"fold{k}", quiet=True)
            typer.classifier = spacy.load(best)
            p, e = run_pipeline(held)
            preds.update(p)
            errors.update(e)
    finally:
        typer.classifier = original
    return score([d for d in docs if d.split == "tune"], preds, errors)


def is_dev(doc_id: str) -> bool:
    """One document in five goes to the dev set `spacy train` evaluates on."""
    return _digest(doc_id)[0] % 5 == 0


def write_docbins(rows: list[tuple[str, str, str]], out: Path) -> None:
    """train.spacy and dev.spacy (documents by :func:`is_dev`) in `out`, label counts in data.json."""
    dev = is_dev
    blank = spacy.blank("en")
    bins = {"train": DocBin(), "dev": DocBin()}
    for doc_id, line, label in rows:
        doc = blank.make_doc(line)
        doc.cats = {lab: float(lab == label) for lab in LABELS}
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
    blank English vocabulary stay."""
    strings = sorted(spacy.blank("en").vocab.strings)
    (model_dir / "vocab" / "strings.json").write_text(json.dumps(strings, indent=2, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "archive",
                        help="the archive releases corpus/archive_labels.jsonl labels (its train half is used)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "entity_typer")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--data-only", action="store_true", help="write the training data, do not train")
    parser.add_argument("--cross-validate", type=int, metavar="K", default=0,
                        help="also print out-of-fold figures on tune (K folds of the training documents)")
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
    print(f"{len(rows)} examples from {len(docs)} labelled documents and {len(archive)} archive releases: "
          f"{dict(sorted(counts.items()))}")
    if args.cross_validate:
        from pressextract.evaluate import format_table

        report = cross_validate(docs, rows, args.model, args.out / "cv", args.cross_validate)
        print(f"tune, out of fold ({args.cross_validate} folds):")
        print(format_table(report))
    if args.data_only:
        write_docbins(rows, args.out)
        return 0
    best = train(rows, args.out)
    target = MODELS_DIR / "entity_typer"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(best, target)
    forget_training_words(target)
    print(f"model written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fine-tune the base pipeline's named-entity recogniser on our labelled releases: `make train-ner`.

Why: organisation recall is the weakest figure on unseen releases, and most organisations the
rules miss are names the base model never tags ("Fiserv" read as a place, "DanceOne" not at
all). No rule reaches them; the model itself learns them from our labels.

Data recipe (silver annotation: the base model's own entities, corrected by our labels):

- the ``train`` two thirds of the labelled archive releases (``corpus/archive_labels.jsonl``):
  a name span of the base model whose name key the labels give a kind (ORG, FAC, PERSON, PLACE)
  gets that kind; every run of up to ``MAX_NAME_TOKENS`` tokens whose name key the labels give
  a kind is tagged so where the base model had nothing there, or a shorter or crossing name;
- the devset's ``tune`` split and the corpus's ``dev`` split, the same with their gold lists
  (twice: they are few and written with care).

Everything else stays as the base model tagged it (rehearsal: dates, numbers and money, and
the names our labels call no fact of the story, which are still names). Never ``check``, the
corpus ``test`` split nor the archive's ``held`` third: those measure the result.

Then ``spacy train configs/ner.cfg`` on all of them (one document in five also makes the dev set,
for progress figures only; the last model is kept): the ``ner`` component is sourced from the base package with
its weights (it has its own tok2vec) and trained four epochs with the base vocabulary's
``lexeme_norm`` table (``pressextract.base_lookups.v1`` below: the features must read the norms
the component reads inside the pipeline). Only the component's directory is kept in
``models/ner``; ``pressextract.nlp.build`` loads it into the base package's pipeline.

usage: python scripts/train_ner.py [--devset ../shared/devset] [--archive ../shared/archive] [--out build/ner]
       [--model-dir models/ner]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from pressextract import nlp as pipeline
from pressextract.components.entities import NAME_LABELS as ENTITY_NAME_LABELS
from pressextract.evaluate import cleaned_texts
from pressextract.names import name_key
from pressextract.settings import DEFAULT_MODEL, MODELS_DIR

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_entity_typer import (  # noqa: E402  (a sibling script)
    GOLD_FIELDS,
    ROOT,
    archive_split,
    archive_text,
    is_dev,
    name_digest,
    read_archive_labels,
    training_documents,
)

MAX_NAME_TOKENS = 8
# The labels of names, whose kind the labels may correct (a labelled company the model read as a law too).
NAME_LABELS = ENTITY_NAME_LABELS | {"LAW"}
GOLD_WEIGHT = 2
# The base pipeline's components other than the NER (which has its own tok2vec).
NOT_NER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@spacy.registry.misc("pressextract.base_lookups.v1")
def base_lookups(name: str):
    """The lookups tables (``lexeme_norm``) of the installed pipeline `name`."""
    return spacy.load(name, exclude=[*NOT_NER, "ner"]).vocab.lookups


def _label(kind: str, base_label: str) -> str:
    """The entity label of a labelled kind: a place keeps the base model's GPE or LOC."""
    if kind == "PLACE":
        return base_label if base_label in ("GPE", "LOC") else "GPE"
    return kind


def silver_entities(doc: Doc, kind_of: Callable[[str], str | None]) -> list[Span]:
    """The base model's entities of `doc` (already set) corrected by `kind_of` (a name's text ->
    ORG, FAC, PERSON, PLACE, NONE or None when unknown); see the module docstring."""
    ents: list[tuple[int, int, str, str]] = []       # (start, end, label, source)
    for ent in doc.ents:
        kind = kind_of(ent.text) if ent.label_ in NAME_LABELS else None
        if kind is None or kind == "NONE":
            ents.append((ent.start, ent.end, ent.label_, "base"))
        else:
            ents.append((ent.start, ent.end, _label(kind, ent.label_), "label"))
    found = []
    for i, tok in enumerate(doc):
        if tok.is_space or tok.is_punct or tok.is_lower:
            continue
        for j in range(min(len(doc), i + MAX_NAME_TOKENS), i, -1):
            last = doc[j - 1]
            if last.is_space or (last.is_punct and last.text not in ".)") or "\n" in doc[i:j].text:
                continue
            kind = kind_of(doc[i:j].text)
            if kind and kind != "NONE":
                found.append((j - i, i, j, kind))
    labelled = {k for s, e, _, src in ents if src == "label" for k in range(s, e)}
    for _, i, j, kind in sorted(found, key=lambda f: (-f[0], f[1])):
        if any(k in labelled for k in range(i, j)):
            continue
        over = [e for e in ents if e[0] < j and i < e[1]]
        if any(e[2] not in NAME_LABELS or (e[0] <= i and j <= e[1] and (e[0], e[1]) != (i, j)) for e in over):
            continue                       # a date or a number there, or a longer name the labels do not know
        for e in over:
            ents.remove(e)
        ents.append((i, j, _label(kind, "GPE"), "label"))
        labelled.update(range(i, j))
    return [Span(doc, s, e, label=lab) for s, e, lab, _ in sorted(ents)]


def silver_docs(devset: Path, archive_dir: Path, model: str) -> list[tuple[str, Doc]]:
    """(document id, Doc with silver entities) for every training document."""
    base = spacy.load(model, exclude=NOT_NER)        # the base model's NER alone
    pipeline.adapt_tokenizer(base)                   # on the pipeline's tokens
    texts: list[tuple[str, str, Callable[[str], str | None]]] = []
    gold_docs = training_documents(devset)
    gold_texts = cleaned_texts(gold_docs)
    for gold in gold_docs:
        if gold.id in gold_texts:
            kinds: dict[str, str] = {}
            for kind, field in GOLD_FIELDS:
                for group in getattr(gold, field):
                    for name in group:
                        kinds.setdefault(name_key(name), kind)
            kinds.pop("", None)
            texts += GOLD_WEIGHT * [(gold.id, gold_texts[gold.id], lambda t, k=kinds: k.get(name_key(t)))]
    for item in read_archive_labels():
        if archive_split(item["path"]) != "train":
            continue
        text = archive_text(archive_dir, item["path"])
        if text is not None:
            texts.append(("archive:" + item["path"], text, lambda t, n=item["names"]: _archive_kind(n, t)))
    out = []
    for doc_id, text, kind_of in texts:
        doc = base(text)
        doc.ents = silver_entities(doc, kind_of)
        out.append((doc_id, doc))
    return out


def _archive_kind(names: dict[str, str], text: str) -> str | None:
    """The kind an archive release's labels (digests of name keys) give a name, if any."""
    key = name_key(text)
    return names.get(name_digest(key)) if key else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "archive")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "ner")
    parser.add_argument("--model-dir", type=Path, default=MODELS_DIR / "ner", help="where the trained component goes")
    args = parser.parse_args()
    if not (args.devset / "gold.json").exists() or not args.archive.is_dir():
        print(f"no devset at {args.devset} or no archive at {args.archive}", file=sys.stderr)
        return 2
    docs = silver_docs(args.devset, args.archive, DEFAULT_MODEL)
    bins = {"train": DocBin(), "dev": DocBin()}
    for doc_id, doc in docs:
        bins["train"].add(doc)
        if is_dev(doc_id):
            bins["dev"].add(doc)           # progress figures only: model-last, trained on all, is kept
    args.out.mkdir(parents=True, exist_ok=True)
    for split, docbin in bins.items():
        docbin.to_disk(args.out / f"{split}.spacy")
    counts = Counter(ent.label_ for _, doc in docs for ent in doc.ents)
    print(f"ner: {len(docs)} documents ({len(bins['dev'])} dev), entities {dict(sorted(counts.items()))}")
    subprocess.run([sys.executable, "-m", "spacy", "train", str(ROOT / "configs" / "ner.cfg"), "--code", __file__,
                    "--output", str(args.out / "training"), "--paths.train", str(args.out / "train.spacy"),
                    "--paths.dev", str(args.out / "dev.spacy"), "--paths.base", DEFAULT_MODEL], check=True)
    target = args.model_dir
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(args.out / "training" / "model-last" / "ner", target)
    print(f"model written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

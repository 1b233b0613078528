"""Build the spaCy pipeline: a base English model plus pressextract's components."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the factories)
from .components.lines import split_glued_openers
from .settings import DEFAULT_MODEL, MODELS_DIR

log = logging.getLogger(__name__)

# The base package's NER fine-tuned on our labelled releases (`make train-ner`,
# scripts/train_ner.py): loaded into that package's pipeline only; another --model keeps its own.
FINE_TUNED_NER = MODELS_DIR / "ner"

# Our components, in order, after the base model's NER.
COMPONENTS = (
    "pressextract_datelines",
    "pressextract_span_repair",
    "pressextract_name_types",
    "pressextract_places",
    "pressextract_people",
    "pressextract_acronyms",
    "pressextract_name_filters",      # after acronyms: a long form ("Chief Financial Officer (CFO)") is filtered too
    "pressextract_entity_typer",      # last word on the names the rules leave: learned (models/entity_typer)
    "pressextract_counts",
    "pressextract_triggers",
    "pressextract_headline_typer",    # doc.cats: the event type of a headline no trigger names (learned)
)


def adapt_tokenizer(nlp: Language) -> None:
    """The tokenizer as releases need it (the pipeline's, and the fine-tuned NER's training data)."""
    # "8)" and "(8" are emoticons to the tokenizer; in releases they are "eight (8) lectures".
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if not re.fullmatch(r"[(]?\d[)(]?", k)}
    split_glued_openers(nlp.tokenizer)                # "Beldex CommunityThe Hermes": a lost line break


def build(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` (an installed package name or a path) and add our components."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ValueError(f"cannot load spaCy model {model!r}: {err}") from None
    adapt_tokenizer(nlp)
    if model == DEFAULT_MODEL and "ner" in nlp.pipe_names and (FINE_TUNED_NER / "model").exists():
        nlp.get_pipe("ner").from_disk(FINE_TUNED_NER, exclude=["vocab"])
    missing = {"ner", "parser", "tagger"} - set(nlp.pipe_names)
    if missing and not all(name in nlp.pipe_names for name in COMPONENTS):
        raise ValueError(f"spaCy model {model!r} lacks {', '.join(sorted(missing))}")
    if "pressextract_lines" not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter", "ner") if n in nlp.pipe_names), None)
        nlp.add_pipe("pressextract_lines", before=first) if first else nlp.add_pipe("pressextract_lines")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    log.debug("spaCy pipeline %s: %s", model, ", ".join(nlp.pipe_names))
    return nlp


def check(model: str = DEFAULT_MODEL) -> None:
    """Raise ValueError, without loading it, when spaCy cannot find `model` (as spacy.load looks)."""
    if model.startswith("blank:") or spacy.util.is_package(model) or Path(model).exists():
        return
    raise ValueError(f"cannot load spaCy model {model!r}: not an installed package or an existing path")


@lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Language:
    """The pipeline for `model`, built once per process."""
    return build(model)


# Where a long text is cut, best first: a paragraph break, a line break, a sentence end.
_CUTS = ("\n\n", "\n", ". ", "? ", "! ", " ")


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` character ranges that cover `text`, each at most `size` long.

    Each range ends just after the last paragraph break in the second half of its window, else
    the last line break, else the last ". " (or "? ", "! "), else the last space; a window with
    none of these (one 'word' of `size` characters) is cut at `size`. The second half: a break
    near the start of the window would make a tiny chunk, and the number of chunks is at most
    ``2 * len(text) / size + 1``.
    """
    if size < 2:
        raise ValueError("chunk size must be at least 2 characters")
    bounds, start = [], 0
    while len(text) - start > size:
        end = start + size
        for cut in _CUTS:
            at = text.rfind(cut, start + size // 2, end)
            if at >= 0:
                end = at + len(cut)
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def process_in_chunks(nlp: Language, text: str, size: int) -> Doc:
    """`text` through `nlp` like ``nlp(text)``, with the base model (tagger, parser, NER: memory in
    proportion to the length of what they are given) run on :func:`chunk_bounds` pieces, one at
    a time, and pressextract's components on the joined Doc, which has exactly `text` (offsets
    are those of `text`). Sentences and entities of the base model end at the cuts, which are
    paragraph or sentence breaks where there are any."""
    ours = [name for name in nlp.pipe_names if name in COMPONENTS]
    pieces = (text[a:b] for a, b in chunk_bounds(text, min(size, nlp.max_length)))
    docs = list(nlp.pipe(pieces, batch_size=1, disable=ours))
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])
    del docs
    for name in ours:
        doc = nlp.get_pipe(name)(doc)
    return doc


# What `pressextract info` reports the versions of (the stages' libraries).
PACKAGES = ("pressextract", "spacy", "trafilatura", "dateparser", "pydantic")


def describe(model: str = DEFAULT_MODEL) -> dict:
    """The pipeline for `model` as `pressextract info` shows it: the model's package and version,
    the versions of :data:`PACKAGES`, and each component in order with its factory and what it
    assigns and requires (``nlp.analyze_pipes()``), with any problems spaCy finds."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    nlp = load(model)
    analysis = nlp.analyze_pipes()
    meta = nlp.meta
    return {
        "model": {"name": model, "package": f"{meta.get('lang')}_{meta.get('name')}", "version": meta.get("version")},
        "versions": {package: installed(package) for package in PACKAGES},
        "components": [{"name": name, "factory": nlp.get_pipe_meta(name).factory,
                        "assigns": summary["assigns"], "requires": summary["requires"]}
                       for name, summary in analysis["summary"].items()],
        "problems": {name: problems for name, problems in analysis["problems"].items() if problems},
    }

"""A learned last word on each name: organisation, facility, person, place, or not a fact.

The rule components (span repair, name types, people, places, name filters) leave two classes
of error that no general rule fixed on the labelled releases: organisation against facility
("Harbor Convention Center" hosts, "Harbor Capital" invests) and names that are not facts of the
story at all (a programme, a product line, a heading). This component learns them from our own
labelled material: the names the rule components produce on the devset's ``tune`` split and
the corpus's ``dev`` split, each labelled with the gold list it matches (or none).

The algorithm is a pure function of a Doc: :func:`name_groups` gathers the mentions of each
name, :func:`features` describes a group in words a bag-of-words text classifier reads (the
name's words and shapes, the words around its first mentions, its current label, where it
occurs). The classifier is a spaCy ``textcat`` (``spacy.TextCatBOW.v3``) trained with
``spacy train`` from ``configs/entity_typer.cfg`` (``make train-typer``; recipe in
``scripts/train_entity_typer.py``) and kept in ``models/entity_typer``. The component only acts
when the classifier is confident: it drops a name it reads as "not a fact" with probability at
least ``drop_threshold``, and gives a name another kind when that kind has probability at least
``retype_threshold``. A short form ("Kamdar" of "Michael Kamdar") and an acronym the release
defines ("Harbor Data Registry (HDR)") follow their long form, except that a short form whose
long form is dropped is read on its own ("Orbita" of the product line "Orbita Prepaid"). A name
the release presents in its own "About <Name>" block is never dropped, nor an organisation there
made a venue or place: the release's word on it outweighs the classifier's. Nor is a place its
dateline names ("FISHERS, IN"), and a name in a list the release introduces as one of
organisations ("sponsors include: ...", ``name_types.ORGANIZATION_LISTS``) is an organisation,
never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import geo
from ..names import name_key, organization_key
from ..settings import ENTITY_TYPER_DROP_THRESHOLD, ENTITY_TYPER_RETYPE_THRESHOLD, MODELS_DIR
from .classifier import ClassifierComponent, load_classifier
from .datelines import dateline_places
from .doccache import text_of
from .entities import EntityLexicon, EntityPasses, load_lexicon
from .lexicon import LEXICON
from .name_types import ORGANIZATION_LISTS, about_block_keys

DEFAULT_MODEL_DIR = MODELS_DIR / "entity_typer"
LEXICON_FILE = EntityPasses.lexicon_file      # the entity lexicon's file name in a saved pipeline
# The classifier's labels and the entity label each stands for (PLACE keeps a GPE/LOC as it is).
LABELS = ("ORG", "FAC", "PERSON", "PLACE", "NONE")
TYPED = {"ORG": "ORG", "FAC": "FAC", "PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE"}
CONTEXT_WORDS = 3          # words each side of a mention
CONTEXT_MENTIONS = 3       # mentions whose context is read
_WORD = re.compile(r"[^\w]+")


def name_groups(doc: Doc) -> list[tuple[str, list[Span]]]:
    """The typed names of a Doc (organisations, facilities, people, places), their mentions
    grouped by name key, in order of first mention."""
    groups: dict[str, list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ in TYPED:
            key = name_key(ent.text)
            if key:
                groups.setdefault(key, []).append(ent)
    return sorted(groups.items(), key=lambda kv: kv[1][0].start)


def short_forms(groups: list[tuple[str, list[Span]]]) -> dict[int, int]:
    """Group index -> index of the longer name of the same kind it is part of ("Kamdar" of
    "Michael Kamdar", "Acme" of "Acme Labs Inc."): a short form is one thing with its long form
    (mentions.py merges them), so it takes the long form's decision and is no example of its own.
    Places have no short forms: "Denmark" is a place of its own, whatever "Kingdom of Denmark" in
    "the Embassy of Vietnam in the Kingdom of Denmark" is."""
    words = [(set(key.split()), TYPED[mentions[0].label_]) for key, mentions in groups]
    having: dict[tuple[str, str], list[int]] = {}     # (word, kind) -> groups with that word
    for j, (theirs, kind) in enumerate(words):
        for word in theirs:
            having.setdefault((word, kind), []).append(j)
    parents = {}
    for i, (mine, kind) in enumerate(words):
        if kind == "PLACE":
            continue                                   # (the gazetteer links places, mentions.py)
        rarest = min(mine, key=lambda w: len(having[w, kind]))
        longer = [j for j in having[rarest, kind] if mine < words[j][0]]
        if longer:
            parents[i] = min(longer, key=lambda j: (-len(words[j][0]), j))
    return parents


def acronym_pairs(doc: Doc, groups: list[tuple[str, list[Span]]], parents: dict[int, int]) -> dict[int, int]:
    """Group index of each short form the release defines ("Harbor Data Registry (HDR)") -> that
    of its long form, when both are names of one kind and neither is a :func:`short_forms` child
    (`parents`): one thing, which the classifier reads by its long form's words."""
    index = {key: i for i, (key, _) in enumerate(groups)}
    pairs: dict[int, int] = {}
    for short, (start, end) in sorted(doc._.acronyms.items()):
        i, j = index.get(name_key(short)), index.get(name_key(doc[start:end].text))
        if (i is not None and j is not None and i != j and i not in parents and j not in parents
                and i not in pairs and TYPED[groups[i][1][0].label_] == TYPED[groups[j][1][0].label_]):
            pairs[i] = j
    return {i: j for i, j in pairs.items() if j not in pairs}


def read_groups(doc: Doc, groups: list[tuple[str, list[Span]]]) -> tuple[list[int], dict[int, int], dict[int, int]]:
    """The indices of the groups the classifier reads, then the others, each linked to the group
    whose decision it takes: the short forms (:func:`short_forms`) and the acronyms the release
    defines (:func:`acronym_pairs`). The component and its training examples both use it."""
    parents = short_forms(groups)
    pairs = acronym_pairs(doc, groups, parents)
    return [i for i in range(len(groups)) if i not in parents and i not in pairs], parents, pairs


def _word(text: str) -> str:
    return _WORD.sub("", text.lower())[:30]


def _shape(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "caps"
    if text[:1].isupper() and any(c.isupper() for c in text[1:]):
        return "camel"                       # "ChamberSouth", "SafeLink" (all capitals are "caps")
    if text[:1].isupper():
        return "title"
    if text[:1].isdigit():
        return "digit"
    return "lower"


def _classes(word: str, lex: EntityLexicon) -> list[str]:
    """The lexicon's word classes a word belongs to (title, legal form, facility head...)."""
    classes = (("title", lex.titles), ("legal", lex.legal_suffixes), ("fachead", lex.facility_heads),
               ("weakfac", lex.weak_heads), ("evhead", lex.event_heads), ("orghead", lex.org_heads),
               ("generic", lex.generic), ("dept", lex.department_words), ("geo", lex.geographic_words),
               ("product", lex.product_heads), ("region", lex.region_words))
    return [name for name, words in classes if word in words or word.lower() in words]


class DocWords:
    """What the whole Doc says about the words of a name, gathered once per Doc: the words it
    uses in lower case ("intelligence" makes "Artificial Intelligence" a common noun phrase), and
    the words of its names of people and organisations of two or more words ("Kamdar" alone is
    most likely "Michael Kamdar" again)."""

    def __init__(self, doc: Doc) -> None:
        self.lower = {t.text for t in doc if t.is_alpha and t.is_lower}
        self.inside: dict[str, set[str]] = {"PERSON": set(), "ORG": set()}
        for ent in doc.ents:
            if ent.label_ in self.inside and len(ent) > 1:
                self.inside[ent.label_].update(t.text for t in ent if t.is_alpha)


def features(doc: Doc, mentions: list[Span], lex: EntityLexicon, words_of_doc: DocWords | None = None) -> str:
    """One line of feature words describing a name (for the bag-of-words classifier): its
    current label, length, number of mentions, words, their shapes (capitals, CamelCase...) and
    last three letters (an unseen "Repacorp" still ends like a company), the word classes of the
    entity lexicon `lex` its first and last word belong to, whether the gazetteer knows it, the
    words around its first mentions, where it first occurs (how far into the text, at the start
    of a line, a line of its own), and what the rest of the Doc says of its words
    (:class:`DocWords`; pass one per Doc when describing many names)."""
    first = mentions[0]
    words = [t for t in first if not t.is_punct]
    out = [f"lab_{TYPED[first.label_].lower()}", f"len_{min(len(words), 5)}",
           f"n_{min(len(mentions), 3)}"]
    keys = [_word(t.text) for t in words]
    out += [f"w_{k}" for k in keys if k]
    out += [f"sh_{_shape(t.text)}" for t in words]
    out += [f"suf_{k[-3:]}" for k in keys if len(k) > 4]
    if words:
        out += [f"first_{keys[0]}", f"last_{keys[-1]}"]
        out += [f"firstc_{c}" for c in _classes(words[0].text, lex)]
        out += [f"lastc_{c}" for c in _classes(words[-1].text, lex)]
    if geo.is_known_place(first.text):
        out.append("gazetteer")
    text = text_of(doc)                      # cached: doc.text builds the string anew each time
    title_end = text.find("\n")
    if first.start_char < (title_end if title_end >= 0 else len(text)):
        out.append("in_title")
    for ent in mentions[:CONTEXT_MENTIONS]:
        left = [t for t in doc[max(0, ent.start - CONTEXT_WORDS) : ent.start] if not t.is_space]
        right = [t for t in doc[ent.end : ent.end + CONTEXT_WORDS] if not t.is_space]
        out += [f"l_{_word(t.text) or 'p'}" for t in left]
        out += [f"r_{_word(t.text) or 'p'}" for t in right]
        head = ent.root.head
        if head.i < ent.start or head.i >= ent.end:
            out += [f"dep_{ent.root.dep_.lower()}", f"hd_{_word(head.lemma_) or 'p'}"]
    out += _layout_features(text, first)
    out += _doc_word_features(words, words_of_doc or DocWords(doc))
    return " ".join(w for w in out if not w.endswith("_"))


def _layout_features(text: str, first: Span) -> list[str]:
    """How far into the text the name first occurs (in fifths), and whether at the start of a
    line or as a line of its own (a heading, a contact block's line)."""
    out = [f"pos_{min(4, 5 * first.start_char // max(len(text), 1))}"]
    line_start = text.rfind("\n", 0, first.start_char) + 1
    line_end = text.find("\n", first.end_char)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start : first.start_char].strip():
        out.append("linestart")
        if not text[first.end_char : line_end].strip(" .:"):
            out.append("linealone")
    return out


def _doc_word_features(words: list, doc_words: DocWords) -> list[str]:
    alpha = [t.text for t in words if t.is_alpha and len(t.text) > 2]
    out = []
    lower = sum(w.lower() in doc_words.lower for w in alpha)
    if lower:
        out.append("lower_all" if lower == len(alpha) else "lower_some")
    if len(words) == 1 and alpha:
        out += [f"inside_{label.lower()}" for label, seen in doc_words.inside.items() if alpha[0] in seen]
    return out


def _majority(labels: list[str]) -> str:
    """The label of the kind most mentions carry; on a tie, the first mention's (most_common
    orders equal counts by first occurrence)."""
    kind = Counter(TYPED[lbl] for lbl in labels).most_common(1)[0][0]
    return next(lbl for lbl in labels if TYPED[lbl] == kind)


class EntityTyper(ClassifierComponent):
    """Relabels or drops the names the classifier is confident about (see the module docstring)."""

    def __init__(self, classifier: Language | None, lex: EntityLexicon, drop_threshold: float,
                 retype_threshold: float) -> None:
        super().__init__(classifier)
        self.lex = lex
        self.drop_threshold = drop_threshold
        self.retype_threshold = retype_threshold

    def decide(self, label: str, scores: dict[str, float]) -> str | None:
        """The new entity label of a name labelled `label`; None drops it."""
        if scores.get("NONE", 0.0) >= self.drop_threshold:
            return None
        current = TYPED[label]
        best = max((k for k in LABELS if k != "NONE"), key=lambda k: (scores.get(k, 0.0), k == current))
        if best != current and scores.get(best, 0.0) >= self.retype_threshold:
            return "GPE" if best == "PLACE" else best
        return label

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is None:
            return doc
        groups = name_groups(doc)
        if not groups:
            return doc
        read, parents, pairs = read_groups(doc, groups)
        doc_words = DocWords(doc)
        lines = (features(doc, groups[i][1], self.lex, doc_words) for i in read)
        scores = {i: scored.cats for i, scored in zip(read, self.classifier.pipe(lines))}
        # A short form the release defines is one thing with its long form and takes its reading
        # ("Inheritance Tax (IHT)": "IHT" is no organisation either).
        scores.update({i: scores[j] for i, j in pairs.items()})
        decided: dict[int, str | None] = {i: self.decide(groups[i][1][0].label_, cats) for i, cats in scores.items()}
        for i, parent in parents.items():
            # A short form is relabelled with its long form, else keeps its label.
            long_label = groups[parent][1][0].label_
            decided[i] = groups[i][1][0].label_ if decided[parent] == long_label else decided[parent]
        # A short form whose long form is dropped is read on its own: the company of a product
        # line or a programme named after it ("Orbita" of "Orbita Prepaid") is no product.
        alone = [i for i, parent in parents.items() if decided[parent] is None]
        lines = (features(doc, groups[i][1], self.lex, doc_words) for i in alone)
        for i, scored in zip(alone, self.classifier.pipe(lines)):
            decided[i] = self.decide(groups[i][1][0].label_, scored.cats)
        # A name with its own "About" block is a fact of the release, never dropped as none, and
        # an organisation the rules read there is no venue or place ("About Acme"; the block may
        # still be a person's biography).
        about = about_block_keys(doc)
        for i, (_, mentions) in enumerate(groups):
            if organization_key(mentions[0].text) in about and (
                    decided[i] is None or (mentions[0].label_ == "ORG" and decided[i] != "PERSON")):
                decided[i] = mentions[0].label_
        # Nor is a place the dateline names that the gazetteer knows ("FISHERS, IN"): where the
        # release was issued (not a headline's words the dateline's pattern took: "Bidding Opens").
        dateline = {(s.start, s.end) for s in dateline_places(doc) if geo.is_place_name(s.text)}
        for i, (_, mentions) in enumerate(groups):
            if mentions[0].label_ in ("GPE", "LOC") and any((m.start, m.end) in dateline for m in mentions):
                decided[i] = mentions[0].label_
        # Nor is a name listed where the release says it lists organisations ("Platinum sponsors:
        # Harbor Health, Orbita, ..."; at least half of them read as organisations): a list reads
        # like a list of products to the classifier, and a company named like a person ("Charles
        # Schwab") like a person. The rules' organisation, or "person", is an organisation.
        listed = {(s.start, s.end) for s in doc.spans.get(ORGANIZATION_LISTS, [])}
        for i, (_, mentions) in enumerate(groups):
            if mentions[0].label_ in ("ORG", "PERSON") and any((m.start, m.end) in listed for m in mentions):
                decided[i] = "ORG"
        # A name the classifier drops or gives another kind goes, or changes, in every mention
        # (a "DeFi" the model tagged once as an organisation and once as a facility is neither).
        # A name it keeps whose mentions the model labelled with different kinds takes the kind
        # most of them carry, the kept (first) one on a tie: one name is one thing ("Harbor Capital"
        # read twice as a person and once as an organisation is not both).
        new_label: dict[int, str | None] = {}
        for i, (_, mentions) in enumerate(groups):
            labels = [ent.label_ if decided[i] == mentions[0].label_ else decided[i] for ent in mentions]
            if decided[i] is not None and len({TYPED[lbl] for lbl in labels}) > 1:
                labels = [_majority(labels)] * len(labels)     # kept: its first label is the classifier's
            for ent, lbl in zip(mentions, labels):
                new_label[ent.start] = lbl
        ents = []
        for ent in doc.ents:
            label = new_label.get(ent.start, ent.label_)
            if label is None:
                continue
            ents.append(ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label))
        doc.ents = ents
        return doc

    # Serialisation: the classifier as every learned component saves it (ClassifierComponent),
    # and the entity lexicon its features read as the other entity components save theirs
    # ("lexicon", entities.json).
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path, exclude=exclude)
        if LEXICON not in exclude:
            srsly.write_json(Path(path) / LEXICON_FILE, self.lex.data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "EntityTyper":
        super().from_disk(path, exclude=exclude)
        if LEXICON not in exclude and (Path(path) / LEXICON_FILE).exists():
            self.lex = EntityLexicon(srsly.read_json(Path(path) / LEXICON_FILE))
        return self

    def _byte_writers(self) -> dict:
        return {**super()._byte_writers(), LEXICON: lambda: srsly.json_dumps(self.lex.data)}

    def _load_parts(self, parts: dict[str, bytes]) -> None:
        if parts.get(LEXICON):
            self.lex = EntityLexicon(srsly.json_loads(parts[LEXICON]))
        super()._load_parts(parts)


@Language.factory("pressextract_entity_typer", assigns=["doc.ents"], requires=["doc.ents", "token.dep"],
                  default_config={"model_path": None, "lexicon_path": None,
                                  "drop_threshold": ENTITY_TYPER_DROP_THRESHOLD,
                                  "retype_threshold": ENTITY_TYPER_RETYPE_THRESHOLD})
def make_entity_typer(nlp: Language, name: str, model_path: str | None, lexicon_path: str | None,
                      drop_threshold: float, retype_threshold: float) -> EntityTyper:
    """`lexicon_path`: the entity lexicon whose word classes are features (default
    ``models/entities.json``, the one the shipped model was trained with)."""
    return EntityTyper(load_classifier(model_path or DEFAULT_MODEL_DIR), EntityLexicon(load_lexicon(lexicon_path)),
                       drop_threshold,
                       retype_threshold)

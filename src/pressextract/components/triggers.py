"""Event triggers: words and phrases that say what happened ("signed an MOU", "opened").

A lexicon (``models/triggers.json``) maps lemmas, phrases and token patterns to the event
types of the schema. The component marks every trigger in ``doc.spans["triggers"]`` with the
event type as label and the lexicon weight in ``span._.weight``. Deciding which triggers make
events, and which is the main one, is the job of ``pressextract.events``.
"""

from __future__ import annotations

import json
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..settings import MODELS_DIR

if not Span.has_extension("weight"):
    Span.set_extension("weight", default=1.0)

DEFAULT_LEXICON = MODELS_DIR / "triggers.json"


def compile_patterns(lexicon: dict) -> dict[str, list[list[dict]]]:
    """Lexicon entries -> spaCy Matcher patterns, keyed by event type."""
    out: dict[str, list[list[dict]]] = {}
    for event_type, entry in lexicon.items():
        if event_type.startswith("_"):
            continue
        patterns: list[list[dict]] = []
        if entry.get("noun"):
            patterns.append([{"LEMMA": {"IN": entry["noun"]}, "POS": {"IN": ["NOUN", "PROPN"]}}])
            patterns.append([{"LOWER": {"IN": [w.lower() for w in entry["noun"]]}}])
        if entry.get("verb"):
            patterns.append([{"LEMMA": {"IN": entry["verb"]}, "POS": "VERB"}])
        if entry.get("any"):
            patterns.append([{"ORTH": {"IN": entry["any"]}}])
        for phrase in entry.get("phrase", []):
            patterns.append([{"LOWER": w} for w in phrase.split()])
        patterns.extend(entry.get("patterns", []))
        out[event_type] = patterns
    return out


_IRREGULAR = {"meet": ["met"], "hold": ["held"], "win": ["won"], "buy": ["bought"], "become": ["became"],
              "give": ["gave", "given"], "lead": ["led"], "begin": ["began", "begun"], "take": ["took", "taken"]}


def inflections(lemma: str) -> list[str]:
    """Lower-case verb forms for headline matching: "open" -> opens, opened, opening."""
    if " " in lemma:
        return [lemma]
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        third, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    elif lemma.endswith("e"):
        past = lemma + "d"
    else:
        past = lemma + "ed"
    return [lemma, third, past, *_IRREGULAR.get(lemma, [])]


def compile_title_patterns(lexicon: dict) -> dict[str, list[list[dict]]]:
    """Headline patterns: verbs in any inflection and part of speech, plus headline-only nouns."""
    out: dict[str, list[list[dict]]] = {}
    for event_type, entry in lexicon.items():
        if event_type.startswith("_"):
            continue
        words = [form for verb in entry.get("verb", []) for form in inflections(verb)]
        words += [w.lower() for w in entry.get("title_noun", []) if " " not in w]
        if words:
            out[event_type] = [[{"LOWER": {"IN": sorted(set(words))}}]]
    return out


@Language.factory("pressextract_triggers", default_config={"lexicon_path": None})
def make_trigger_matcher(nlp: Language, name: str, lexicon_path: str | None) -> "TriggerMatcher":
    lexicon = json.loads(Path(lexicon_path or DEFAULT_LEXICON).read_text(encoding="utf-8"))
    return TriggerMatcher(nlp, lexicon)


class TriggerMatcher:
    """Sets ``doc.spans["triggers"]`` (label: event type; ``._.weight``: lexicon weight)."""

    def __init__(self, nlp: Language, lexicon: dict) -> None:
        self.nlp = nlp
        self._build(lexicon)

    def _build(self, lexicon: dict) -> None:
        self.lexicon = lexicon
        self.matcher = Matcher(self.nlp.vocab)
        for event_type, patterns in compile_patterns(lexicon).items():
            self.matcher.add(event_type, patterns)
        self.title_matcher = Matcher(self.nlp.vocab)
        for event_type, patterns in compile_title_patterns(lexicon).items():
            self.title_matcher.add(event_type, patterns)
        self.not_after = {t: set(e.get("not_after", [])) for t, e in lexicon.items() if not t.startswith("_")}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        title_end = next((t.i for t in doc if t.is_space and "\n" in t.text), len(doc))
        matches = list(self.matcher(doc)) + list(self.title_matcher(doc[:title_end]))
        for match_id, start, end in matches:
            event_type = self.nlp.vocab.strings[match_id]
            prev = doc[start - 1] if start > 0 else None
            blocked = self.not_after.get(event_type, ())
            if prev is not None and (prev.lemma_.lower() in blocked or prev.lower_.rstrip("s") in blocked):
                continue
            span = Span(doc, start, end, label=event_type)
            span._.weight = float(self.lexicon[event_type].get("weight", 1.0))
            spans.append(span)
        # One type per token: the longest (most specific) match wins.
        doc.spans["triggers"] = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "triggers.json", self.lexicon)

    def from_disk(self, path: str | Path, *, exclude: tuple = ()) -> "TriggerMatcher":
        self._build(srsly.read_json(Path(path) / "triggers.json"))
        return self

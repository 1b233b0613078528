"""Entity clean-up for press releases, on top of the base model's NER: the shared lexicon and
the component shape the clean-up components share.

The small English model is trained on news, not on releases, and its quirks are regular
(see ``NOTES.md``): facilities come out as ORG ("Seoul Big Data Campus"), programme and event
names as ORG ("the WeGO Smart Sustainable Cities Training Program"), "City of Brampton" as a
place, a first name alone as PERSON, "Khan" without "Sadiq". Four components fix those, each a
list of passes over ``doc.ents`` that config can switch off one by one, in the order ``nlp.py``
gives: ``pressextract_span_repair`` (span edges), ``pressextract_name_types`` (organisation,
facility or event), ``pressextract_places`` (lists of places), ``pressextract_people`` (people and
their titles; after places, so "Perth" in a list of places is not a stray one-word person);
``pressextract_name_filters`` then drops what is not a name of the story. All read the lexicons
of ``models/entities.json`` (read once per file, shared).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from ..settings import MODELS_DIR
from .lexicon import LexiconComponent

DEFAULT_LEXICON = MODELS_DIR / "entities.json"
PLACE_LABELS = {"GPE", "LOC"}
# Prepositions before a place ("offices in Denver").
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "across", "throughout", "to", "of", "outside", "around",
                                "within"})
# Entity labels that name something (not dates, amounts or numbers).
NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "PERSON", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})


@lru_cache(maxsize=8)
def _read_lexicon(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_lexicon(path: str | Path | None = None) -> dict:
    """The entity lexicon at `path` (default ``models/entities.json``), read once per file."""
    return _read_lexicon(str(path or DEFAULT_LEXICON))


# The word classes a lexicon must list (the others may be left out: no such words).
REQUIRED = ("facility_heads", "weak_facility_heads", "event_name_heads", "generic_words", "titles",
            "person_titles", "apposition_titles", "org_of_prefixes")


class EntityLexicon:
    """The word classes of the entity lexicon as sets (see the ``_doc`` of entities.json)."""

    def __init__(self, lexicon: dict) -> None:
        missing = [key for key in REQUIRED if key not in lexicon]
        if missing:
            raise ValueError(f"entity lexicon lacks {', '.join(map(repr, missing))} (see models/entities.json)")
        self.data = lexicon                # as read: what a component saves with the pipeline
        self.facility_heads = set(lexicon["facility_heads"])
        self.weak_heads = set(lexicon["weak_facility_heads"])
        self.event_heads = set(lexicon["event_name_heads"])
        self.generic = set(lexicon["generic_words"])
        self.titles = set(lexicon["titles"])
        self.person_titles = set(lexicon["person_titles"])
        self.apposition_titles = set(lexicon["apposition_titles"])
        for group in ("person_titles", "apposition_titles"):   # one list of title words: these pick from it
            stray = sorted(getattr(self, group) - self.titles)
            if stray:
                raise ValueError(f"entity lexicon: {group} not in titles: {', '.join(map(repr, stray))}")
        self.org_prefixes = tuple(lexicon["org_of_prefixes"])
        self.org_heads = set(lexicon.get("org_heads", []))
        self.not_names = {n.casefold() for n in lexicon.get("not_names", [])}
        self.compound_heads = set(lexicon.get("facility_compound_heads", []))
        self.event_phrases = tuple(lexicon.get("event_name_phrases", []))
        self.facility_first = set(lexicon.get("facility_first_words", []))
        self.currencies = set(lexicon.get("currency_codes", []))
        self.legal_suffixes = set(lexicon.get("legal_suffixes", []))
        self.region_words = set(lexicon.get("region_words", []))
        self.honorifics = set(lexicon.get("honorifics", []))
        self.department_words = set(lexicon.get("department_words", []))
        self.geographic_words = set(lexicon.get("geographic_words", []))
        self.product_heads = set(lexicon.get("product_heads", []))
        self.occupations = set(lexicon.get("occupation_words", []))
        self.company_name_words = set(lexicon.get("company_name_words", []))
        self.company_titles = set(lexicon.get("company_titles", []))
        self.organization_list_nouns = set(lexicon.get("organization_list_nouns", []))
        self.street_words = set(lexicon.get("street_words", []))
        self.headline_verbs = set(lexicon.get("headline_verbs", []))
        self.company_words = self.legal_suffixes | self.org_heads    # a name with one is a company's
        # A name with one of these is a company's, a venue's or a product's: no person's.
        self.non_person_words = self.company_words | self.company_name_words | self.facility_heads | self.product_heads

    def is_company_name(self, words: list[str]) -> bool:
        """Whether a name of these lower-case words is a company's: with an organisation head or a
        legal form anywhere ("Acme Holding AG", "Patent Trial and Appeal Board"), or two or more
        words ending in a company-name word ("Orbita Labs", "Harbor Media")."""
        return any(w in self.company_words for w in words) or (len(words) > 1 and words[-1] in self.company_name_words)


Pass = Callable[[Doc, list[Span], EntityLexicon], list[Span]]


class EntityLexiconComponent(LexiconComponent):
    """A component that reads the entity lexicon (``self.lex``) and saves it with the pipeline."""

    lexicon_file = "entities.json"

    def __init__(self, lexicon: dict) -> None:
        self._build(lexicon)

    def _build(self, lexicon: dict) -> None:
        self.lexicon = lexicon
        self.lex = EntityLexicon(lexicon)


class EntityPasses(EntityLexiconComponent):
    """A component that runs its named passes over ``doc.ents``, in the order of ``PASSES``;
    ``passes`` (config) lists the ones to run, so a rule class can be switched off and measured."""

    PASSES: dict[str, Pass] = {}

    def __init__(self, lexicon: dict, passes: Iterable[str] | None = None) -> None:
        wanted = list(self.PASSES) if passes is None else list(passes)
        unknown = [p for p in wanted if p not in self.PASSES]
        if unknown:
            raise ValueError(f"{type(self).__name__}: unknown passes {unknown}; known: {list(self.PASSES)}")
        self.passes = [p for p in self.PASSES if p in wanted]
        super().__init__(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        for name in self.passes:
            ents = self.PASSES[name](doc, ents, self.lex)
        doc.ents = ents
        return doc

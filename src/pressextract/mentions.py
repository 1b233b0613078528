"""Document-level entities: NER spans grouped into places, organisations, people, facilities.

Mentions of one thing are merged: an acronym with its long form ("SHRDC" = "Seoul Human
Resource Development Center"), a possessive with its name ("WeGO's Secretariat"), a first name
or surname with the full name ("Linda" = "Linda Ford"; alone, one word names no one). People
get their titles ("Mayor of London"), places their gazetteer entry (geo.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from . import geo
from .components.acronyms import long_forms
from .components.doccache import text_of
from .components.entities import EntityLexicon, load_lexicon
from .names import name_key, spelling_key

PLACE_LABELS = ("GPE", "LOC")


@dataclass
class Entity:
    name: str
    label: str
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    title: str | None = None
    place: geo.Place | None = None

    def add_alias(self, text: str) -> None:
        if text != self.name and text not in self.aliases:
            self.aliases.append(text)

    def rename(self, name: str) -> None:
        """Give the entity another name; the old one becomes an alias (a mention may spell it)."""
        old, self.name = self.name, name
        self.aliases = [a for a in self.aliases if a != name]
        self.add_alias(old)


@dataclass
class Mentions:
    places: list[Entity]
    organizations: list[Entity]
    people: list[Entity]
    facilities: list[Entity]


key = name_key     # grouping key of a name (see names.py)


def group_key(text: str, label: str) -> str:
    """The key that groups mentions of one thing: an organisation's or a facility's without its
    legal form and with "&" read as "and" ("MacroGenics, Inc." = "MacroGenics", "Car & Toy
    Museum" = "Car and Toy Museum"), every other name's `name_key`."""
    return spelling_key(text) if label in ("ORG", "FAC") else key(text)


@lru_cache(maxsize=1)
def _default_titles() -> frozenset[str]:
    return frozenset(EntityLexicon(load_lexicon()).titles)


def collect(doc: Doc, titles: set[str] | None = None) -> Mentions:
    """The release's entities, grouped; `titles` are the title words of the pipeline's entity
    lexicon (``models/entities.json`` when not given)."""
    titles = titles if titles is not None else _default_titles()
    acronyms: dict[str, Span] = long_forms(doc) if doc.has_extension("acronyms") else {}
    long_of = {key(short): long.text for short, long in acronyms.items()
               if not geo.distinct_places(short, long.text)}
    groups: dict[tuple[str, str], Entity] = {}
    order: list[Entity] = []
    for ent in doc.ents:
        label = _category(ent.label_)
        if label is None:
            continue
        if label in ("ORG", "PERSON") and _is_place_name(ent.text):
            label = "PLACE"                            # "Daejeon" tagged ORG, "Brampton" tagged PERSON
        k = group_key(long_of.get(key(ent.text), ent.text), label)   # an acronym groups with its long form
        if not k:
            continue
        # An acronym's long form may have been labelled differently: follow the long form.
        for cat in ("ORG", "FAC"):
            if label in ("ORG", "FAC") and (cat, k) in groups:
                label = cat
        entity = groups.get((label, k))
        if entity is None:
            entity = Entity(name=_clean_name(ent.text), label=label)
            groups[(label, k)] = entity
            order.append(entity)
        elif len(_clean_name(ent.text)) > len(entity.name) and group_key(ent.text, label) == k and label != "PERSON":
            entity.rename(_clean_name(ent.text))
        entity.add_alias(_clean_name(ent.text))
        entity.mentions.append(ent)
    for short, long in acronyms.items():
        for label in ("ORG", "FAC"):
            entity = groups.get((label, group_key(long.text, label)))
            if entity:
                entity.add_alias(short)
    people = _merge_people([e for e in order if e.label == "PERSON"])
    _fold_surnames(order, people)
    places = _link_places([e for e in order if e.label == "PLACE"])
    for p in people:
        p.title = person_title(p, titles)
    return Mentions(
        places=places,
        organizations=[e for e in order if e.label == "ORG"],  # (surnames folded into people are "FOLDED")
        people=people,
        facilities=[e for e in order if e.label == "FAC"],
    )


def _is_place_name(text: str) -> bool:
    """A name the gazetteer knows as a country, region or sizeable city ("City of X" governs)."""
    if not text[:1].isupper() or len(text.split()) > 4 or text.lower().startswith(("city of", "the city of")):
        return False
    return geo.is_sizeable_place(text)


def _link_places(places: list[Entity]) -> list[Entity]:
    """Gazetteer entries for places; mentions of one place ("MOSCOW", "Moscow City") merged.
    Only one GeoNames id merges: distinct places are never aliases of each other."""
    for e in places:
        if re.search(r" city$", e.name) and geo.candidates(e.name[: -len(" city")]):
            e.rename(e.name[: -len(" city")])          # "Sejong city" -> "Sejong"
        if e.name.isupper() and len(e.name) > 3:
            e.rename(e.name.title())                   # dateline "MOSCOW" -> "Moscow"
    countries = set()
    qualifiers = [qualifier_areas(e.mentions) for e in places]
    for e, within in zip(places, qualifiers):
        e.place = geo.resolve(e.name, within=within)
        if e.place and e.place.kind in ("country", "region"):
            countries.add(e.place.country_code)        # "Cambridge" in a release that names Massachusetts
    merged: dict[int, Entity] = {}
    out: list[Entity] = []
    for e, within in zip(places, qualifiers):
        if e.place and e.place.kind == "city":
            e.place = geo.resolve(e.name, countries, within)
        first = merged.get(e.place.geonames_id) if e.place else None
        if first is None:
            if e.place:
                merged[e.place.geonames_id] = e
            out.append(e)
            continue
        for alias in [e.name, *e.aliases]:
            first.add_alias(alias)
        first.mentions.extend(e.mentions)
    return out


def qualifier_areas(mentions: list[Span]) -> list[geo.Area]:
    """The areas named right after a place ("Paris, Texas", "Salem, Ore.", "Tbilisi (Georgia)"):
    the first mention followed by one, up to three words after the comma or parenthesis."""
    for mention in mentions:
        doc, i = mention.doc, mention.end
        if i + 1 >= len(doc) or doc[i].text not in (",", "("):
            continue
        for n in (3, 2, 1):
            words = doc[i + 1 : i + 1 + n]
            if len(words) == n and not any(t.is_space or t.text in (",", "(", ")", ";") for t in words):
                areas = geo.areas_named(words.text)
                if areas:
                    return areas
    return []


def _category(label: str) -> str | None:
    if label in PLACE_LABELS:
        return "PLACE"
    if label in ("ORG", "FAC", "PERSON"):
        return label
    return None


def _clean_name(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return text.strip(" ,;:-–—\"“”'’")


def _merge_people(people: list[Entity]) -> list[Entity]:
    """Fold one-word names into the full name they abbreviate ("Linda" = "Linda Ford"); a one-word
    name that abbreviates no one is dropped: alone it identifies no one, and on releases it is
    mostly a brand, a product or a stray word the model tagged ("Oracle", "Mike", "Reuse")."""
    full = [p for p in people if len(p.name.split()) > 1]
    for p in people:
        words = p.name.split()
        if len(words) == 1:
            owner = next((f for f in full if words[0] in f.name.split()), None)
            if owner is not None:
                owner.add_alias(p.name)
                owner.mentions.extend(p.mentions)
    return full


def _fold_surnames(order: list[Entity], people: list[Entity]) -> None:
    """A one-word "organisation" that is the surname of a person named in full is that person."""
    for e in list(order):
        if e.label in ("ORG", "PLACE") and len(e.name.split()) == 1:
            owner = next((p for p in people if len(p.name.split()) > 1 and p.name.split()[-1] == e.name), None)
            if owner is not None:
                owner.add_alias(e.name)
                owner.mentions.extend(e.mentions)
                e.label = "FOLDED"


def person_title(person: Entity, titles: set[str]) -> str | None:
    """The title written next to a person: "Sadiq Khan, Mayor of London" or "(CEO of X)"."""
    for mention in person.mentions:
        doc = mention.doc
        after = doc[mention.end : min(len(doc), mention.end + 14)]
        if len(after) > 1 and after[0].text in (",", "("):
            phrase = []
            for tok in after[1:]:
                if tok.text in (",", ")", ".", ";", ":", "\n") or tok.is_space or tok.pos_ in ("VERB", "AUX"):
                    break
                phrase.append(tok)
            if phrase and phrase[0].lower_ in ("as", "who", "which", "on", "in", "for", "at", "with"):
                phrase = []
            if phrase and any(t.lower_.strip(".") in titles for t in phrase):
                return _span_text(doc, phrase)
        before = []
        i = mention.start - 1
        while i >= 0 and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in ("of", "and", "-", "the")
                          or doc[i].lower_.strip(".") in titles) and not doc[i].is_space and doc[i].text not in ("said", ","):
            if doc[i].ent_type_ == "PERSON":
                break
            before.insert(0, doc[i])
            i -= 1
        while before and before[0].lower_ in ("of", "and", "the", "-"):
            before.pop(0)
        if before and any(t.lower_.strip(".") in titles for t in before):
            return _span_text(doc, before)
    return None


def _span_text(doc: Doc, tokens: list) -> str:
    return text_of(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]

"""People and their titles: "Mayor of Lima Jorge Salas" is a place and a person, "UNDP Resident
Representative Sara Bianchi" an organisation, a title and a person; companies named like people
("Keller Sensorik GmbH") are organisations.

Passes (``pressextract_people``, in order): ``shapes`` (capitalised words, no digits, no speech
verb), ``place_person``, ``titled_person`` (split a title
and a person out of a longer name), ``titled_persons`` (names after a title that the model
missed), ``person_labels`` (companies and places read as people), ``stray_persons`` (a one-word
"person" that opens a sentence once), ``role_persons`` (a name right after a speech verb or an
occupation word is a person's). The titles before a name are the lexicon's
``person_titles``.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..geo import candidates, is_sizeable_place
from .entities import NAME_LABELS, EntityLexicon, EntityPasses, load_lexicon


def _name_after(lex: EntityLexicon, doc: Doc, i: int, limit: int = 3) -> int:
    """End of a run of capitalised proper nouns starting at token i (0 tokens if none)."""
    j = i
    while (j < len(doc) and j - i < limit and doc[j].is_title and doc[j].pos_ == "PROPN"
           and doc[j].lower_.strip(".") not in lex.titles and doc[j].lower_ not in lex.org_heads):
        j += 1
    return j


def _split_place_person(lex: EntityLexicon, doc: Doc, ent: Span) -> list[Span]:
    """"Mayor of Lima Jorge Salas" read as one name: split the place from the person."""
    if ent.label_ not in ("ORG", "GPE", "PERSON") or len(ent) < 3 or ent.start < 2:
        return [ent]
    if not (doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_.strip(".") in lex.titles):
        return [ent]

    if any(t.lower_.strip(".") in lex.org_heads for t in ent):
        return [ent]                               # "CEO of Rogers Communications Inc."
    for cut in range(len(ent) - 2, 0, -1):
        place, person = ent[:cut], ent[cut:]
        sizeable = is_sizeable_place(place.text)
        if sizeable and all(t.is_title and t.pos_ == "PROPN" for t in person) and len(person) >= 2:
            return [Span(doc, place.start, place.end, label="GPE"), Span(doc, person.start, person.end, label="PERSON")]
    return [ent]


def _split_titled_person(lex: EntityLexicon, doc: Doc, ent: Span) -> list[Span]:
    """"UNDP Resident Representative Sara Bianchi": an organisation, a title, a person. A name
    the model read as one person keeps only the person ("Harbor Labs COO Ann Roe" -> "Ann Roe":
    what stands before a title there may as well be an award's or a programme's name), and so
    does one it read as a work, an event or a product ("Groveport Mayor Lance Whitaker")."""
    if ent.label_ not in NAME_LABELS or len(ent) < 3:
        return [ent]
    cut = max((t.i for t in ent if t.lower_ in lex.person_titles or t.lower_ in lex.company_titles), default=None)
    if cut is None or cut + 1 >= ent.end:
        return [ent]
    end = _name_after(lex, doc, cut + 1)
    if end != ent.end or end - (cut + 1) < 2:
        return [ent]
    parts = [Span(doc, cut + 1, ent.end, label="PERSON")]
    head = [t for t in doc[ent.start : cut] if t.lower_ not in lex.titles and not t.is_lower]
    if head and ent.label_ == "ORG" and head[-1].i == head[0].i + len(head) - 1:
        parts.insert(0, Span(doc, head[0].i, head[-1].i + 1, label="ORG"))
    return parts


def _add_titled_persons(lex: EntityLexicon, doc: Doc, ents: list[Span]) -> list[Span]:
    """"Mayor of Chattogram Shahidul Islam": names after a title that the model missed."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    added = []
    for tok in doc:
        if tok.lower_ not in lex.person_titles or not (tok.is_title or tok.is_upper):
            continue
        i = tok.i + 1
        place = None
        if i < len(doc) and doc[i].lower_ == "of":
            end = _name_after(lex, doc, i + 1, limit=4)
            if end - (i + 1) < 3:
                continue
            cut = next((c for c in range(end - 2, i + 1, -1) if candidates(doc[i + 1 : c].text)), None)
            if cut is None:
                continue
            place, i = (i + 1, cut), cut
        end = _name_after(lex, doc, i)
        if end - i < 2 or any(k in taken for k in range(i, end)):
            continue
        if place and not any(k in taken for k in range(*place)):
            added.append(Span(doc, place[0], place[1], label="GPE"))
        added.append(Span(doc, i, end, label="PERSON"))
        taken.update(range(tok.i, end))
    return sorted(ents + added, key=lambda e: e.start) if added else ents


def _fix_person_labels(lex: EntityLexicon, doc: Doc, ents: list[Span]) -> list[Span]:
    """Names the model took for people: companies ("Keller Sensorik GmbH", "Orbita Labs",
    "Alpenwerk" of "Alpenwerk Holding AG") and places ("in Adjara", "Binh Duong province"). A
    full name a speech verb or a title marks as a person's stays one beside the company named
    after them ('said Ann Roe' and "Ann Roe Consulting")."""
    # The first ORG/FAC name that a whole name opens or closes ("Alpenwerk" of "Alpenwerk Holding
    # AG", "Codeworks" of "SC Codeworks"), by that name: one pass, not a scan of every
    # organisation per person.
    longer_of: dict[str, Span] = {}
    for o in ents:
        if o.label_ in ("ORG", "FAC"):
            text = o.text
            for k, ch in enumerate(text):
                if ch == " ":
                    longer_of.setdefault(text[:k], o)
                    longer_of.setdefault(text[k + 1 :], o)
    starts = {e.start for e in ents}
    # People some mention of whom a speech verb or a title marks, among those a longer name holds.
    speakers = {e.text for e in ents
                if e.label_ == "PERSON" and e.text in longer_of and _speaks_or_titled(lex, doc, e)}
    out = []
    for e in ents:
        label = e.label_
        if label in ("PERSON", "ORG") and e.end < len(doc) and doc[e.end].lower_.rstrip(".") in lex.legal_suffixes \
                and e.end not in starts:
            out.append(Span(doc, e.start, e.end + 1, label="ORG"))     # "Keller Sensorik" + "GmbH"
            continue
        if label == "PERSON":
            words = [t.lower_ for t in e]
            longer = longer_of.get(e.text)
            if lex.is_company_name(words):
                label = "ORG"                      # "Acme Holding AG", "Orbita Labs"
            elif longer is not None and not (len(words) > 1 and e.text in speakers):
                label = longer.label_
            elif e.end < len(doc) and doc[e.end].lower_ in lex.region_words:
                label = "GPE"
            elif e.start > 0 and doc[e.start - 1].lower_ in ("in", "across", "near", "throughout"):
                label = "GPE"
        out.append(e if label == e.label_ else Span(doc, e.start, e.end, label=label))
    return out


def _speaks_or_titled(lex: EntityLexicon, doc: Doc, e: Span) -> bool:
    """Whether a mention reads as a person's: a speech verb or a title word next to it ('said Ann
    Roe', 'Ann Roe said', 'founder Ann Roe', 'Ann Roe, founder of'). Not an honorific alone: a
    firm named after its founder is spoken of as one in jest ('ask for Mr. Harlow Reed')."""
    before = doc[e.start - 1] if e.start else None
    after = doc[e.end : e.end + 3]
    word = before.lower_.strip(".") if before is not None else ""
    if word in _SPEECH_VERBS or (word in lex.titles and word not in lex.honorifics):
        return True
    if len(after) and after[0].lower_ in _SPEECH_VERBS:
        return True
    return len(after) > 1 and after[0].text == "," and any(t.lower_ in lex.titles for t in after[1:])


def _drop_stray_persons(ents: list[Span]) -> list[Span]:
    """A one-word PERSON that opens a sentence and is never seen again is a misread word."""
    seen = Counter(e.text for e in ents)
    return [e for e in ents if not (e.label_ == "PERSON" and len(e) == 1 and e[0].is_sent_start
                                    and seen[e.text] == 1)]


def split_place_persons(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [part for e in ents for part in _split_place_person(lex, doc, e)]


def split_titled_persons(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [part for e in ents for part in _split_titled_person(lex, doc, e)]


def add_titled_persons(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return _add_titled_persons(lex, doc, ents)


def fix_person_labels(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return _fix_person_labels(lex, doc, ents)


def drop_stray_persons(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return _drop_stray_persons(ents)


# Title and generic words that are also common surnames ("Stephen King", "Kanye West").
_SURNAME_WORDS = {"king", "queen", "prince", "princess", "lord", "dame", "sir", "dean", "west", "east", "north",
                  "south", "grand", "mayor", "senior", "young", "major", "bishop", "judge", "marshal", "lead", "host"}
# Speech verbs: one opening a name is not part of it ('" Said Dana Reyes'), and a name right after
# one is a speaker's ('..." says Ana Ruiz').
_SPEECH_VERBS = {"said", "says", "shared", "added", "adds", "noted", "notes", "explained", "explains",
                 "stated", "states", "commented", "comments", "remarked", "continued", "concluded"}


def person_shapes(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A person's name is capitalised words without digits, and does not end in a title or a
    generic word: "café", "CIO2" and "Featured Expert" are not people, and a speech verb is not
    part of the name ('" Said Dana Reyes' -> "Dana Reyes"). Three or more words ending in an
    organisation head or a legal form name a company or school after someone ("Dana Reyes Auto
    Group", "Ann R. Roe High School"): they stay, for :func:`fix_person_labels` to make them
    the organisation they are."""
    out = []
    for e in ents:
        if e.label_ == "PERSON":
            if len(e) > 2 and e[0].is_title and e[0].lower_ in _SPEECH_VERBS:
                e = Span(doc, e.start + 1, e.end, label="PERSON")
            if not any(t.is_title or t.is_upper for t in e) or any(ch.isdigit() for ch in e.text):
                continue
            last = e[-1].lower_
            named_after_someone = len(e) > 2 and e[-1].is_title and last in lex.company_words
            if not named_after_someone and len(e) > 1 and last not in _SURNAME_WORDS and any(
                    w in lex.generic or w in lex.titles or w in lex.department_words for w in (last, last.rstrip("s"))):
                continue                   # "Featured Expert", "Producer's Room": a heading, not a person
        out.append(e)
    return out


def role_persons(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """'..." says Ana Ruiz', "acclaimed artist Ana Ruiz": a name of two or three capitalised
    words with no organisation, company or facility word, right after a speech verb or a
    lower-case occupation word, is a person the model read as an organisation."""
    out = []
    for e in ents:
        before = doc[e.start - 1] if e.start else None
        if (e.label_ == "ORG" and before is not None and 2 <= len(e) <= 3
                and (before.lower_ in _SPEECH_VERBS or (before.is_lower and before.lower_ in lex.occupations))
                and all(t.is_title and t.is_alpha for t in e) and not any(t.lower_ in lex.non_person_words for t in e)):
            e = Span(doc, e.start, e.end, label="PERSON")
        out.append(e)
    return out


class People(EntityPasses):
    PASSES = {"shapes": person_shapes, "place_person": split_place_persons, "titled_person": split_titled_persons,
              "titled_persons": add_titled_persons, "person_labels": fix_person_labels,
              "stray_persons": drop_stray_persons, "role_persons": role_persons}


@Language.factory("pressextract_people", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"lexicon_path": None, "passes": list(People.PASSES)})
def make_people(nlp: Language, name: str, lexicon_path: str | None, passes: list[str]) -> People:
    return People(load_lexicon(lexicon_path), passes)

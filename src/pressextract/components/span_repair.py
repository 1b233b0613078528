"""Span repair: where names start and end ("the Principal at", "UN-backed", "Khan" of "Sadiq Khan").

Passes (``pressextract_span_repair``, in order): ``list_items`` (no name across list punctuation),
``comma_lists`` ("Harbor Depot, Orbita" tagged as one name is two),
``trim`` (determiners, trailing prepositions and titles, honorifics), ``title_of`` ("Founder of
Harbor Labs" tagged as one organisation is "Harbor Labs"), ``possessive_owners`` ("Orbita's
Partner Program" is "Orbita"; "Kenya's Ministry of Health" is a place and an organisation), ``modifiers`` ("Seoul-based"
is not a mention), ``headline_verbs`` ("Acme Labs Expands Into Denver" tagged as one name in the
title is "Acme Labs", and "Denver" a place), ``title_only`` (a name only in the title line counts if the body repeats it),
``facility_words`` ("Oxford Road" + "campus"), ``person_names`` ("Sadiq" + "Khan"),
``org_names`` (the organisation a place starts, "Lakeside" + "Chamber of Commerce"; a company
the model missed, "Brightwave Printing GmbH"), ``ampersand_names`` ("Car and Toy Museum" is
one name where the release also writes "Car & Toy Museum").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import geo
from ..calendar_words import MONTH_WORDS
from ..names import name_key
from .doccache import text_of
from .entities import NAME_LABELS, PLACE_PREPOSITIONS, EntityLexicon, EntityPasses, load_lexicon
from .listitems import split_at_list_breaks

_HEADING_WORDS = {"About", "ABOUT", "Contact", "CONTACT"}
_DASHES = {"-", "–", "—"}
_POSSESSIVES = {"'s", "’s"}


def _spaced_dash_end(ent: Span) -> int | None:
    """Where a name runs across a spaced dash into what is not part of it: a dateline's date
    ("United States - July 18, 2025", "NEW YORK - March"), or, after a place or a person, a second
    name ("Ann Roe - San Francisco"). A company or venue may hold one ("Acme - Poznań S.A.")."""
    if ent.label_ not in NAME_LABELS:
        return None                                # "February 10 - February 24, 2024" is one date
    doc = ent.doc
    for tok in ent[1:-1]:
        if tok.text in _DASHES and tok.whitespace_ and doc[tok.i - 1].whitespace_:
            after = doc[tok.i + 1]
            if (after.lower_.rstrip(".") in MONTH_WORDS or after.like_num
                    or ent.label_ in ("GPE", "LOC", "PERSON")):
                return tok.i
    return None


def _trim(lex: EntityLexicon, ent: Span) -> Span | None:
    """Drop leading determiners and trailing whitespace/punctuation from an entity."""
    start, end = ent.start, ent.end
    doc = ent.doc
    opened = next((t.i for t in ent if t.text == "("), None)
    if opened is not None and not any(t.text == ")" for t in doc[opened:end]):
        end = opened                               # "Mobile World Congress (MWC": the name ends before "("
    end = min(end, _spaced_dash_end(ent) or end)
    while start < end and (doc[start].is_space or doc[start].lower_ in ("the", "a", "an")
                           or doc[start].is_punct):
        start += 1
    if end - start > 1 and doc[start].text in _HEADING_WORDS:
        start += 1                                 # "About Acme Inc.", "Contact Acme Labs": a heading word
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _POSSESSIVES
                           or doc[end - 1].text in ("’", "'", ",", "-", ":", "/")
                           or (doc[end - 1].lower_ in ("to", "of", "and", "for", "the", "in", "on", "at", "with", "by")
                               and not (end - start == 1 and doc[end - 1].is_upper))
                           or (ent.label_ == "ORG" and end - start > 1 and doc[end - 1].lower_ in lex.titles)):
        end -= 1                                   # "Principal at", "MPC General"; not "IN" (Indiana) alone
    while start < end - 1 and doc[start].lower_ in lex.honorifics:
        start += 1                                 # "Ms Karimova" -> "Karimova"
    if start >= end:
        return None
    return Span(doc, start, end, label=ent.label_)


def _title_end(doc: Doc) -> int:
    """Where the title line ends (character offset); 0 for a text of one line, which has no
    title apart from its body."""
    return max(text_of(doc).find("\n"), 0)


def _drop_title_only(doc: Doc, ents: list[Span]) -> list[Span]:
    """Headline case misleads the model ("Quito Hosts Andean Cities Forum"): a name in the
    title line counts only if the body repeats it."""
    title_end = _title_end(doc)
    if not title_end:
        return ents
    body = text_of(doc)[title_end:]
    return [e for e in ents if e.start_char >= title_end or e.text in body]


def _extend_facility(lex: EntityLexicon, doc: Doc, ent: Span) -> Span:
    """"Oxford Road" + "campus": a lower-case facility word after a name belongs to it."""
    if ent.end < len(doc) and ent.label_ in ("ORG", "GPE", "FAC", "LOC", "PERSON"):
        nxt = doc[ent.end]
        if nxt.is_lower and nxt.lower_ in lex.facility_heads and nxt.lower_ not in lex.weak_heads:
            return Span(doc, ent.start, ent.end + 1, label="FAC")
    return ent


def _extend_person(lex: EntityLexicon, doc: Doc, ent: Span, taken: set[int]) -> Span:
    """"Sadiq Khan" when the model tagged only "Khan": take capitalised name tokens before
    (not those of the other names, `taken`: the tokens of every entity)."""
    if ent.label_ != "PERSON":
        return ent
    start = ent.start
    while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
           and doc[start - 1].i not in taken and doc[start - 1].lower_.rstrip(".") not in lex.titles
           and doc[start - 1].lower_ not in lex.titles and not doc[start - 1].is_stop
           and start > ent.start - 2):
        start -= 1
    return Span(doc, start, ent.end, label="PERSON") if start != ent.start else ent


def _is_modifier(doc: Doc, ent: Span) -> bool:
    """"UN-backed", "Seoul-based": a name inside an adjective is not a mention."""
    return (ent.end + 1 < len(doc) and doc[ent.end].text == "-" and doc[ent.end + 1].is_lower
            and not doc[ent.end].whitespace_)


_NAME_JOINERS = {"of", "for", "and", "&", "de", "the"}
_ORG_RUN_MAX = 6                                   # words after the place: "Hispanic Chamber of Commerce"


def _capitalised(tok) -> bool:
    return tok.text[:1].isupper() and not tok.is_punct and not tok.like_num


def _org_run(doc: Doc, start: int, lex: EntityLexicon) -> int | None:
    """The end of a run of capitalised words from `start` ("Hispanic Chamber of Commerce";
    joiners "of", "and", "&" between two of them) that holds an organisation's head word or ends
    in a legal form; None when there is no such run, or when it holds a title ("Office Managing
    Partner"). A run never crosses a line or a sentence."""
    end, i, found = start, start, False
    while i < len(doc) and i - start < _ORG_RUN_MAX and not doc[i].is_sent_start:
        tok = doc[i]
        if _capitalised(tok):
            if tok.lower_ in lex.titles:
                return None
            i += 1
            end = i
            found = found or tok.lower_ in lex.org_heads or tok.lower_ in lex.legal_suffixes
        elif tok.lower_ in _NAME_JOINERS and end == i and i + 1 < len(doc) and _capitalised(doc[i + 1]):
            i += 1
        else:
            break
    return end if found and end > start else None


def _places_that_start_orgs(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """"South Lakeside" (LOC) + "Hispanic Chamber of Commerce" -> one ORG."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    title_end = _title_end(doc)
    out = []
    for e in ents:
        end = None
        if e.label_ in ("GPE", "LOC", "NORP") and e.start_char >= title_end:
            end = _org_run(doc, e.end, lex)
        if end is not None and not any(i in taken for i in range(e.end, end)):
            out.append(Span(doc, e.start, end, label="ORG"))
            taken.update(range(e.end, end))
        else:
            out.append(e)
    return out


# A name right before "Real Estate AG" is the company's first word ("Accentro" PERSON).
_COMPANY_FIRST_WORDS = {"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "FAC"}


def _legal_form_start(doc: Doc, form: int, taken: dict[int, Span]) -> int:
    """Where the company name that ends in the legal form at `form` starts: capitalised proper
    nouns back, across an "&" between two of them ("D-Wave Quantum Inc.", "Stratton & Wells
    LLP"), taking in a name the model tagged there ("Accentro" + "Real Estate AG"), never a
    heading word ("About"), never across a line (the parser may start a sentence inside a
    company's name, so sentences do not bound it)."""
    start = form
    while start > 0 and form - start < _ORG_RUN_MAX:
        before = doc[start - 1]
        owner = taken.get(start - 1)
        if owner is not None:
            if owner.end == start and owner.label_ in _COMPANY_FIRST_WORDS and before.whitespace_:
                start = owner.start
            break
        if before.text == "&" and start > 1 and doc[start - 2].pos_ == "PROPN" and _capitalised(doc[start - 2]):
            start -= 1                             # "Stratton & Wells LLP"
            continue
        if before.pos_ != "PROPN" or not _capitalised(before):
            break
        start -= 1
        if (start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
                and not doc[start - 2].whitespace_ and _capitalised(doc[start - 2])):
            start -= 2                             # "D-Wave Quantum Inc."
    while start < form and doc[start].text in _HEADING_WORDS:
        start += 1                                 # "About Acme Inc."
    return start


def _legal_form_names(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A run of capitalised words ending in a legal form that the model missed ("Brightwave
    Printing GmbH") is an organisation."""
    taken = {i: e for e in ents for i in range(e.start, e.end)}
    title_end = _title_end(doc)
    out = list(ents)
    for tok in doc:
        if (tok.lower_ not in lex.legal_suffixes or tok.is_lower or tok.i in taken or tok.i == 0
                or tok.idx < title_end):
            continue
        start = _legal_form_start(doc, tok.i, taken)
        if start < tok.i:
            merged = taken.get(start)
            if merged is not None:
                out.remove(merged)
            name = Span(doc, start, tok.i + 1, label="ORG")
            out.append(name)
            taken.update({i: name for i in range(start, tok.i + 1)})
    return sorted(out, key=lambda s: s.start)


def org_names(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """Organisation names the base model cuts or misses, in the body (headline case would make
    every word a name): a place or nationality followed by capitalised words with an
    organisation head, and a run of capitalised words ending in a legal form."""
    return _legal_form_names(doc, _places_that_start_orgs(doc, ents, lex), lex)


def ampersand_names(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A name written with "&" is the same name written with "and": where the release names
    "Harbor Car & Toy Museum" and elsewhere "Harbor Car and Toy Museum", which the model reads as
    "Harbor Car" and "Toy Museum", the second is one name again, with the first one's label.
    Places it would join stay ("NJ and PA" where the model read "NJ & PA" as one name)."""
    words = {}
    for e in ents:
        if e.label_ in ("ORG", "FAC") and any(t.text == "&" for t in e[1:-1]):
            words.setdefault(tuple("and" if t.text == "&" else t.text for t in e), e.label_)
    if not words:
        return ents
    out = list(ents)
    for spelled, label in sorted(words.items()):
        n = len(spelled)
        for start in range(len(doc) - n + 1):
            if doc[start].text != spelled[0] or tuple(t.text for t in doc[start : start + n]) != spelled:
                continue
            inside = [e for e in out if e.start < start + n and e.end > start]
            if any(e.start < start or e.end > start + n or e.label_ in ("GPE", "LOC") for e in inside):
                continue                   # a longer name holds it, or it joins places ("NJ and PA")
            out = [e for e in out if e not in inside] + [Span(doc, start, start + n, label=label)]
    return sorted(out, key=lambda s: s.start)


def split_list_items(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [part for e in ents for part in split_at_list_breaks(e)]


_COMMA_LIST_LABELS = {"ORG", "FAC", "PERSON"}


def _comma_list_items(lex: EntityLexicon, ent: Span) -> list[Span]:
    """The names of a comma list the base model tagged as one ("Home Depot, Walmart, Target"
    -> three), or the name itself: a legal form after a comma ("Acme, Inc."), an "&" or "and"
    ("Davis, Saperstein & Salomon", "Department of Energy, Mines and Safety") or a place after
    the last comma ("University of California, San Francisco") keeps it one name."""
    doc = ent.doc
    commas = [t.i for t in ent[1:-1] if t.text == ","]
    if ent.label_ not in _COMMA_LIST_LABELS or not commas:
        return [ent]
    if any(t.lower_ in ("&", "and") for t in ent):
        return [ent]
    if any(doc[c + 1].lower_ in lex.legal_suffixes or doc[c + 1].lower_.rstrip(".") in lex.legal_suffixes
           for c in commas):
        return [ent]
    if geo.is_known_place(doc[commas[-1] + 1:ent.end].text):
        return [ent]
    bounds = [ent.start, *commas, ent.end]
    parts = [Span(doc, a + (a != ent.start), b, label=ent.label_) for a, b in zip(bounds, bounds[1:])]
    return [p for p in parts if any(t.is_alpha for t in p)]


def split_comma_lists(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [part for e in ents for part in _comma_list_items(lex, e)]


def trim_names(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [t for t in (_trim(lex, e) for e in ents) if t is not None]


def _after_title_of(lex: EntityLexicon, ent: Span, org_keys: set[str]) -> Span:
    """The organisation of "<job title> of [the] <organisation>" tagged as one name ("Founder of
    Harbor Labs", "COO of Orbita AG"), when that organisation is one: it carries a company word,
    the release names it alone too, or the title is one only an organisation has ("Co-Founder of
    Orbita"). "Minister of Agriculture", "Chair of Pediatrics" and "King of Prussia" stay as they
    are."""
    doc = ent.doc
    of = next((t.i for t in ent if t.lower_ == "of"), None)
    if ent.label_ != "ORG" or of is None or of == ent.start or of + 1 >= ent.end:
        return ent
    title = [w for w in doc[ent.start : of].text.lower().split() if w not in ("&", "and")]
    if not title or not all(w in lex.titles for w in title):
        return ent
    start = of + 1 + (doc[of + 1].lower_ == "the" and of + 2 < ent.end)
    rest = doc[start : ent.end]
    company = any(t.lower_ in lex.company_words or t.lower_ in lex.company_name_words for t in rest)
    named = all(t.is_title or t.is_upper or not t.is_alpha for t in rest) and not any(
        t.lower_ in lex.department_words or t.lower_ in lex.generic for t in rest)
    if not (company or name_key(rest.text) in org_keys or (named and lex.company_titles & set(title))):
        return ent
    return Span(doc, start, ent.end, label="ORG")


def trim_titles_of(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    org_keys = {name_key(e.text) for e in ents if e.label_ == "ORG"}
    return [_after_title_of(lex, e, org_keys) for e in ents]


def _possessive_mark(ent: Span) -> int | None:
    """The index of the possessive inside `ent` that ends its owner: "'s" ("Orbita's Partner
    Program") or the apostrophe of a plural ("Harbor Solutions' Foundation")."""
    doc = ent.doc
    for tok in ent[1:-1]:
        if tok.text in _POSSESSIVES or (tok.text in ("'", "’") and tok.whitespace_
                                        and doc[tok.i - 1].lower_.endswith("s") and not doc[tok.i - 1].whitespace_):
            return tok.i
    return None


def _possessive_owner(ent: Span, owners: set[str], places: set[str], heads: set[str]) -> list[Span]:
    """The organisation of "<organisation>'s <thing>" tagged as one name ("Orbita's SGX942",
    "Harbor Bank's Engineering Team", "Orbita's Partner Program"), when the release names that
    organisation alone too (`owners`: not as "Anthony's", the short name of "Anthony's Pizza &
    Wings") and the thing has none of the `heads` that make it an organisation or a place of its own:
    "Harbor University's School of Law", "Orbita's Research Institute" and "Happy Stan's
    Recycling Services Ltd." stay as they are. An owner that is a country or a region, or a place
    the release names alone too (`places`), is a place of its own and the thing keeps the name's
    type: "Portugal's Harbor School of Art" is a place and an organisation; "Charlotte's Web
    Holdings" stays one name where "Charlotte" is no place of the release."""
    doc = ent.doc
    mark = _possessive_mark(ent)
    if mark is None or ent.label_ not in ("ORG", "FAC", "GPE", "LOC"):
        return [ent]
    owner, thing = doc[ent.start : mark], doc[mark + 1 : ent.end]
    if thing[0].is_title and (name_key(owner.text) in places or geo.is_region_or_country(owner.text)):
        return [Span(doc, owner.start, owner.end, label="GPE"), Span(doc, thing.start, thing.end, label=ent.label_)]
    if ent.label_ != "ORG" or name_key(owner.text) not in owners or any(
            t.lower_ in heads or t.lower_.rstrip(".") in heads for t in thing):
        return [ent]
    return [Span(doc, owner.start, owner.end, label="ORG")]


def trim_possessive_owners(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    owners = {name_key(e.text) for e in ents
              if e.label_ == "ORG" and (e.end == len(doc) or doc[e.end].text not in _POSSESSIVES)}
    places = {name_key(e.text) for e in ents if e.label_ in ("GPE", "LOC") and geo.is_known_place(e.text)}
    heads = lex.company_words | lex.facility_heads | lex.department_words
    return [span for e in ents for span in _possessive_owner(e, owners, places, heads)]


def drop_modifiers(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [e for e in ents if not _is_modifier(doc, e)]


def _cut_at_headline_verb(lex: EntityLexicon, ent: Span, title_end: int, labels: dict[str, str]) -> list[Span]:
    """A name of the title that runs across a headline verb (the lexicon's ``headline_verbs``,
    capitalised): the name ends before it, and a place the gazetteer knows after the verb and a
    preposition stays a place ("Acme Labs Expands Into Denver" -> "Acme Labs", "Denver"). The name
    takes the label the release's other mentions of it carry (`labels`, by name key), if any: the
    model's label was the whole run's."""
    if ent.start_char >= title_end or ent.label_ not in ("ORG", "PERSON", "FAC", "GPE", "LOC"):
        return [ent]
    doc = ent.doc
    verb = next((t for t in ent[1:] if t.lower_ in lex.headline_verbs and t.text[:1].isupper()), None)
    if verb is None:
        return [ent]
    name = doc[ent.start : verb.i]
    out = [Span(doc, name.start, name.end, label=labels.get(name_key(name.text), ent.label_))]
    rest = doc[verb.i + 1 : ent.end]
    if len(rest) > 1 and rest[0].lower_ in PLACE_PREPOSITIONS | {"into"} and geo.is_place_name(rest[1:].text):
        out.append(Span(doc, rest.start + 1, rest.end, label="GPE"))
    return out


def cut_headline_verbs(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    title_end = _title_end(doc)                 # 0: a text of one line has no title
    if not title_end:
        return ents
    labels = {name_key(e.text): e.label_ for e in ents if e.start_char >= title_end}
    return [part for e in ents for part in _cut_at_headline_verb(lex, e, title_end, labels)]


def drop_title_only(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return _drop_title_only(doc, ents)


def extend_facilities(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [_extend_facility(lex, doc, e) for e in ents]


def extend_persons(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    # Only tokens before a name are looked at, never its own: the tokens of all names will do.
    taken = {i for e in ents for i in range(e.start, e.end)}
    return [_extend_person(lex, doc, e, taken) for e in ents]


class SpanRepair(EntityPasses):
    PASSES = {"list_items": split_list_items, "comma_lists": split_comma_lists, "trim": trim_names,
              "title_of": trim_titles_of, "possessive_owners": trim_possessive_owners, "modifiers": drop_modifiers,
              "headline_verbs": cut_headline_verbs, "title_only": drop_title_only, "facility_words": extend_facilities, "person_names": extend_persons,
              "org_names": org_names, "ampersand_names": ampersand_names}


@Language.factory("pressextract_span_repair", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"lexicon_path": None, "passes": list(SpanRepair.PASSES)})
def make_span_repair(nlp: Language, name: str, lexicon_path: str | None, passes: list[str]) -> SpanRepair:
    return SpanRepair(load_lexicon(lexicon_path), passes)

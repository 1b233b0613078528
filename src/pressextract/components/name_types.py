"""Name types: organisation, facility or event ("Seoul Big Data Campus" is a facility, "the WeGO
Smart Cities Training Program" an event, "City of Brampton" a government).

Passes (``pressextract_name_types``, in order): ``vote`` (one label per surface form), ``relabel``
(lexicon heads and context cues; drops names that are only generic words), ``about_names`` (a
company's "About <Name>" block makes that name an organisation), ``about_mentions`` (and its
mentions the model missed), ``unit_of_org`` ("X Committee of Y University" names two
organisations), ``named_facilities`` (title-case names ending in a facility word that the model
missed), ``listed_organizations`` (a "person" listed among organisations), ``listed_names`` (a
name the model missed in a list of organisations).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..geo import is_place_name
from ..names import ABOUT_HEADING, is_credential, legal_suffixes, name_key, organization_key
from .datelines import dateline_places
from .doccache import sentence_of, text_of, title_end_token
from .entities import EntityLexicon, EntityPasses, load_lexicon
from .listitems import capitalised_lists, list_runs

_UNIT_HEADS = {"committee", "board", "council", "department", "office", "secretariat", "faculty",
               "institute", "division", "unit", "commission", "chapter", "branch", "center", "centre",
               "school", "bureau", "team", "directorate", "presidency"}


_PARENT_HEADS = {"university", "college", "city", "organization", "organisation", "association",
                 "network", "foundation", "company", "corporation", "bank", "government", "ministry",
                 "agency", "institute", "federation", "alliance", "union", "council", "group", "nations"}


def _vote_labels(lex: EntityLexicon, ents: list[Span]) -> list[Span]:
    """One label per surface form: the majority, places and organisations over persons. A
    surname stays a person's when a full name of the release ends in it ("said Drabik" after
    "Ann Drabik")."""
    votes: dict[str, Counter] = {}
    for e in ents:
        votes.setdefault(e.text.casefold(), Counter())[e.label_] += 1
    surnames = {e[-1].text.casefold() for e in ents if e.label_ == "PERSON" and len(e) > 1}
    out = []
    for e in ents:
        counter = votes[e.text.casefold()]
        if len(counter) > 1 and e.label_ == "PERSON" and len(e) == 1 and e.text.casefold() not in surnames:
            best = max((lbl for lbl in counter if lbl != "PERSON"), key=counter.__getitem__)
            out.append(Span(e.doc, e.start, e.end, label=best))
        else:
            out.append(e)
    return out


def _relabel(lex: EntityLexicon, doc: Doc, ent: Span, dateline_place: bool = False) -> str:
    """`ent`'s new label, "DROP" to drop it. `dateline_place`: the dateline names it as a place,
    which stays one even when its words are the lexicon's (state codes that are also a legal form,
    a generic word or a title: "DENVER, CO", "LAS VEGAS, NV", "JACKSON, MS")."""
    label = ent.label_
    words = [t.lower_ for t in ent if not t.is_punct]
    head = _head_word(lex, ent)
    if label in ("ORG", "GPE", "FAC", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LOC") and not (
            dateline_place and label == "GPE"):
        if all(w in lex.generic or w in lex.facility_heads or w in lex.titles
               or w.rstrip("s") in lex.titles or w in lex.legal_suffixes for w in words):
            return "DROP"                          # "the Main Entrance", "Chair", "LLC" alone
    if label == "FAC" and words and words[-1].strip(".,") in lex.legal_suffixes:
        return "ORG"                               # "Jackstadt GmbH" is a company
    if label in ("PERSON", "GPE", "LOC") and len(words) > 1 and not dateline_place and _legal_form(lex, ent[-1]):
        return "ORG"                               # "Loshak Law PLLC", "Ascheri Nelson LLP"
    if label in ("ORG", "PERSON") and (any(t.like_num for t in ent) and any(
            t.text.upper() in lex.currencies or t.text in "$€£¥₩" for t in ent) or ent.text in lex.currencies):
        return "DROP"                              # "EUR 100,000" read as an organisation
    if label in ("ORG", "PERSON", "FAC", "GPE") and any(p in ent.text.lower() + " " for p in lex.event_phrases):
        return "EVENT"
    if label in ("ORG", "PERSON", "GPE", "WORK_OF_ART") and len(words) > 1 and words[0] in lex.facility_first:
        return "FAC"
    if label == "GPE" and ent.text.lower().startswith(lex.org_prefixes):
        return "ORG"                               # "City of Brampton" governs; it is an organisation
    if label in ("ORG", "PERSON", "FAC") and len(words) > 1 and head in lex.product_heads:
        return "PRODUCT"                           # "Acme Pay App", "Quantum Tech Scorecard"
    if label in ("ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "PERSON") and len(words) > 1 and (
            head in lex.event_heads or head.rstrip("s") in lex.event_heads):
        return "ORG" if label == "ORG" and _acts(ent) else "EVENT"
    if label in ("WORK_OF_ART", "PRODUCT") and (head in lex.org_heads or len(words) > 1 and head in lex.company_name_words):
        return "ORG"                               # "Harbor Music Foundation", "Harbor Capital"
    if label == "PRODUCT" and re.fullmatch(r"[A-Z]{1,5}\d{1,3}", ent.text):
        return "ORG"                               # network codes: "C40", "U20"
    if label in ("FAC", "GPE", "LOC", "ORG") and _titled_apposition(lex, doc, ent):
        return "PERSON"                            # "Alain Le Saux, METROPOLIS Secretary-General"
    if label in ("ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART") and len(words) > 1:
        if head in lex.facility_heads and head not in lex.weak_heads:
            return "FAC"
        if head in lex.weak_heads and (_place_cue(doc, ent) or label == "FAC"
                                        or (len(words) > 1 and words[-2] in lex.compound_heads)):
            return "FAC"
    if label == "ORG" and len(words) > 1 and head not in lex.org_heads and head not in lex.company_name_words \
            and _place_cue(doc, ent):
        return "FAC"                               # "Harbor Pavilion, where"; "Qualtrics, where" is a company
    if label == "FAC" and head in lex.event_heads:
        return "EVENT"
    return label


def _legal_form(lex: EntityLexicon, tok) -> bool:
    """A company's legal form as written after its name ("PLLC", "Inc.", "GmbH"; not "Spa", a
    facility word that is also the Italian form)."""
    return tok.lower_ in lex.legal_suffixes and not (tok.is_title and tok.lower_ in lex.facility_heads)


def _head_word(lex: EntityLexicon, ent: Span) -> str:
    """The name's head: its last word before "in"/"at"/"on" and trailing numbers or years."""
    words = []
    for tok in ent:
        if tok.lower_ in ("in", "at", "on") and words:
            break
        words.append(tok)
    while words and (words[-1].like_num or words[-1].is_punct):
        words.pop()
    return words[-1].lower_ if words else ""


def _titled_apposition(lex: EntityLexicon, doc: Doc, ent: Span) -> bool:
    if len(ent) < 2 or ent.end + 2 >= len(doc) or doc[ent.end].text != ",":
        return False
    if ent[-1].lower_ in lex.facility_heads:
        return False
    phrase = doc[ent.end + 1 : min(len(doc), ent.end + 5)]
    clause = []
    for t in doc[ent.end + 1 : min(len(doc), ent.end + 10)]:
        if t.is_punct or t.pos_ in ("VERB", "AUX"):
            break
        clause.append(t)
    if any(t.ent_type_ == "PERSON" for t in clause):
        return False                               # the title belongs to the name after it
    return any(t.lower_ in lex.apposition_titles for t in phrase) and all(not t.is_sent_start for t in phrase)


def _place_cue(doc: Doc, ent: Span) -> bool:
    """Context that makes a name a place where things happen: ", where ..." or an opening."""
    j = ent.end
    if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
        j += 3                                     # "System (TOPIS), where"
    if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ == "where":
        return True
    before = doc[max(0, ent.start - 5) : ent.start]
    return any(t.lower_ in ("opening", "inauguration", "reopening") for t in before) and any(
        t.lower_ == "of" for t in before)


def _split_unit_of_org(lex: EntityLexicon, doc: Doc, ent: Span) -> list[Span]:
    """"Medals and Awards Committee of Eastern Washington University" names two organisations."""
    if ent.label_ != "ORG":
        return [ent]
    of = next((t for t in ent if t.lower_ == "of"), None)
    if of is None or of.i == ent.start or of.i + 1 >= ent.end:
        return [ent]
    unit, parent = doc[ent.start : of.i], doc[of.i + 1 : ent.end]
    parent_ok = ((parent[-1].lower_ in _PARENT_HEADS and len(parent) >= 2) or (len(parent) == 1 and parent[0].is_upper)
                 or (len(parent) >= 2 and parent[-1].lower_ in lex.legal_suffixes))   # "Supervisory Board of Acme AG"
    if unit[-1].lower_ in _UNIT_HEADS and len(unit) >= 2 and parent_ok:
        return [Span(doc, unit.start, unit.end, label="ORG"), Span(doc, parent.start, parent.end, label="ORG")]
    return [ent]


def _add_named_facilities(lex: EntityLexicon, doc: Doc, ents: list[Span]) -> list[Span]:
    """Capitalised names ending in a facility word that the model missed ("the Grand
    Pacific Hotel"): two or more title-case words, the last a (strong) facility head."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    title_end = title_end_token(doc)
    added = []
    for tok in doc[title_end:]:
        head = tok.lower_
        if not tok.is_title or head not in lex.facility_heads or head in lex.weak_heads or tok.i in taken:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].i not in taken \
                and not doc[start - 1].is_sent_start and doc[start - 1].lower_ not in lex.titles:
            start -= 1
        words = [t.lower_ for t in doc[start : tok.i + 1]]
        after_article = start > 0 and doc[start - 1].lower_ in ("the", "at", "in", "on", "to", "from")
        if tok.i - start >= 1 and after_article and not all(w in lex.generic or w in lex.facility_heads for w in words):
            added.append(Span(doc, start, tok.i + 1, label="FAC"))
            taken.update(range(start, tok.i + 1))
    return sorted(ents + added, key=lambda e: e.start) if added else ents


def listed_organizations(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A "person" listed among organisations is one of them: in a list of names
    (:func:`listitems.list_runs`) with at least three organisations for each person ("Kleiner
    Perkins" among a start-up's investors, "Clifford Chance" among a deal's advisers, the others
    read by the model as organisations)."""
    out = list(ents)
    for run in list_runs(doc, out):
        # Degrees after a name ("Ann Roe, MD, FACC") are no organisations of the list.
        labels = Counter("CREDENTIAL" if is_credential(out[i].text) else out[i].label_ for i in run)
        if labels["PERSON"] and labels["ORG"] >= 3 * labels["PERSON"]:
            for i in run:
                if out[i].label_ == "PERSON":
                    out[i] = Span(doc, out[i].start, out[i].end, label="ORG")
    return out


_LIST_CUE_WORDS = 8           # words before a list where "brands such as", "investors including" stand
# doc.spans key: the items of the lists of organisations :func:`listed_names` reads (a cue noun
# and at least half the items tagged as organisations; "Platinum sponsors: Harbor Health, Orbita,
# ..."), whatever their label; the entity typer never drops an organisation among them.
ORGANIZATION_LISTS = "organization_lists"
_LIST_BREAK_TOKENS = 4        # at most this many tokens between two runs of one list ("(IRIS),")


def listed_names(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """Names the model missed in a list of organisations are organisations: in an inline list of
    capitalised names (:func:`listitems.capitalised_lists`) that a plural noun of organisations
    introduces (the lexicon's `organization_list_nouns`: "brands such as", "investors including"),
    with at least one organisation and no person as tagged (or half its items organisations), an
    item no entity touches becomes one
    ("companies such as Microsoft, Meta, Chobani, Under Armour, Timberland, Oracle, and Patagonia"),
    and so does an item the model read as a place the gazetteer does not know ("Chobani"). The
    items of every such list go to ``doc.spans[ORGANIZATION_LISTS]``."""
    title_end = title_end_token(doc)
    label_at = {i: e.label_ for e in ents for i in range(e.start, e.end)}
    exact = {(e.start, e.end): e.label_ for e in ents}
    suffixes = legal_suffixes()
    other_kind = {name_key(e.text) for e in ents if e.label_ != "ORG"}
    added, retyped, listed = [], set(), []
    cued_end = -1                              # where the last list with a cue noun ended
    for items in capitalised_lists(doc, title_end):
        orgs = sum(1 for start, end in items
                   if exact.get((start, end)) == "ORG" or exact.get((start + 1, end)) == "ORG")
        first = items[0][0]
        nouns = [t for t in doc[max(sentence_of(doc[first]).start, first - _LIST_CUE_WORDS) : first] if t.pos_ == "NOUN"]
        cue = bool(nouns) and nouns[-1].lower_ in lex.organization_list_nouns   # not "categories including"
        # A list the model's sentence breaks or an odd item ("Acme Staffing, Inc.") cuts in two
        # goes on under the same cue.
        cue = cue or 0 <= first - cued_end <= _LIST_BREAK_TOKENS
        cued_end = items[-1][1] if cue else -1
        mostly_orgs = 2 * orgs >= len(items)
        names = [(start + 1 if start + 1 < end and doc[start].lower_ == "the" else start, end) for start, end in items]
        if cue and mostly_orgs:
            # The release says what the items are: the entity typer keeps them (see ORGANIZATION_LISTS).
            listed += [Span(doc, start, end) for start, end in names]
        if not cue or not orgs or (not mostly_orgs
                                   and any(label_at.get(i) == "PERSON" for s, e in items for i in range(s, e))):
            continue                           # no "brands such as", or people in a short one ("Ann Roe, Acme and Beta")
        for start, end in names:
            words = doc[start:end]
            if exact.get((start, end)) in ("GPE", "LOC") and not is_place_name(words.text):
                retyped.add((start, end))
                continue
            # Not a legal form after a comma ("Acme Media, LLC"), a job title or a name the release
            # gives another kind ("Sativa, Hybrid, and Indica" strains): a proper noun.
            if (not any(i in label_at for i in range(start, end)) and name_key(words[0].text) not in suffixes
                    and any(t.pos_ == "PROPN" for t in words) and not any(t.lower_ in lex.titles for t in words)
                    and name_key(words.text) not in other_kind):
                added.append(Span(doc, start, end, label="ORG"))
    doc.spans[ORGANIZATION_LISTS] = listed
    if not added and not retyped:
        return ents
    kept = [Span(doc, e.start, e.end, label="ORG") if (e.start, e.end) in retyped else e for e in ents]
    return sorted(kept + added, key=lambda e: e.start)


# Verbs whose subject is an actor: a "Programme" or a "Forum" that signs or funds is an organisation.
_ACTOR_VERBS = {"sign", "fund", "finance", "support", "provide", "donate", "invest", "partner", "hire", "appoint",
                "acquire", "award", "grant", "pledge", "commit", "announce", "welcome", "sponsor", "employ"}


def _acts(ent: Span) -> bool:
    """Whether the name is the subject (or joined to the subject) of an actor verb."""
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _ACTOR_VERBS


_PERSONAL = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)


_ABOUT_KEYS = "pressextract.about_keys"


def about_block_keys(doc: Doc) -> frozenset[str]:
    """Organisation keys of the names a release's own "About <Name>" blocks present; a block
    that speaks of "he" or "she" is a person's biography, not a company's. Read once per Doc (two
    passes here and the entity typer ask), kept in ``doc.user_data`` as a sorted list."""
    cached = doc.user_data.get(_ABOUT_KEYS)
    if cached is None:
        text = text_of(doc)
        keys = set()
        for m in ABOUT_HEADING.finditer(text):
            body = next((line for line in text[m.end() : m.end() + 1500].split("\n") if line.strip()), "")
            if not _PERSONAL.search(body):
                keys.add(organization_key(m.group("name")))
        keys.discard("")
        cached = doc.user_data[_ABOUT_KEYS] = sorted(keys)
    return frozenset(cached)


def about_names(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A company's own "About <Name>" block names an organisation: every mention of that name is
    one, whatever the model read ("About Survale" makes "Survale" an organisation, not a place).
    A facility named for what it is stays one ("About the Harbor Car Museum": museums, hotels
    and venues are facilities, as :func:`_about_mention_keys` reads them too)."""
    keys = about_block_keys(doc)
    if not keys:
        return ents
    out = []
    for e in ents:
        if e.label_ in ("PERSON", "GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"):
            key = organization_key(e.text)
            if key in keys and not (e.label_ == "FAC" and key.split()[-1] in lex.facility_heads):
                e = Span(doc, e.start, e.end, label="ORG")
        out.append(e)
    return out


_ABOUT_NAME_WORDS = 6        # words of an "About" name a mention may have (legal form included)


def _about_mention_keys(doc: Doc, lex: EntityLexicon) -> set[str]:
    """The organisation keys of the "About" names whose mentions :func:`about_mentions` adds: a
    company's name, not an event's or venue's ("About the Harbor Expo"), a person's ("About Dr.
    Ann Roe") or two companies' ("About Acme and the Acme Institute")."""
    keys = set()
    for key in about_block_keys(doc):
        words = key.split()
        if (len(words) > _ABOUT_NAME_WORDS or "and" in words or words[-1] in lex.event_heads
                or words[-1] in lex.facility_heads or words[0] in lex.titles or words[0] in lex.person_titles
                or all(w in lex.generic or w in legal_suffixes() for w in words)):
            continue
        keys.add(key)
    return keys


_ABOUT_NAME_PUNCT = {",", "&", "-", "."}


def _about_mention_end(span: Span) -> bool:
    """A mention ends on a word, not on a possessive or a full stop after the name ("Acme's",
    "Acme." but "Acme Inc."), and holds no punctuation but a name's ("Acme, Inc.", "A&B")."""
    last = span[-1].text
    return (last[:1].isalnum() and (not last.endswith(".") or name_key(last) in legal_suffixes())
            and all(not t.is_punct or t.text in _ABOUT_NAME_PUNCT for t in span))


def about_mentions(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """Mentions of a company's "About <Name>" name that the model did not read as a name at all
    ("About Padel 100", and "Padel 100 partners with ..." in the story) become organisations:
    the release presents the company itself. A mention is the longest capitalised run of words
    with the name's organisation key ("Acme Labs Inc." for "About Acme Labs")."""
    keys = _about_mention_keys(doc, lex)
    if not keys:
        return ents
    taken = {i for e in ents for i in range(e.start, e.end)}
    firsts = {key.split()[0] for key in keys}
    added = []
    for tok in doc:
        if tok.i in taken or not (tok.text[:1].isupper() or tok.text[:1].isdigit()) or name_key(tok.text) not in firsts:
            continue
        ends = [end for end in range(tok.i + 1, min(tok.i + 1 + _ABOUT_NAME_WORDS, len(doc)) + 1)
                if not taken.intersection(range(tok.i, end)) and "\n" not in doc[tok.i : end].text
                and _about_mention_end(doc[tok.i : end])
                and organization_key(doc[tok.i : end].text) in keys]
        if ends:
            added.append(Span(doc, tok.i, ends[-1], label="ORG"))
            taken.update(range(tok.i, ends[-1]))
    return sorted(ents + added, key=lambda e: e.start) if added else ents


def vote_labels(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    # A name the dateline gives as a place is that place wherever the release repeats it ("TX").
    dateline = {s.text.casefold() for s in dateline_places(doc)}
    ents = [Span(doc, e.start, e.end, label="GPE") if e.text.casefold() in dateline and e.label_ != "GPE" else e
            for e in ents]
    return _vote_labels(lex, ents)


def relabel(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    places = [(s.start, s.end) for s in dateline_places(doc)]
    relabelled = [Span(doc, e.start, e.end, label=_relabel(lex, doc, e, any(a <= e.start and e.end <= b
                                                                             for a, b in places)))
                  for e in ents]
    return [e for e in relabelled if e.label_ != "DROP"]


def split_units_of_orgs(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [part for e in ents for part in _split_unit_of_org(lex, doc, e)]


def add_named_facilities(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return _add_named_facilities(lex, doc, ents)


class NameTypes(EntityPasses):
    PASSES = {"vote": vote_labels, "relabel": relabel, "about_names": about_names,
              "about_mentions": about_mentions, "unit_of_org": split_units_of_orgs,
              "named_facilities": add_named_facilities, "listed_organizations": listed_organizations,
              "listed_names": listed_names}


@Language.factory("pressextract_name_types", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"lexicon_path": None, "passes": list(NameTypes.PASSES)})
def make_name_types(nlp: Language, name: str, lexicon_path: str | None, passes: list[str]) -> NameTypes:
    return NameTypes(load_lexicon(lexicon_path), passes)

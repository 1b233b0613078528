"""Names that are not entities of the story, each class a filter that config can switch off.

Runs after the entity clean-up components. Every filter is a pure function ``(doc, ents, lex) ->
ents`` over ``doc.ents``; the component runs those its ``passes`` config lists, in this order:

- ``headings``: headline case misleads the model ("Recruit Them", "Market Expansion"): a name
  seen only in heading lines (the title, subtitles, section headings) counts only if the body
  spells its words too;
- ``tickers``: exchange listings are not organisations ("(NASDAQ: ACME)", "(TWSE: 6472)");
- ``web_addresses``: URLs and e-mail addresses are not names;
- ``job_titles``: a job title or a department alone is not an organisation ("Chief Financial
  Officer", "VP of Research", "Community Relations"), nor is the acronym a title defines ("Chief
  Revenue Officer (CRO)");
- ``not_names``: the lexicon's words that are no names ("ESG", "Memorandum of Understanding"),
  nor the long form such a short form defines ("Environmental, Social, and Governance (ESG)");
- ``products``: a name marked ® or ™ is a product or a brand, not an organisation or a person,
  unless it carries a company word ("Acme® Limited");
- ``common_words``: a one-word name the release also writes in lower case is a common word
  ("Patients", "Solar");
- ``credentials``: short capitals after a person's name and a comma are degrees and licences, not
  organisations or places ("Ann Roe, RN, LCSW");
- ``contacts``: a person named as the release's contact or in a photo credit is no person of the
  story ("Media Contact: Ann Roe", "contact: Dr. Ann Roe at 555-0100", "Featured photo by Ann Roe
  on Unsplash");
- ``unknown_places``: a "place" the gazetteer does not know, with no geographic word, no
  preposition of place, outside the dateline and not listed with known places ("Dublin,
  Powell and Hilliard"), is a misread name ("Kayaking");
- ``streets``: a person or an unknown place whose name ends in a street word is a street
  ("Lamar St.", "Lynn Valley Rd"), and so is an organisation after a house number ("212
  Culver Ave").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..geo import is_known_place, is_place_name
from ..names import NAME_PARTS, is_credential, is_job_title, is_web_address
from ..settings import HEADING_MAX_WORDS
from .acronyms import long_forms
from .datelines import dateline_places
from .doccache import text_of
from .entities import NAME_LABELS, PLACE_LABELS, PLACE_PREPOSITIONS, EntityLexicon, EntityPasses, load_lexicon
from .lines import BULLET
from .listitems import list_runs

# An exchange listing inside parentheses: "(NYSE: ACME)", '("Bora"; TWSE: 6472; OTCQX: BORAY)'.
_PARENTHESES = re.compile(r"\([^()]{3,200}\)")
_LISTING = re.compile(r"\b[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)?:\s*[A-Z0-9][A-Z0-9.\-]{0,9}\b")
_MARKED = re.compile(r"[®™]")
_SENTENCE_BREAK = re.compile(r"[a-z)][.!?]\s+[A-Z]")     # a line of wrapped prose, not a heading


def heading_lines(text: str, skip: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """Offsets of heading lines: the first line, and short lines in headline case without a
    sentence's final full stop or a list's commas (subtitles, section headings). List items
    ("* Ann Roe, Acme Labs") and lines that hold a span of `skip` (the dateline) are not
    headings."""
    out, pos = [], 0
    for n, line in enumerate(text.split("\n")):
        end = pos + len(line)
        if n and (line.count(",") >= 2 or BULLET.match(line) or any(pos <= a < end for a, _ in skip)):
            pos = end + 1
            continue
        words = re.findall(r"[A-Za-z][\w'’&-]*", line)
        capitalised = [w for w in words if w[0].isupper()]
        lower = [w for w in words if w[0].islower() and w.lower() not in NAME_PARTS | {"a", "an", "with", "by", "vs"}]
        prose = line.rstrip().endswith(".") or _SENTENCE_BREAK.search(line)
        if words and (n == 0 or (len(words) <= HEADING_MAX_WORDS and not prose
                                 and len(capitalised) >= 2 and len(lower) * 10 <= len(words))):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def drop_heading_only(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    text = text_of(doc)
    headings = heading_lines(text, tuple((s.start_char, s.end_char) for s in doc.spans.get("dateline", [])))
    pieces, pos = [], 0
    for start, end in headings:                  # the text without its heading lines, in one pass
        pieces.append(text[pos:start])
        pos = end
    body = " ".join([*pieces, text[pos:]])
    body_words = set(re.findall(r"[\w'’&.-]+", body))
    if not body.strip():
        return ents                        # a headline alone: nothing to check it against

    def in_heading(e: Span) -> bool:
        return any(a <= e.start_char and e.end_char <= b for a, b in headings)

    def spelled_in_body(e: Span) -> bool:
        words = [t.text for t in e if t.is_alpha and len(t.text) > 1 and t.lower_ not in NAME_PARTS]
        return bool(words) and all(w in body_words for w in words)

    keep_texts = {e.text for e in ents if not in_heading(e)}
    return [e for e in ents if not in_heading(e) or e.text in keep_texts or spelled_in_body(e)]


def drop_tickers(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    text = text_of(doc)
    spans = [(m.start() + t.start(), m.start() + t.end()) for m in _PARENTHESES.finditer(text)
             for t in _LISTING.finditer(m.group(0))]
    return [e for e in ents if not any(a <= e.start_char < b or e.start_char <= a < e.end_char for a, b in spans)]


def drop_web_addresses(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return [e for e in ents if not is_web_address(e.text)]


def drop_job_titles(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A job title is no organisation, nor is the acronym it defines ("Chief Revenue Officer
    (CRO)")."""
    words = lex.titles | lex.department_words
    titles = {short for short, long in long_forms(doc).items() if is_job_title(long.text, words)}
    return [e for e in ents if not (e.label_ == "ORG" and (e.text in titles or is_job_title(e.text, words)))]


def drop_not_names(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """The lexicon's ``not_names`` are no names, nor are the long forms they abbreviate: the
    acronym component would otherwise make "Environmental, Social, and Governance (ESG)" an
    organisation. A dateline's place stays one ("QUEBEC CITY, QC")."""
    spans = {(long.start, long.end) for short, long in long_forms(doc).items() if short.casefold() in lex.not_names}
    places = [(s.start, s.end) for s in dateline_places(doc)]
    return [e for e in ents if any(a <= e.start and e.end <= b for a, b in places) or not (
        (e.start, e.end) in spans or " ".join(t.lower_ for t in e if not t.is_punct) in lex.not_names)]


def drop_products(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    text = text_of(doc)
    def marked(e: Span) -> bool:
        if any(t.lower_.strip(".,") in lex.company_words for t in e):
            return False                   # "Acme® Limited", "Harbor Financial Network®": a company
        return bool(_MARKED.search(e.text) or _MARKED.match(text, e.end_char))

    return [e for e in ents if not (e.label_ in ("ORG", "PERSON", "GPE", "FAC") and marked(e))]


def drop_common_words(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A one-word "name" that the release also writes in lower case inside a sentence is a
    common word in headline or sentence-initial case ("Patients", "Secure", "Solar")."""
    lower = {t.text for t in doc if t.is_lower and t.is_alpha and not t.is_sent_start}
    return [e for e in ents if not (len(e) == 1 and e.label_ in NAME_LABELS and not e.text.isupper()
                                    and e.text.lower() in lower)]


def drop_credentials(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """"Ann Roe, RN, LCSW", "Dr. Lee, MD, FACC", "Ann Roe, M.Ed., LPC, CLT-LANA": the capitals in
    a comma chain right after a person's name are the person's degrees and licences, not
    organisations or places. The first is followed by punctuation ("Ann Roe, RN, said", never
    "Ann Roe, UFC champion"); after it the chain may end in a word ("Ann Roe, MD, MPH will")."""
    credentials = set()
    for e in ents:
        if e.label_ != "PERSON" or len(e) < 2:
            continue
        i, links = e.end, 0
        while i + 1 < len(doc) and doc[i].text == ",":
            end = _credential_end(doc, i + 1)
            if end is None or not (links or end == len(doc) or doc[end].is_punct or doc[end].is_space):
                break
            credentials.update(range(i + 1, end))
            i, links = end, links + 1
    return [e for e in ents if not all(t.i in credentials for t in e)]


def _credential_end(doc: Doc, i: int) -> int | None:
    """The token after a credential starting at token `i` ("LCSW", "PhD", "M.Ed.", with hyphened
    parts: "CLT-LANA", "PhD-c"), or None when none starts there."""
    text = doc[i].text
    if not is_credential(text):
        return None
    end = i + 1
    if "." in text and end < len(doc) and doc[end].text == "." and not doc[i].whitespace_:
        end += 1                               # "M.Ed" ".": the tokenizer splits the last period off
    while (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
           and not doc[end].whitespace_ and doc[end + 1].is_alpha):
        end += 2
    return end


# Right before a person's name: a contact line's label or a photo credit, looked for in the
# characters before the name.
_CONTACT_OR_CREDIT = re.compile(r"(?:\bcontacts?\s*:|\b(?:photo|image|photograph)(?:\s+credit)?\s*(?:by|:))"
                                r"\s*(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?$", re.I)
_CONTACT_OR_CREDIT_CHARS = 60


def drop_contacts(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A person right after "Contact:" (any contact line's label: "Media Contact:", on the same
    line or the next) or "photo by" is the release's contact or a photographer, not a person of
    the story. Only that mention goes: the same person quoted in the story stays."""
    text = text_of(doc)

    def credited(e: Span) -> bool:
        return bool(_CONTACT_OR_CREDIT.search(text, max(0, e.start_char - _CONTACT_OR_CREDIT_CHARS), e.start_char))

    return [e for e in ents if not (e.label_ == "PERSON" and credited(e))]


# Words that end the name of a country's administrative division and nothing else ("Gyeonggi
# Province"; not "State" or "District", which end nicknames and fragments: "Peach State",
# "Congressional District").
_ADMINISTRATIVE_UNITS = {"province", "prefecture", "oblast", "governorate", "canton", "municipality"}


def drop_unknown_places(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A "place" the gazetteer does not know (nor a state abbreviation, a name with a geographic
    word or one ending in a province's or prefecture's word), in no dateline, with no preposition
    of place before it, no region word after it and not listed with a place kept ("Dublin,
    Powell and Hilliard"), is a misread name ("Bidding Opens", "Kayaking", "Unboxed")."""
    dateline = [(s.start_char, s.end_char) for s in doc.spans.get("dateline", [])]
    text = text_of(doc)

    def keep(e: Span) -> bool:
        if e.label_ not in ("GPE", "LOC") or is_place_name(e.text):
            return True                    # a gazetteer place, or a state or province ("N.J.", "NY")
        words = re.split(r"\s+|&|\band\b", e.text)
        if len(words) == 1:
            words = words[0].split("-")    # "Asia-Pacific", "Miami-Dade"; not "Asia-Pacific Urban Forum"
        if any(w.lower() in lex.geographic_words for w in words) or any(is_known_place(w) for w in words if w):
            return True                    # "Southern California", "New England", "Beijing & Shanghai", "Asia-Pacific"
        if len(words) > 1 and words[-1].lower() in _ADMINISTRATIVE_UNITS:
            return True                    # "Gyeonggi Province", "Aichi Prefecture"
        if any(a <= e.start_char < b for a, b in dateline):
            return True
        before = doc[e.start - 1].lower_ if e.start > 0 else ""
        after = doc[e.end].lower_ if e.end < len(doc) else ""
        return before in PLACE_PREPOSITIONS or after in lex.region_words

    known = [keep(e) for e in ents]
    kept = list(known)
    for run in list_runs(doc, ents):              # a town listed with known places is a place
        for k, i in enumerate(run):
            if known[i] or any(c.isdigit() for c in ents[i].text):
                continue                        # no code ("I35w")
            sides = [run[k + d] for d in (-1, 1) if 0 <= k + d < len(run) and ents[run[k + d]].label_ in PLACE_LABELS]
            # Joined to a known place by "and", or with places on both sides ("Dublin, Powell,
            # Hilliard"; not "Ann Roe, Dublin").
            kept[i] = any(known[j] and (len(sides) == 2 or _joined_by_and(text, ents[i], ents[j])) for j in sides)
    return [e for e, k in zip(ents, kept) if k]


def _joined_by_and(text: str, a: Span, b: Span) -> bool:
    lo, hi = sorted((a, b), key=lambda e: e.start)
    return "and" in text[lo.end_char:hi.start_char].split()


def drop_streets(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A person or a place the gazetteer does not know whose name ends in a street word (the
    lexicon's ``street_words``: "Lamar St.", "N. Fort Harrison Ave", "Lynn Valley Rd") is a
    street, and so is an "organisation" after a house number ("212 Culver Ave"). Other
    organisations and venues keep such names: a building or a company may be named after its
    street."""
    def street(e: Span) -> bool:
        words = [t for t in e if not t.is_punct]
        if len(words) < 2 or words[-1].lower_.rstrip(".") not in lex.street_words:
            return False
        if e.label_ == "ORG" and e.start > 0 and doc[e.start - 1].like_num:
            return True
        return e.label_ == "PERSON" or (e.label_ in ("GPE", "LOC") and not is_place_name(e.text))

    return [e for e in ents if not street(e)]


class NameFilters(EntityPasses):
    PASSES = {"headings": drop_heading_only, "tickers": drop_tickers, "web_addresses": drop_web_addresses,
              "job_titles": drop_job_titles, "not_names": drop_not_names, "products": drop_products, "common_words": drop_common_words,
              "credentials": drop_credentials, "contacts": drop_contacts, "unknown_places": drop_unknown_places,
              "streets": drop_streets}


@Language.factory("pressextract_name_filters", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"lexicon_path": None, "passes": list(NameFilters.PASSES)})
def make_name_filters(nlp: Language, name: str, lexicon_path: str | None, passes: list[str]) -> NameFilters:
    return NameFilters(load_lexicon(lexicon_path), passes)

"""Acronyms and their long forms: "Seoul Human Resource Development Center (SHRDC)".

The algorithm is Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation
definitions in biomedical text" (PSB 2003), as scispacy implements it: a short form in
parentheses ("(SHRDC)", or quoted in the style of a contract, "(“GBM”)") is matched
right-to-left, character by character, against the words before it.
The component records the pairs on the Doc and makes the long form an entity with the label
its short form carries elsewhere, so later mentions of "SHRDC" resolve to one organisation. A
pair the model labelled nowhere is an organisation only when its long form has an
organisation's word (the entity lexicon's ``org_heads`` and ``legal_suffixes``: "Patent Trial
and Appeal Board (PTAB)") or ends in a company-name word (``company_name_words``: "Orbita
Media (OM)"); otherwise it is a term ("Inheritance Tax (IHT)", "Key Opinion Leaders (KOLs)")
and no entity. A short form defined by a lower-case term ("deep learning (DL)",
"cardiopulmonary resuscitation (CPR)") is no name anywhere in the release, whatever the model
read it as.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from .doccache import sentence_of
from .entities import NAME_LABELS, EntityLexiconComponent, load_lexicon
from .listitems import item_start

# short form -> (start, end) token offsets of its long form. Offsets, not a Span: a Span kept
# on its own Doc is a reference cycle that holds the Doc until a full garbage collection.
if not Doc.has_extension("acronyms"):
    Doc.set_extension("acronyms", default={})


def long_forms(doc: Doc) -> dict[str, Span]:
    """``doc._.acronyms`` as Spans: short form -> long form."""
    return {short: doc[start:end] for short, (start, end) in doc._.acronyms.items()}


def _is_short_form(text: str) -> bool:
    return (2 <= len(text) <= 10 and text[0].isalnum() and any(c.isupper() for c in text)
            and sum(c.isalpha() for c in text) >= 2 and len(text.split()) == 1)


def best_long_form(short: str, candidate: str) -> int | None:
    """Schwartz & Hearst: start index in `candidate` of the long form of `short`, or None."""
    s_i, l_i = len(short) - 1, len(candidate) - 1
    while s_i >= 0:
        ch = short[s_i].lower()
        if not ch.isalnum():
            s_i -= 1
            continue
        while (l_i >= 0 and candidate[l_i].lower() != ch) or (
            s_i == 0 and l_i > 0 and candidate[l_i - 1].isalnum()
        ):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    return candidate.rfind(" ", 0, l_i + 1) + 1


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    """(long form, short form) pairs defined in `doc` as "Long Form (SF)": a name's words are
    capitalised, apart from function words."""
    return [(long, short) for long, short in find_definitions(doc) if not is_term(long)]


def is_term(long_span: Span) -> bool:
    """A long form with a lower-case content word is a term, not a name: "memorandum of
    understanding (MoU)", "plasmid DNA (pDNA)", "Alzheimer's disease (AD)"."""
    return any(t.is_alpha and t.is_lower and not t.is_stop for t in long_span)


def find_definitions(doc: Doc) -> list[tuple[Span, Span]]:
    """(long form, short form) pairs defined in `doc` as "long form (SF)", terms included."""
    pairs: list[tuple[Span, Span]] = []
    for tok in doc:
        if tok.text != "(":
            continue
        short = _parenthesised_word(doc, tok.i)
        if short is None or not _is_short_form(short.text):
            continue
        n = len(short.text)
        window_start = max(sentence_of(tok).start, tok.i - min(n + 5, 2 * n))
        window_start = item_start(doc, tok.i, floor=window_start)   # not across "), 13 -" or ";"
        window = doc[window_start : tok.i]
        start = best_long_form(short.text, window.text)
        if start is None:
            continue
        long_span = doc.char_span(window.start_char + start, window.end_char, alignment_mode="expand")
        if long_span is None or len(long_span) < 2 or len(long_span.text) <= len(short.text):
            continue
        # Leading function words are not part of a name ("the", "and", "of"), nor a possessive
        # ending ("PPX Mining Corp.’s (“PPX”) project").
        while len(long_span) > 1 and long_span[0].is_stop:
            long_span = long_span[1:]
        if len(long_span) > 1 and long_span[-1].tag_ == "POS":
            long_span = long_span[:-1]
        if long_span[0].text == short.text and long_span[1].text == ",":
            continue                           # the short form repeated: "SLU, Uppsala, Sweden (“SLU”)"
        pairs.append((long_span, short))
    return pairs


_QUOTES = {'"', "“", "”", "'", "‘", "’"}


def _parenthesised_word(doc: Doc, open_i: int) -> Span | None:
    """The one word in the parentheses opening at token `open_i`: "(SF)", or an acronym quoted
    in the style of a contract, "glioblastoma multiforme (“GBM”)". A quoted word with one capital
    is a defined name ("Crete United (“Crete”)"), not an abbreviation: None."""
    i = open_i + 1
    quoted = i < len(doc) and doc[i].text in _QUOTES
    i += quoted
    close = i + 1 + quoted
    if close >= len(doc) or doc[close].text != ")" or (quoted and doc[i + 1].text not in _QUOTES):
        return None
    if quoted and sum(c.isupper() for c in doc[i].text) < 2:
        return None
    return doc[i : i + 1]


@Language.factory(
    "pressextract_acronyms",
    assigns=["doc.ents", "doc._.acronyms"],
    requires=["doc.ents", "doc.sents"],
    default_config={"lexicon_path": None},
)
def make_acronym_detector(nlp: Language, name: str, lexicon_path: str | None) -> "AcronymDetector":
    return AcronymDetector(load_lexicon(lexicon_path))


class AcronymDetector(EntityLexiconComponent):
    """Sets ``doc._.acronyms`` and aligns entities with the long forms."""

    def __call__(self, doc: Doc) -> Doc:
        table: dict[str, tuple[int, int]] = {}
        terms: set[str] = set()
        ents = list(doc.ents)
        for long_span, short in find_definitions(doc):
            if is_term(long_span):
                # A term's head, its last word, is lower case: "deep learning (DL)", "cardiopulmonary
                # resuscitation (CPR)"; "director of the Academic Division ... Sciences (DACEA)" is
                # a name in another language's word order.
                if long_span[-1].is_lower:
                    terms.add(short.text)
                continue
            # S&H finds the shortest long form; a name the NER found around it is the full one
            # ("WeGO Executive Committee (EXCOM)", "the Seoul Transport ... System (TOPIS)").
            around = next((e for e in ents if e.start <= long_span.start < e.end <= long_span.end + 1
                           and e.end >= long_span.end), None)
            if around is not None:
                long_span = doc[around.start : long_span.end]
            table.setdefault(short.text, (long_span.start, long_span.end))
            label = (around.label_ if around is not None else None) or _label_of(long_span.text, ents) \
                or _label_of(short.text, ents)
            if label is None:
                if not self.lex.is_company_name([t.lower_ for t in long_span]):
                    continue                   # a term: "Price Loss Coverage (PLC)"
                label = "ORG"
            if label not in ("ORG", "FAC", "EVENT", "GPE", "LOC", "PRODUCT", "NORP"):
                label = "ORG"
            ents = [e for e in ents if e.end <= long_span.start or e.start >= long_span.end]
            ents = [e for e in ents if not (e.start <= short.start < e.end)]
            ents.append(Span(doc, long_span.start, long_span.end, label=label))
            ents.append(Span(doc, short.start, short.end, label=label))
        # A short form the release defines only as a term is no name anywhere in it.
        terms -= table.keys()
        if terms:
            ents = [e for e in ents if not (e.label_ in NAME_LABELS and e.text in terms)]
        doc.ents = sorted(ents, key=lambda e: e.start)
        doc._.acronyms = table
        return doc


def _label_of(text: str, ents: list[Span]) -> str | None:
    """The commonest label of the entities reading `text`; on a tie, the first in the text."""
    # The length first: building every entity's text for every acronym was quadratic.
    labels = Counter(e.label_ for e in ents if e.end_char - e.start_char == len(text) and e.text == text)
    return labels.most_common(1)[0][0] if labels else None

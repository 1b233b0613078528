"""Per-Doc caches for what spaCy recomputes on every access.

``Doc.text`` joins all tokens and ``Span.sent`` walks the document each time it is read; the
components and ``events`` ask for them per entity and per trigger, which made whole-document
work quadratic. Both are computed once per Doc here (after the parser has set sentences).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_TEXT, _SENTS = "pressextract.text", "pressextract.sents"


def text_of(doc: Doc) -> str:
    cached = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.user_data[_TEXT] = doc.text
    return cached


def sentence_of(item: Token | Span) -> Span:
    """The sentence containing a token or span (its first token)."""
    doc = item.doc
    i = item.i if isinstance(item, Token) else item.start
    return doc[slice(*_bounds(doc)[bisect_right(_starts(doc), i) - 1])]


def sentences(doc: Doc) -> list[Span]:
    return [doc[a:b] for a, b in _bounds(doc)] if len(doc) else []


# Offsets, not Spans, are cached: a Span in doc.user_data would make a reference cycle that
# keeps every Doc (and its tensors) alive until a full garbage collection.
def _bounds(doc: Doc) -> list[tuple[int, int]]:
    bounds = doc.user_data.get(_SENTS)
    if bounds is None:
        bounds = doc.user_data[_SENTS] = [(s.start, s.end) for s in doc.sents]
        doc.user_data[_SENTS + ".starts"] = [a for a, _ in bounds]
    return bounds


def _starts(doc: Doc) -> list[int]:
    _bounds(doc)
    return doc.user_data[_SENTS + ".starts"]


def token_at(doc: Doc, char: int) -> Token | None:
    """The token whose text contains character offset `char` (or the next one)."""
    starts = doc.user_data.get("pressextract.starts")
    if starts is None:
        starts = doc.user_data["pressextract.starts"] = [t.idx for t in doc]
    k = bisect_right(starts, char) - 1
    if k < 0:
        return doc[0] if len(doc) else None
    tok = doc[k]
    if char >= tok.idx + len(tok.text) and k + 1 < len(doc):
        return doc[k + 1]
    return tok


def title_end_token(doc: Doc) -> int:
    """The index of the first line break's token: where the title line ends (len(doc) when the
    text is one line)."""
    return next((t.i for t in doc if t.is_space and "\n" in t.text), len(doc))

"""List punctuation: where one item of an inline list ends and the next begins.

"15 - Tom Vale (England); 14 - Huw Price (Wales), 13 - Dai Morgan (Wales)": a semicolon, a
comma after a closing parenthesis, a bullet or a bar ends an item, and no name runs across it.
The numbering that opens the next item ("13 -", "4.") is list punctuation too.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .doccache import text_of

_SEPARATORS = {";", "|", "•", "·"}
_NUMBER_MARKS = {"-", "–", "—", ".", ")", ":"}
# Between two names of one inline list: a comma, a semicolon or "and", after an optional
# parenthesised qualifier ("Tbilisi, Adjara (Georgia) and Svaneti").
_LIST_GAP = re.compile(r"\s*(\([^()]{1,20}\))?\s*(,|;|,?\s*and)\s*")


def list_runs(doc: Doc, ents: list[Span]) -> list[list[int]]:
    """Indexes of `ents` (in text order) grouped into runs of names listed one after another: only
    list punctuation between neighbours. A name outside any list is a run of its own."""
    text = text_of(doc)
    runs: list[list[int]] = []
    for i, ent in enumerate(ents):
        if i and _LIST_GAP.fullmatch(text[ents[i - 1].end_char : ent.start_char]):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def is_list_break(doc: Doc, i: int) -> bool:
    """Whether token i separates two items of a list."""
    text = doc[i].text
    if text in _SEPARATORS:
        return True
    return text == "," and i > 0 and doc[i - 1].text == ")"


def _numbering_end(doc: Doc, i: int) -> int:
    """The token after an item number starting at i ("13 -", "4."), or i if there is none."""
    if i + 1 < len(doc) and doc[i].like_num and doc[i + 1].text in _NUMBER_MARKS:
        return i + 2
    return i


def item_start(doc: Doc, i: int, floor: int = 0) -> int:
    """The first token of the list item that token i belongs to (not before `floor`)."""
    j = i
    while j > floor and not is_list_break(doc, j - 1):
        j -= 1
    return min(_numbering_end(doc, j), i) if j > floor else j


def split_at_list_breaks(span: Span) -> list[Span]:
    """The parts of `span` between list punctuation, with its label; the span itself if none."""
    doc = span.doc
    breaks = [i for i in range(span.start, span.end) if is_list_break(doc, i)]
    if not breaks:
        return [span]
    parts, start = [], span.start
    for b in [*breaks, span.end]:
        if start < b and any(t.is_alpha for t in doc[start:b]):
            parts.append(Span(doc, start, b, label=span.label_))
        start = _numbering_end(doc, b + 1) if b + 1 < span.end else b + 1
    return parts


_ITEM_JOINERS = {"&", "of", "-"}      # inside a listed name ("Tiffany & Co.", "Bank of Harbor")
_ITEM_WORDS_MAX = 5


def _name_word(tok) -> bool:
    """A capitalised word, or one spelled like a brand ("i2i", "eBay", "3M")."""
    text = tok.text
    return (text[:1].isupper() or (any(c.isdigit() for c in text) and any(c.isalpha() for c in text))
            or (text[:1].islower() and any(c.isupper() for c in text[1:])))


def capitalised_lists(doc: Doc, start: int = 0) -> list[list[tuple[int, int]]]:
    """Inline lists of capitalised names from token `start` on, whatever the model tagged: runs
    of capitalised words (with "&", "of" or "-" inside) of at most five words with list
    punctuation between them, as :func:`list_runs` reads it ("Microsoft, Meta, Under Armour,
    Oracle, and Patagonia"); each list of three or more items as (start, end) token offsets."""
    text = text_of(doc)
    runs: list[tuple[int, int]] = []
    i = start
    while i < len(doc):
        if not _name_word(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and (_name_word(doc[j]) or (doc[j].text in _ITEM_JOINERS and j + 1 < len(doc)
                                                      and _name_word(doc[j + 1]))):
            j += 1
        runs.append((i, j))
        i = j
    lists: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for run in runs:
        if (current and run[1] - run[0] <= _ITEM_WORDS_MAX
                and _LIST_GAP.fullmatch(text[doc[slice(*current[-1])].end_char : doc[run[0]].idx])):
            current.append(run)
            continue
        if len(current) >= 3:
            lists.append(current)
        current = [run] if run[1] - run[0] <= _ITEM_WORDS_MAX else []
    if len(current) >= 3:
        lists.append(current)
    return lists

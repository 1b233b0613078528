"""The layout of a release: its title, its lead sentence and the rest (the body).

Worked out once per Doc from the text's lines, the sentences and the dateline span
(``pressextract_datelines``), and cached in ``doc.user_data`` as offsets. Read by the event rules
(``events.py``) and the headline typer.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..settings import LEAD_MIN_CHARS
from .doccache import sentence_of, sentences, text_of
from .lines import BULLET

_LAYOUT = "pressextract.layout"


def zones(doc: Doc) -> tuple[int, int, int]:
    """(end of title, start of lead sentence, end of lead sentence) as character offsets.

    The lead is the first line longer than ``LEAD_MIN_CHARS`` that is not a bullet (wire
    releases open with summary bullets, then the story); its sentence is the first that ends
    after the dateline ("CINCINNATI, OH, May 4, 2026 /24-7PressRelease/ --" may be cut off as
    a sentence of its own).
    """
    return _layout(doc)[:3]


def lead_sentence(doc: Doc) -> Span | None:
    """The story's first sentence (see :func:`zones`), the dateline skipped."""
    first = _layout(doc)[3]
    return sentence_of(doc[first]) if first is not None else None


def _layout(doc: Doc) -> tuple[int, int, int, int | None]:
    """:func:`zones` and the first token of the lead sentence, worked out once per Doc (offsets,
    not Spans, are kept: see ``doccache``)."""
    cached = doc.user_data.get(_LAYOUT)
    if cached is not None:
        return cached
    text = text_of(doc)
    title_end = text.find("\n")
    title_end = len(text) if title_end < 0 else title_end
    pos, lead_start = title_end, None
    for line in text[title_end:].split("\n"):
        if len(line.strip()) > LEAD_MIN_CHARS and not BULLET.match(line):
            lead_start = pos + (len(line) - len(line.lstrip()))
            break
        pos += len(line) + 1
    if lead_start is None:
        layout = (title_end, title_end, title_end, None)
    else:
        after = max([lead_start] + [s.end_char for s in doc.spans.get("dateline", []) if s.start_char >= lead_start])
        lead = next((s for s in sentences(doc) if s.end_char > after), None)
        layout = (title_end, lead_start, lead.end_char, lead.start) if lead is not None else \
            (title_end, lead_start, lead_start, None)
    doc.user_data[_LAYOUT] = layout
    return layout

"""Line structure: a release's lines are units (title, date line, dateline, list items).

Runs before the parser and NER: a line break starts a sentence, and line-break tokens are
marked outside any entity, so neither sentences nor names run from the title into the body
("El Pomar/Press Opening Dear Faculty and Staff").
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc, Span


@Language.factory(
    "pressextract_lines",
    assigns=["token.is_sent_start", "token.ent_iob"],   # line breaks: sentence starts, outside any entity
)
def make_line_marker(nlp: Language, name: str):
    return mark_lines


def mark_lines(doc: Doc) -> Doc:
    breaks = [t for t in doc if t.is_space and "\n" in t.text]
    # The sentence starts in one write: Token.is_sent_start's setter scans the whole Doc for a
    # parse each time, which made this quadratic in the number of lines.
    starts = [tok.i + 1 for tok in breaks if tok.i + 1 < len(doc)]
    if starts:
        if doc.has_annotation("DEP"):
            raise ValueError(Errors.E043)          # as the setter: a parse fixes the sentences
        values = doc.to_array(SENT_START)
        values[starts] = 1
        doc.from_array([SENT_START], values)
    doc.set_ents([], outside=[Span(doc, t.i, t.i + 1) for t in breaks], default="unmodified")
    return doc

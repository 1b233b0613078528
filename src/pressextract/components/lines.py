"""Line structure: a release's lines are units (title, date line, dateline, list items).

Runs before the parser and NER: a line break starts a sentence, and line-break tokens are
marked outside any entity, so neither sentences nor names run from the title into the body
("El Pomar/Press Opening Dear Faculty and Staff").

A heading glued to its paragraph by a conversion that lost the line break ("Impact on the
Beldex CommunityThe Hermes hardfork is ...") is split the same way: the tokenizer cuts the
capitalised word that opens the paragraph off the heading's last word (:func:`split_glued_openers`),
and that word starts a sentence, outside any name.
"""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc, Span

# A list item's marker at the start of a line: "* ", "• ", "- ", "3. ", "2) ".
BULLET = re.compile(r"^\s*(?:[*•▪◦-]|\d{1,2}[.)])\s")

# Words that open a paragraph and, glued to a lower-case word, mark a lost line break. Not "In",
# "On" or "To": brand names end in them ("LinkedIn", "SpotOn").
GLUED_OPENERS = ("The", "This", "With", "As", "Our", "We", "For", "By", "After", "Since", "From",
                 "While", "When", "It", "Its", "At", "Today")
# What the heading's last word ends in: two lower-case letters ("Community", not "(" or "AI").
_HEADING_END = "[a-z]{2}"
# A zero-width infix: after the heading's end, before an opener that ends the word.
GLUED_INFIX = rf"(?<={_HEADING_END})(?=(?:{'|'.join(GLUED_OPENERS)})$)"


def split_glued_openers(tokenizer) -> None:
    """Make `tokenizer` split "CommunityThe" into "Community" + "The" (no space between)."""
    pattern = tokenizer.infix_finditer.__self__.pattern if tokenizer.infix_finditer else None
    tokenizer.infix_finditer = re.compile(f"{pattern}|{GLUED_INFIX}" if pattern else GLUED_INFIX).finditer


def _glued_opener(doc: Doc, i: int) -> bool:
    """Whether token `i` is an opener the tokenizer split off a lower-case word."""
    prev = doc[i - 1] if i else None
    return (prev is not None and not prev.whitespace_ and doc[i].text in GLUED_OPENERS
            and re.search(_HEADING_END + "$", prev.text) is not None)


@Language.factory(
    "pressextract_lines",
    assigns=["token.is_sent_start", "token.ent_iob"],   # line breaks: sentence starts, outside any entity
)
def make_line_marker(nlp: Language, name: str):
    return mark_lines


def mark_lines(doc: Doc) -> Doc:
    breaks = [t for t in doc if t.is_space and "\n" in t.text]
    glued = [t for t in doc if _glued_opener(doc, t.i)]
    # The sentence starts in one write: Token.is_sent_start's setter scans the whole Doc for a
    # parse each time, which made this quadratic in the number of lines.
    starts = [tok.i + 1 for tok in breaks if tok.i + 1 < len(doc)] + [tok.i for tok in glued]
    if starts:
        if doc.has_annotation("DEP"):
            raise ValueError(Errors.E043)          # as the setter: a parse fixes the sentences
        values = doc.to_array(SENT_START)
        values[starts] = 1
        doc.from_array([SENT_START], values)
    doc.set_ents([], outside=[Span(doc, t.i, t.i + 1) for t in [*breaks, *glued]], default="unmodified")
    return doc

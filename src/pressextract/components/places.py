"""Places: in a list of names that are mostly places, the others are places too ("Tbilisi,
Adjara, Racha and Svaneti"), but a company is none ("Based in Folsom, California, Acme Inc.");
a person's degrees are no such list ("Ann Roe, MD, JD"). A state or province abbreviation after
a place is a place ("Dallas, TX", "Richardson (TX)").

Passes (``pressextract_places``): ``listed_places``, ``qualifiers``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..geo import is_region_abbreviation
from ..names import is_credential
from .doccache import text_of
from .entities import EntityLexicon, EntityPasses, load_lexicon
from .listitems import list_runs


def _propagate_places(lex: EntityLexicon, doc: Doc, ents: list[Span]) -> list[Span]:
    """In a list of names that are mostly places, the others are places too."""
    out = list(ents)
    for run in list_runs(doc, out):
        if len(run) < 3 or _credentials(out, run):
            continue
        places = sum(out[i].label_ in ("GPE", "LOC") for i in run)
        if places * 3 >= len(run) * 2:
            for i in run:
                # (not a company: "Based in Folsom, California, Acme Housing Inc. offers ...")
                if out[i].label_ in ("ORG", "PERSON", "NORP", "FAC") and not lex.is_company_name(
                        [t.lower_ for t in out[i] if not t.is_punct]):
                    out[i] = Span(doc, out[i].start, out[i].end, label="GPE")
    return out


def _credentials(ents: list[Span], run: list[int]) -> bool:
    """"Ann Roe, MD, JD": a person's degrees after her name, not a list of places."""
    return ents[run[0]].label_ == "PERSON" and all(is_credential(ents[i].text) for i in run[1:])


def listed_places(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    return _propagate_places(lex, doc, ents)


_QUALIFIER_GAP = re.compile(r",\s*|\s*\(")


def place_qualifiers(doc: Doc, ents: list[Span], lex: EntityLexicon) -> list[Span]:
    """A state or province abbreviation the model read as another kind of name right after a
    place and a comma or an opening parenthesis is a place ("Dallas, TX", "Richardson (TX)")."""
    text = text_of(doc)
    out = list(ents)
    for i in range(1, len(out)):
        prev, ent = out[i - 1], out[i]
        if (ent.label_ in ("ORG", "PERSON", "NORP", "FAC") and prev.label_ in ("GPE", "LOC")
                and is_region_abbreviation(ent.text)
                and _QUALIFIER_GAP.fullmatch(text[prev.end_char : ent.start_char])):
            out[i] = Span(doc, ent.start, ent.end, label="GPE")
    return out


class Places(EntityPasses):
    PASSES = {"listed_places": listed_places, "qualifiers": place_qualifiers}


@Language.factory("pressextract_places", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"lexicon_path": None, "passes": list(Places.PASSES)})
def make_places(nlp: Language, name: str, lexicon_path: str | None, passes: list[str]) -> Places:
    return Places(load_lexicon(lexicon_path), passes)

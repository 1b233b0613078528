"""A learned guess at the event type a release reports, for headlines no trigger names.

When the title and the lead sentence hold a trigger, the rules in ``events.py`` name the main
event from it (right about 85% of the time). When neither does ("Acme Sweetens the Holidays
with a Gingerbread Ice Cream", "Acme Now Offers Same-Day Repairs"), the rules fall back to the
type the body mentions most, which was right for about 4 releases in 10 on labelled archive
releases. This component reads the release as a whole instead: the lemmas of its title and lead
sentence and the event types its triggers name in the title, the lead and the body
(:func:`headline_features`), and a bag-of-words classifier (``spacy.TextCatBOW.v3``, trained by
``make train-typer`` from ``configs/headline_typer.cfg``; recipe in
``scripts/train_entity_typer.py``) sets ``doc.cats``: a probability per event type.
``events.find_events`` uses them only in that fallback, when the best type has probability at
least ``settings.HEADLINE_TYPE_MIN_PROBABILITY``.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..settings import MODELS_DIR
from .classifier import ClassifierComponent, load_classifier
from .layout import zones

DEFAULT_MODEL_DIR = MODELS_DIR / "headline_typer"


def headline_features(doc: Doc) -> str:
    """One line of feature words: ``t_`` + each word of the title, ``l_`` + each lemma of the
    lead sentence, and per zone (``tt`` title, ``lt`` lead, ``bt`` body) the event types its
    triggers name (``bt_launch``; for the body also how many, up to 3: ``bt_launch_2``)."""
    title_end, lead_start, lead_end = zones(doc)

    def zone(start_char: int) -> str | None:
        if start_char < title_end:
            return "t"
        if lead_start <= start_char < lead_end:
            return "l"
        return None

    out = []
    for tok in doc:
        if tok.idx >= max(title_end, lead_end):
            break
        where = zone(tok.idx)
        if where and tok.is_alpha:
            # Headline case makes the tagger call most title words proper nouns, whose lemma is
            # the word itself: the title's words are read as written (in lower case).
            out.append(f"t_{tok.lower_}" if where == "t" else f"l_{tok.lemma_.lower()}")
    found = Counter((zone(t.start_char) or "b", t.label_) for t in doc.spans.get("triggers", []))
    for (where, event_type), n in sorted(found.items()):
        out.append(f"{where}t_{event_type}")
        if where == "b":
            out.append(f"bt_{event_type}_{min(n, 3)}")
    return " ".join(out)


class HeadlineTyper(ClassifierComponent):
    """Sets ``doc.cats`` (event type -> probability) from :func:`headline_features`; leaves
    ``doc.cats`` as it is without a classifier."""

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is not None and len(doc):
            doc.cats = dict(self.classifier(headline_features(doc)).cats)
        return doc


@Language.factory("pressextract_headline_typer", assigns=["doc.cats"], requires=["doc.spans"],
                  default_config={"model_path": None})
def make_headline_typer(nlp: Language, name: str, model_path: str | None) -> HeadlineTyper:
    """`model_path`: the trained classifier (default ``models/headline_typer``; none there, no cats)."""
    return HeadlineTyper(load_classifier(model_path or DEFAULT_MODEL_DIR))

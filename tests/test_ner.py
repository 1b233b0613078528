"""The fine-tuned NER (models/ner, scripts/train_ner.py): loaded for the base package only, and
the silver entities it is trained on are the base model's, corrected by our labels."""

import sys
from pathlib import Path

import spacy
from spacy.tokens import Span

from pressextract import nlp as pipeline
from pressextract.settings import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from train_ner import silver_entities  # noqa: E402

from pressextract.names import name_key  # noqa: E402


def test_the_base_package_gets_the_fine_tuned_ner():
    assert (pipeline.FINE_TUNED_NER / "model").exists()
    ours = pipeline.load(DEFAULT_MODEL).get_pipe("ner")
    base = spacy.load(DEFAULT_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    assert ours.model.to_bytes() != base.get_pipe("ner").model.to_bytes()
    assert ours.labels == base.get_pipe("ner").labels          # the same labels, other weights


def test_silver_entities_correct_the_base_model_where_the_labels_know_the_name():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Fiserv and Harbor Labs met in Oslo on May 4 with Acme Data Group and the Gold Cup team.")
    # The base model's reading: Fiserv a place, Harbor Labs not tagged, Oslo a place, a date, the
    # Gold Cup an event; "Acme Data Group" tagged as "Acme Data".
    doc.ents = [Span(doc, 0, 1, "GPE"), Span(doc, 6, 7, "GPE"), Span(doc, 8, 10, "DATE"),
                Span(doc, 11, 13, "ORG"), Span(doc, 16, 18, "EVENT")]
    labels = {"fiserv": "ORG", "harbor labs": "ORG", "oslo": "PLACE", "acme data group": "ORG",
              "gold cup": "NONE"}
    ents = silver_entities(doc, lambda text: labels.get(name_key(text)))
    assert [(e.text, e.label_) for e in ents] == [
        ("Fiserv", "ORG"), ("Harbor Labs", "ORG"), ("Oslo", "GPE"), ("May 4", "DATE"),
        ("Acme Data Group", "ORG"), ("Gold Cup", "EVENT")]


def test_silver_entities_leave_longer_names_the_labels_do_not_know():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Harbor Labs Holdings Inc. said so.")
    doc.ents = [Span(doc, 0, 4, "ORG")]
    ents = silver_entities(doc, lambda text: "ORG" if name_key(text) == "harbor labs" else None)
    assert [(e.text, e.label_) for e in ents] == [("Harbor Labs Holdings Inc.", "ORG")]

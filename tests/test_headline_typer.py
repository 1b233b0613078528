"""The headline typer: its features, its wiring into spaCy, and how the event rules use it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pressextract import events
from pressextract.components.headline_typer import DEFAULT_MODEL_DIR, HeadlineTyper, headline_features
from pressextract.settings import HEADLINE_TYPE_CONFIDENCE, HEADLINE_TYPE_MIN_PROBABILITY

NO_TRIGGER_HEADLINE = ("Orbita Sweetens the Holidays With a Gingerbread Ice Cream\n\n"
                       "BOSTON, MA - December 1, 2025 - Orbita Creamery now offers a gingerbread ice cream in "
                       "all of its twelve shops across New England this winter.\n\n"
                       "The company also signed an agreement with a dairy farm in Vermont last year.")


class Scripted:
    """A classifier that gives the same scores to every text: the wiring without a model."""

    def __init__(self, cats: dict[str, float]) -> None:
        self.cats = cats
        self.seen: list[str] = []

    def __call__(self, text: str):
        self.seen.append(text)
        return SimpleNamespace(cats=self.cats)


def _run(nlp, text: str, cats: dict[str, float] | None):
    typer = nlp.get_pipe("pressextract_headline_typer")
    original = typer.classifier
    typer.classifier = Scripted(cats) if cats is not None else None
    try:
        doc = nlp(text)
    finally:
        typer.classifier = original
    return doc, events.find_events(doc)


def test_features_read_title_lead_and_trigger_zones(nlp):
    doc, _ = _run(nlp, NO_TRIGGER_HEADLINE, None)
    words = headline_features(doc).split()
    assert {"t_sweetens", "t_holidays", "t_gingerbread", "l_offer", "l_shop"} <= set(words)
    assert "l_vermont" not in words and "t_farm" not in words          # the body's words are not read
    assert "bt_agreement" in words and "bt_agreement_2" in words     # ... its triggers ("signed", "agreement")
    assert not any(w.startswith(("tt_", "lt_")) for w in words)


def test_without_a_classifier_cats_stay_empty_and_the_rules_decide(nlp):
    doc, evs = _run(nlp, NO_TRIGGER_HEADLINE, None)
    assert doc.cats == {}
    assert evs[0].main and evs[0].event_type == "agreement"          # the body's type, as before


def test_a_confident_guess_names_the_main_event_of_a_headline_without_trigger(nlp):
    doc, evs = _run(nlp, NO_TRIGGER_HEADLINE, {"launch": 0.7, "agreement": 0.2, "other": 0.1})
    assert doc.cats["launch"] == 0.7
    main = evs[0]
    assert (main.main, main.event_type, main.triggers, main.confidence) == (True, "launch", [], HEADLINE_TYPE_CONFIDENCE)
    assert main.anchor is not None and "gingerbread ice cream in" in main.anchor.text
    assert [e.event_type for e in evs[1:]] == ["agreement"] and not evs[1].main


def test_an_unsure_guess_leaves_the_rules_their_fallback(nlp):
    low = HEADLINE_TYPE_MIN_PROBABILITY - 0.05
    _, evs = _run(nlp, NO_TRIGGER_HEADLINE, {"launch": low, "agreement": low, "other": 1 - 2 * low})
    assert evs[0].event_type == ("other" if 1 - 2 * low >= HEADLINE_TYPE_MIN_PROBABILITY else "agreement")
    _, evs = _run(nlp, NO_TRIGGER_HEADLINE, {"launch": low, "agreement": low})
    assert evs[0].event_type == "agreement"


def test_a_headline_trigger_is_never_overruled(nlp):
    text = NO_TRIGGER_HEADLINE.replace("Sweetens the Holidays With", "Launches")
    _, evs = _run(nlp, text, {"funding": 0.99})
    assert evs[0].event_type == "launch" and evs[0].triggers


def test_cats_of_other_labels_are_ignored(nlp):
    """A user's own text classifier may fill doc.cats with labels that are no event types."""
    _, evs = _run(nlp, NO_TRIGGER_HEADLINE, {"POSITIVE": 0.99})
    assert evs[0].event_type == "agreement"


def test_the_shipped_model_knows_every_event_type(nlp):
    classifier = nlp.get_pipe("pressextract_headline_typer").classifier
    assert classifier is not None, f"no trained model in {DEFAULT_MODEL_DIR} (make train-typer)"
    from pressextract.schema import EVENT_TYPES

    assert set(classifier.get_pipe("textcat").labels) == set(EVENT_TYPES)


def test_headline_typer_round_trips_through_bytes_and_disk(nlp, tmp_path):
    typer = nlp.get_pipe("pressextract_headline_typer")
    line = "t_acme t_sweetens l_offer bt_agreement bt_agreement_1"
    expected = typer.classifier(line).cats
    assert HeadlineTyper(None).from_bytes(typer.to_bytes()).classifier(line).cats == expected
    typer.to_disk(tmp_path / "typer")
    assert HeadlineTyper(None).from_disk(tmp_path / "typer").classifier(line).cats == expected
    typer.to_disk(tmp_path / "none", exclude=["classifier"])
    assert HeadlineTyper(None).from_disk(tmp_path / "none").classifier is None
    assert HeadlineTyper(None).from_bytes(typer.to_bytes(exclude=["classifier"])).classifier is None


@pytest.mark.parametrize("text", [""])
def test_empty_documents_get_no_cats(nlp, text):
    doc, evs = _run(nlp, text, {"launch": 0.9})
    assert doc.cats == {} and evs == []

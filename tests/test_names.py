"""names.py: the organisation key without legal forms, and what is never a name."""

from __future__ import annotations

import pytest

from pressextract.names import (
    is_credential,
    is_job_title,
    is_time_zone,
    is_web_address,
    legal_suffixes,
    name_key,
    organization_key,
    spelling_key,
    title_words,
)


@pytest.mark.parametrize("variant", ["Aemetis", "Aemetis, Inc.", "AEMETIS INC", "Aemetis Inc", "The Aemetis"])
def test_legal_forms_share_a_key(variant):
    assert organization_key(variant) == "aemetis"


@pytest.mark.parametrize("name, key", [("Acme Corp.", "acme"), ("Acme GmbH", "acme"), ("Enel S.p.A.", "enel"),
                                       ("Koninklijke Philips N.V.", "koninklijke philips"),
                                       ("Acme Holdings Ltd.", "acme"), ("AG", "ag"), ("Limited", "limited"),
                                       ("Incheon Airport", "incheon airport")])
def test_organization_key(name, key):
    assert organization_key(name) == key


@pytest.mark.parametrize("spelling", ["Harbor Car & Toy Museum", "Harbor Car and Toy Museum®", "HARBOR CAR & TOY MUSEUM, LLC"])
def test_spellings_of_a_name_share_a_key(spelling):
    assert spelling_key(spelling) == "harbor car and toy museum"
    assert spelling_key("Tiffany & Co.") == spelling_key("Tiffany") == "tiffany"


@pytest.mark.parametrize("name, key", [("São Paulo", "sao paulo"), ("Torbjørn Furuseth", "torbjorn furuseth"),
                                       ("Kayışoğlu", "kayisoglu"), ("Łódź", "lodz"), ("Gießen", "giessen")])
def test_name_keys_fold_every_letter_to_ascii(name, key):
    # Letters with no accent to drop are transliterated, not lost ("Torbjørn" was "torbjrn").
    assert name_key(name) == key


def test_legal_forms_come_from_the_lexicon():
    assert {"inc", "gmbh", "s p a", "ltd"} <= legal_suffixes()


@pytest.mark.parametrize("text, zone", [("Pacific Time", True), ("Eastern Standard Time", True), ("CET", True),
                                        ("GMT+1", True), ("PDT", True), ("Pacific Gas and Electric", False),
                                        ("Central Bank", False), ("Time Inc.", False)])
def test_time_zones(text, zone):
    assert is_time_zone(text) is zone


def test_web_addresses_and_job_titles():
    assert is_web_address("www.acme.com") and is_web_address("press@acme.com") and not is_web_address("Acme")
    words = title_words()
    assert is_job_title("Chief Financial Officer", words) and is_job_title("VP of Research", words)
    assert not is_job_title("Acme Research", words)
    # A chief officer of any function is a title, the function word need not be in the lexicon.
    assert is_job_title("Chief Revenue Officer", words) and is_job_title("Chief Happiness Officer", words)
    assert not is_job_title("Chief Brewing Company", words)


def test_credentials_are_capitals_or_short_capitalised_degrees():
    """One notion of a degree or licence for every component that reads it after a name."""
    assert all(is_credential(c) for c in ("MD", "LCSW", "M.B.A.", "PhD", "M.Ed.", "EdD", "DrPH"))
    assert not any(is_credential(w) for w in ("McKee", "DeKalb", "The", "Inc.", "Ann", "CLT-LANA", "ACMEBIO"))

"""Places: gazetteer entries, what merges into one place and what never does. Invented texts."""

from __future__ import annotations

from pressextract import extract, geo

from .conftest import SISTER_CITIES, TEAM_LIST


def _places(text: str) -> dict[str, object]:
    return {loc.name: loc for r in extract(text) for loc in r.locations}


def test_nations_of_the_uk_are_places_of_their_own():
    england, scotland, wales, uk = (geo.resolve(n) for n in ("England", "Scotland", "Wales", "United Kingdom"))
    assert len({england.geonames_id, scotland.geonames_id, wales.geonames_id, uk.geonames_id}) == 4
    assert {england.country_code, scotland.country_code, wales.country_code} == {"GB"}
    assert geo.distinct_places("England", "Scotland")
    assert not geo.distinct_places("UK", "United Kingdom")


def test_airport_codes_are_no_place_names_but_initials_are():
    # GeoNames lists "DXB" for Dubai and "MUX" for Multan: in releases they are tickers and
    # acronyms ("(NYSE: MUX)", "BDO", "INC"). Initials of the name stay.
    for code in ("DXB", "MUX", "INC", "BDO", "AMD", "BSR"):
        assert not geo.candidates(code), code
    assert geo.resolve("NYC").geonames_id == 5128581                    # New York City
    assert geo.resolve("L.A.").geonames_id == geo.resolve("Los Angeles").geonames_id


def test_letters_the_ascii_fold_would_drop_are_transliterated():
    # "Łódź" was keyed "odz" and "Perþ" (an alternative name of Perth) "per", a first name.
    assert [p.name for p in geo.candidates("Lodz")] == ["Łódź"]
    assert geo.resolve("Bialystok").country_code == "PL"
    assert not geo.candidates("Per") and not geo.candidates("Chem")


def test_distinct_places_are_never_aliases():
    places = _places(TEAM_LIST)
    assert {"England", "Scotland", "Wales", "Ireland"} <= set(places)
    for name, loc in places.items():
        assert not any(geo.is_known_place(a) and geo.distinct_places(a, name) for a in loc.aliases), (name, loc.aliases)
        assert not ({"England", "Scotland", "Wales", "Ireland"} & set(loc.aliases)), (name, loc.aliases)


def _in(name: str, qualifier: str) -> tuple[str | None, str | None]:
    place = geo.resolve(name, within=geo.areas_named(qualifier))
    return place.country_code, place.admin1


def test_a_qualifier_chooses_among_places_of_one_name():
    assert _in("Paris", "Texas") == ("US", "TX")
    assert _in("Salem", "Ore.") == ("US", "OR")               # AP style
    assert _in("Springfield", "IL") == ("US", "IL")           # postal code
    assert _in("London", "Ontario") == ("CA", "08")
    assert _in("Perth", "Scotland") == ("GB", "SCT")
    assert _in("Atlanta", "Georgia") == ("US", "GA")          # the state, not the country
    assert _in("Tbilisi", "Georgia") == ("GE", geo.resolve("Tbilisi").admin1)
    assert _in("Paris", "France") == ("FR", geo.resolve("Paris").admin1)
    # Not a qualifier but the next item of a list: ignored.
    assert geo.resolve("Georgia", within=geo.areas_named("Armenia")).kind == "country"
    assert geo.areas_named("Or") == [] and geo.areas_named("il") == []   # abbreviations match exactly


def test_qualified_places_in_a_release():
    places = _places(SISTER_CITIES)
    # GeoNames ids: Paris, Texas; Salem, Oregon; Springfield, Illinois; London, Ontario; Perth, Scotland.
    expected = {"Paris": 4717560, "Salem": 5750162, "Springfield": 4250542, "London": 6058560, "Perth": 2640358}
    assert {name: places[name].geonames_id for name in expected} == expected


def test_a_dateline_state_code_is_a_place_even_when_it_spells_a_legal_form():
    # "CO" is also "Co.", "NV" "N.V.", "MS" a title, "ON" and "IN" prepositions: in a dateline
    # they are states and provinces.
    for dateline, code in (("DENVER, CO", "CO"), ("LAS VEGAS, NV", "NV"), ("JACKSON, MS", "MS"),
                           ("TORONTO, ON", "ON"), ("FISHERS, IN", "IN")):
        text = f"Orbita Labs Opens Office\n\n{dateline} — June 25, 2026 — Orbita Labs opened an office."
        assert code in _places(text), dateline

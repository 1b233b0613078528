"""Places: gazetteer entries, what merges into one place and what never does. Invented texts."""

from __future__ import annotations

from pressextract import extract, geo

from .conftest import TEAM_LIST


def _places(text: str) -> dict[str, object]:
    return {loc.name: loc for r in extract(text) for loc in r.locations}


def test_nations_of_the_uk_are_places_of_their_own():
    england, scotland, wales, uk = (geo.resolve(n) for n in ("England", "Scotland", "Wales", "United Kingdom"))
    assert len({england.geonames_id, scotland.geonames_id, wales.geonames_id, uk.geonames_id}) == 4
    assert {england.country_code, scotland.country_code, wales.country_code} == {"GB"}
    assert geo.distinct_places("England", "Scotland")
    assert not geo.distinct_places("UK", "United Kingdom")


def test_distinct_places_are_never_aliases():
    places = _places(TEAM_LIST)
    assert {"England", "Scotland", "Wales", "Ireland"} <= set(places)
    for name, loc in places.items():
        assert not any(geo.is_known_place(a) and geo.distinct_places(a, name) for a in loc.aliases), (name, loc.aliases)
        assert not ({"England", "Scotland", "Wales", "Ireland"} & set(loc.aliases)), (name, loc.aliases)

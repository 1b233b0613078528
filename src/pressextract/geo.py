"""Offline place normalisation: a name -> country code, GeoNames id, coordinates.

Linking is kept apart from detection (the scispacy way): NER finds place names, this module
looks them up in ``models/gazetteer.tsv`` (built from GeoNames by
``scripts/build_gazetteer.py``). Ambiguous names prefer a country the document names, then
countries over cities, then the most populous city. One GeoNames id is one place: England,
Scotland and Wales are regions of their own, not other names of the United Kingdom.

A qualifier after a name chooses among places of that name: a state, province or country
("Paris, Texas", "London, Ontario", "Tbilisi (Georgia)") or a state or province abbreviation
from ``models/regions.json`` ("Salem, Ore.", "Springfield, IL"). It selects by the GeoNames
admin1 code where the gazetteer has one, else by country.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .names import ascii_fold
from .settings import MODELS_DIR, SIZEABLE_PLACE_POPULATION

GAZETTEER = MODELS_DIR / "gazetteer.tsv"
REGION_ABBREVIATIONS = MODELS_DIR / "regions.json"
_KIND_RANK = {"country": 0, "continent": 1, "region": 2, "city": 3}


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    geonames_id: int
    country_code: str | None
    lat: float | None
    lon: float | None
    population: int
    admin1: str | None = None      # GeoNames first-level region code: "OR" (Oregon), "08" (Ontario)


@dataclass(frozen=True)
class Area:
    """What a qualifier names: a country, or a first-level region of one ("US", "OR")."""
    country_code: str
    admin1: str | None = None

    def contains(self, place: Place) -> bool:
        """Whether `place` lies in this area; the area itself does not ("New York, NY" is the city)."""
        if place.country_code != self.country_code or place.kind in ("country", "continent"):
            return False
        if self.admin1 is None or place.admin1 is None:
            return True                # a country, or a gazetteer without admin1 codes: the country decides
        return place.admin1 == self.admin1 and place.kind != "region"


def normalise(name: str) -> str:
    """Case-, accent- and article-insensitive key of a place name, the gazetteer's lookup key (its
    table is keyed with it too). Unlike :func:`pressextract.names.name_key`, the key of any name
    for grouping mentions and the knowledge base, it drops "City of" and a trailing "city",
    "province" or "state", and keeps hyphens, inner full stops and apostrophes ("Winston-Salem",
    "St. Louis"). It folds to ASCII as name keys do (:func:`pressextract.names.ascii_fold`:
    "Łódź" = "Lodz")."""
    s = ascii_fold(name).casefold()
    s = s.replace("’", "'").strip(" .,")
    for prefix in ("the ", "city of ", "metropolitan city of "):
        if s.startswith(prefix):
            s = s[len(prefix):]
    for suffix in (" city", " metropolitan city", " province", " state"):
        if s.endswith(suffix) and len(s) > len(suffix) + 2:
            s = s[: -len(suffix)]
    return " ".join(s.split())


@lru_cache(maxsize=1)
def _table(path: Path = GAZETTEER) -> dict[str, list[Place]]:
    table: dict[str, list[Place]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            place = Place(
                name=row["name"], kind=row["kind"], geonames_id=int(row["geonames_id"]),
                country_code=row["country_code"] or None,
                lat=float(row["lat"]) if row["lat"] else None,
                lon=float(row["lon"]) if row["lon"] else None,
                population=int(row["population"] or 0),
                admin1=row.get("admin1") or None,
            )
            table.setdefault(normalise(place.name), []).append(place)
    return table


@lru_cache(maxsize=65536)
def _candidates(name: str) -> tuple[Place, ...]:
    return tuple(_table().get(normalise(name), ()))


def candidates(name: str) -> list[Place]:
    return list(_candidates(name))


@lru_cache(maxsize=1)
def _abbreviations(path: Path = REGION_ABBREVIATIONS) -> dict[str, Area]:
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    return {form: Area(*code.split(".", 1)) for code, forms in lexicon.items() if not code.startswith("_")
            for form in forms}


def is_region_abbreviation(text: str) -> bool:
    """A state or province abbreviation ("TX", "Ore.", "Ont."), matched exactly."""
    return text.strip() in _abbreviations()


def areas_named(text: str) -> list[Area]:
    """The areas a qualifier can mean: a state or province abbreviation ("Ore.", "IL", "Ont.",
    matched exactly), else every country and region of that name ("Georgia" is both)."""
    text = text.strip()
    if is_region_abbreviation(text):
        return [_abbreviations()[text]]
    areas = [Area(p.country_code, p.admin1 if p.kind == "region" else None)
             for p in candidates(text) if p.kind in ("country", "region") and p.country_code]
    return list(dict.fromkeys(areas))


def resolve(name: str, context_countries: set[str] = frozenset(), within: Sequence[Area] = ()) -> Place | None:
    """The best gazetteer entry for `name`, or None if the name is unknown.

    `within`: the areas a qualifier names ("Paris, Texas"); if no place of that name lies in
    them, the "qualifier" was the next item of a list ("Georgia, Armenia") and is ignored.
    """
    found = candidates(name)
    if not found:
        return None
    found = [p for p in found if any(area.contains(p) for area in within)] or found
    # A country is a country; among cities, one in a country the document names, then size.
    return min(found, key=lambda p: (
        _KIND_RANK.get(p.kind, 9) if p.kind in ("country", "continent") else 5,
        0 if p.country_code in context_countries else 1,
        _KIND_RANK.get(p.kind, 9),
        -p.population,
        p.geonames_id,                 # a fixed choice between equals
    ))


def distinct_places(a: str, b: str) -> bool:
    """Whether two names are places the gazetteer knows apart ("England", "Scotland"): such
    names are never mentions of one thing."""
    place_a, place_b = resolve(a), resolve(b)
    return place_a is not None and place_b is not None and place_a.geonames_id != place_b.geonames_id


def is_sizeable_place(name: str) -> bool:
    """A country, continent or region, or a city of at least SIZEABLE_PLACE_POPULATION people:
    a name that is a place wherever it stands ("Daejeon" read as an organisation)."""
    return is_region_or_country(name) or any(p.population >= SIZEABLE_PLACE_POPULATION for p in candidates(name))


def is_region_or_country(name: str) -> bool:
    """A country, continent or first-level region ("Kenya", "Quebec"), not a city or a town."""
    return any(p.kind in ("country", "continent", "region") for p in candidates(name))


def is_known_place(name: str) -> bool:
    return bool(candidates(name))


def is_place_name(name: str) -> bool:
    """A place the gazetteer knows, or a state or province abbreviation ("N.J.", "NY")."""
    return is_known_place(name) or is_region_abbreviation(name.strip())

"""Offline place normalisation: a name -> country code, GeoNames id, coordinates.

Linking is kept apart from detection (the scispacy way): NER finds place names, this module
looks them up in ``models/gazetteer.tsv`` (built from GeoNames by
``scripts/build_gazetteer.py``). Ambiguous names prefer a country the document names, then
countries over cities, then the most populous city. One GeoNames id is one place: England,
Scotland and Wales are regions of their own, not other names of the United Kingdom.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .settings import MODELS_DIR

GAZETTEER = MODELS_DIR / "gazetteer.tsv"
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


def normalise(name: str) -> str:
    """Case-, accent- and article-insensitive key of a place name."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
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


def resolve(name: str, context_countries: set[str] = frozenset()) -> Place | None:
    """The best gazetteer entry for `name`, or None if the name is unknown."""
    found = candidates(name)
    if not found:
        return None
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


def is_known_place(name: str) -> bool:
    return bool(candidates(name))

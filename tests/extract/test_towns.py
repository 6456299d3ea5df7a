"""Towns from GeoNames (data/towns.tsv): taken only where the text frames them as places."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extract.gazetteer import TOWNS_FILE, load_gazetteer, load_towns, read_towns
from tests.extract.reporting import report

ROOT = Path(__file__).resolve().parents[2]


def test_towns_file_is_built_from_geonames() -> None:
    towns = load_towns()
    assert TOWNS_FILE.read_text(encoding="utf-8").startswith("# GeoNames")
    assert len(towns) > 20_000
    assert towns["Kumasi"] == "Kumasi" and towns["West Des Moines"] == "West Des Moines"
    assert towns["Buncombe County"] == "Buncombe County" and towns["Orleans Parish"] == "Orleans Parish"  # US counties
    assert "London" not in towns and "Victoria" not in towns  # the gazetteer's own names stay the gazetteer's


def test_read_towns_adds_unaccented_forms_and_leaves_known_names(tmp_path: Path) -> None:
    path = tmp_path / "towns.tsv"
    path.write_text("# header\nJundiaí\tBR\t423006\nGoiânia\tBR\t1171195\nParis\tFR\t2138551\n\nNampa\tUS\t89839\n",
                    encoding="utf-8")
    towns = read_towns(path, load_gazetteer())
    # "Goiania" is one of the gazetteer's cities, so its accented spelling stays the gazetteer's too
    assert towns == {"Jundiaí": "Jundiaí", "Jundiai": "Jundiaí", "Nampa": "Nampa"}
    assert "Paris" not in towns
    assert read_towns(tmp_path / "missing.tsv", load_gazetteer()) == {}


def _build_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_towns", ROOT / "data" / "tools" / "build_towns.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "population", "zipf", "kept"), [
    ("Kumasi", 2_544_530, 2.4, True),
    ("Nice", 342_669, 5.4, False),  # a common word, under half a million people
    ("Hamilton", 569_353, 4.3, True),  # a common name, but a big city
    ("March", 22_000, 5.3, False),  # a month
    ("Ely", 20_000, 2.0, False),  # too short to tell from an abbreviation
    ("les Escaldes", 15_853, 1.0, False),  # no capital
])
def test_build_tool_drops_words_and_short_names(name: str, population: int, zipf: float, kept: bool) -> None:
    assert _build_tool().usable(name, population, zipf) is kept


@pytest.mark.parametrize(("text", "expected"), [
    # after "in", in a list with other places, on a list line
    ("Mediacom customers in Ames, Urbandale and West Des Moines lost internet on Tuesday.",
     ["Ames", "Urbandale", "West Des Moines"]),
    ("Vodafone customers in Lisbon, Porto, Braga and Coimbra lost mobile data on Tuesday.",
     ["Lisbon", "Porto", "Braga", "Coimbra"]),
    ("Sparklight internet went down on Tuesday for customers in Boise, Meridian and Nampa.", ["Boise", "Meridian", "Nampa"]),
    ("MTN MoMo transfers failed on Tuesday. Customers in Accra and Kumasi said payments would not go through.",
     ["Accra", "Kumasi"]),
    # a US county says what it is, with or without a frame word before it
    ("Spectrum customers said their internet was down across Buncombe County on Tuesday.", ["Buncombe County"]),
    ("Buncombe County customers of Spectrum lost internet on Tuesday.", ["Buncombe County"]),
    # what users had there, not an office that stands there
    ("Vodafone customers lost mobile data on Tuesday, and home and office connections in Braga and Coimbra went "
     "down too.", ["Braga", "Coimbra"]),
])
def test_towns_in_a_place_frame_are_regions(text: str, expected: list[str]) -> None:
    assert report(text, title="Internet outage")["regions"] == expected


@pytest.mark.parametrize(("text", "absent"), [
    ("Gilbert said the Cox outage left customers without internet on Tuesday.", "Gilbert"),  # a surname
    ("Customers in Essex, Passaic and Union counties lost internet on Tuesday.", "Passaic"),  # counties
    ("Canva went down on Tuesday because traffic from its data centres in Ashburn was slow.", "Ashburn"),  # a site
    ("The Cupertino, California, company says its servers failed on Tuesday.", "Cupertino"),  # headquarters
    # a county office that speaks, not a place where users were hit
    ("Spectrum internet failed on Tuesday, the Buncombe County Sheriff's Office said.", "Buncombe County"),
])
def test_towns_out_of_a_place_frame_are_not(text: str, absent: str) -> None:
    assert absent not in report(text, title="Outage")["regions"]


def test_a_service_word_is_not_a_town() -> None:
    r = report("In the United States, Delta, United and American Airlines grounded flights after the outage on Tuesday.",
               title="Airline outage")
    assert "Delta" not in r["regions"]


@pytest.mark.parametrize(("text", "region"), [
    # described, ranked, or compared: not where users were hit
    ("OVHcloud went offline on Tuesday, taking Europe's biggest cloud provider down for an hour.", "Europe"),
    ("Zalo went down on Tuesday, with 9,000 reports from Vietnam, where it is used far more than in Europe.", "Europe"),
    ("The NYSE went down on Wednesday, a breakdown it blamed on a software update. The Dow closed down 261 points, "
     "though traders said most of the fall reflected worries about the slump in Chinese stocks.", "China"),
])
def test_described_places_are_not_affected(text: str, region: str) -> None:
    assert region not in report(text, title="Outage")["regions"]


@pytest.mark.parametrize(("text", "region"), [
    ("Xbox Live sign-ins failed on Tuesday. Downdetector's UK site showed about 4,000.", "United Kingdom"),
    ("Google Docs failed on Tuesday. Most reports were from the US. A smaller number came in from the UK.",
     "United Kingdom"),
    ("Tesco's website crashed on Tuesday. Thousands of Brits hoping to book a delivery slot saw a spinning wheel.",
     "United Kingdom"),
])
def test_report_sites_and_people_named_by_nationality_place_users(text: str, region: str) -> None:
    assert region in report(text, title="Outage")["regions"]

"""Server-side SVG charts and the world map: correct marks, escaped labels, bundled shapes credited."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from webdata import at, facebook, fastly, many_incidents

from webapp import charts, worldmap

STATIC = Path(worldmap.__file__).resolve().parent / "static" / "world"
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> etree._Element:
    return etree.fromstring(str(svg).encode())


def test_bar_chart_has_one_bar_per_value_and_escapes_labels() -> None:
    svg = parse(charts.bar_chart("c1", [("2020", 3), ("<b>x</b>", 0), ("2022", 7)], "Per year"))
    bars = svg.findall(f".//{SVG}g[@class='bar']")
    assert len(bars) == 3
    heights = [float(b.find(f"{SVG}rect").get("height")) for b in bars]
    assert heights[1] == 0 and heights[2] > heights[0] > 0
    assert bars[1].findtext(f"{SVG}title") == "<b>x</b>: 0 incidents"  # text, not markup
    assert svg.get("role") == "img" and svg.findtext(f"{SVG}title") == "Per year"


def test_timeline_chart_places_longer_outages_higher() -> None:
    incidents = many_incidents(14, years=1)
    svg = parse(charts.timeline_chart("t", incidents))
    dots = {c.findtext(f"{SVG}title").split(" — ")[0]: c for c in svg.iter(f"{SVG}circle")}
    assert len(dots) == 14
    short, long_ = dots["Statusly outage number 1"], dots["Statusly outage number 5"]  # 20 min vs 600 min
    assert float(long_.get("cy")) < float(short.get("cy"))
    assert float(dots["Statusly outage number 13"].get("cx")) > float(short.get("cx"))
    assert long_.get("class") == "sev-critical" and short.get("class") == "sev-minor"
    assert all(a.get("href").startswith("/incident/statusly-") for a in svg.iter(f"{SVG}a"))


def test_report_series_chart_draws_one_line_per_region() -> None:
    series = {"US": [(at("2021-10-04T16:00:00"), 100), (at("2021-10-04T17:00:00"), 900)],
              "<i>UK</i>": [(at("2021-10-04T16:30:00"), 50), (at("2021-10-04T18:00:00"), 300)]}
    svg = parse(charts.series_chart("s", series, "Reports"))
    assert len(svg.findall(f".//{SVG}polyline")) == 2
    assert "<i>UK</i>: 50 reports at 2021-10-04 16:30 UTC" in [t.text for t in svg.iter(f"{SVG}title")]


def test_region_names_resolve_to_countries() -> None:
    assert worldmap.region_codes("United Kingdom") == ["GB"]
    assert worldmap.region_codes("UK") == ["GB"]
    assert worldmap.region_codes("us-east-1") == ["US"]
    assert worldmap.region_codes("Brisbane") == ["AU"]
    assert "DE" in worldmap.region_codes("Europe") and "US" not in worldmap.region_codes("Europe")
    assert worldmap.region_codes("worldwide") == ["*"]
    assert worldmap.region_codes("Atlantis") == []


def test_map_highlights_named_countries_and_reports_the_rest() -> None:
    svg, unmapped = worldmap.world_map("m", ["Japan", "United Kingdom", "<script>x</script>"])
    tree = parse(svg)
    names = sorted(p.findtext(f"{SVG}title").split(":")[0] for p in tree.iter(f"{SVG}path"))
    assert names == ["Japan", "United Kingdom"]
    assert unmapped == ["<script>x</script>"]
    assert tree.find(f"{SVG}image").get("href") == "/static/world/world.svg"


def test_worldwide_outage_shades_the_whole_map() -> None:
    svg, _ = worldmap.world_map("m", facebook().regions, worldwide=fastly().global_)
    tree = parse(svg)
    assert tree.find(f"{SVG}image").get("href") == "/static/world/world-affected.svg"
    assert "Worldwide" in tree.findtext(f"{SVG}desc")


def test_bundled_country_shapes_are_complete_and_credited() -> None:
    data = json.loads((STATIC / "countries-paths.json").read_text())
    assert len(data["countries"]) > 170
    ids = {c["id"] for c in data["countries"]}
    assert {"840", "826", "392", "036", "076"} <= ids  # US, UK, Japan, Australia, Brazil
    topo = json.loads((STATIC / "countries-110m.json").read_text())
    assert topo["type"] == "Topology"
    assert "Bostock" in (STATIC / "LICENSE-world-atlas.txt").read_text()
    for name in ("world.svg", "world-affected.svg"):
        assert parse((STATIC / name).read_text()).tag == f"{SVG}svg"

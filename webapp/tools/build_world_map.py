"""Project the Natural Earth country shapes (world-atlas ``countries-110m.json``) to SVG paths.

Run once after updating the TopoJSON file:

    python -m webapp.tools.build_world_map

Reads ``webapp/static/world/countries-110m.json`` (TopoJSON, from the npm package ``world-atlas``,
itself built from Natural Earth's public-domain 1:110m cultural vectors) and writes:

* ``webapp/static/world/countries-paths.json``: ``{"width", "height", "countries": [{"id", "name", "d"}]}``
  with each country's outline as an SVG path in an equirectangular projection;
* ``webapp/static/world/world.svg``: the base map (every country in a neutral colour), served as a
  static image under the highlighted regions of incident and company pages;
* ``webapp/static/world/world-affected.svg``: the same with every country highlighted (worldwide outages).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

WORLD_DIR = Path(__file__).resolve().parent.parent / "static" / "world"
SOURCE = WORLD_DIR / "countries-110m.json"
PATHS_OUT = WORLD_DIR / "countries-paths.json"
SVG_OUT = WORLD_DIR / "world.svg"
SVG_ALL_OUT = WORLD_DIR / "world-affected.svg"  # every country highlighted, for worldwide outages

WIDTH = 1000.0
NORTH, SOUTH = 84.0, -58.0  # Antarctica and the high Arctic are left out: no service outages there
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360.0, 1)
SKIP_IDS = {"010"}  # Antarctica


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are quantised and delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def project(lon: float, lat: float) -> tuple[float, float]:
    lat = max(SOUTH, min(NORTH, lat))
    return (lon + 180.0) * WIDTH / 360.0, (NORTH - lat) * WIDTH / 360.0


def ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring as path commands; a jump across the antimeridian starts a new subpath."""
    parts: list[str] = []
    last: tuple[float, float] | None = None
    for lon, lat in points:
        x, y = project(lon, lat)
        if last is not None and (round(x, 1), round(y, 1)) == last:
            continue
        command = "M" if last is None or abs(x - last[0]) > WIDTH / 2 else "L"
        parts.append(f"{command}{x:.1f} {y:.1f}")
        last = (round(x, 1), round(y, 1))
    return "".join(parts) + "Z" if len(parts) > 2 else ""


def geometry_path(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> str:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)


def build() -> dict[str, Any]:
    topo = json.loads(SOURCE.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        if geometry.get("type") not in {"Polygon", "MultiPolygon"} or geometry.get("id") in SKIP_IDS:
            continue
        d = geometry_path(geometry, arcs)
        if d:
            countries.append({"id": geometry.get("id") or "", "name": geometry["properties"]["name"], "d": d})
    return {"width": WIDTH, "height": HEIGHT, "countries": countries,
            "source": "Natural Earth 1:110m via world-atlas 2.0.2 (countries-110m.json)"}


def base_svg(data: dict[str, Any], fill: str = "#dfe3e8") -> str:
    paths = "".join(f'<path d="{c["d"]}"/>' for c in data["countries"])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {data["width"]:g} {data["height"]:g}">'
            f'<g fill="{fill}" stroke="#ffffff" stroke-width="0.5">{paths}</g></svg>\n')


def main() -> None:
    data = build()
    PATHS_OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    SVG_OUT.write_text(base_svg(data), encoding="utf-8")
    SVG_ALL_OUT.write_text(base_svg(data, fill="#f08a6c"), encoding="utf-8")
    print(f"{len(data['countries'])} countries -> {PATHS_OUT.name}, {SVG_OUT.name}")


if __name__ == "__main__":
    main()

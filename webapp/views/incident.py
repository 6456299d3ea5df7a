"""``/incident/<slug or id>``: one outage with its fused timeline, sources and evidence."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, render_template

from archive.records import Incident, parse_iso
from webapp import charts, queries, stats, worldmap

bp = Blueprint("incident", __name__)

# Evidence field names (as the extractors write them) grouped under the facts the page shows.
FACTS = (
    ("start", "Start", ("start", "started", "start_time")),
    ("end", "End", ("end", "ended", "end_time", "resolved")),
    ("duration", "Duration", ("duration", "duration_minutes")),
    ("regions", "Regions", ("regions", "region", "global")),
    ("report_counts", "User reports", ("report_counts", "reports", "counts")),
    ("error_messages", "Error messages", ("error_messages", "errors", "error")),
    ("causes", "Causes", ("causes", "cause")),
    ("service", "Service", ("service", "services", "company")),
)


def find_incident(key: str) -> Incident:
    if len(key) > 200:
        abort(404, description="No such incident.")
    incident = queries.get_incident(key)
    if incident is None:
        abort(404, description=f"No incident “{key}” in the archive.")
    return incident


def grouped_evidence(inc: Incident) -> list[tuple[str, list[dict[str, str]]]]:
    """Evidence sentences per shown fact (fields we do not know go under their own name)."""
    known: dict[str, str] = {}
    for _key, label, names in FACTS:
        for name in names:
            known[name] = label
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for field, entries in sorted(inc.evidence.items()):
        label = known.get(field, field.replace("_", " ").capitalize())
        for entry in entries:
            if isinstance(entry, dict) and entry.get("text"):
                groups[label].append(entry)
    order = [label for _k, label, _n in FACTS]
    return sorted(groups.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))


def report_series(inc: Incident) -> dict[str, list[tuple[datetime, int]]]:
    """Report counts over time per region, from every source's figure (only regions with 2+ times)."""
    values = (inc.figures.get("report_counts") or {}).get("values") or []
    series: dict[str, dict[datetime, int]] = defaultdict(dict)
    for fig in values:
        at = parse_iso(fig.get("as_of")) if isinstance(fig, dict) else None
        if at is None or fig.get("count") is None:
            continue
        region = fig.get("region") or "all regions"
        series[region][at] = max(int(fig["count"]), series[region].get(at, 0))
    return {name: sorted(points.items()) for name, points in series.items() if len(points) >= 2}


def figure_values(inc: Incident, name: str) -> list[dict[str, Any]]:
    figure = inc.figures.get(name) or {}
    return [v for v in figure.get("values") or [] if isinstance(v, dict)]


@bp.get("/incident/<key>")
def incident_page(key: str) -> Any:
    inc = find_incident(key)
    region_totals = stats.region_report_totals(inc)
    weights = {r: 3 for r, _c, _f in region_totals}
    world, unmapped = worldmap.world_map("map-incident", inc.regions, worldwide=inc.global_, weights=weights)
    series = report_series(inc)
    reports_chart = charts.series_chart("chart-reports", series, "User reports over time") if series else None
    timeline = sorted(inc.timeline, key=lambda e: e.at)
    sources = sorted(inc.sources, key=lambda s: (s.published is None, s.published or datetime.min))
    return render_template(
        "incident.html", inc=inc, timeline=timeline, sources=sources, region_totals=region_totals,
        evidence=grouped_evidence(inc), world=world, unmapped=unmapped, reports_chart=reports_chart,
        series=series, severity=stats.severity(inc), figures=inc.figures,
        start_values=figure_values(inc, "start"), end_values=figure_values(inc, "end"),
        publishers={s.url: s.publisher for s in inc.sources if s.publisher})

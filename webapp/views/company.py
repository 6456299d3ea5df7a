"""``/company/<slug>``: the outage history of a company (all its services) or of one service."""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from flask import Blueprint, abort, render_template

from webapp import charts, params, queries, stats, worldmap

bp = Blueprint("company", __name__)
log = logging.getLogger(__name__)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIST_PAGE = 50


def find_subject(slug: str) -> queries.Subject:
    if not SLUG_RE.match(slug):
        abort(404, description=f"“{slug[:80]}” is not a company or service slug (lowercase words and hyphens).")
    subject = queries.resolve_subject(slug)
    if subject is None:
        abort(404, description=f"No company or service called “{slug}” in the archive.")
    return subject


def status_pages(subject: queries.Subject) -> list[tuple[str, str]]:
    """(service, status page URL) from the service catalog, when it knows them."""
    try:
        from extract.catalog import load_catalog

        catalog = load_catalog()
    except Exception as exc:  # the catalog is optional for the site
        log.warning("service catalog unavailable: %s", exc)
        return []
    pages: list[tuple[str, str]] = []
    for name in subject.services:
        entry = catalog.get(name)
        url = getattr(entry, "status_page", "") if entry is not None else ""
        if url and url.startswith(("http://", "https://")) and url not in {u for _, u in pages}:
            pages.append((name, url))
    return pages


def history_parts(incidents: list[Any]) -> dict[str, Any]:
    """Statistics, charts and map of one history (cached while its incidents are unchanged)."""
    summary = stats.history_stats(incidents)
    region_counts = Counter(r for inc in incidents for r in set(inc.regions))
    world, unmapped = worldmap.world_map("map-company", list(region_counts), weights=dict(region_counts))
    return {
        "summary": summary, "world": world, "unmapped": unmapped,
        "timeline": charts.timeline_chart("chart-timeline", incidents),
        "per_year": charts.bar_chart("chart-years", summary.per_year, "Incidents per year", height=170,
                                     label_every=max(1, len(summary.per_year) // 12)),
    }


@bp.get("/company/<slug>")
def company_page(slug: str) -> Any:
    subject = find_subject(slug)
    incidents = queries.subject_incidents(subject)
    page = params.int_arg("page", 1, 1, 10_000)
    parts = queries.derived_cache().get_or_build((subject.kind, subject.name), incidents,
                                                 lambda: history_parts(incidents))
    start = (page - 1) * LIST_PAGE
    return render_template(
        "company.html", subject=subject, incidents=incidents[start:start + LIST_PAGE], total=len(incidents),
        page=page, pages=max(1, -(-len(incidents) // LIST_PAGE)), status_pages=status_pages(subject),
        severity_rules=stats.SEVERITY_RULES, severity=stats.severity, **parts)

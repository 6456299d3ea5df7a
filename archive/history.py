"""Outage history of one service or one company (the data behind the web company pages).

Counts by year and month, total and median duration, the longest outages, the places hit most often
and the causes that keep coming back, each computed from the archive's incidents.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from archive.records import Incident, iso
from archive.reports import company_name, resolve_service, slugify
from archive.store import Store

LONGEST = 5
TOP_REGIONS = 10


def _brief(inc: Incident) -> dict[str, Any]:
    return {"id": inc.id, "slug": inc.slug, "service": inc.service, "title": inc.title,
            "started_at": iso(inc.started_at), "ended_at": iso(inc.ended_at),
            "duration_minutes": inc.duration_minutes, "status": inc.status}


def _counted(counter: Counter[str], limit: int | None = None) -> list[dict[str, Any]]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"name": k, "incidents": n} for k, n in ranked[:limit]]


def summarize(incidents: list[Incident]) -> dict[str, Any]:
    """History figures over ``incidents`` (any selection)."""
    dated = [i for i in incidents if i.started_at is not None]
    starts = [i.started_at for i in dated if i.started_at is not None]
    by_year = Counter(f"{i.started_at:%Y}" for i in dated)  # type: ignore[str-format]
    by_month = Counter(f"{i.started_at:%Y-%m}" for i in dated)  # type: ignore[str-format]
    durations = [i.duration_minutes for i in incidents if i.duration_minutes is not None]
    longest = sorted((i for i in incidents if i.duration_minutes is not None),
                     key=lambda i: (-(i.duration_minutes or 0), iso(i.started_at) or "", i.id))[:LONGEST]
    regions: Counter[str] = Counter(r for i in incidents for r in dict.fromkeys(i.regions))
    causes: Counter[str] = Counter(c for i in incidents for c in dict.fromkeys(i.causes))
    return {
        "incidents": len(incidents),
        "ongoing": sum(1 for i in incidents if i.status == "ongoing"),
        "first_started_at": iso(min(starts, default=None)),
        "last_started_at": iso(max(starts, default=None)),
        "by_year": dict(sorted(by_year.items())),
        "by_month": dict(sorted(by_month.items())),
        "with_duration": len(durations),
        "total_duration_minutes": sum(durations),
        "median_duration_minutes": statistics.median(durations) if durations else None,
        "longest": [_brief(i) for i in longest],
        "most_affected_regions": _counted(regions, TOP_REGIONS),
        "causes": _counted(causes),
        "recurring_causes": [c for c in _counted(causes) if c["incidents"] >= 2],
        "incident_list": [_brief(i) for i in sorted(incidents, key=lambda i: (iso(i.started_at) or "", i.id))],
    }


def service_history(store: Store, name: str) -> dict[str, Any]:
    """History of the service ``name`` (canonical name or alias): incidents where it is the primary service."""
    svc = resolve_service(name)
    incidents = store.incidents(service=svc.name)
    return {"service": svc.name, "slug": svc.slug, "company": svc.company, "company_slug": svc.company_slug,
            **summarize(incidents)}


def company_history(store: Store, name: str) -> dict[str, Any]:
    """History of the company ``name`` (or the company behind the service ``name``), with a per-service split."""
    company = company_name(name) or name
    incidents = store.incidents(company=company)
    per_service: Counter[str] = Counter(i.service for i in incidents)
    services = {svc: summarize([i for i in incidents if i.service == svc]) for svc in sorted(per_service)}
    return {"company": company, "slug": slugify(company),
            "services": [{"name": s, "incidents": per_service[s],
                          "median_duration_minutes": services[s]["median_duration_minutes"],
                          "total_duration_minutes": services[s]["total_duration_minutes"]}
                         for s in sorted(per_service, key=lambda s: (-per_service[s], s))],
            **summarize(incidents)}

"""Read-only queries the pages, API and feeds share (on the request connection ``g.db``)."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import String, func, select

from archive import schema
from archive.records import Incident, iso
from archive.slugs import slugify
from archive.store import incident_from_dict
from webapp.db import get_db

__all__ = ["slugify", "Filters", "Subject", "IncidentCache"]

FACET_FIELDS = ("service", "company", "region", "cause", "year")


@dataclass
class Filters:
    """Facet filters shared by search, the API and saved-search feeds."""

    service: str | None = None
    company: str | None = None
    region: str | None = None
    cause: str | None = None
    year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    def matches(self, inc: Incident) -> bool:
        """Whether an incident passes every filter (case-insensitive)."""
        if self.service and self.service.lower() not in {s.lower() for s in [inc.service, *inc.services]}:
            return False
        if self.company and (inc.company or "").lower() != self.company.lower():
            return False
        if self.region and self.region.lower() not in {r.lower() for r in inc.regions}:
            return False
        if self.cause and self.cause.lower() not in {c.lower() for c in inc.causes}:
            return False
        return not (self.year and (inc.started_at is None or inc.started_at.year != self.year))


@dataclass
class Subject:
    """What a ``/company/<slug>`` page is about: a company (all its services) or one service."""

    kind: str  # "company" | "service"
    name: str
    slug: str
    company: str | None = None
    services: list[str] = field(default_factory=list)


class IncidentCache:
    """Parsed incidents shared by requests, keyed by id and checked against the row's ``updated_at``.

    ``updated_at`` has one-second precision, so an entry is trusted only if it was parsed at least
    two seconds after that time: a rewrite within the same second is then always re-read."""

    def __init__(self, capacity: int = 20_000):
        self.capacity = capacity
        self._items: OrderedDict[str, tuple[str, str, Incident]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, version: str) -> Incident | None:
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] != version or not version < found[1]:
                return None
            self._items.move_to_end(key)
            return found[2]

    def put(self, key: str, version: str, incident: Incident) -> None:
        settled = iso(datetime.now(UTC) - timedelta(seconds=2)) or ""
        with self._lock:
            self._items[key] = (version, settled, incident)
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)


def _cache() -> IncidentCache:
    cache = current_app.extensions.get("outages_incident_cache")
    if cache is None:
        cache = current_app.extensions.setdefault("outages_incident_cache", IncidentCache())
    return cache


def _keyed(query: Any) -> list[Incident]:
    """Run ``query`` (selecting incident ids in order) and return the parsed incidents, parsing only
    those not already cached at their current version."""
    t = schema.incidents
    version_cols = (t.c.id, func.coalesce(t.c.updated_at, "", type_=String).label("updated_at"))
    rows = get_db().execute(query.with_only_columns(*version_cols)).all()
    cache = _cache()
    found: dict[str, Incident] = {}
    missing: dict[str, Any] = {}
    for row in rows:
        version = row.updated_at
        inc = cache.get(row.id, version)
        if inc is None:
            missing[row.id] = version
        else:
            found[row.id] = inc
    ids = list(missing)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for row in get_db().execute(select(t.c.id, t.c.data).where(t.c.id.in_(chunk))):
            inc = incident_from_dict(row.data)
            cache.put(row.id, missing[row.id], inc)
            found[row.id] = inc
    return [found[row.id] for row in rows if row.id in found]


def load_incidents(filters: Filters | None = None, service: str | None = None,
                   company: str | None = None) -> list[Incident]:
    """Incidents, newest first, narrowed in SQL where a column exists and in Python otherwise."""
    t = schema.incidents
    query = select(t.c.id).order_by(t.c.started_at.desc(), t.c.id)
    filters = filters or Filters()
    service = service or filters.service
    company = company or filters.company
    if company:
        query = query.where(func.lower(t.c.company) == company.lower())
    if filters.year:
        query = query.where(*_year_range(filters.year))
    incidents = _keyed(query)
    narrowed = Filters(service=service, region=filters.region, cause=filters.cause)
    return [i for i in incidents if narrowed.matches(i)]


def _year_range(year: int) -> tuple[Any, Any]:
    t = schema.incidents
    return (t.c.started_at >= datetime(year, 1, 1, tzinfo=UTC), t.c.started_at < datetime(year + 1, 1, 1, tzinfo=UTC))


SQL_FILTERS = {"company", "year"}


def sql_page(filters: Filters, newest_first: bool, offset: int, limit: int) -> tuple[int, list[Incident]]:
    """(total, one page) for filters the database can apply itself, reading only that page's rows."""
    t = schema.incidents
    conditions = []
    if filters.company:
        conditions.append(func.lower(t.c.company) == filters.company.lower())
    if filters.year:
        conditions.extend(_year_range(filters.year))
    total = int(get_db().execute(select(func.count()).select_from(t).where(*conditions)).scalar() or 0)
    order = (t.c.started_at.desc(), t.c.id) if newest_first else (t.c.started_at.is_(None), t.c.started_at, t.c.id)
    return total, _keyed(select(t.c.id).where(*conditions).order_by(*order).offset(offset).limit(limit))


def get_incident(slug_or_id: str) -> Incident | None:
    t = schema.incidents
    found = _keyed(select(t.c.id).where((t.c.slug == slug_or_id) | (t.c.id == slug_or_id)).limit(1))
    return found[0] if found else None


def incidents_by_ids(ids: list[str]) -> dict[str, Incident]:
    if not ids:
        return {}
    t = schema.incidents
    return {inc.id: inc for inc in _keyed(select(t.c.id).where(t.c.id.in_(ids)))}


def recent_incidents(limit: int) -> list[Incident]:
    t = schema.incidents
    return _keyed(select(t.c.id).where(t.c.started_at.is_not(None))
                  .order_by(t.c.started_at.desc(), t.c.id).limit(limit))


def latest_updated() -> datetime | None:
    t = schema.incidents
    return get_db().execute(select(func.max(t.c.updated_at))).scalar()


def top_services(year: int, limit: int) -> list[tuple[str, int]]:
    t = schema.incidents
    count = func.count().label("n")
    rows = get_db().execute(select(t.c.service, count).where(*_year_range(year))
                            .group_by(t.c.service).order_by(count.desc(), t.c.service).limit(limit))
    return [(r.service, int(r.n)) for r in rows]


def monthly_counts(months: int, until: datetime) -> list[tuple[str, int]]:
    """Incidents per calendar month for the ``months`` months ending with ``until``'s month."""
    keys = []
    year, month = until.year, until.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    t = schema.incidents
    month_col = func.substr(t.c.started_at, 1, 7, type_=String).label("month")
    rows = get_db().execute(select(month_col, func.count().label("n")).where(month_col >= keys[0])
                            .where(month_col <= keys[-1]).group_by(month_col))
    found = {r.month: int(r.n) for r in rows}
    return [(k, found.get(k, 0)) for k in keys]


def service_rows() -> list[dict[str, Any]]:
    """Every service with its company, slugs, incident count and latest start."""
    t = schema.incidents
    rows = get_db().execute(select(t.c.service, t.c.company, func.count().label("n"),
                                   func.max(t.c.started_at).label("last"))
                            .group_by(t.c.service, t.c.company).order_by(t.c.service))
    result = []
    for r in rows:
        last = r.last if isinstance(r.last, str) or r.last is None else iso(r.last)
        result.append({"name": r.service, "slug": slugify(r.service), "company": r.company,
                       "company_slug": slugify(r.company) if r.company else None,
                       "incidents": int(r.n), "last_started_at": last})
    return result


def resolve_subject(slug: str) -> Subject | None:
    """Find the company (preferred) or service whose slug is ``slug``."""
    services = service_rows()
    company_services = [s for s in services if s["company_slug"] == slug]
    if company_services:
        name = company_services[0]["company"]
        return Subject("company", name, slug, company=name,
                       services=sorted({s["name"] for s in company_services}))
    for svc in services:
        if svc["slug"] == slug:
            return Subject("service", svc["name"], slug, company=svc["company"], services=[svc["name"]])
    return None


def subject_incidents(subject: Subject) -> list[Incident]:
    if subject.kind == "company":
        return load_incidents(company=subject.name)
    return load_incidents(service=subject.name)


def facet_counts(incidents: list[Incident], limit: int = 12) -> dict[str, list[tuple[str, int]]]:
    """Value counts per facet field over ``incidents`` (most common first)."""
    counters: dict[str, Counter[str]] = {f: Counter() for f in FACET_FIELDS}
    for inc in incidents:
        counters["service"][inc.service] += 1
        if inc.company:
            counters["company"][inc.company] += 1
        counters["region"].update(set(inc.regions))
        counters["cause"].update(set(inc.causes))
        if inc.started_at is not None:
            counters["year"][str(inc.started_at.year)] += 1
    result = {}
    for name, counter in counters.items():
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if name == "year":
            items = sorted(counter.items(), reverse=True)
        result[name] = items[:limit]
    return result


def incident_summary(inc: Incident) -> dict[str, Any]:
    """The list form of an incident (API lists, search results)."""
    return {
        "id": inc.id, "slug": inc.slug, "title": inc.title, "service": inc.service, "company": inc.company,
        "status": inc.status, "started_at": iso(inc.started_at), "ended_at": iso(inc.ended_at),
        "duration_minutes": inc.duration_minutes, "regions": list(inc.regions), "global": inc.global_,
        "causes": list(inc.causes), "sources": len(inc.sources), "url": f"/incident/{inc.slug}",
    }


class DerivedCache:
    """Things computed from a list of incidents (charts, statistics), reused while the list holds the
    very same parsed objects: ``IncidentCache`` hands out a new object whenever a row changes."""

    def __init__(self, capacity: int = 64):
        self.capacity = capacity
        self._items: OrderedDict[Any, tuple[list[Incident], Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Any, incidents: list[Incident], build: Any) -> Any:
        with self._lock:
            entry = self._items.get(key)
        if entry is not None and len(entry[0]) == len(incidents) and all(
                a is b for a, b in zip(entry[0], incidents, strict=True)):
            return entry[1]
        value = build()
        with self._lock:
            self._items[key] = (list(incidents), value)
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return value


def derived_cache() -> DerivedCache:
    cache = current_app.extensions.get("outages_derived_cache")
    if cache is None:
        cache = current_app.extensions.setdefault("outages_derived_cache", DerivedCache())
    return cache

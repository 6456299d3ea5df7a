"""The exported dataset's tables: their fields (the data dictionary) and how incidents become rows.

One incident gives one ``incidents`` row and any number of rows in the child tables; every child
row names its incident and the source URL behind it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from archive.records import Incident, iso


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless types: string, integer, number, boolean, datetime, array
    description: str
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_key: str | None = "incident_id"  # -> incidents.id

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


_INCIDENT_ID = Field("incident_id", "string", "Stable id of the incident (incidents.id).", True)
_SOURCE_URL = Field("source_url", "string", "URL of the article or status page the value comes from.")
_FETCHED = Field("fetched_at", "datetime", "When the archive fetched that source (UTC).")
_EVIDENCE = Field("evidence", "string", "The sentence in the source that states the value.")

TABLES: tuple[TableSpec, ...] = (
    TableSpec("incidents", "One row per outage, fused from every source that reported it.", (
        Field("id", "string", "Stable incident id; survives rebuilds of the archive.", True),
        Field("slug", "string", "Readable stable identifier, e.g. facebook-2021-10-04.", True),
        Field("service", "string", "Canonical name of the primary affected service.", True),
        Field("company", "string", "Company that runs the service."),
        Field("title", "string", "Short headline for the incident."),
        Field("status", "string", "ongoing or resolved."),
        Field("started_at", "datetime", "Summary start of the outage (UTC); see figures for the rule."),
        Field("ended_at", "datetime", "Summary end of the outage (UTC), empty while ongoing or unknown."),
        Field("duration_minutes", "integer", "Summary duration in minutes."),
        Field("official_start", "datetime", "Start according to the service's status page (UTC)."),
        Field("reported_start", "datetime", "Earliest start reported by news sources (UTC)."),
        Field("ack_lag_minutes", "integer", "Minutes between the reported start and the official start."),
        Field("services", "array", "Every affected service (JSON array of canonical names)."),
        Field("regions", "array", "Places where users were affected, canonical English names (JSON array)."),
        Field("global", "boolean", "True when sources describe the outage as worldwide."),
        Field("error_messages", "array", "Exact texts users were shown (JSON array)."),
        Field("causes", "array", "Causes from the taxonomy: config_change, dns, bgp_routing, software_bug, "
                                  "certificate, capacity, power, hardware, third_party, cyberattack, unknown."),
        Field("features", "array", "Affected features: login, web, mobile_app, messaging, api ... (JSON array)."),
        Field("peak_reports", "integer", "Largest user-report count given by any source."),
        Field("source_count", "integer", "Number of sources (news articles and status pages)."),
    ), ("id",), foreign_key=None),
    TableSpec("incident_sources", "Every article and status page an incident was built from.", (
        _INCIDENT_ID,
        Field("url", "string", "URL of the source.", True),
        Field("kind", "string", "news or status."),
        Field("publisher", "string", "Publisher or status page name."),
        Field("published", "datetime", "When the source was published (UTC)."),
        Field("title", "string", "Title of the source."),
        _FETCHED,
    ), ("incident_id", "url")),
    TableSpec("incident_events", "The incident timeline: status updates, news milestones, report peaks.", (
        _INCIDENT_ID,
        Field("seq", "integer", "Position of the event in the timeline (0 = first).", True),
        Field("at", "datetime", "When the event happened (UTC).", True),
        Field("kind", "string", "first_report, status_update, news, report_peak, start or end."),
        Field("state", "string", "Status-page state: investigating, identified, monitoring, resolved."),
        Field("text", "string", "What the event says."),
        _SOURCE_URL,
    ), ("incident_id", "seq")),
    TableSpec("report_counts", "User-report figures (e.g. from outage-tracking sites), per source.", (
        _INCIDENT_ID,
        Field("seq", "integer", "Position of the figure within the incident.", True),
        Field("count", "integer", "Number of user reports.", True),
        Field("qualifier", "string", "more than, about, nearly, up to, at least ... as the source said."),
        Field("region", "string", "Region the figure is for, if the source says."),
        Field("service", "string", "Service the figure is for, if the source says."),
        Field("reported_by", "string", "Tracking site the source attributes the figure to."),
        Field("as_of", "datetime", "Time the figure refers to (UTC), when known."),
        _SOURCE_URL, _EVIDENCE,
    ), ("incident_id", "seq")),
    TableSpec("incident_facts", "Provenance: every summary fact with the source and sentence behind it.", (
        _INCIDENT_ID,
        Field("seq", "integer", "Position of the fact within the incident.", True),
        Field("field", "string", "Which incident field the fact supports (service, regions, start ...).", True),
        Field("value", "string", "The value the source gives (JSON for lists)."),
        _SOURCE_URL, _FETCHED, _EVIDENCE,
    ), ("incident_id", "seq")),
    TableSpec("services", "Services that have incidents, with their company.", (
        Field("name", "string", "Canonical service name.", True),
        Field("slug", "string", "URL slug of the service.", True),
        Field("company", "string", "Company that runs the service."),
        Field("incident_count", "integer", "Number of incidents of the service in this export."),
    ), ("name",), foreign_key=None),
)

TABLE_BY_NAME = {t.name: t for t in TABLES}


def _peak(counts: list[dict[str, Any]]) -> int | None:
    values = [int(c["count"]) for c in counts if isinstance(c.get("count"), int | float)]
    return max(values) if values else None


def incident_row(inc: Incident) -> dict[str, Any]:
    return {
        "id": inc.id, "slug": inc.slug, "service": inc.service, "company": inc.company, "title": inc.title,
        "status": inc.status, "started_at": iso(inc.started_at), "ended_at": iso(inc.ended_at),
        "duration_minutes": inc.duration_minutes, "official_start": iso(inc.official_start),
        "reported_start": iso(inc.reported_start), "ack_lag_minutes": inc.ack_lag_minutes,
        "services": list(inc.services or [inc.service]), "regions": list(inc.regions), "global": inc.global_,
        "error_messages": list(inc.error_messages), "causes": list(inc.causes), "features": list(inc.features),
        "peak_reports": _peak(inc.report_counts), "source_count": len({s.url for s in inc.sources}),
    }


def _first(d: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if d.get(key) not in (None, ""):
            return d[key]
    return None


def _fetch_times(inc: Incident) -> dict[str, str | None]:
    return {s.url: iso(s.fetched_at) for s in inc.sources}


def child_rows(inc: Incident) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table name, row) for every child row of one incident."""
    seen: set[str] = set()
    for src in inc.sources:
        if src.url in seen:
            continue
        seen.add(src.url)
        yield "incident_sources", {"incident_id": inc.id, "url": src.url, "kind": src.kind,
                                   "publisher": src.publisher, "published": iso(src.published),
                                   "title": src.title, "fetched_at": iso(src.fetched_at)}
    for seq, ev in enumerate(inc.timeline):
        yield "incident_events", {"incident_id": inc.id, "seq": seq, "at": iso(ev.at), "kind": ev.kind,
                                  "state": ev.state, "text": ev.text, "source_url": ev.source_url}
    for seq, rc in enumerate(inc.report_counts):
        yield "report_counts", {
            "incident_id": inc.id, "seq": seq, "count": int(rc.get("count") or 0),
            "qualifier": rc.get("qualifier"), "region": rc.get("region"), "service": rc.get("service"),
            "reported_by": _first(rc, "reported_by", "source"), "as_of": rc.get("as_of"),
            "source_url": _first(rc, "source_url", "url"), "evidence": _first(rc, "evidence", "sentence")}
    fetched = _fetch_times(inc)
    seq = 0
    for field_name, items in sorted(inc.evidence.items()):
        for item in items:
            url = _first(item, "source_url", "url")
            value = item.get("value")
            yield "incident_facts", {
                "incident_id": inc.id, "seq": seq, "field": field_name,
                "value": value if isinstance(value, str) or value is None else json.dumps(value),
                "source_url": url, "fetched_at": _first(item, "fetched_at") or fetched.get(url or ""),
                "evidence": _first(item, "sentence", "evidence", "text")}
            seq += 1

"""Status incidents as outage reports, and service names resolved through the service catalog.

A status-page incident is one more source speaking about an outage: ``report_from_status`` turns it
into the same ``OutageReport`` shape the news extractor produces, so the incident builder treats
both kinds alike (while still knowing which one is official).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from archive.records import OutageReport, StatusIncident, StatusUpdate
from archive.slugs import slugify

log = logging.getLogger(__name__)

#: Statuspage-style states, in the order an incident normally moves through them.
STATES = ("investigating", "identified", "monitoring", "resolved")
_STATE_ALIASES = {"update": None, "postmortem": "resolved", "completed": "resolved",
                  "in_progress": "identified", "verifying": "monitoring", "scheduled": None}
_IMPACT_NOT_OUTAGE = frozenset({"maintenance"})


_load_catalog: Any = None
try:  # the catalog is its own stage; keep building (with plain names) if it cannot be imported
    from extract.catalog import load_catalog as _load_catalog
except Exception as _exc:  # noqa: BLE001 - any import failure means "no catalog"
    log.warning("service catalog unavailable (%s); using names as given", _exc)


@dataclass(frozen=True)
class ServiceName:
    """A service name as the archive uses it: canonical name, company and their slugs."""

    name: str
    company: str | None
    slug: str
    company_slug: str | None
    known: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def group(self) -> str:
        """Key under which reports may fuse: the company when known, else the service itself."""
        return f"company:{self.company_slug}" if self.company_slug else f"service:{self.slug}"


@lru_cache(maxsize=1)
def _catalog() -> Any:
    if _load_catalog is None:
        return None
    try:
        return _load_catalog()
    except Exception as exc:  # noqa: BLE001 - a broken catalog file must not stop the build
        log.warning("could not load the service catalog: %s", exc)
        return None


@lru_cache(maxsize=4096)
def resolve_service(name: str, company: str | None = None) -> ServiceName:
    """Canonical name and company of ``name`` (alias, slug or domain) via the catalog."""
    cat = _catalog()
    svc = cat.get(name) if cat is not None else None
    if svc is not None:
        comp = svc.company or company
        return ServiceName(svc.name, comp, svc.slug or slugify(svc.name), slugify(comp) if comp else None,
                           True, tuple(svc.aliases))
    clean = " ".join(name.split())
    return ServiceName(clean, company, slugify(clean) or "unknown", slugify(company) if company else None)


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str] | None:
    cat = _catalog()
    if cat is None:
        return None
    names = sorted({n for svc in cat if not getattr(svc, "ambiguous", False)
                    and getattr(svc, "category", "") != "tracker" for n in svc.names if len(n) >= 3},
                   key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE)


def services_named_in(text: str) -> list[str]:
    """Canonical names of the catalog services named in ``text`` (ambiguous names left out)."""
    pattern = _name_pattern()
    if pattern is None or not text:
        return []
    return list(dict.fromkeys(resolve_service(m.group(1)).name for m in pattern.finditer(text)))


def company_name(name: str) -> str | None:
    """The canonical company called ``name`` (or owning the service ``name``), if the catalog knows."""
    cat = _catalog()
    if cat is None:
        return None
    found = cat.company_of(name)
    return str(found) if found else None


def normalize_state(status: str | None) -> str | None:
    """A status-page state reduced to investigating / identified / monitoring / resolved (or None)."""
    key = (status or "").strip().lower().replace(" ", "_")
    if key in STATES:
        return key
    return _STATE_ALIASES.get(key)


def incident_code(url: str) -> str | None:
    """``host/code`` of a status-page incident URL (``.../incidents/<code>``), else None."""
    if not url:
        return None
    parsed = urlparse(url)
    parts = [p for p in parsed.path.split("/") if p]
    if len(parts) >= 2 and parts[-2] == "incidents":
        host = (parsed.hostname or "").removeprefix("www.")
        return f"{host}/{parts[-1].lower()}"
    return None


def _publisher(si: StatusIncident) -> str:
    if si.source_name:
        return si.source_name
    host = (urlparse(si.url).hostname or "").removeprefix("www.")
    return host or f"{si.service} status page"


def _evidence(updates: list[StatusUpdate], resolved: bool) -> dict[str, list[str]]:
    oldest_first = sorted(updates, key=lambda u: u.at)
    evidence: dict[str, list[str]] = {}
    if oldest_first and oldest_first[0].text:
        evidence["start"] = [oldest_first[0].text]
    if resolved:
        done = [u.text for u in oldest_first if normalize_state(u.status) == "resolved" and u.text]
        if done:
            evidence["end"] = done[-1:]
    identified = [u.text for u in oldest_first if normalize_state(u.status) == "identified" and u.text]
    if identified:
        evidence["causes"] = identified
    return evidence


def report_from_status(si: StatusIncident) -> OutageReport:
    """What a status-page incident says, as an ``OutageReport`` (kind "status")."""
    svc = resolve_service(si.service)
    updates = sorted(si.updates, key=lambda u: u.at)
    start = si.started_at or si.created_at or (updates[0].at if updates else None)
    end = si.resolved_at
    duration = None
    if start is not None and end is not None and end >= start:
        duration = int((end - start).total_seconds() // 60)
    return OutageReport(
        source_url=si.url or f"status:{si.platform}:{si.external_id}",
        source_kind="status",
        service=svc.name,
        services=[svc.name],
        company=svc.company,
        title=si.title,
        publisher=_publisher(si),
        published=si.created_at or start,
        fetched_at=si.fetched_at,
        is_outage=si.impact not in _IMPACT_NOT_OUTAGE,
        regions=list(si.regions),
        start=start,
        start_precision="minute" if start is not None else "none",
        end=end,
        end_precision="minute" if end is not None else "none",
        duration_minutes=duration,
        status_messages=[u.text for u in updates if u.text],
        features=list(si.components),
        evidence=_evidence(updates, end is not None),
        status_updates=list(si.updates),
        external_id=f"{si.platform}:{si.external_id}",
    )

"""``outages build``: fuse outage reports (news and status pages) into incidents, and keep them current.

Incremental by default: only the fusion groups (company, or service when the company is unknown) that
gained, changed or lost a report since the last build are re-clustered; each group is always
re-clustered whole by the same order-independent rules (``archive.grouping``), so an incremental
build gives the same incidents as ``--full``. Incident ids and slugs are kept across builds: a new
cluster takes over the id of the old incident it shares most reports with.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from archive import schema
from archive.fusion import assemble
from archive.grouping import Cluster, Item, cluster_group, group_items
from archive.linking import link_clusters, scope_closure
from archive.records import Incident, OutageReport, iso, now_utc
from archive.reports import report_from_status, resolve_service, slugify
from archive.store import Store, incident_from_dict, report_key

log = logging.getLogger(__name__)

DEFAULT_WINDOW_HOURS = 12


@dataclass
class BuildSummary:
    """What one build did."""

    full: bool
    reports: int = 0
    status_reports_added: int = 0
    skipped_reports: int = 0
    groups_rebuilt: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    incidents: int = 0
    services: int = 0
    new_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"full": self.full, "reports": self.reports, "status_reports_added": self.status_reports_added,
                "skipped_reports": self.skipped_reports, "groups_rebuilt": self.groups_rebuilt,
                "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "deleted": self.deleted, "incidents": self.incidents, "services": self.services}


@dataclass
class OldIncident:
    id: str
    slug: str
    group: str
    status: str
    updated_at: datetime | None
    report_ids: set[int] = field(default_factory=set)


# -- reading the store -----------------------------------------------------------------------------
def sync_status_reports(store: Store) -> int:
    """Give every stored status incident its current report (new or changed since); return how many."""
    t, si_t = schema.reports, schema.status_incidents
    with store.engine.connect() as conn:
        changed = {r.id: r.updated_at for r in conn.execute(select(si_t.c.id, si_t.c.updated_at))}
        derived = {r.status_incident_id: r.updated_at for r in conn.execute(
            select(t.c.status_incident_id, t.c.updated_at).where(t.c.status_incident_id.is_not(None)))}
    stale = {i for i, at in changed.items() if i not in derived or (at and derived[i] and at >= derived[i])}
    if not stale:
        return 0
    with store.engine.connect() as conn:
        existing = {r.report_key: r.data for r in conn.execute(
            select(t.c.report_key, t.c.data).where(t.c.status_incident_id.in_(sorted(stale))))} \
            if len(stale) < 500 else {r.report_key: r.data for r in conn.execute(
                select(t.c.report_key, t.c.data).where(t.c.source_kind == "status"))}
    written = 0
    for si in store.status_incidents():
        if si.id not in stale:
            continue
        report = report_from_status(si)
        data = report.as_dict()
        data.pop("id", None)
        if existing.get(report_key(report)) != data:
            store.upsert_report(report, status_incident_id=si.id)
            written += 1
    return written


def _report_state(store: Store) -> dict[int, tuple[datetime | None, bool]]:
    t = schema.reports
    with store.engine.connect() as conn:
        return {r.id: (r.updated_at, bool(r.is_outage))
                for r in conn.execute(select(t.c.id, t.c.updated_at, t.c.is_outage))}


def _old_incidents(store: Store) -> dict[str, OldIncident]:
    t, links = schema.incidents, schema.incident_reports
    with store.engine.connect() as conn:
        old = {r.id: OldIncident(r.id, r.slug, resolve_service(r.service, r.company).group, r.status or "",
                                 r.updated_at)
               for r in conn.execute(select(t.c.id, t.c.slug, t.c.service, t.c.company, t.c.status,
                                            t.c.updated_at))}
        for r in conn.execute(select(links.c.incident_id, links.c.report_id)):
            if r.incident_id in old:
                old[r.incident_id].report_ids.add(r.report_id)
    return old


def _old_data(store: Store, ids: Sequence[str]) -> dict[str, Any]:
    t = schema.incidents
    result: dict[str, Any] = {}
    with store.engine.connect() as conn:
        for pos in range(0, len(ids), 500):
            chunk = list(ids[pos:pos + 500])
            for r in conn.execute(select(t.c.id, t.c.data).where(t.c.id.in_(chunk))):
                result[r.id] = r.data
    return result


def affected_groups(groups: dict[str, list[Item]], old: dict[str, OldIncident],
                    state: dict[int, tuple[datetime | None, bool]]) -> set[str]:
    """Groups with a report that is new, changed since its incident was written, or gone."""
    owner: dict[int, OldIncident] = {rid: inc for inc in old.values() for rid in inc.report_ids}
    touched: set[str] = set()
    for key, items in groups.items():
        for item in items:
            rid = item.report.id
            inc = owner.get(rid) if rid is not None else None
            changed = state.get(rid, (None, True))[0] if rid is not None else None
            if inc is None or (changed is not None and inc.updated_at is not None
                               and changed >= inc.updated_at):
                touched.add(key)
                if inc is not None:  # a changed report may have left its old incident's group
                    touched.add(inc.group)
    live = {i.report.id for items in groups.values() for i in items}
    for inc in old.values():
        if inc.status == "ongoing" or any(rid not in live for rid in inc.report_ids) or not inc.report_ids:
            touched.add(inc.group)
    return touched


# -- ids and slugs ---------------------------------------------------------------------------------
def _anchor(incident: Incident, reports: list[OutageReport]) -> str:
    ordered = sorted(reports, key=lambda r: (r.source_kind != "status", iso(r.start or r.published) or "",
                                             report_key(r)))
    return report_key(ordered[0]) if ordered else incident.service


def new_id(group: str, anchor: str, taken: set[str]) -> str:
    """A content-derived id (``inc-`` + 16 hex digits), made unique against ``taken``."""
    base = "inc-" + hashlib.sha1(f"{group}|{anchor}".encode()).hexdigest()[:16]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def new_slug(incident: Incident, taken: set[str]) -> str:
    """``service-YYYY-MM-DD`` of the start (UTC), with ``-2``, ``-3`` ... for later outages that day."""
    day = incident.started_at.strftime("%Y-%m-%d") if incident.started_at else "undated"
    base = f"{resolve_service(incident.service).slug or slugify(incident.service)}-{day}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def assign_ids(built: list[tuple[str, Incident, list[OutageReport]]], old: dict[str, OldIncident],
               old_ids_in_scope: set[str]) -> set[str]:
    """Give each built incident an id and slug, reusing old ones by shared reports; return reused ids.

    An old id (and slug) passes on to the incident sharing most reports with it, provided the service
    its slug names is still one of that incident's services: a Zoom story re-read as a Spotify one
    must not give a Spotify outage a ``zoom-...`` address."""
    owner = {rid: inc_id for inc_id in old_ids_in_scope for rid in old[inc_id].report_ids}
    pairs: list[tuple[int, str, int]] = []
    for pos, (_, incident, _) in enumerate(built):
        prefixes = tuple((resolve_service(n).slug or slugify(n)) + "-" for n in [incident.service, *incident.services])
        shared: dict[str, int] = defaultdict(int)
        for rid in incident.report_ids:
            if rid in owner and old[owner[rid]].slug.startswith(prefixes):
                shared[owner[rid]] += 1
        pairs.extend((n, inc_id, pos) for inc_id, n in shared.items())
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    reused: set[str] = set()
    for _, inc_id, pos in pairs:
        incident = built[pos][1]
        if incident.id or inc_id in reused:
            continue
        incident.id, incident.slug = inc_id, old[inc_id].slug
        reused.add(inc_id)
    kept = set(old) - old_ids_in_scope | reused
    taken_ids = set(kept)
    taken_slugs = {old[i].slug for i in kept}
    fresh = sorted((b for b in built if not b[1].id), key=lambda b: (iso(b[1].started_at) or "", b[0]))
    for group, incident, reports in fresh:
        incident.id = new_id(group, _anchor(incident, reports), taken_ids)
        incident.slug = new_slug(incident, taken_slugs)
        taken_ids.add(incident.id)
        taken_slugs.add(incident.slug)
    return reused


# -- writing ---------------------------------------------------------------------------------------
def _write(store: Store, built: list[Incident], drop: Iterable[str], old_data: dict[str, Any],
           summary: BuildSummary, stamp: datetime) -> None:
    """Replace the incidents of the rebuilt groups; each is stamped with the time the build read the
    reports, so a report written while it ran counts as changed next time."""
    t = schema.incidents
    drop = sorted(drop)
    with store.engine.begin() as conn:  # one transaction: a failed build leaves the old incidents
        for pos in range(0, len(drop), 500):
            conn.execute(delete(t).where(t.c.id.in_(drop[pos:pos + 500])))
        summary.deleted += len(drop)
        for incident in built:
            before = old_data.get(incident.id)
            if before is not None and before == incident.as_dict():
                conn.execute(update(t).where(t.c.id == incident.id).values(updated_at=stamp))
                summary.unchanged += 1
                continue
            store.save_incident(incident, conn)
            conn.execute(update(t).where(t.c.id == incident.id).values(updated_at=stamp))
            if before is None:
                summary.created += 1
                summary.new_ids.append(incident.id)
            else:
                summary.updated += 1


def upsert_services(store: Store, incidents: Iterable[Incident]) -> int:
    """Record every service named by an incident in the ``services`` table."""
    t = schema.services
    with store.engine.connect() as conn:
        slugs = {r.slug: r.name for r in conn.execute(select(t.c.name, t.c.slug))}
    names = sorted({s for inc in incidents for s in [inc.service, *inc.services] if s})
    count = 0
    for name in names:
        svc = resolve_service(name)
        if slugs.get(svc.slug, svc.name) != svc.name:
            log.warning("service %r: slug %r already used by %r; not recorded", name, svc.slug, slugs[svc.slug])
            continue
        store.upsert_service(svc.name, svc.slug, svc.company, svc.company_slug,
                             {"aliases": list(svc.aliases), "in_catalog": svc.known})
        slugs[svc.slug] = svc.name
        count += 1
    return count


def _incidents_missing_services(store: Store) -> list[Incident]:
    """Incidents whose primary service has no ``services`` row (a build killed between its two writes)."""
    i, t = schema.incidents, schema.services
    query = select(i.c.data).where(i.c.service.not_in(select(t.c.name)))
    with store.engine.connect() as conn:
        return [incident_from_dict(r.data) for r in conn.execute(query)]


def settle_scope(scope: set[str], groups: dict[str, list[Item]], old: dict[str, OldIncident]) -> set[str]:
    """Grow ``scope`` until closed: linked groups, and every group of an old incident that holds a
    report of a rebuilt group (so replacing that incident loses none of its other reports)."""
    group_of = {i.report.id: key for key, items in groups.items() for i in items}
    while True:
        scope = scope_closure(groups, scope)
        extra = set()
        for inc in _old_in_scope(old, groups, scope):
            extra.add(old[inc].group)
            extra.update(group_of[r] for r in old[inc].report_ids if r in group_of)
        if extra <= scope:
            return scope
        scope |= extra


def _old_in_scope(old: dict[str, OldIncident], groups: dict[str, list[Item]], scope: set[str]) -> list[str]:
    """Old incidents to be replaced: those of the rebuilt groups, and any holding one of their reports."""
    rebuilt = {i.report.id for key in scope for i in groups.get(key, [])}
    return sorted(i for i, o in old.items() if o.group in scope or not o.report_ids.isdisjoint(rebuilt))


def fuse_groups(groups: dict[str, list[Item]], scope: Iterable[str], window: timedelta, now: datetime,
                progress: Callable[[list[str]], Iterable[str]] | None = None,
                ) -> list[tuple[str, Incident, list[OutageReport]]]:
    """Cluster the groups in ``scope``, link across them and assemble one incident per cluster.

    Pure computation (no store). The cyclic garbage collector is paused meanwhile: the records made
    here hold no cycles, and full collections over a large heap would make the cost grow faster than
    the input."""
    keys = sorted(scope)
    paused = gc.isenabled()
    gc.disable()
    try:
        pairs: list[tuple[str, Cluster]] = []
        for key in progress(keys) if progress else keys:
            pairs.extend((key, cluster) for cluster in cluster_group(groups.get(key, []), window))
        built: list[tuple[str, Incident, list[OutageReport]]] = []
        for key, cluster in link_clusters(pairs):
            members = [i.report for i in cluster.items]
            untrusted = frozenset(i.report.source_url for i in cluster.items if i.redated)
            built.append((key, assemble(members, now, untrusted), members))
        return built
    finally:
        if paused:
            gc.enable()


def build_incidents(store: Store, full: bool = False, window_hours: float | None = None,
                    now: datetime | None = None,
                    progress: Callable[[list[str]], Iterable[str]] | None = None) -> BuildSummary:
    """Fuse reports into incidents (all of them with ``full``, else only groups that changed)."""
    summary = BuildSummary(full=full)
    now = now or now_utc()
    window = timedelta(hours=window_hours if window_hours is not None else DEFAULT_WINDOW_HOURS)
    summary.status_reports_added = sync_status_reports(store)
    stamp = now_utc()
    reports = store.reports(outages_only=True)
    summary.reports = len(reports)
    groups, summary.skipped_reports = group_items(reports, window)
    old = _old_incidents(store)
    scope = set(groups) | {o.group for o in old.values()} if full else \
        affected_groups(groups, old, _report_state(store))
    if not full:
        scope = settle_scope(scope, groups, old)
    old_in_scope = set(_old_in_scope(old, groups, scope))
    built = fuse_groups(groups, scope, window, now, progress)
    summary.groups_rebuilt = len(scope)
    reused = assign_ids(built, old, old_in_scope)
    incidents = [b[1] for b in built]
    _write(store, incidents, old_in_scope - reused, _old_data(store, sorted(reused)), summary, stamp)
    summary.services = upsert_services(store, incidents + _incidents_missing_services(store))
    summary.incidents = store.counts()["incidents"]
    return summary

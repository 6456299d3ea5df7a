"""Which reports speak of the same outage: grouping by company, time and region.

Reports are first split by fusion group (the company behind the service, through the catalog, or the
service itself), then sorted by time and swept once, so the cost is O(n log n) with no all-pairs
comparison. Three passes, each independent of input order:

1. reports with a clock-time start (and every status-page incident) form clusters: a report joins the
   best compatible cluster whose time span overlaps it or ends less than ``TOLERANCE`` before it;
2. reports known only to the day, or with no start at all, attach to the nearest pass-1 cluster of
   their group around their date / publication time (never to each other, so order cannot matter);
3. the imprecise reports left over cluster among themselves by overlapping day windows.

Two different incidents of one status page never fuse (only the same incident seen through two
feeds does: same incident code, or same title and start), and sources naming disjoint places fuse
only when their times truly overlap.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from archive.records import OutageReport
from archive.reports import ServiceName, incident_code, resolve_service, services_named_in
from archive.store import report_key

TOLERANCE = timedelta(minutes=60)       # gap still counted as "the same outage"
OPEN_SPAN = timedelta(minutes=60)       # assumed span of a report that gives a start but no end
MAX_SPAN = timedelta(hours=72)          # a news report's own span is never taken as longer
SAME_FEED_START = timedelta(minutes=5)  # one status incident seen through two feeds
DAY = timedelta(days=1)
REDATE_AGE = timedelta(hours=24)        # a start this long before publication may be a misread date
CLOCK_MATCH = timedelta(minutes=90)     # ... when its clock time matches an outage running at publication
PER_POST_FEEDS = frozenset({"aws", "aws-rss"})  # feeds that publish every update as its own entry


def _title_key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class Item:
    """One report with the values grouping needs."""

    report: OutageReport
    key: str
    name: ServiceName
    lo: datetime
    hi: datetime
    precise: bool
    anchor: datetime
    identities: frozenset[str]
    regions: frozenset[str]
    global_: bool
    mentions: frozenset[str] = frozenset()
    redated: bool = False  # its own start/end were judged a misread date and are not used

    @property
    def is_status(self) -> bool:
        return self.report.source_kind == "status"


@dataclass
class Cluster:
    """Reports fused so far into one outage."""

    items: list[Item] = field(default_factory=list)
    lo: datetime | None = None
    hi: datetime | None = None
    identities: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    status_regions: set[str] = field(default_factory=set)
    global_: bool = False
    services: set[str] = field(default_factory=set)

    def add(self, item: Item, extend: bool = True) -> None:
        self.items.append(item)
        if extend:
            self.lo = item.lo if self.lo is None else min(self.lo, item.lo)
            self.hi = item.hi if self.hi is None else max(self.hi, item.hi)
        self.identities |= item.identities
        self.regions |= item.regions
        if item.is_status:
            self.status_regions |= item.regions
        self.global_ = self.global_ or item.global_
        self.services.add(item.name.name)

    @property
    def statuses(self) -> list[Item]:
        return [i for i in self.items if i.is_status]


def identities_of(report: OutageReport) -> frozenset[str]:
    """Names under which a status incident is known (incident code in its URL, platform id)."""
    if report.source_kind != "status":
        return frozenset()
    found = set()
    code = incident_code(report.source_url)
    if code:
        found.add(f"url:{code}")
    if report.external_id:
        found.add(f"id:{(report.service or '').casefold()}:{report.external_id.split(':', 1)[-1].lower()}")
    return frozenset(found)


def _span(report: OutageReport, start: datetime) -> datetime:
    if report.end is not None and report.end >= start:
        hi = report.end
    elif report.duration_minutes:
        hi = start + timedelta(minutes=report.duration_minutes)
    else:
        hi = start + OPEN_SPAN
        last = max((u.at for u in report.status_updates), default=None)
        if report.source_kind == "status" and last is not None and last > hi:
            hi = last
    if report.source_kind == "news":
        hi = min(hi, start + MAX_SPAN)
    return hi


def mentioned_groups(report: OutageReport, own: str) -> frozenset[str]:
    """Fusion groups of other services a news report names as affected or as the cause."""
    if report.source_kind != "news":
        return frozenset()
    names = [*report.services, *services_named_in(report.title)]
    for text in report.evidence.get("causes", []):
        names.extend(services_named_in(text))
    return frozenset(g for g in (resolve_service(n).group for n in names if n) if g != own)


def make_item(report: OutageReport, window: timedelta) -> Item | None:
    """The grouping view of ``report``; None when it names no service or no time at all."""
    if not report.service:
        return None
    name = resolve_service(report.service, report.company)
    anchor = report.published or report.start or report.fetched_at
    precise = report.start is not None and (report.start_precision == "minute" or report.source_kind == "status")
    if precise:
        assert report.start is not None
        lo, hi = report.start, _span(report, report.start)
    elif report.start is not None:  # known to the day only
        lo = report.start.replace(hour=0, minute=0, second=0, microsecond=0)
        hi = lo + DAY
    elif anchor is not None:
        lo, hi = anchor - window, anchor
    else:
        return None
    return Item(report=report, key=report_key(report), name=name, lo=lo, hi=hi, precise=precise,
                anchor=anchor or lo, identities=identities_of(report),
                regions=frozenset(r for r in report.regions if r), global_=report.global_,
                mentions=mentioned_groups(report, name.group))


def regions_compatible(cluster: Cluster, item: Item, overlapping: bool) -> bool:
    """Disjoint places are one outage only if the times overlap and not both are official."""
    if item.global_ or cluster.global_ or not item.regions or not cluster.regions:
        return True
    if item.regions & cluster.regions:
        return True
    if item.is_status and cluster.status_regions and not (item.regions & cluster.status_regions):
        return False
    return overlapping


def _feed(item: Item) -> str:
    return (item.report.external_id or "").split(":", 1)[0]


def _other_official_incident(cluster: Cluster, item: Item) -> bool:
    """True when the cluster already holds a different status incident of the item's own service."""
    same_service = [s for s in cluster.statuses if s.name.name == item.name.name]
    if not same_service:
        return False
    if _feed(item) in PER_POST_FEEDS:
        return False
    if any(_feed(s) == _feed(item) for s in same_service):  # one feed never lists an incident twice
        return True
    title = _title_key(item.report.title)
    return not any(_title_key(s.report.title) == title and abs(s.lo - item.lo) <= SAME_FEED_START
                   for s in same_service)


def _fits(cluster: Cluster, item: Item) -> tuple[bool, timedelta]:
    assert cluster.lo is not None and cluster.hi is not None
    gap = max(item.lo - cluster.hi, cluster.lo - item.hi, timedelta(0))
    if gap > TOLERANCE:
        return False, gap
    if item.is_status and _other_official_incident(cluster, item):
        return False, gap
    overlapping = item.lo < cluster.hi and cluster.lo < item.hi
    return regions_compatible(cluster, item, overlapping), gap


def _pass_precise(items: list[Item]) -> list[Cluster]:
    clusters: list[Cluster] = []
    by_identity: dict[str, Cluster] = {}
    active: list[Cluster] = []
    for item in sorted(items, key=lambda i: (i.lo, i.key)):
        target = next((by_identity[t] for t in sorted(item.identities) if t in by_identity), None)
        if target is None:
            active = [c for c in active if c.hi is not None and c.hi + TOLERANCE >= item.lo]
            best: tuple[tuple[int, timedelta, int], Cluster] | None = None
            for idx, cluster in enumerate(active):
                ok, gap = _fits(cluster, item)
                if ok:
                    score = (int(item.name.name in cluster.services), -gap, -idx)
                    if best is None or score > best[0]:
                        best = (score, cluster)
            target = best[1] if best else None
        if target is None:
            target = Cluster()
            clusters.append(target)
        if not any(c is target for c in active):
            active.append(target)
        target.add(item)
        for token in item.identities:
            by_identity.setdefault(token, target)
    return clusters


def _attach_score(cluster: Cluster, item: Item) -> tuple[int, int, float]:
    assert cluster.lo is not None
    same_day = int(item.report.start is not None and cluster.lo.date() == item.report.start.date())
    before = int(cluster.lo <= item.anchor)
    return same_day, before, -abs((item.anchor - cluster.lo).total_seconds())


def _attach_window(item: Item) -> tuple[datetime, datetime]:
    if item.report.start is not None:  # day precision: allow for the local day differing from UTC
        return item.lo - timedelta(hours=12), item.hi + timedelta(hours=12)
    return item.lo, item.hi + TOLERANCE


def _pass_attach(clusters: list[Cluster], items: list[Item]) -> list[Item]:
    """Attach imprecise items to precise clusters; return those that found none."""
    ordered = sorted(clusters, key=lambda c: (c.lo, c.items[0].key))
    starts = [c.lo for c in ordered]
    longest = max(((c.hi - c.lo) for c in ordered if c.hi and c.lo), default=timedelta(0))
    chosen: list[tuple[Cluster, Item]] = []
    left: list[Item] = []
    for item in sorted(items, key=lambda i: (i.lo, i.key)):
        lo, hi = _attach_window(item)
        first = bisect.bisect_left(starts, lo - longest)  # type: ignore[type-var]
        last = bisect.bisect_right(starts, hi)  # type: ignore[type-var]
        best: tuple[tuple[int, int, float], Cluster] | None = None
        for cluster in ordered[first:last]:
            assert cluster.lo is not None and cluster.hi is not None
            if cluster.hi < lo or cluster.lo > hi or not regions_compatible(cluster, item, False):
                continue
            score = _attach_score(cluster, item)
            if best is None or score > best[0]:
                best = (score, cluster)
        if best is None:
            left.append(item)
        else:
            chosen.append((best[1], item))
    for cluster, item in chosen:
        cluster.add(item, extend=False)
    return left


def _pass_leftovers(items: list[Item]) -> list[Cluster]:
    clusters: list[Cluster] = []
    active: list[Cluster] = []
    for item in sorted(items, key=lambda i: (i.lo, i.key)):
        active = [c for c in active if c.hi is not None and c.hi > item.lo]
        target = next((c for c in active if regions_compatible(c, item, False)), None)
        if target is None:
            target = Cluster()
            clusters.append(target)
            active.append(target)
        target.add(item)
    return clusters


def _clock_gap(a: datetime, b: datetime) -> timedelta:
    seconds = abs((a - b).total_seconds()) % 86400
    return timedelta(seconds=min(seconds, 86400 - seconds))


def _pass_redate(clusters: list[Cluster], window: timedelta) -> list[Cluster]:
    """A lone news report whose start lies days before its publication, at the very clock time an
    outage of the same group was running when it was published, had its date misread: it joins
    that outage (its own times kept as figures, not used)."""
    def lonely(c: Cluster) -> bool:
        item = c.items[0]
        return len(c.items) == 1 and not item.is_status and item.anchor - item.lo > REDATE_AGE

    alone = [c for c in clusters if lonely(c)]
    if not alone:
        return clusters
    ordered = sorted(clusters, key=lambda c: (c.lo, c.items[0].key))
    starts = [c.lo for c in ordered]
    longest = max((c.hi - c.lo for c in ordered), default=timedelta(0))  # type: ignore[operator]
    proposals: dict[int, Cluster] = {}
    for cluster in alone:
        item = cluster.items[0]
        first = bisect.bisect_left(starts, item.anchor - window - longest)  # type: ignore[type-var]
        last = bisect.bisect_right(starts, item.anchor)  # type: ignore[type-var]
        fits = [c for c in ordered[first:last] if c is not cluster and c.lo is not None and c.hi is not None
                and c.hi + window >= item.anchor and _clock_gap(item.lo, c.lo) <= CLOCK_MATCH
                and regions_compatible(c, item, True)]
        if fits:
            proposals[id(cluster)] = max(fits, key=lambda c: (c.lo, c.items[0].key))
    targets = {id(t) for t in proposals.values()}
    moved = {k: t for k, t in proposals.items() if k not in targets and id(t) not in proposals}
    for cluster in alone:
        if id(cluster) in moved:
            cluster.items[0].redated = True
            moved[id(cluster)].add(cluster.items[0], extend=False)
    return [c for c in clusters if id(c) not in moved]


def cluster_group(items: list[Item], window: timedelta = timedelta(hours=12)) -> list[Cluster]:
    """Cluster the items of one fusion group (all passes)."""
    precise = [i for i in items if i.precise]
    clusters = _pass_redate(_pass_precise(precise), window)
    left = _pass_attach(clusters, [i for i in items if not i.precise])
    clusters.extend(_pass_leftovers(left))
    return clusters


def group_items(reports: Iterable[OutageReport], window: timedelta) -> tuple[dict[str, list[Item]], int]:
    """Items by fusion group, and how many reports were skipped (no service or no time)."""
    groups: dict[str, list[Item]] = defaultdict(list)
    skipped = 0
    for report in reports:
        item = make_item(report, window)
        if item is None:
            skipped += 1
            continue
        groups[item.name.group].append(item)
    return groups, skipped


def cluster_reports(reports: Iterable[OutageReport], window: timedelta) -> list[list[OutageReport]]:
    """All reports fused into outages (each a list of reports), ordered by time."""
    from archive.linking import link_clusters

    groups, _ = group_items(reports, window)
    pairs = [(key, c) for key in sorted(groups) for c in cluster_group(groups[key], window)]
    result = [c for _, c in link_clusters(pairs)]
    result.sort(key=lambda c: (c.lo, min(i.key for i in c.items)))
    return [[i.report for i in c.items] for c in result]

"""One incident from the reports grouped together: chosen values, kept conflicts, timeline, sources.

Nothing is averaged away: ``Incident.figures`` holds every source's value for the start, end,
duration and user-report counts, next to the summary value shown and the rule that chose it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from archive.records import Incident, IncidentSource, OutageReport, TimelineEvent, iso
from archive.reports import normalize_state, resolve_service

#: a start this long before the median start of the sources is taken as an outlier (misread date)
NEWS_START_SLACK = timedelta(hours=12)
#: an incident with no known end and no source newer than this is no longer called ongoing
ONGOING_HORIZON = timedelta(hours=48)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_KIND_ORDER = {"start": 0, "first_report": 1, "status_update": 2, "news": 3, "report_peak": 4, "end": 5}


def _when(report: OutageReport) -> datetime | None:
    return report.published or report.start or report.fetched_at


def _ordered(reports: Iterable[OutageReport]) -> list[OutageReport]:
    def key(r: OutageReport) -> tuple[bool, datetime, str, str]:
        when = _when(r)
        return when is None, when or _EPOCH, r.source_kind, r.source_url

    return sorted(reports, key=key)


def _ranked(values: Iterable[str]) -> list[str]:
    """Distinct values (case-insensitive), most frequent first, then by first appearance."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, str]] = {}
    for pos, value in enumerate(v.strip() for v in values if v and v.strip()):
        key = value.casefold()
        counts[key] += 1
        first.setdefault(key, (pos, value))
    return [first[k][1] for k in sorted(counts, key=lambda k: (-counts[k], first[k][0]))]


def primary_service(reports: list[OutageReport]) -> str:
    """The service most sources are about (a status page counts double); ties go to the earliest."""
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    for pos, report in enumerate(reports):
        if report.service:
            name = resolve_service(report.service, report.company).name
            votes[name] += 2 if report.source_kind == "status" else 1
            first.setdefault(name, pos)
    return min(votes, key=lambda n: (-votes[n], first[n]))


def _value(report: OutageReport, value: Any, **extra: Any) -> dict[str, Any]:
    return {"value": value, "source_url": report.source_url, "kind": report.source_kind,
            "publisher": report.publisher, **extra}


def _start_figures(reports: list[OutageReport], untrusted: frozenset[str]) -> dict[str, Any]:
    values = [_value(r, iso(r.start), precision=r.start_precision if r.source_kind == "news" else "minute",
                     used=r.source_url not in untrusted) for r in reports if r.start is not None]
    trusted = [r for r in reports if r.source_url not in untrusted and r.start is not None]
    official = min((r.start for r in trusted if r.source_kind == "status" and r.start), default=None)
    precise_news = [r.start for r in trusted if r.source_kind == "news" and r.start
                    and r.start_precision == "minute"]
    day_news = [r.start for r in trusted if r.source_kind == "news" and r.start]
    reported = min(precise_news, default=None) or min(day_news, default=None)
    precise = precise_news + ([official] if official else [])
    if precise:
        middle = sorted(precise)[len(precise) // 2]
        usable = [s for s in precise if s >= middle - NEWS_START_SLACK]
        chosen: datetime | None = min(usable)
        rule = "earliest clock-time start among sources (official or reported)"
        if len(usable) < len(precise):
            rule += "; starts over 12 h before the median start ignored"
    elif day_news:
        chosen = min(day_news).replace(hour=0, minute=0, second=0, microsecond=0)
        rule = "only a date was reported: start of that day (UTC)"
    else:
        chosen = min((w for w in (_when(r) for r in reports) if w), default=None)
        rule = "no start reported: earliest publication time"
    if untrusted:
        rule += "; times of sources whose date looked misread not used"
    return {"values": values, "official": official, "reported": reported, "chosen": chosen, "rule": rule}


def _end_figures(reports: list[OutageReport], start: datetime | None, untrusted: frozenset[str]) -> dict[str, Any]:
    values = [_value(r, iso(r.end), used=r.source_url not in untrusted) for r in reports if r.end is not None]
    trusted = [r for r in reports if r.source_url not in untrusted]
    official = [r.end for r in trusted if r.source_kind == "status" and r.end]
    news = [r.end for r in trusted if r.source_kind == "news" and r.end and (start is None or r.end >= start)]
    durations = [r.duration_minutes for r in trusted if r.duration_minutes]
    chosen: datetime | None = None
    if official:
        chosen, rule = max(official), "resolution time on the status page"
    elif news:
        chosen, rule = max(news), "latest end reported by the news"
    elif durations and start is not None:
        median = int(statistics.median_low(durations))
        chosen, rule = start + timedelta(minutes=median), "start plus the median reported duration"
    else:
        rule = "no end reported"
    return {"values": values, "chosen": chosen, "rule": rule}


def _duration_figures(reports: list[OutageReport], start: datetime | None,
                      end: datetime | None) -> dict[str, Any]:
    values = []
    for r in reports:
        if r.duration_minutes is not None:
            values.append(_value(r, r.duration_minutes, computed=False))
        elif r.start and r.end and r.start_precision == "minute" and r.end_precision == "minute" \
                and r.end >= r.start:
            values.append(_value(r, int((r.end - r.start).total_seconds() // 60), computed=True))
    if start is not None and end is not None and end >= start:
        return {"values": values, "chosen": int((end - start).total_seconds() // 60),
                "rule": "chosen end minus chosen start"}
    return {"values": values, "chosen": None, "rule": "start or end unknown"}


def _count_figures(reports: list[OutageReport]) -> dict[str, Any]:
    values: list[dict[str, Any]] = []
    for r in reports:
        for c in r.report_counts:
            values.append({"count": c.count, "region": c.region, "service": c.service, "qualifier": c.qualifier,
                           "source": c.source, "as_of": iso(c.as_of or r.published), "source_url": r.source_url,
                           "publisher": r.publisher, "evidence": c.evidence})
    peaks: dict[str, dict[str, Any]] = {}
    for v in values:
        key = (v["region"] or "").casefold()
        best = peaks.get(key)
        if best is None or (v["count"], _neg(v["as_of"])) > (best["count"], _neg(best["as_of"])):
            peaks[key] = v
    chosen = sorted(peaks.values(), key=lambda v: (-v["count"], v["region"] or ""))
    return {"values": values, "chosen": chosen, "rule": "highest figure per region from any source (peak)"}


def _neg(text: str | None) -> str:
    """Sort helper: earlier as-of times win ties (compare on the complement of the ISO string)."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in (text or "~"))


def _ack_lag(reports: list[OutageReport], reported: datetime | None) -> int | None:
    acks = [u.at for r in reports if r.source_kind == "status" for u in r.status_updates]
    acks += [r.start for r in reports if r.source_kind == "status" and r.start and not r.status_updates]
    if not acks or reported is None:
        return None
    return int((min(acks) - reported).total_seconds() // 60)


def _status(reports: list[OutageReport], end: datetime | None, now: datetime) -> tuple[str, str]:
    if end is not None:
        return "resolved", "an end time is known"
    newest = max((w for w in (_when(r) for r in reports) if w), default=None)
    if newest is not None and now - newest > ONGOING_HORIZON:
        return "resolved", "no end reported and no source in the last 48 hours"
    return "ongoing", "no end reported yet"


def _timeline(reports: list[OutageReport], start: dict[str, Any], end: dict[str, Any],
              peaks: list[dict[str, Any]]) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    if start["chosen"] is not None:
        origin = _origin(start["values"], start["chosen"], reports)
        events.append(TimelineEvent(start["chosen"], "start", f"Outage began. Start rule: {start['rule']}", origin))
    news = [r for r in reports if r.source_kind == "news" and _when(r) is not None]
    for pos, r in enumerate(news):
        label = f"{r.publisher}: {r.title}" if r.publisher else r.title
        kind = "first_report" if pos == 0 else "news"
        text = f"First news report. {label}" if pos == 0 else label
        events.append(TimelineEvent(_when(r), kind, text, r.source_url))  # type: ignore[arg-type]
    seen: set[tuple[str, str | None, str]] = set()
    for r in reports:
        if r.source_kind != "status":
            continue
        current: str | None = None
        for upd in sorted(r.status_updates, key=lambda u: u.at):
            state = current = normalize_state(upd.status) or current  # "update" keeps the state it had
            key = ((iso(upd.at) or "")[:16], state, " ".join(upd.text.casefold().split()))
            if key in seen:  # the same update seen through two feeds of one status page
                continue
            seen.add(key)
            events.append(TimelineEvent(upd.at, "status_update", upd.text or upd.status, r.source_url,
                                        state=state))
    for peak in peaks:
        if peak["as_of"]:
            where = f" in {peak['region']}" if peak["region"] else ""
            tracker = f" on {peak['source']}" if peak["source"] else ""
            text = f"{peak['count']:,} user reports{where}{tracker}"
            events.append(TimelineEvent(_parse(peak["as_of"]), "report_peak", text, peak["source_url"]))
    if end["chosen"] is not None:
        origin = _origin(end["values"], end["chosen"], reports)
        events.append(TimelineEvent(end["chosen"], "end", f"Service restored. End rule: {end['rule']}", origin))
    events.sort(key=lambda e: (e.at, _KIND_ORDER.get(e.kind, 9), e.source_url, e.text))
    return events


def _origin(values: list[dict[str, Any]], chosen: datetime, reports: list[OutageReport]) -> str:
    """The source of a chosen time: the one that gave it, else the earliest source (derived values)."""
    exact = [v["source_url"] for v in values if v["value"] == iso(chosen) and v.get("used", True)]
    if exact:
        return str(exact[0])
    return reports[0].source_url if reports else ""


def _parse(text: str) -> datetime:
    from archive.records import parse_iso

    value = parse_iso(text)
    assert value is not None
    return value


def _sources(reports: list[OutageReport]) -> list[IncidentSource]:
    seen: set[str] = set()
    result = []
    for r in reports:
        if r.source_url in seen:
            continue
        seen.add(r.source_url)
        result.append(IncidentSource(url=r.source_url, kind=r.source_kind, publisher=r.publisher,
                                     published=_when(r), title=r.title, fetched_at=r.fetched_at))
    return result


def _evidence(reports: list[OutageReport]) -> dict[str, list[dict[str, str]]]:
    result: dict[str, list[dict[str, str]]] = {}
    for r in reports:
        for fieldname, texts in sorted(r.evidence.items()):
            for text in texts:
                entry = {"source_url": r.source_url, "text": text}
                if entry not in result.setdefault(fieldname, []):
                    result[fieldname].append(entry)
    return result


def _title(service: str, others: list[str], start: datetime | None) -> str:
    title = f"{service} outage"
    if others:
        names = others[:3]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        title += f" also hitting {joined}"
    if start is not None:
        title += f", {start.day} {start:%B %Y}"
    return title


def assemble(reports: list[OutageReport], now: datetime, untrusted: frozenset[str] = frozenset()) -> Incident:
    """Fuse the reports of one outage into an ``Incident`` (``id`` and ``slug`` left empty).

    ``untrusted``: source URLs whose own start/end are kept as figures but not used for the summary."""
    reports = _ordered(reports)
    service = primary_service(reports)
    name = resolve_service(service)
    start = _start_figures(reports, untrusted)
    end = _end_figures(reports, start["chosen"], untrusted)
    duration = _duration_figures(reports, start["chosen"], end["chosen"])
    counts = _count_figures(reports)
    status, status_rule = _status(reports, end["chosen"], now)
    ack = _ack_lag(reports, start["reported"])
    services = _ranked([resolve_service(s).name for r in reports for s in [r.service or "", *r.services] if s])
    others = [s for s in services if s != service]
    figures = {"start": {**start, "official": iso(start["official"]), "reported": iso(start["reported"]),
                         "chosen": iso(start["chosen"])},
               "end": {**end, "chosen": iso(end["chosen"])}, "duration_minutes": duration,
               "report_counts": counts, "status": {"chosen": status, "rule": status_rule},
               "ack_lag_minutes": {"chosen": ack, "rule": "first status-page update minus earliest reported start"},
               "service": {"chosen": service, "rule": "most sources (a status page counts double)"}}
    return Incident(
        id="", slug="", service=service, company=name.company,
        title=_title(service, others, start["chosen"]), status=status,
        started_at=start["chosen"], ended_at=end["chosen"], duration_minutes=duration["chosen"],
        official_start=start["official"], reported_start=start["reported"], ack_lag_minutes=ack,
        services=services, regions=_ranked(g for r in reports for g in r.regions),
        global_=any(r.global_ for r in reports),
        error_messages=_ranked(m for r in reports for m in r.error_messages),
        report_counts=counts["chosen"], causes=_ranked(c for r in reports for c in r.causes),
        features=_ranked(f for r in reports for f in r.features),
        sources=_sources(reports), timeline=_timeline(reports, start, end, counts["chosen"]),
        figures=figures, evidence=_evidence(reports),
        report_ids=sorted(r.id for r in reports if r.id is not None),
    )

"""Figures for company/service history pages, computed from the incidents themselves."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from archive.records import Incident

SEVERITIES = ("minor", "major", "critical")
SEVERITY_RULES = {
    "critical": "worldwide, or over 10,000 user reports, or 6 hours or longer",
    "major": "over 1,000 user reports, or 3 or more regions, or 1 hour or longer",
    "minor": "anything smaller, or not enough known",
}


def max_reports(inc: Incident) -> int:
    counts = [int(c.get("count") or 0) for c in inc.report_counts if isinstance(c, dict)]
    return max(counts, default=0)


def severity(inc: Incident) -> str:
    """A coarse severity from reach, report volume and length (rules in ``SEVERITY_RULES``)."""
    minutes = inc.duration_minutes or 0
    reports = max_reports(inc)
    if inc.global_ or reports > 10_000 or minutes >= 360:
        return "critical"
    if reports > 1_000 or len(inc.regions) >= 3 or minutes >= 60:
        return "major"
    return "minor"


@dataclass
class HistoryStats:
    total: int
    per_year: list[tuple[str, int]]
    median_minutes: float | None
    longest: Incident | None
    top_regions: list[tuple[str, int]]
    top_causes: list[tuple[str, int]]
    severities: dict[str, int] = field(default_factory=dict)
    first: Incident | None = None
    last: Incident | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total, "per_year": dict(self.per_year), "median_duration_minutes": self.median_minutes,
            "longest": {"slug": self.longest.slug, "duration_minutes": self.longest.duration_minutes}
            if self.longest else None,
            "top_regions": dict(self.top_regions), "top_causes": dict(self.top_causes),
            "severities": self.severities,
        }


def history_stats(incidents: list[Incident], top: int = 8) -> HistoryStats:
    """Per-year counts (gaps filled), median and longest duration, top regions and causes.

    Same definitions as ``archive.history.summarize`` (median over incidents with a known duration;
    a region or cause counts once per incident), computed here without the full incident listing
    that function also builds, which the page does not need."""
    years = Counter(str(i.started_at.year) for i in incidents if i.started_at is not None)
    durations = [i.duration_minutes for i in incidents if i.duration_minutes is not None]
    median = statistics.median(durations) if durations else None
    timed = [i for i in incidents if i.duration_minutes is not None]
    longest = max(timed, key=lambda i: i.duration_minutes or 0) if timed else None
    regions = Counter(r for i in incidents for r in dict.fromkeys(i.regions))
    causes = Counter(c for i in incidents for c in dict.fromkeys(i.causes))
    per_year: list[tuple[str, int]] = []
    if years:
        first, last = int(min(years)), int(max(years))
        per_year = [(str(y), years.get(str(y), 0)) for y in range(first, last + 1)]
    dated = sorted((i for i in incidents if i.started_at is not None), key=lambda i: i.started_at)  # type: ignore[arg-type, return-value]
    return HistoryStats(
        total=len(incidents), per_year=per_year, median_minutes=float(median) if median is not None else None,
        longest=longest, top_regions=_top(regions, top), top_causes=_top(causes, top),
        first=dated[0] if dated else None, last=dated[-1] if dated else None)


def _top(counter: Counter[str], n: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def region_report_totals(inc: Incident) -> list[tuple[str, int, dict[str, Any]]]:
    """The largest report figure per region (region, count, the figure's record)."""
    best: dict[str, tuple[int, dict[str, Any]]] = {}
    for fig in inc.report_counts:
        if not isinstance(fig, dict):
            continue
        region = fig.get("region") or "unspecified"
        count = int(fig.get("count") or 0)
        if region not in best or count > best[region][0]:
            best[region] = (count, fig)
    return sorted(((r, c, f) for r, (c, f) in best.items()), key=lambda x: -x[1])

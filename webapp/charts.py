"""Server-side SVG charts (no script; every label escaped; colours come from the site stylesheet).

Each chart is an ``<svg role="img">`` with a title and description for screen readers; the pages also
show the same numbers as text or tables next to it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from datetime import UTC, datetime

from markupsafe import Markup, escape

from archive.records import Incident
from webapp.formatting import fmt_datetime, fmt_duration, fmt_number
from webapp.stats import SEVERITIES, severity


def _svg(chart_id: str, width: float, height: float, title: str, desc: str, body: str,
         css_class: str = "chart") -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" id="{escape(chart_id)}" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title><desc id="{escape(chart_id)}-d">{escape(desc)}</desc>'
        f'{body}</svg>')


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(chart_id: str, items: Sequence[tuple[str, int]], title: str, unit: str = "incidents",
              width: float = 640, height: float = 200, label_every: int = 1) -> Markup:
    """Vertical bars, one per (label, value); every ``label_every``-th label is written under its bar."""
    left, bottom, top = 34.0, 26.0, 10.0
    plot_w, plot_h = width - left - 6, height - bottom - top
    peak = _nice_max(max((v for _, v in items), default=0))
    slot = plot_w / max(1, len(items))
    parts = [_y_axis(left, top, plot_w, plot_h, peak)]
    for i, (label, value) in enumerate(items):
        bar_h = plot_h * value / peak
        bar_w = min(slot * 0.7, 56.0)
        x = left + i * slot + (slot - bar_w) / 2
        tip = f"{label}: {fmt_number(value)} {unit}"
        parts.append(f'<g class="bar"><title>{escape(tip)}</title><rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" '
                     f'width="{bar_w:.1f}" height="{max(bar_h, 0.0):.1f}"/></g>')
        if i % label_every == 0:
            parts.append(f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{height - 8:.1f}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    desc = "; ".join(f"{label}: {value}" for label, value in items)
    return _svg(chart_id, width, height, title, desc, "".join(parts))


def _y_axis(left: float, top: float, plot_w: float, plot_h: float, peak: float) -> str:
    parts = []
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        value = peak * frac
        label = fmt_number(value) if value == int(value) else f"{value:g}"
        parts.append(f'<line class="grid" x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{left - 4:.1f}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    return "".join(parts)


_DURATION_TICKS = ((5, "5 min"), (30, "30 min"), (60, "1 h"), (360, "6 h"), (1440, "1 d"), (4320, "3 d"))


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def timeline_chart(chart_id: str, incidents: Sequence[Incident], width: float = 900,
                   height: float = 280) -> Markup:
    """Every outage as a mark: x = when it started, y = how long (log scale), colour/size = severity."""
    dated = [i for i in incidents if i.started_at is not None]
    left, right, top, bottom = 52.0, 12.0, 12.0, 30.0
    plot_w, plot_h = width - left - right, height - top - bottom
    if not dated:
        return _svg(chart_id, width, 60, "Timeline of outages", "No dated outages.",
                    '<text class="tick" x="10" y="35">No dated outages yet.</text>')
    start = min(_ts(i.started_at) for i in dated)  # type: ignore[arg-type]
    end = max(_ts(i.started_at) for i in dated)  # type: ignore[arg-type]
    first, last = datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)
    ticks = time_ticks(first, last)
    lo, hi = ticks[0][0].timestamp(), ticks[-1][0].timestamp()
    max_log = math.log10(10080)  # one week

    def x_of(ts: float) -> float:
        return left + plot_w * (ts - lo) / (hi - lo)

    def y_of(minutes: int | None) -> float:
        if not minutes or minutes <= 0:
            return top + plot_h
        return top + plot_h * (1 - min(1.0, math.log10(max(1, minutes)) / max_log)) - 6

    parts = [_duration_axis(left, plot_w, top, plot_h, y_of), _time_axis(ticks, x_of, top, plot_h)]
    radius = {"minor": 3.5, "major": 5.0, "critical": 7.0}
    rated = sorted(((SEVERITIES.index(sev), sev, inc) for inc in dated for sev in (severity(inc),)),
                   key=lambda item: item[0])
    for _rank, sev, inc in rated:  # minor first, so the severe ones are drawn on top
        # isoformat, not strftime: this runs for thousands of marks per page
        when = inc.started_at.isoformat(" ")[:16]  # type: ignore[union-attr]
        tip = html.escape(f"{inc.title} — {when} UTC, {fmt_duration(inc.duration_minutes)}, severity {sev}")
        parts.append(f'<a href="/incident/{html.escape(inc.slug)}" tabindex="-1"><circle class="sev-{sev}" '
                     f'cx="{x_of(inc.started_at.timestamp()):.1f}" cy="{y_of(inc.duration_minutes):.1f}" '  # type: ignore[union-attr]
                     f'r="{radius[sev]}"><title>{tip}</title></circle></a>')
    desc = (f"{len(dated)} outages from {first:%B %Y} to {last:%B %Y}; horizontal position is the start date, "
            "height the duration on a log scale (bottom row: duration unknown), colour the severity.")
    return _svg(chart_id, width, height, "Timeline of every outage", desc, "".join(parts), "chart timeline")


def _duration_axis(left: float, plot_w: float, top: float, plot_h: float, y_of: object) -> str:
    parts = []
    for minutes, label in _DURATION_TICKS:
        y = y_of(minutes)  # type: ignore[operator]
        parts.append(f'<line class="grid" x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{left - 4:.1f}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    base = top + plot_h
    parts.append(f'<text class="tick" x="{left - 4:.1f}" y="{base + 4:.1f}" text-anchor="end">?</text>')
    return "".join(parts)


def _add_months(dt: datetime, months: int) -> datetime:
    index = dt.year * 12 + dt.month - 1 + months
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def time_ticks(first: datetime, last: datetime) -> list[tuple[datetime, str]]:
    """Axis ticks covering first..last: whole years for long spans, else months (both ends included)."""
    if last.year - first.year >= 2:
        years = list(range(first.year, last.year + 2))
        step = max(1, math.ceil(len(years) / 12))
        chosen = years[::step]
        if chosen[-1] != years[-1]:
            chosen.append(chosen[-1] + step)
        return [(datetime(y, 1, 1, tzinfo=UTC), str(y)) for y in chosen]
    start = datetime(first.year, first.month, 1, tzinfo=UTC)
    months = (last.year - start.year) * 12 + last.month - start.month + 1
    step = max(1, math.ceil(months / 12))
    count = -(-months // step)
    result = []
    for k in range(count + 1):
        at = _add_months(start, k * step)
        result.append((at, at.strftime("%b %Y") if k == 0 or at.month <= step else at.strftime("%b")))
    return result


def _time_axis(ticks: list[tuple[datetime, str]], x_of: object, top: float, plot_h: float) -> str:
    parts = []
    for k, (at, label) in enumerate(ticks):
        x = x_of(at.timestamp())  # type: ignore[operator]
        parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{top + plot_h:.1f}"/>')
        if k < len(ticks) - 1:
            parts.append(f'<text class="tick" x="{x + 3:.1f}" y="{top + plot_h + 18:.1f}">{label}</text>')
    return "".join(parts)


def series_chart(chart_id: str, series: dict[str, list[tuple[datetime, int]]], title: str,
                 width: float = 640, height: float = 220) -> Markup:
    """Report counts over time: one line per region, a dot per figure."""
    points = [p for values in series.values() for p in values]
    left, right, top, bottom = 58.0, 110.0, 10.0, 30.0
    plot_w, plot_h = width - left - right, height - top - bottom
    t0, t1 = min(_ts(p[0]) for p in points), max(_ts(p[0]) for p in points)
    span = max(t1 - t0, 60.0)
    peak = _nice_max(max(p[1] for p in points))
    parts = [_y_axis(left, top, plot_w, plot_h, peak)]
    for k, (name, values) in enumerate(sorted(series.items())):
        coords = [(left + plot_w * (_ts(at) - t0) / span, top + plot_h * (1 - n / peak), at, n)
                  for at, n in sorted(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
        parts.append(f'<g class="series s{k % 6}"><polyline points="{path}"/>')
        for x, y, at, n in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{escape(name)}: {fmt_number(n)} '
                         f'reports at {escape(fmt_datetime(at))}</title></circle>')
        last_x, last_y = coords[-1][0], coords[-1][1]
        parts.append(f'<text class="tick" x="{last_x + 8:.1f}" y="{last_y + 4 + 12 * (k % 2):.1f}">'
                     f'{escape(name[:16])}</text></g>')
    for ts, anchor in ((t0, "start"), (t1, "end")):
        x = left + plot_w * (ts - t0) / span
        label = datetime.fromtimestamp(ts, UTC).strftime("%d %b %H:%M")
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - 8:.1f}" text-anchor="{anchor}">{label}</text>')
    desc = "; ".join(f"{name}: " + ", ".join(f"{fmt_number(n)} at {fmt_datetime(at)}" for at, n in sorted(v))
                     for name, v in sorted(series.items()))
    return _svg(chart_id, width, height, title, desc, "".join(parts))

"""Template filters: dates, durations, numbers and search highlights (always escaped)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from archive.records import iso, parse_iso, utc
from webapp.queries import slugify
from webapp.stats import severity


def fmt_datetime(value: datetime | None, missing: str = "unknown") -> str:
    value = utc(value)
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else missing


def fmt_iso_text(value: str | None, missing: str = "") -> str:
    """An ISO 8601 string from a record, shown like other times (left as is if it does not parse)."""
    try:
        return fmt_datetime(parse_iso(value), missing)
    except (TypeError, ValueError):
        return str(value)


def fmt_date(value: datetime | None, missing: str = "unknown") -> str:
    value = utc(value)
    return value.strftime("%d %b %Y").lstrip("0") if value is not None else missing


def fmt_duration(minutes: int | float | None, missing: str = "unknown") -> str:
    """``95`` -> ``1 h 35 min``; days for long outages."""
    if minutes is None:
        return missing
    minutes = int(round(minutes))
    if minutes < 60:
        return f"{minutes} min"
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{mins} min"] if mins and not days else []
    return " ".join(parts)


def fmt_number(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def fmt_host(url: str) -> str:
    return urlsplit(url).hostname or url


def highlight(text: str, terms: list[str]) -> Markup:
    """Escape ``text`` and wrap each occurrence of a search term in ``<mark>``."""
    plain = text
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return escape(plain)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out = Markup("")
    last = 0
    for match in pattern.finditer(plain):
        out += escape(plain[last:match.start()]) + Markup("<mark>") + escape(match.group()) + Markup("</mark>")
        last = match.end()
    return out + escape(plain[last:])


def fmt_label(value: str | None) -> str:
    """Machine labels from the extractors ("config_change") in plain words ("config change")."""
    return (value or "").replace("_", " ").strip()


def safe_url(url: str | None) -> str:
    """Only http(s) links from scraped data become hrefs (no ``javascript:``)."""
    if url and urlsplit(url).scheme in {"http", "https"}:
        return url
    return ""


FILTERS = {
    "dt": fmt_datetime,
    "when": fmt_iso_text,
    "day": fmt_date,
    "duration": fmt_duration,
    "num": fmt_number,
    "label": fmt_label,
    "host": fmt_host,
    "iso": iso,
    "slugify": slugify,
    "safe_url": safe_url,
}

GLOBALS = {"highlight": highlight, "severity": severity}

"""Time helpers shared by the status parsers: zone abbreviations, RFC 822 dates, year inference."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archive.records import parse_iso, utc

# Abbreviations seen on status pages, as hours east of UTC. Ambiguous ones (IST, CST in Asia) take the
# reading status pages use (India, US Central).
ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "AST": -4, "ADT": -3, "NST": -3.5,
    "NDT": -2.5, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AWST": 8, "ACST": 9.5, "ACDT": 10.5,
    "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def zone_for(abbr: str | None, fallback: str | None = None) -> timezone | ZoneInfo | None:
    """A tzinfo for an abbreviation (``PDT``), a numeric offset (``+0530``) or an IANA name."""
    if abbr:
        key = abbr.strip().upper()
        if key in ZONE_OFFSETS:
            return timezone(timedelta(hours=ZONE_OFFSETS[key]))
        match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", key)
        if match:
            sign = 1 if match.group(1) == "+" else -1
            return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0)))
    for name in (abbr, fallback):
        if name and "/" in name:
            try:
                return ZoneInfo(name.strip())
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def parse_rfc822(value: str | None) -> datetime | None:
    """RFC 822 / RSS pubDate to aware UTC, accepting zone abbreviations beyond the RFC's own."""
    if not value:
        return None
    text = " ".join(value.split())
    match = re.search(r"\s([A-Za-z]{2,5})$", text)
    if match and match.group(1).upper() in ZONE_OFFSETS:
        hours = ZONE_OFFSETS[match.group(1).upper()]
        sign = "+" if hours >= 0 else "-"
        minutes = int(abs(hours) * 60)
        text = text[: match.start()] + f" {sign}{minutes // 60:02d}{minutes % 60:02d}"
    try:
        return utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def safe_iso(value: object) -> datetime | None:
    """ISO 8601 text to aware UTC; anything else (numbers, lists, bad dates) is None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_iso(value)
    except (ValueError, OverflowError):
        return None


def parse_any(value: str | None) -> datetime | None:
    """ISO 8601 or RFC 822 to aware UTC; None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    return safe_iso(value) or parse_rfc822(value)


def with_inferred_year(month: int, day: int, hour: int, minute: int, tz: timezone | ZoneInfo | None,
                       not_after: datetime) -> datetime:
    """The latest datetime with this month/day/time (in ``tz``) that is not after ``not_after``.

    Status feeds print "Aug 21, 00:37" without a year; the entry's own timestamp (or the next newer
    update) bounds it from above, with a day of slack for clock skew between the two.
    """
    zone = tz or UTC
    bound = not_after + timedelta(days=1)
    year = bound.astimezone(zone).year
    for candidate_year in (year, year - 1, year - 2):
        try:
            local = datetime(candidate_year, month, day, hour, minute, tzinfo=zone)
        except ValueError:  # 29 February in a common year
            continue
        if utc(local) <= bound:  # type: ignore[operator]
            return utc(local)  # type: ignore[return-value]
    raise ValueError(f"cannot place {month}/{day} {hour}:{minute:02d} before {not_after}")


def twelve_hour(hour: int, minute: int, ampm: str) -> tuple[int, int]:
    hour = hour % 12
    if ampm.upper() == "PM":
        hour += 12
    return hour, minute

"""Small, fast recognisers for clock times, dates and durations in news prose.

No general-purpose date parser runs per token: a handful of compiled regular expressions find the
expressions, and the zone and day are resolved with ``zoneinfo`` against the publication time.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

FIXED_ZONES = {  # minutes east of UTC
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "WET": 0, "WEST": 60, "EET": 120,
    "EEST": 180, "MSK": 180, "IST": 330, "PKT": 300, "ICT": 420, "WIB": 420, "SGT": 480, "HKT": 480,
    "AWST": 480, "JST": 540, "KST": 540, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720,
    "NZDT": 780, "EDT": -240, "EST": -300, "CDT": -300, "CST": -360, "MDT": -360, "MST": -420,
    "PDT": -420, "PST": -480, "AKDT": -480, "HST": -600, "SAST": 120, "BRT": -180,
    "WAT": 60, "CAT": 120, "EAT": 180, "PHT": 480, "PHST": 480, "MYT": 480, "NPT": 345, "GST": 240,
    "ART": -180, "COT": -300, "PET": -300, "WITA": 480, "WIT": 540, "TRT": 180, "IDT": 180, "NST": -210,
}
# Zone abbreviations that are also English words: only in capitals ("5pm EAT", never "to eat").
_WORDLIKE_ZONES = frozenset({"WAT", "CAT", "EAT", "ART", "PET", "COT", "WIT", "GST", "NST", "MST"})
DST_ZONES = {  # zone words whose offset depends on the date
    "ET": "America/New_York", "EASTERN": "America/New_York", "EASTERN TIME": "America/New_York",
    "PT": "America/Los_Angeles", "PACIFIC": "America/Los_Angeles", "PACIFIC TIME": "America/Los_Angeles",
    "CT": "America/Chicago", "CENTRAL TIME": "America/Chicago", "MT": "America/Denver", "MOUNTAIN TIME": "America/Denver",
    "AET": "Australia/Sydney", "UK TIME": "Europe/London", "LONDON TIME": "Europe/London",
    "BRITISH TIME": "Europe/London", "UK": "Europe/London",
    # the tz database's own US names, as cloud postmortems write them ("19:00 US/Pacific")
    "US/PACIFIC": "America/Los_Angeles", "US/EASTERN": "America/New_York", "US/CENTRAL": "America/Chicago",
    "US/MOUNTAIN": "America/Denver",
}
PLACE_ZONES = {  # "local time" = the zone of the place named, where the tz database cannot tell it:
    # states and provinces, countries with several zones, cities not named in a zone
    "Mumbai": "Asia/Kolkata", "Delhi": "Asia/Kolkata", "New Delhi": "Asia/Kolkata",
    "England": "Europe/London", "Scotland": "Europe/London", "Wales": "Europe/London", "Northern Ireland": "Europe/London",
    "Australia": "Australia/Sydney", "Victoria": "Australia/Melbourne", "New South Wales": "Australia/Sydney",
    "Canberra": "Australia/Sydney", "Queensland": "Australia/Brisbane", "New Zealand": "Pacific/Auckland",
    "Canada": "America/Toronto", "Ontario": "America/Toronto", "Ottawa": "America/Toronto",
    "Montreal": "America/Toronto", "Quebec": "America/Toronto", "British Columbia": "America/Vancouver",
    "Germany": "Europe/Berlin", "Spain": "Europe/Madrid", "Europe": "Europe/Berlin", "Turkey": "Europe/Istanbul",
    "Russia": "Europe/Moscow", "Indonesia": "Asia/Jakarta", "Malaysia": "Asia/Kuala_Lumpur",
    "China": "Asia/Shanghai", "Beijing": "Asia/Shanghai", "Shenzhen": "Asia/Shanghai", "Hangzhou": "Asia/Shanghai",
    "Guangzhou": "Asia/Shanghai", "Brazil": "America/Sao_Paulo", "Mexico": "America/Mexico_City",
    "Argentina": "America/Argentina/Buenos_Aires", "Virginia": "America/New_York",
    "California": "America/Los_Angeles", "San Francisco": "America/Los_Angeles", "Seattle": "America/Los_Angeles",
    "Texas": "America/Chicago", "Oakland": "America/Los_Angeles", "San Jose": "America/Los_Angeles",
    "San Diego": "America/Los_Angeles", "Sacramento": "America/Los_Angeles", "Portland": "America/Los_Angeles",
    "Oregon": "America/Los_Angeles", "Washington State": "America/Los_Angeles", "Las Vegas": "America/Los_Angeles",
    "Nevada": "America/Los_Angeles", "Arizona": "America/Phoenix", "Colorado": "America/Denver",
    "Salt Lake City": "America/Denver", "Utah": "America/Denver", "Houston": "America/Chicago",
    "Dallas": "America/Chicago", "Austin": "America/Chicago", "San Antonio": "America/Chicago",
    "Minneapolis": "America/Chicago", "Illinois": "America/Chicago", "New Orleans": "America/Chicago",
    "Boston": "America/New_York", "Atlanta": "America/New_York", "Miami": "America/New_York",
    "Florida": "America/New_York", "Philadelphia": "America/New_York", "Washington, D.C.": "America/New_York",
    "Detroit": "America/New_York", "New York State": "America/New_York", "Georgia": "America/New_York",
    "Massachusetts": "America/New_York", "Hawaii": "Pacific/Honolulu", "Alaska": "America/Anchorage",
    "Calgary": "America/Edmonton", "Alberta": "America/Edmonton", "Manitoba": "America/Winnipeg",
    "Western Australia": "Australia/Perth", "South Australia": "Australia/Adelaide",
    "Northern Territory": "Australia/Darwin", "Tasmania": "Australia/Hobart", "Bengaluru": "Asia/Kolkata",
    "Chennai": "Asia/Kolkata", "Hyderabad": "Asia/Kolkata", "Osaka": "Asia/Tokyo",
    "Wellington": "Pacific/Auckland",
    # the other US states (the zone most of the state keeps) and big cities not named in a zone
    **dict.fromkeys(("Connecticut", "Delaware", "Maine", "Maryland", "New Hampshire", "New Jersey", "North Carolina",
                     "Ohio", "Pennsylvania", "Rhode Island", "South Carolina", "Vermont", "West Virginia", "Kentucky",
                     "Charlotte", "Raleigh", "Pittsburgh", "Cleveland", "Columbus", "Cincinnati", "Baltimore", "Orlando",
                     "Tampa", "Newark"), "America/New_York"),
    "Michigan": "America/Detroit", "Indiana": "America/Indiana/Indianapolis",
    **dict.fromkeys(("Alabama", "Arkansas", "Iowa", "Kansas", "Louisiana", "Minnesota", "Mississippi", "Missouri",
                     "Nebraska", "North Dakota", "Oklahoma", "South Dakota", "Wisconsin", "Tennessee", "Kansas City",
                     "St. Louis", "Nashville", "Memphis", "Milwaukee", "Oklahoma City", "Omaha"), "America/Chicago"),
    **dict.fromkeys(("Idaho", "Montana", "New Mexico", "Wyoming", "Albuquerque"), "America/Denver"),
    "Saskatchewan": "America/Regina", "Nova Scotia": "America/Halifax", "New Brunswick": "America/Moncton",
    "Newfoundland": "America/St_Johns",
}

_ZONE_WORDS = sorted([*FIXED_ZONES, *DST_ZONES], key=len, reverse=True)
_ZONE_RE = "|".join(f"(?-i:{re.escape(z)})" if z in _WORDLIKE_ZONES else re.escape(z) for z in _ZONE_WORDS if z != "Z")
_AMPM = r"(?P<ampm>[ap]\.?\s?m\b\.?)"
HAS_DIGIT = re.compile(r"\d")
CLOCK = re.compile(
    r"(?<![\d.,$£€])(?P<h>2[0-3]|[01]?\d)(?:(?P<sep>[:.])(?P<m>[0-5]\d))?\s*"
    r"(?:" + _AMPM + r"|(?=\s*(?:h\b|hrs\b|hours\b\s+(?:" + _ZONE_RE + r")\b)))?"
    r"(?:\s*\(?\s*(?P<zone>(?:" + _ZONE_RE + r")\b|local time|\bZ\b|(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)?) time\b)\)?)?",
    re.I)
# between a local time and its conversion: " (", " local time (", " Moscow time (", " on Saturday ("
_CONVERTED = re.compile(r"\s*(?:(?:[a-z]+\s+time|on\s+\w+)\s*)?\(\s*(?:about\s+|around\s+)?", re.I)
# "at about 1305 GMT", "(0610 GMT)"; "2021 UTC is a year" is not 20:21
_WIRE_BEFORE = re.compile(r"(?:\b(?:at|by|until|till|from|to|after|before|around|about|and)\s+|\(\s*)$", re.I)
_COAST = re.compile(r"\s+(?:on|across|along)\s+the\s+(?:U\.?S\.?\s+)?(East|West)\s+Coast\b", re.I)  # "9 a.m. on the East Coast"
WIRE_CLOCK = re.compile(r"(?<![\d.,$\u00a3\u20ac])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?P<zone>GMT|UTC)\b")  # "1305 GMT"
NAMED_CLOCK = re.compile(r"\b(?P<word>noon|midday|midnight)\b(?:\s*\(?(?P<zone>" + _ZONE_RE + r")\b\)?)?", re.I)

MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], start=1) for m in names}
_MONTH_RE = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATE_MD = re.compile(r"\b" + _MONTH_RE + r"\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d))?")
DATE_DM = re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"\b(?:,?\s+(?P<y>(?:19|20)\d\d))?")
MONTH_YEAR = re.compile(r"\b(?:in\s+)?" + _MONTH_RE + r"\s+(?P<y>(?:19|20)\d\d)\b")
YEAR = re.compile(r"\b(?:in|since|of|back in|during)\s+(?P<y>(?:19|20)\d\d)\b", re.I)
# "the 2021 Fastly outage", "2019's crash"
YEAR_OUTAGE = re.compile(r"(?:\b(?:the|its|their|that|an?)\s+(?P<y>(?:19|20)\d\d)|\b(?P<y2>(?:19|20)\d\d)(?:'s|\u2019s))\s+"
                         r"(?:[\w-]+\s+){0,3}?(?:outage|crash|incident|failure|meltdown|disruption|blackout|breakdown)s?\b"
                         r"(?!\s+(?:reports?|complaints?))", re.I)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(r"\b(?P<last>last\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
                     # a weekday of the week before publication: "on Tuesday last week", "the Friday of the previous week"
                     r"(?P<week>(?:,?\s+|\s+of\s+)(?:last|the\s+previous|the\s+prior)\s+week\b|\s+the\s+week\s+before\b)?",
                     re.I)
RELATIVE_DAY = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|earlier today|"
    r"last night|overnight|earlier this week)\b", re.I)
# Named days that news dates outages by ("a Christmas Day outage", "on Black Friday").
HOLIDAY = re.compile(r"\b(?P<name>Christmas (?:Day|Eve)|(?:(?<=\bover )|(?<=\bat )|(?<=\bduring )|(?<=\baround )|"
                     r"(?<=\bbefore )|(?<=\bafter )|(?<=\bsince ))Christmas(?!\s+(?:Day|Eve))|Boxing Day|New Year(?:'s|\u2019s) (?:Day|Eve)|Halloween|"
                     r"Valentine(?:'s|\u2019s) Day|Fourth of July|Thanksgiving(?: Day)?|Black Friday|Cyber Monday)"
                     r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")
_FIXED_HOLIDAYS = {"christmas day": (12, 25), "christmas": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
                   "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
                   "valentine's day": (2, 14), "fourth of july": (7, 4)}
_AFTER_THANKSGIVING = {"thanksgiving": 0, "thanksgiving day": 0, "black friday": 1, "cyber monday": 4}


def holiday_date(name: str, year: int) -> date:
    key = name.lower().replace("\u2019", "'")
    if key in _FIXED_HOLIDAYS:
        return date(year, *_FIXED_HOLIDAYS[key])
    first = date(year, 11, 1)
    thanksgiving = first + timedelta(days=(3 - first.weekday()) % 7 + 21)  # the fourth Thursday of November
    return thanksgiving + timedelta(days=_AFTER_THANKSGIVING[key])


_HOLIDAY_WORDS = tuple({name.split("'")[0] for name in (*_FIXED_HOLIDAYS, *_AFTER_THANKSGIVING)})


def _holiday_mentions(text: str, published: date) -> list[DateMention]:
    found: list[DateMention] = []
    lower = text.lower()
    if not any(map(lower.__contains__, _HOLIDAY_WORDS)):
        return found
    for m in HOLIDAY.finditer(text):
        if m.group("y"):
            day = holiday_date(m.group("name"), int(m.group("y")))
        else:
            day = holiday_date(m.group("name"), published.year)
            if day > published + timedelta(days=2):
                day = holiday_date(m.group("name"), published.year - 1)
        found.append(DateMention(day, m.start(), m.end(), "absolute", bool(m.group("y"))))
    return found


_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
              "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
              "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
              "a couple of": 2, "a couple": 2, "twenty-four": 24, "thirty-six": 36, "forty-eight": 48,
              "seventy-two": 72, "twenty-six": 26}
_NUM_RE = r"(?P<num>\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in _NUM_WORDS), key=len, reverse=True)) + r")"
DURATION = re.compile(
    r"(?P<half>half an hour|half-an-hour)|\b" + _NUM_RE +
    r"(?P<andhalf>\s+and\s+a\s+half)?[\s-]+(?P<unit>minutes?|mins?|hours?|hrs?|days?)\b(?P<andhalf2>\s+and\s+a\s+half)?"
    r"(?:\s+and\s+(?P<num2>\d+|" + "|".join(re.escape(w) for w in _NUM_WORDS if len(w) > 2) + r")\s+(?P<unit2>minutes?|mins?))?",
    re.I)
_UNIT_MIN = {"m": 1, "h": 60, "d": 1440}


@dataclass
class Clock:
    hour: int
    minute: int
    zone: str | None
    start: int
    end: int
    has_ampm: bool
    converted: bool = False  # told in brackets after the local time it converts: "9.10 a.m. (0610 GMT)"


@dataclass
class DateMention:
    day: date
    start: int
    end: int
    kind: str  # absolute | weekday | relative
    explicit_year: bool = False
    ahead: bool = False  # a day still to come: "maintenance is planned for Sunday"


@dataclass
class Duration:
    minutes: int
    start: int
    end: int


def _zone_key(zone: str | None) -> str | None:
    """The key ``zone_for`` reads: a zone word in capitals, "LOCAL", or "TZ:<IANA name>" for a place's own
    time ("Beijing time", "Moscow time"); None for a place whose zone is not known."""
    if not zone:
        return None
    z = " ".join(zone.upper().split())
    if z == "LOCAL TIME":
        return "LOCAL"
    if z.endswith(" TIME") and z not in DST_ZONES and z not in FIXED_ZONES:
        name = place_zone(" ".join(zone.split()[:-1]))
        return f"TZ:{name}" if name else None
    return z


def find_clocks(text: str, bare: bool = False) -> list[Clock]:
    """Clock times with an am/pm mark or a zone; with ``bare``, also a 24-hour "22:54" standing alone
    (for a sentence that states its zone elsewhere: "from 21:40 UTC ... restored at 22:54")."""
    found: list[Clock] = []
    if HAS_DIGIT.search(text) is None:
        lower = text.lower()
        if "noon" not in lower and "midday" not in lower and "midnight" not in lower:
            return found  # every clock has a digit or is noon/midnight
    for m in CLOCK.finditer(text):
        hour, minute, ampm = int(m.group("h")), int(m.group("m") or 0), m.group("ampm")
        zone = _zone_key(m.group("zone"))  # None too for "Tuesday time" or a place whose zone we do not know
        if not ampm and not zone:
            if bare and m.group("sep") == ":" and m.group("m") and _bare_ok(text, m.start(), m.end()):
                found.append(Clock(hour, minute, None, m.start(), m.end(), False))
            continue
        if not ampm and (not m.group("m") or m.group("sep") == "." and not zone):
            continue  # "2021 UTC" or "15.40" without a zone is too risky
        if ampm:
            if hour < 1 or hour > 12:
                continue
            pm = ampm.lower().startswith("p")
            hour = (hour % 12) + (12 if pm else 0)
        coast = None if zone else _COAST.match(text, m.end())
        if coast:
            zone = "ET" if coast.group(1).lower() == "east" else "PT"
        found.append(Clock(hour, minute, zone, m.start(), m.end(), bool(ampm)))
    if "GMT" in text or "UTC" in text:
        found.extend(Clock(int(m.group("h")), int(m.group("m")), _zone_key(m.group("zone")), m.start(), m.end(), False)
                     for m in WIRE_CLOCK.finditer(text) if _WIRE_BEFORE.search(text, max(0, m.start() - 12), m.start()))
    for m in NAMED_CLOCK.finditer(text):
        word = m.group("word").lower()
        found.append(Clock(0 if word == "midnight" else 12, 0, _zone_key(m.group("zone")), m.start(), m.end(), True))
    found.sort(key=lambda c: c.start)
    # "9.10 a.m. (0610 GMT)", "1:35 a.m. on Saturday (1635 GMT on Friday)": one moment, told twice; the one in
    # brackets names its zone, so it stands for both
    kept: list[Clock] = []
    for c, nxt in zip(found, [*found[1:], None], strict=False):
        if nxt is not None and nxt.zone and nxt.zone != "LOCAL" and _CONVERTED.fullmatch(text, c.end, nxt.start):
            nxt.converted = True
        else:
            kept.append(c)
    return kept


def _bare_ok(text: str, start: int, end: int) -> bool:
    """A zone-less "HH:MM" reads as a clock after "at/until/by/between/and/to" and not inside a number run."""
    if re.match(r"[:.]?\d", text[end:end + 2]):
        return False  # "1:23:45", "22:54.3"
    return bool(re.search(r"\b(?:at|until|till|by|between|and|to|from|around|about|after|before|since)\s+$",
                          text[max(0, start - 12):start], re.I))


def _safe_date(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _pick_year(mon: int, day: int, published: date) -> int:
    """A month-day without a year: the most recent such day not after publication (+2 days slack)."""
    for year in (published.year, published.year - 1):
        cand = _safe_date(year, mon, day)
        if cand and cand <= published + timedelta(days=2):
            return year
    return published.year


_RELATIVE_HINTS = ("yesterday", "today", "tonight", "this ", "last night", "overnight", "earlier this")


# A weekday the sentence looks forward to: after "next", "will", "expected to", "ahead of", "to return
# on" in the same clause, or before "deadline". News dates what happened by the weekday just past;
# these name one still to come.
_AHEAD_BEFORE = re.compile(
    r"(?:\b(?:next|coming|will|shall|ahead of|expected to|scheduled(?: for| to)?|set to|due(?: to| on)?|"
    r"plans? to|to (?:return|come back|try again|reopen|resume))\b|\w'll\b)[^.;:,]{0,30}$", re.I)
_AHEAD_AFTER = re.compile(r"\s+(?:deadline|cut-?off)\b", re.I)


# A day a deadline or a plan was moved to: "extends the return filing date to October 14", "postponed until 3 May"
_MOVED_TO = re.compile(r"\b(?:extend\w*|postpon\w*|push\w* back|moved?|delay\w*|deadline|due|until|till)\b[^.;:]{0,40}$",
                       re.I)


def _deadline_ahead(text: str, m: re.Match[str]) -> bool:
    """A month-day with no year that the sentence looks forward to (a new deadline, a plan)."""
    return _ahead(text, m) or _MOVED_TO.search(text, max(0, m.start() - 60), m.start()) is not None


# The stamp an update to a story opens with ("UPDATE, Tuesday, Feb. 28, 4:40 p.m.:"), written after the story was
# first published: its word, then anything up to the colon that ends it (a clock's colon does not).
UPDATE_OPENING = r"^\W*(?:UPDATE[DS]?|Update[ds]?|LATEST|Latest|EDIT|Edit)\b(?:[^:\n]|:(?=\d))"
_IN_UPDATE_STAMP = re.compile(UPDATE_OPENING + r"*$")  # the text before a date, still inside the stamp


def _update_year(mon: int, day: int, published: date) -> int:
    """The year of an update's month-day: the nearest such day, which may be up to two months after publication."""
    days = [d for y in (published.year + 1, published.year, published.year - 1)
            if (d := _safe_date(y, mon, day)) and d <= published + timedelta(days=61)]
    return min(days, key=lambda d: abs(d - published)).year if days else published.year


def _ahead(text: str, m: re.Match[str]) -> bool:
    return _AHEAD_BEFORE.search(text, max(0, m.start() - 60), m.start()) is not None \
        or _AHEAD_AFTER.match(text, m.end()) is not None


def find_dates(text: str, published: date) -> list[DateMention]:
    found: list[DateMention] = []
    spans: list[tuple[int, int]] = []
    lower = text.lower()
    has_day = "day" in lower  # every weekday name, and most relative days, hold it
    has_digit = HAS_DIGIT.search(text) is not None
    if not has_day and not has_digit and not any(map(lower.__contains__, _RELATIVE_HINTS)) \
            and not any(map(lower.__contains__, _HOLIDAY_WORDS)):
        return found  # no number, weekday, relative day or holiday: nothing to find (most sentences)
    for rx in ((DATE_MD, DATE_DM) if has_digit else ()):
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            mon = MONTHS[m.group("mon").lower().rstrip(".")[:3] if m.group("mon").lower()[:4] != "sept" else "sep"]
            day = int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else _pick_year(mon, day, published)
            to_come = False
            if not m.group("y") and year < published.year and _deadline_ahead(text, m):
                year, to_come = published.year, True  # "extends the filing date to October 14": this year's, to come
            elif not m.group("y") and _IN_UPDATE_STAMP.match(text, 0, m.start()):
                year = _update_year(mon, day, published)  # "UPDATE, Tuesday, Feb. 28:" written days after the story
            value = _safe_date(year, mon, day)
            if value is not None and day > 0:
                found.append(DateMention(value, m.start(), m.end(), "absolute", bool(m.group("y")), ahead=to_come))
                spans.append((m.start(), m.end()))
    for h in _holiday_mentions(text, published):
        if not any(s <= h.start < e for s, e in spans):
            found.append(h)
            spans.append((h.start, h.end))
    for m in (WEEKDAY.finditer(text) if has_day else ()):
        if any(s <= m.start() < e + 3 or 0 <= s - m.end() <= 3 for s, e in spans):
            continue  # "Saturday, May 27" / "May 27 (Saturday)": the absolute date already covers it
        target = WEEKDAYS.index(m.group("wd").lower())
        if not m.group("last") and not m.group("week") and _ahead(text, m):  # "told to return on Friday", "a Friday deadline"
            ahead = (target - published.weekday()) % 7
            found.append(DateMention(published + timedelta(days=ahead or 7), m.start(), m.end(), "weekday",
                                     ahead=True))
            continue
        back = (published.weekday() - target) % 7
        if m.group("week"):
            back = published.weekday() + 7 - target  # that weekday in the calendar week before this one
        elif m.group("last") and back == 0:
            back = 7
        found.append(DateMention(published - timedelta(days=back), m.start(), m.end(), "weekday"))
    for m in RELATIVE_DAY.finditer(text):
        rel = m.group("rel").lower()
        delta = 1 if rel in ("yesterday", "last night") else 0
        found.append(DateMention(published - timedelta(days=delta), m.start(), m.end(), "relative"))
    found.sort(key=lambda d: d.start)
    return found


MONTH_ALONE = re.compile(r"\b(?i:in|since|last|during|back in|earlier in|early|late)\s+" + _MONTH_RE +
                         r"\b(?!\s*\.?\s*\d)")
MONTH_POSSESSIVE = re.compile(r"\b" + _MONTH_RE + r"(?:'s|\u2019s)\s")  # "July's CrowdStrike disaster"


_YEARISH = re.compile(r"(?:19|20)\d\d")
# What a company did, not an earlier outage: "the company that bought Clever in 2021", "was bought last year by"
HISTORY_NEAR = re.compile(r"\b(?:bought|acquired|founded|launched|established|set up|formed|merged|took over|spun off|"
                          r"rebranded|renamed|listed|went public|incorporated|sold|hired|appointed)\b[^.;]{0,30}$", re.I)
_MONTH_STEMS = tuple(k for k in MONTHS if len(k) == 3)


def other_year_at(text: str, published: date, outage_day: date | None = None) -> int | None:
    """Where the text names another year than the outage's, or on its own another month than the outage's
    ("since March", "July's outage"); None when it does not."""
    ref = outage_day or published
    found = []
    if _YEARISH.search(text):
        for rx in (MONTH_YEAR, YEAR, YEAR_OUTAGE):
            found += [m.start() for m in rx.finditer(text) if int(m.group("y") or m.groupdict()["y2"]) != ref.year
                      and not HISTORY_NEAR.search(text, max(0, m.start() - 40), m.start())]
    lower = text.lower()
    if not any(map(lower.__contains__, _MONTH_STEMS)):
        return min(found, default=None)
    for rx in (MONTH_ALONE, MONTH_POSSESSIVE):
        for m in rx.finditer(text):
            name = m.group("mon").lower()
            if MONTHS["sep" if name.startswith("sept") else name[:3]] != ref.month:
                found.append(m.start())  # an earlier month, or a later one: last year's
    return min(found, default=None)


def word_number(value: str) -> int | None:
    """"two" -> 2, "12" -> 12, "a" -> 1; None when it is not a number."""
    n = _num(value)
    return None if n is None else int(n)


def _num(value: str) -> float | None:
    v = value.lower()
    if v in _NUM_WORDS:
        return float(_NUM_WORDS[v])
    try:
        return float(v)
    except ValueError:
        return None


def find_durations(text: str) -> list[Duration]:
    found: list[Duration] = []
    lower = text.lower()
    if not any(map(lower.__contains__, ("min", "hour", "hr", "day", "half"))):
        return found  # no unit word: the long pattern cannot match
    for m in DURATION.finditer(text):
        if m.group("half"):
            found.append(Duration(30, m.start(), m.end()))
            continue
        n = _num(m.group("num"))
        if n is None:
            continue
        if m.group("andhalf") or m.group("andhalf2"):
            n += 0.5
        minutes = n * _UNIT_MIN[m.group("unit")[0].lower()]
        if m.group("num2"):
            extra = _num(m.group("num2"))
            minutes += extra or 0
        found.append(Duration(int(round(minutes)), m.start(), m.end()))
    return found


def place_zone(place: str | None) -> str | None:
    """The IANA zone of a canonical place: our table first, then a city that names a zone ("Lagos" ->
    Africa/Lagos, "Kuala Lumpur"), then a country with a single zone in the tz database's zone.tab."""
    if not place:
        return None
    if place in PLACE_ZONES:
        return PLACE_ZONES[place]
    cities, countries = _tz_tables()
    key = _fold(place)
    return cities.get(key) or cities.get(key.removesuffix(" city")) or countries.get(key)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()


@lru_cache(maxsize=1)
def _tz_tables() -> tuple[dict[str, str], dict[str, str]]:
    cities: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            cities.setdefault(_fold(zone.rsplit("/", 1)[1].replace("_", " ")), zone)
    by_code: dict[str, list[str]] = {}
    for line in _zone_tab().splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                by_code.setdefault(parts[0], []).append(parts[2])
    countries: dict[str, str] = {}
    import pycountry

    for country in pycountry.countries:
        zones = by_code.get(country.alpha_2, [])
        if len(zones) == 1:
            for name in {country.name, getattr(country, "common_name", country.name)}:
                countries[_fold(name)] = zones[0]
    return cities, countries


def _zone_tab() -> str:
    try:
        from importlib.resources import files

        return (files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        path = "/usr/share/zoneinfo/zone.tab"
        return open(path, encoding="utf-8").read() if os.path.exists(path) else ""


def zone_for(zone: str | None, place: str | None = None) -> ZoneInfo | int | None:
    """A fixed offset (minutes) or a ZoneInfo for a zone word; "local time" uses ``place``."""
    if zone is None:
        return None
    if zone == "LOCAL":
        name = place_zone(place)
        return ZoneInfo(name) if name else None
    if zone.startswith("TZ:"):
        return ZoneInfo(zone[3:])
    if zone in FIXED_ZONES:
        return FIXED_ZONES[zone]
    if zone in DST_ZONES:
        return ZoneInfo(DST_ZONES[zone])
    return None


def to_utc(day: date, hour: int, minute: int, tz: ZoneInfo | int | None) -> datetime:
    naive = datetime(day.year, day.month, day.day, hour, minute)
    if tz is None:
        return naive.replace(tzinfo=UTC)
    if isinstance(tz, int):
        return (naive - timedelta(minutes=tz)).replace(tzinfo=UTC)
    return naive.replace(tzinfo=tz).astimezone(UTC)


def local_date(moment: datetime, tz: ZoneInfo | int | None) -> date:
    if tz is None:
        return moment.date()
    if isinstance(tz, int):
        return (moment + timedelta(minutes=tz)).date()
    return moment.astimezone(tz).date()

"""Statuspage ``history.atom`` / ``history.rss``.

Each entry is one incident; its HTML body stacks every update newest first as
``<p><small>Aug <var data-var='date'>21</var>, <var data-var='time'>00:37</var> UTC</small><br>
<strong>Resolved</strong> - text</p>``. Dates carry no year (taken from the entry's timestamp) and
are written in the page's time zone (abbreviation after the time, else the source's ``timezone``).
The incident code, which joins with the API, is the last part of the entry link ``/incidents/<code>``.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

import lxml.html
from lxml import etree

from archive.records import StatusIncident, StatusUpdate
from crawler.parsers.statuspage import PayloadError
from crawler.parsers.timeutil import MONTHS, parse_any, twelve_hour, with_inferred_year, zone_for

log = logging.getLogger(__name__)
ATOM = "{http://www.w3.org/2005/Atom}"
CODE_IN_LINK = re.compile(r"/incidents/([A-Za-z0-9]+)")
TIME_RE = re.compile(r"(\d{1,2}):(\d{2})\s*([AaPp][Mm])?")
FINAL = {"resolved", "completed", "postmortem"}


XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")


def parse_xml(body: bytes) -> etree._Element:
    """Parse XML strictly; a document whose bytes do not match its declared charset (a common feed
    fault: Windows-1252 text declared UTF-8) is read again as Windows-1252 rather than dropped."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        if "utf-8" not in str(exc).lower() and "encoding" not in str(exc).lower():
            raise PayloadError(f"malformed XML: {exc}") from exc
        try:
            text = XML_DECL.sub(b"", body).decode("cp1252", errors="replace")
            root = etree.fromstring(text.encode("utf-8"), parser=parser)
        except etree.XMLSyntaxError as again:
            raise PayloadError(f"malformed XML: {exc}") from again
    if root is None:
        raise PayloadError("empty XML document")
    return root


def _block_time(small: lxml.html.HtmlElement, anchor: datetime, tzname: str | None) -> datetime | None:
    date_var = small.find(".//var[@data-var='date']")
    time_var = small.find(".//var[@data-var='time']")
    if date_var is None or time_var is None:
        return None
    month_word = (small.text or "").strip()[:3].lower()
    month = MONTHS.get(month_word)
    match = TIME_RE.search(time_var.text_content() or "")
    if month is None or match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3):
        hour, minute = twelve_hour(hour, minute, match.group(3))
    zone_text = (time_var.tail or "").strip().split()
    tz = zone_for(zone_text[0] if zone_text else None, tzname) or zone_for(tzname)
    try:
        return with_inferred_year(month, int(date_var.text_content().strip()), hour, minute, tz, anchor)
    except ValueError:  # "Mar 58", "Mar 2x", 25:00: this block is unreadable, the others may not be
        log.warning("unreadable update time %r", small.text_content().strip())
        return None


def parse_update_blocks(html: str, anchor: datetime, incident_code: str,
                        tzname: str | None = None) -> list[StatusUpdate]:
    """The stacked updates in one entry body, newest first; "Update" takes the previous state."""
    if not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    raw: list[tuple[datetime, str, str]] = []
    bound = anchor
    for para in root.iter("p"):
        small = para.find(".//small")
        if small is None:
            continue
        at = _block_time(small, bound, tzname)
        if at is None:
            continue
        bound = at
        strong = para.find(".//strong")
        label = " ".join((strong.text_content() if strong is not None else "").split()).lower()
        text = para.text_content()
        if strong is not None:
            text = text.split(strong.text_content(), 1)[-1]
        else:
            text = text.replace(small.text_content(), "", 1)
        raw.append((at, label, " ".join(text.split()).lstrip("-– ").strip()))
    updates: list[StatusUpdate] = []
    state = ""
    for index, (at, label, text) in enumerate(reversed(raw)):
        if label != "update" or not state:
            state = label or state
        updates.append(StatusUpdate(at=at, status=state or label, text=text,
                                    external_id=f"{incident_code}#{index}"))
    updates.reverse()
    return updates


def _incident(code: str, title: str, link: str, anchor: datetime, html: str, service: str,
              tzname: str | None) -> StatusIncident:
    updates = parse_update_blocks(html, anchor, code, tzname)
    resolved = updates[0].at if updates and updates[0].status in FINAL else None
    started = updates[-1].at if updates else anchor
    return StatusIncident(platform="statuspage", service=service, external_id=code, title=title.strip(),
                          started_at=started, resolved_at=resolved, created_at=started, url=link,
                          updates=updates)


def _code(link: str, fallback: str) -> str:
    match = CODE_IN_LINK.search(link or "")
    return match.group(1) if match else fallback


def parse_statuspage_atom(body: bytes, service: str, tzname: str | None = None) -> list[StatusIncident]:
    root = parse_xml(body)
    if root.tag != f"{ATOM}feed":
        raise PayloadError(f"not an Atom feed (root {root.tag})")
    result: list[StatusIncident] = []
    for entry in root.iter(f"{ATOM}entry"):
        link = next((el.get("href", "") for el in entry.iter(f"{ATOM}link")
                     if el.get("rel", "alternate") == "alternate"), "")
        anchor = parse_any(entry.findtext(f"{ATOM}updated")) or parse_any(entry.findtext(f"{ATOM}published"))
        if anchor is None:
            continue
        entry_id = entry.findtext(f"{ATOM}id") or ""
        _append(result, _code(link, entry_id), entry.findtext(f"{ATOM}title") or "", link, anchor,
                entry.findtext(f"{ATOM}content") or "", service, tzname)
    return result


def _append(result: list[StatusIncident], *args: Any) -> None:
    """Add one entry's incident; an entry that cannot be read is logged and left out, not fatal."""
    try:
        incident = _incident(*args)
    except Exception as exc:  # noqa: BLE001 - one bad entry must not hide the rest of the feed
        log.warning("skipping unreadable feed entry: %s: %s", type(exc).__name__, exc)
        return
    if incident.external_id:
        result.append(incident)


def parse_statuspage_rss(body: bytes, service: str, tzname: str | None = None) -> list[StatusIncident]:
    root = parse_xml(body)
    if root.tag != "rss":
        raise PayloadError(f"not an RSS feed (root {root.tag})")
    result: list[StatusIncident] = []
    for item in root.iter("item"):
        link = (item.findtext("link") or item.findtext("guid") or "").strip()
        anchor = parse_any(item.findtext("pubDate"))
        if anchor is None:
            continue
        _append(result, _code(link, link), item.findtext("title") or "", link, anchor,
                item.findtext("description") or "", service, tzname)
    return result

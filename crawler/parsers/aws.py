"""AWS Service Health Dashboard: per-service RSS feeds (``aws-rss``) and the legacy ``data.json`` (``aws``).

RSS: one item per posted update; the items of one event share the guid fragment
``<service>_<epoch of the first post>``, and pubDates use US zone abbreviations (PST/PDT).
Legacy JSON: ``{"archive": [...], "current": [...]}``; each event has ``date`` (epoch of the first
post) and an HTML ``description`` of ``<div><span class="yellowfg">HH:MM AM PDT</span>&nbsp;text</div>``
blocks (some prefixed ``Sep 12,``) without a year. Both produce ``platform="aws"`` incidents whose
``external_id`` is ``<service>_<epoch>``, so the two formats of one event join.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any

import lxml.html
from lxml import etree

from archive.records import StatusIncident, StatusUpdate
from crawler.parsers.statuspage import PayloadError, load_json
from crawler.parsers.statuspage_feed import parse_xml
from crawler.parsers.timeutil import MONTHS, parse_rfc822, twelve_hour, zone_for

log = logging.getLogger(__name__)
BASE_URL = "https://status.aws.amazon.com/"
REGION_RE = re.compile(r"((?:[a-z]{2}-gov|[a-z]{2})-[a-z]+-\d)$")
STAMP_RE = re.compile(r"(?:(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2}),\s*)?"
                      r"(?P<h>\d{1,2}):(?P<m>\d{2})\s*(?P<ampm>[AP]M)\s*(?P<tz>[A-Z]{2,4})?")
GUID_RE = re.compile(r"#?([A-Za-z0-9-]+)_(\d{9,11})$")
IMPACTS = {"0": "none", "1": "minor", "2": "major", "3": "critical"}
TITLE_PREFIX = re.compile(r"^(informational message|performance issues|service disruption|"
                          r"service is operating normally)\s*:\s*", re.I)


def region_of(service_key: str) -> list[str]:
    match = REGION_RE.search(service_key or "")
    return [match.group(1)] if match else []


def _states(count: int, resolved: bool) -> list[str]:
    """Oldest-first states for ``count`` posts: investigating, update..., resolved."""
    states = ["investigating"] + ["update"] * max(count - 1, 0)
    if resolved and count:
        states[-1] = "resolved"
    return states[:count]


# -- legacy data.json ----------------------------------------------------------------------------
def _place(stamp: re.Match[str], previous: datetime) -> datetime:
    """The first moment at or after ``previous`` - 12h matching the stamp (which has no year)."""
    tz = zone_for(stamp.group("tz")) or UTC
    hour, minute = twelve_hour(int(stamp.group("h")), int(stamp.group("m")), stamp.group("ampm"))
    local_prev = previous.astimezone(tz)
    if stamp.group("mon"):
        month, day = MONTHS[stamp.group("mon").lower()], int(stamp.group("day"))
        year = local_prev.year + (1 if month < local_prev.month else 0)
        return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)
    candidate = local_prev.replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone(UTC)
    while candidate < previous - timedelta(hours=12):
        candidate += timedelta(days=1)
    while candidate > previous + timedelta(hours=12) and candidate - timedelta(days=1) >= previous - timedelta(hours=12):
        candidate -= timedelta(days=1)
    return candidate


def html_text(html: str) -> str:
    if not html.strip():
        return ""
    try:
        return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())
    except (etree.ParserError, ValueError):
        return " ".join(html.split())


def _legacy_posts(description: str, first: datetime) -> list[tuple[datetime, str]]:
    try:
        root = lxml.html.fragment_fromstring(description or "<div></div>", create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    posts: list[tuple[datetime, str]] = []
    previous = first
    for div in root.iter("div"):
        span = div.find(".//span")
        if div is root:
            continue
        if span is None:
            continue
        stamp = STAMP_RE.search(span.text_content())
        if stamp is None:
            continue
        at = _place(stamp, previous)
        previous = at
        text = div.text_content().replace(span.text_content(), "", 1)
        posts.append((at, " ".join(text.replace("\xa0", " ").split())))
    return posts


def incident_from_legacy(raw: dict[str, Any], service: str) -> StatusIncident:
    key = str(raw.get("service") or "")
    try:
        epoch = int(str(raw.get("date")))
        first = datetime.fromtimestamp(epoch, UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise PayloadError(f"AWS event with bad date {raw.get('date')!r}") from exc
    external_id = f"{key}_{epoch}"
    summary = str(raw.get("summary") or "")
    resolved = "[RESOLVED]" in summary.upper()
    posts = _legacy_posts(str(raw.get("description") or ""), first)
    states = _states(len(posts), resolved)
    updates = [StatusUpdate(at=at, status=state, text=text, external_id=f"{external_id}#{i}",
                            components=[str(raw.get("service_name") or key)])
               for i, ((at, text), state) in enumerate(zip(posts, states, strict=True))]
    updates.reverse()
    title = re.sub(r"^\[RESOLVED\]\s*", "", summary, flags=re.I).strip()
    return StatusIncident(
        platform="aws", service=service, external_id=external_id, title=title,
        impact=IMPACTS.get(str(raw.get("status")), "minor"), started_at=updates[-1].at if updates else first,
        resolved_at=updates[0].at if resolved and updates else None, created_at=first,
        url=f"{BASE_URL}#{external_id}", updates=updates,
        components=[str(raw.get("service_name") or key)], regions=region_of(key))


def parse_aws_legacy(body: bytes, service: str) -> list[StatusIncident]:
    data = load_json(body)
    if not isinstance(data, dict) or not any(isinstance(data.get(k), list) for k in ("archive", "current")):
        raise PayloadError("AWS data.json needs 'archive' or 'current' lists")
    events = [e for key in ("archive", "current") if isinstance(data.get(key), list) for e in data[key]]
    merged: OrderedDict[str, StatusIncident] = OrderedDict()
    for raw in events:
        if not isinstance(raw, dict):
            continue
        try:
            inc = incident_from_legacy(raw, service)
        except Exception as exc:  # noqa: BLE001 - one bad event must not hide the others
            log.warning("skipping AWS event %r: %s", raw.get("service"), exc)
            continue
        merged[inc.external_id] = inc  # "current" repeats an archived event with more posts
    if events and not merged:
        raise PayloadError("no readable event in AWS data.json")
    return list(merged.values())


# -- RSS ------------------------------------------------------------------------------------------
def _event_key(item: Any, feed_key: str) -> str:
    guid = (item.findtext("guid") or "").strip()
    match = GUID_RE.search(guid)
    if match:
        return f"{match.group(1)}_{match.group(2)}"
    title = TITLE_PREFIX.sub("", item.findtext("title") or "")
    title = re.sub(r"^\[RESOLVED\]\s*", "", title.strip(), flags=re.I)
    return f"{feed_key}:{title.lower()}"


def parse_aws_rss(body: bytes, service: str) -> list[StatusIncident]:
    root = parse_xml(body)
    if root.tag != "rss":
        raise PayloadError(f"not an RSS feed (root {root.tag})")
    channel_title = (root.findtext("channel/title") or "").replace("Service Status", "").strip()
    feed_key = re.sub(r"\W+", "-", channel_title.lower()).strip("-") or "aws"
    groups: OrderedDict[str, list[tuple[datetime, str, str]]] = OrderedDict()
    for item in root.iter("item"):
        at = parse_rfc822(item.findtext("pubDate"))
        if at is None:
            continue
        title = " ".join((item.findtext("title") or "").split())
        text = html_text(item.findtext("description") or "")
        groups.setdefault(_event_key(item, feed_key), []).append((at, title, text))
    return [_rss_incident(key, posts, service, channel_title) for key, posts in groups.items()]


def _rss_incident(key: str, posts: list[tuple[datetime, str, str]], service: str,
                  channel_title: str) -> StatusIncident:
    posts.sort(key=lambda p: p[0])
    newest_title = posts[-1][1]
    resolved = "[RESOLVED]" in newest_title.upper() or newest_title.lower().startswith("service is operating")
    states = _states(len(posts), resolved)
    updates = [StatusUpdate(at=at, status=state, text=text, external_id=f"{key}#{at.isoformat()}",
                            components=[channel_title] if channel_title else [])
               for (at, _title, text), state in zip(posts, states, strict=True)]
    updates.reverse()
    title = TITLE_PREFIX.sub("", newest_title)
    title = re.sub(r"^\[RESOLVED\]\s*", "", title, flags=re.I).strip()
    return StatusIncident(
        platform="aws", service=service, external_id=key, title=title,
        impact="minor", started_at=updates[-1].at, resolved_at=updates[0].at if resolved else None,
        created_at=updates[-1].at, url=f"{BASE_URL}#{key}", updates=updates,
        components=[channel_title] if channel_title else [], regions=region_of(key.split("_")[0]))

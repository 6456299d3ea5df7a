"""Atom 1.0 (RFC 4287) documents built with lxml, so every scraped string is escaped correctly."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from lxml import etree

from archive.records import Incident, iso
from webapp.formatting import fmt_datetime, fmt_duration

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG = "tag:outage-archive.invalid,2024:"  # stable ids whatever host serves the feed
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str | None) -> str:
    return _BAD_XML.sub("", text or "")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def entry_summary(inc: Incident) -> str:
    parts = [f"{inc.service} outage starting {fmt_datetime(inc.started_at)}",
             f"lasting {fmt_duration(inc.duration_minutes)}" if inc.duration_minutes is not None else inc.status]
    if inc.regions:
        parts.append("regions: " + ", ".join(inc.regions[:8]))
    if inc.causes:
        parts.append("causes: " + ", ".join(c.replace("_", " ") for c in inc.causes[:5]))
    if inc.error_messages:
        parts.append("error shown: " + inc.error_messages[0][:200])
    parts.append(f"{len(inc.sources)} sources")
    return "; ".join(parts) + "."


def build_feed(feed_id: str, title: str, self_url: str, alternate_url: str, incidents: Iterable[Incident],
               subtitle: str = "") -> bytes:
    """An Atom feed of incidents (newest first as given); ``updated`` is the newest entry's time."""
    items = list(incidents)
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    if subtitle:
        _sub(feed, "subtitle", subtitle)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    author = _sub(feed, "author")
    _sub(author, "name", "Outage Archive")
    _sub(feed, "generator", "Outage Archive")
    stamps = [_entry_time(i) for i in items]
    _sub(feed, "updated", iso(max(stamps)) if stamps else iso(datetime(1970, 1, 1, tzinfo=UTC)))
    base = alternate_url.split("/", 3)
    root = "/".join(base[:3]) if len(base) >= 3 else alternate_url
    for inc, stamp in zip(items, stamps, strict=True):
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{TAG}incident/{inc.id}")
        _sub(entry, "title", inc.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{root}/incident/{inc.slug}")
        _sub(entry, "updated", iso(stamp))
        if inc.started_at is not None:
            _sub(entry, "published", iso(inc.started_at))
        _sub(entry, "summary", entry_summary(inc), type="text")
        for name in dict.fromkeys([inc.service, *inc.services]):
            _sub(entry, "category", term=name)
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _entry_time(inc: Incident) -> datetime:
    times = [t for t in (inc.ended_at, inc.started_at) if t is not None]
    times += [e.at for e in inc.timeline]
    return max(times) if times else datetime(1970, 1, 1, tzinfo=UTC)

"""Links out of news feeds (RSS 2.0, Atom) and sitemaps (urlsets, news sitemaps, sitemap indexes)."""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree

from crawler.parsers.statuspage import PayloadError
from crawler.parsers.statuspage_feed import parse_xml
from crawler.parsers.timeutil import parse_any

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass
class Entry:
    """One link found in a feed or sitemap."""

    url: str
    title: str = ""
    summary: str = ""
    published: datetime | None = None
    is_sitemap: bool = False  # a child sitemap of a sitemap index



def _join(base: str, link: str) -> str | None:
    """``link`` made absolute against ``base``; None (logged) for a link no URL parser accepts."""
    try:
        return urljoin(base, link)
    except ValueError as exc:
        logging.getLogger(__name__).warning("skipping unparseable link %r in %s: %s", link[:200], base, exc)
        return None

def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _rss_entries(root: etree._Element, base: str) -> list[Entry]:
    entries = []
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip()
        if not link:
            guid = item.find("guid")
            if guid is not None and guid.get("isPermaLink", "true") != "false":
                link = (guid.text or "").strip()
        if not link:
            continue
        published = parse_any(item.findtext("pubDate")) or parse_any(item.findtext(f"{DC}date"))
        url = _join(base, link)
        if url:
            entries.append(Entry(url, _text(item.find("title")), _text(item.find("description")), published))
    return entries


def _atom_entries(root: etree._Element, base: str) -> list[Entry]:
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        links = [el for el in entry.iter(f"{ATOM}link") if el.get("href")]
        chosen = next((el for el in links if el.get("rel", "alternate") == "alternate"), None)
        if chosen is None:
            continue
        published = parse_any(entry.findtext(f"{ATOM}published")) or parse_any(entry.findtext(f"{ATOM}updated"))
        summary = _text(entry.find(f"{ATOM}summary")) or _text(entry.find(f"{ATOM}content"))
        url = _join(base, chosen.get("href", ""))
        if url:
            entries.append(Entry(url, _text(entry.find(f"{ATOM}title")), summary, published))
    return entries


def feed_entries(body: bytes, base: str) -> list[Entry]:
    """Entries of an RSS 2.0 or Atom feed (relative links resolved against ``base``)."""
    root = parse_xml(body)
    name = _local(root.tag).lower()
    if name == "rss" or name == "rdf":
        return _rss_entries(root, base)
    if name == "feed":
        return _atom_entries(root, base)
    raise PayloadError(f"not a news feed (root element {name!r})")


def maybe_gunzip(body: bytes, limit: int = 50 * 1024 * 1024) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
            data = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise PayloadError(f"bad gzip sitemap: {exc}") from exc
    if len(data) > limit:
        raise PayloadError("gzip sitemap expands beyond the size limit")
    return data


def sitemap_entries(body: bytes, base: str) -> list[Entry]:
    """Pages (or child sitemaps, for an index) listed by a sitemap, with news metadata when present."""
    root = parse_xml(maybe_gunzip(body))
    name = _local(root.tag)
    if name not in {"urlset", "sitemapindex"}:
        raise PayloadError(f"not a sitemap (root element {name!r})")
    entries = []
    for node in root:
        if not isinstance(node.tag, str) or _local(node.tag) not in {"url", "sitemap"}:
            continue
        loc = next((_text(c) for c in node if isinstance(c.tag, str) and _local(c.tag) == "loc"), "")
        if not loc:
            continue
        lastmod = next((_text(c) for c in node if isinstance(c.tag, str) and _local(c.tag) == "lastmod"), "")
        news = node.find(f"{NEWS}news")
        title, published = "", parse_any(lastmod)
        if news is not None:
            title = _text(news.find(f"{NEWS}title"))
            published = parse_any(news.findtext(f"{NEWS}publication_date")) or published
        url = _join(base, loc)
        if url:
            entries.append(Entry(url, title, "", published, is_sitemap=name == "sitemapindex"))
    return entries

"""HTML or plain text -> :class:`Article` (main text and metadata, boilerplate removed).

trafilatura finds the main text, title, site name and URL; the publication *time* is read from the
page's own metadata (Open Graph / ``article:published_time``, JSON-LD ``datePublished``, ``<time
datetime>``) because trafilatura only keeps the day (its day is the fallback).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from archive.records import Article, utc

log = logging.getLogger(__name__)

MAX_BYTES = 4 * 1024 * 1024  # larger inputs are refused: no news article page is this big
MAX_TEXT = 100_000  # characters of main text kept for extraction
_HTML_HINT = re.compile(rb"<\s*(?:!doctype|html|head|body|p|div|article|meta|title|br)\b", re.I)
_META_TIME = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publishdate|date|dc\.date|parsely-pub-date|sailthru\.date)["'][^>]*>""",
    re.I)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.I)
_JSONLD = re.compile(r"""<script[^>]+application/ld\+json[^>]*>(.*?)</script>""", re.I | re.S)
_TIME_TAG = re.compile(r"""<time[^>]+datetime\s*=\s*["']([^"']+)["']""", re.I)


_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:comments?|comment-list|discuss\w*|replies|related|more-like-this|more-stories|"
    r"recommend\w*|cookies?|cookie-banner|consent|gdpr|newsletter|share|sharing|share-bar|social|promo|"
    r"sidebar|subscribe|subscription|signup|sign-up|footer|outbrain|taboola|most-read|most-popular|trending|"
    r"read-more|also-read|read-next|up-next|advert\w*|ad-slot|ads|sponsored|breadcrumbs?|nav|navbar|menu|"
    r"author-bio|tags|paywall|popup|modal|prev|d-prev|d-discuss|d-foot|site-footer|site-header|cmt|"
    r"widgets?|widget-area|rail|yarpp|yarpp-related|mostread|trend|trends|likes|reply|respond|disqus|rel|mr|"
    r"more-from|further-reading|next-up|outbrain|taboola|teaser|teasers|carousel)(?:$|[\s_-])",
    re.I)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})


class BadInput(ValueError):
    """The content cannot be turned into an article (the message says why)."""


def decode(content: bytes | str) -> str:
    """Bytes -> text: UTF-8, else the declared charset, else cp1252 with replacement."""
    if isinstance(content, str):
        return content
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput("binary content (NUL bytes), not a text or HTML page")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if content.startswith(bom):
            return content.decode(enc, errors="replace").lstrip("\ufeff")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", content[:4096])
    if match:
        try:
            return content.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    log.info("content is not UTF-8; decoded as cp1252")
    return content.decode("cp1252", errors="replace")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:2048].encode("utf-8", "ignore")))


def parse_datetime(value: str | datetime | None) -> datetime | None:
    """A published value (ISO 8601, ``YYYY-MM-DD``, or a datetime) -> aware UTC, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return utc(value)
    text = str(value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        from dateutil import parser as dparser

        return utc(dparser.parse(text))
    except (ValueError, OverflowError):
        return None


def _jsonld_dates(html: str) -> list[str]:
    found = []
    for block in _JSONLD.findall(html[:200_000]):
        try:
            data: Any = json.loads(block.strip())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    found.append(item["datePublished"])
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return found


def published_from_html(html: str) -> datetime | None:
    """The publication time stated in the page's metadata (precise values preferred)."""
    candidates: list[str] = []
    for tag in _META_TIME.findall(html[:200_000]):
        m = _CONTENT.search(tag)
        if m:
            candidates.append(m.group(1))
    candidates += _jsonld_dates(html)
    candidates += _TIME_TAG.findall(html[:400_000])[:3]
    parsed = [d for d in (parse_datetime(c) for c in candidates) if d is not None]
    with_time = [d for d in parsed if (d.hour, d.minute) != (0, 0)]
    if with_time:
        return with_time[0]
    return parsed[0] if parsed else None


def _from_text(text: str, url: str, published: datetime | None, source_name: str,
               fetched_at: datetime | None) -> Article | None:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    body = "\n".join(lines).strip()
    if not body:
        return None
    first = next((line for line in lines if line), "")
    title = first if len(first) <= 200 else ""
    return Article(url=url, title=title, published=published, publisher=source_name, text=body,
                   source_name=source_name, fetched_at=fetched_at)


def strip_boilerplate(tree: Any) -> tuple[list[Any], list[Any]]:
    """Drop comment threads, related-story lists, cookie banners, share bars and footers in place. Returns the
    figure captions and lists met on the way (one walk of the tree serves all three)."""
    doomed = []
    captions: list[Any] = []
    lists: list[Any] = []
    for el in tree.iter("*"):
        tag = el.tag
        if not isinstance(tag, str) or tag in _KEEP_TAGS:
            continue
        if tag == "figcaption":
            captions.append(el)
        elif tag in ("ul", "ol"):
            lists.append(el)
        marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}".strip()
        if tag in ("aside", "footer", "nav", "form") or (marker and _BOILERPLATE.search(marker)):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return captions, lists


_CREDIT = re.compile(
    r"(?:\b(?:photo(?:graph)?|image|picture|illustration|video|credit|source|courtesy)s?(?:\s+(?:by|credit))?"
    r"\s*[:|/]|\((?:photo|image|credit)[^)]*\)|\b(?:getty images|afp|reuters|shutterstock)\b).*$",
    re.I | re.S)
_FILE_PHOTO = re.compile(r"^\W*(?:file|stock|archive)\s+(?:photo|image|picture)\W*$", re.I)


def caption_text(caption: str) -> str:
    """What a figure caption says, without its credit line ("Photo: Agency", "(Getty Images)"); empty when
    nothing but a credit or a "File photo" label is left."""
    text = _CREDIT.sub("", " ".join(caption.split())).strip(" -|(\u2013\u2014")
    if len(text.split()) < 3 or _FILE_PHOTO.match(text):
        return ""
    return text


def captions_to_paragraphs(captions: list[Any]) -> None:
    """trafilatura drops ``<figure>`` with its ``<figcaption>``, yet a screenshot's caption is where a news
    page often quotes the error users saw. Each figure whose caption says something beyond a credit is
    replaced in place by a paragraph holding that caption; credit-only figures are left to trafilatura.
    ``captions`` are the tree's ``<figcaption>`` elements (``strip_boilerplate`` collects them)."""
    for caption in captions:
        text = caption_text(caption.text_content())
        figure = caption.getparent()
        while figure is not None and figure.tag != "figure":
            figure = figure.getparent()
        if not text or figure is None or figure.getparent() is None:
            continue
        paragraph = figure.makeelement("p", {})
        paragraph.text = text
        paragraph.tail = figure.tail
        figure.getparent().replace(figure, paragraph)


def lists_to_paragraphs(lists: list[Any]) -> None:
    """A list that a paragraph introduces with a colon ("The worst-hit areas were:") is part of the story, but
    trafilatura drops some lists depending on the markup around them. Such a list (items without links) becomes
    one paragraph per item, written "- item", where it stood. ``lists`` are the tree's ``<ul>``/``<ol>``
    elements (``strip_boilerplate`` collects them)."""
    for lst in lists:
        intro = lst.getprevious()
        parent = lst.getparent()
        if parent is None or intro is None or intro.tag != "p" or not intro.text_content().rstrip().endswith(":"):
            continue
        items = [li for li in lst if li.tag == "li"]
        if not items or any(li.find(".//a") is not None for li in items):
            continue
        at = parent.index(lst)
        tail = lst.tail
        parent.remove(lst)
        for k, li in enumerate(items):
            paragraph = parent.makeelement("p", {})
            paragraph.text = "- " + " ".join(li.text_content().split())
            parent.insert(at + k, paragraph)
        if tail and tail.strip():
            paragraph.tail = tail


@lru_cache(maxsize=1)
def _main_text_options() -> Any:
    """trafilatura's options for our main-text pass (precision mode, fast, no comments, tables or metadata),
    built once: trafilatura reads its whole configuration again for every call that passes keyword options.
    Links are not kept, so the page URL plays no part in the text."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=True, precision=True, comments=False, tables=False,
                     dedup=False, with_metadata=False)


def _from_html(html: str, url: str, published: datetime | None, source_name: str,
               fetched_at: datetime | None) -> Article | None:
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    captions, lists = strip_boilerplate(tree)
    captions_to_paragraphs(captions)
    lists_to_paragraphs(lists)
    doc = trafilatura.bare_extraction(tree, options=_main_text_options())
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    meta = page_metadata(tree, url)
    pub = published or published_from_html(html) or parse_datetime(_trafilatura_date(tree, meta["url"]))
    return Article(url=url or meta["url"] or "", title=meta["title"], published=pub,
                   publisher=meta["sitename"] or source_name or meta["hostname"] or "",
                   text=text, language=data.get("language") or "en", source_name=source_name,
                   fetched_at=fetched_at)


def page_metadata(tree: Any, url: str = "") -> dict[str, str]:
    """Title, canonical URL, site name and host name, read by trafilatura's own metadata extractors
    (Open Graph / meta tags, then JSON-LD, then the page's headings and links). trafilatura's full
    metadata pass also looks for authors, categories and tags, which the archive does not use, at a
    third of the whole extraction's cost; so only the parts we need are run."""
    from trafilatura.metadata import (
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )

    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # noqa: BLE001 - trafilatura's JSON-LD reader can fail on odd markup
        log.debug("JSON-LD metadata unreadable: %s", exc)
    title = " ".join((meta.title or extract_title(tree) or "").split())
    page_url = meta.url or extract_url(tree, url or None) or ""
    host = (urlparse(page_url).hostname or "").removeprefix("www.")
    sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()
    return {"title": title, "url": page_url, "sitename": sitename or host, "hostname": host}


def _trafilatura_date(tree: Any, url: str) -> str | None:
    """The day trafilatura (htmldate) finds, for pages whose metadata states no publication time."""
    from htmldate import find_date

    return find_date(tree, extensive_search=False, original_date=True, url=url or None)


def extract_article(content: bytes | str, url: str = "", fetched_at: datetime | None = None,
                    source_name: str = "", published: str | datetime | None = None) -> Article | None:
    """Main text + metadata of an HTML page or a plain-text article; None (reason logged) if no text."""
    try:
        article = article_or_raise(content, url, fetched_at, source_name, published)
    except BadInput as exc:
        log.warning("no article from %s: %s", url or "input", exc)
        return None
    return article


def article_or_raise(content: bytes | str, url: str = "", fetched_at: datetime | None = None,
                     source_name: str = "", published: str | datetime | None = None) -> Article:
    """Like :func:`extract_article` but raises :class:`BadInput` with the reason."""
    if content is None or len(content) == 0:
        raise BadInput("empty input")
    if len(content) > MAX_BYTES:
        raise BadInput(f"input is {len(content):,} bytes, over the {MAX_BYTES // (1024 * 1024)} MB limit "
                       "for one article page")
    text = decode(content)
    if not text.strip():
        raise BadInput("input holds only whitespace")
    bad = len(_BAD_CHARS.findall(text, 0, 4096))
    if bad > len(text[:4096]) * 0.1:
        raise BadInput("input looks binary (too many undecodable characters)")
    pub = parse_datetime(published)
    if looks_like_html(text):
        article = _from_html(text, url, pub, source_name, utc(fetched_at))
    else:
        article = _from_text(text, url, pub, source_name, utc(fetched_at))
    if article is None:
        raise BadInput("no article text found")
    if len(article.text) > MAX_TEXT:
        log.warning("article text is %d characters; only the first %d are used", len(article.text), MAX_TEXT)
        article.text = article.text[:MAX_TEXT]
    return article

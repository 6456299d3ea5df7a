"""Whoosh documents built from archive records: what each incident and article is indexed as.

An incident's searchable body is the text of its sources (then its status updates), joined with
``SEPARATOR``; ``body_sources`` records where each source starts, so a snippet can name its source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from archive import schema as db
from archive.query import norm_key
from archive.records import Article, Incident
from archive.search_schema import NO_DATE, SEPARATOR, _escape


def _keys(values: Iterable[str | None]) -> str:
    return ",".join(sorted({norm_key(v) for v in values if v and norm_key(v)}))


def _facets(values: Iterable[str | None]) -> str:
    return ",".join(sorted({_escape(v) for v in values if v and v.strip()}))


def _ts(dt: datetime | None) -> int | None:
    return int(dt.timestamp()) if dt is not None else None


def incident_sections(incident: Incident, texts: dict[str, str]) -> list[tuple[str, str]]:
    """(source url, text) pieces searched as the incident's body: source texts, then status updates."""
    sections: list[tuple[str, str]] = []
    seen: set[str] = set()
    for src in incident.sources:
        text = texts.get(src.url) or ""
        if text and src.url not in seen:
            seen.add(src.url)
            sections.append((src.url, text))
    for event in incident.timeline:
        if event.text and event.source_url not in seen and event.kind in ("status_update", "news"):
            sections.append((event.source_url, event.text))
    if not sections:  # no stored text: fall back to source titles and evidence sentences
        for src in incident.sources:
            if src.title:
                sections.append((src.url, src.title))
        for items in incident.evidence.values():
            for item in items:
                if item.get("sentence") or item.get("text"):
                    sections.append((item.get("source_url", item.get("url", "")),
                                     item.get("sentence") or item.get("text", "")))
    return sections


def _all_text(title: str, names: str, errors: str, body: str) -> str:
    """The default search field: one field (one term lookup per word) instead of an OR over four.

    The title goes in twice, a cheap way to rank title matches above body-only matches."""
    return "\n".join(part for part in (title, title, names, errors, body) if part)


def incident_document(incident: Incident, texts: dict[str, str] | None = None) -> dict[str, Any]:
    """The Whoosh document for one incident; ``texts`` maps source URL -> article text."""
    sections = incident_sections(incident, texts or {})
    offsets, parts, pos = [], [], 0
    for url, text in sections:
        offsets.append((pos, url))
        parts.append(text)
        pos += len(text) + len(SEPARATOR)
    services = [incident.service, *incident.services]
    regions = list(incident.regions) + (["Global"] if incident.global_ else [])
    doc: dict[str, Any] = dict(
        id=incident.id, slug=incident.slug, service_name=incident.service, title=incident.title or "",
        errors="\n".join(incident.error_messages), body=SEPARATOR.join(parts), body_sources=offsets,
        service=_keys(services), company=_keys([incident.company]), region=_keys(regions),
        cause=_keys(incident.causes), status=norm_key(incident.status or ""),
        f_service=_facets(services), f_company=_facets([incident.company]), f_region=_facets(regions),
        f_cause=_facets(incident.causes))
    names = " ".join(dict.fromkeys(v for v in (*services, incident.company) if v))
    doc["text"] = _all_text(doc["title"], names, doc["errors"], doc["body"])
    doc["sort_start"] = _ts(incident.started_at) if incident.started_at is not None else NO_DATE
    if incident.started_at is not None:
        doc["start"] = _ts(incident.started_at)
        doc["year"] = str(incident.started_at.year)
    if incident.duration_minutes is not None:
        doc["minutes"] = int(incident.duration_minutes)
    return {k: v for k, v in doc.items() if v != ""}


def article_document(article: Article) -> dict[str, Any]:
    doc: dict[str, Any] = dict(
        id=str(article.id if article.id is not None else article.url), url=article.url,
        title=article.title or "", body=article.text or "", body_sources=[(0, article.url)],
        publisher=_keys([article.publisher]), f_publisher=_facets([article.publisher]))
    doc.pop("body_sources")
    doc["text"] = _all_text(doc["title"], "", "", doc["body"])
    doc["sort_start"] = _ts(article.published) if article.published is not None else NO_DATE
    if article.published is not None:
        doc["start"] = _ts(article.published)
        doc["year"] = str(article.published.year)
    return {k: v for k, v in doc.items() if v != ""}


def _source_texts(store: Any, urls: Sequence[str] | None) -> dict[str, str]:
    """Article text by URL, read from the database (all articles when ``urls`` is None)."""
    t = db.articles
    result: dict[str, str] = {}
    with store.engine.connect() as conn:
        if urls is None:
            rows = conn.execute(select(t.c.url, t.c.text))
            result = {r.url: r.text or "" for r in rows}
        else:
            wanted = sorted(set(urls))
            for i in range(0, len(wanted), 500):
                rows = conn.execute(select(t.c.url, t.c.text).where(t.c.url.in_(wanted[i:i + 500])))
                result.update({r.url: r.text or "" for r in rows})
    return result

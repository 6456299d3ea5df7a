"""Full-text search over incidents and articles (Whoosh behind a small, swappable interface).

Public API: :func:`rebuild_index`, :func:`update_index`, :func:`add_to_index`,
:func:`remove_from_index`, :func:`query_index` (returns a :class:`SearchResult`) and
:class:`SearchError`. The index holds only what searching needs (ids, analysed text, keyword keys,
facet values, the source text for snippets); pages read the rows from the database by id.

Concurrency: writers take Whoosh's write lock (waiting up to ``LOCK_TIMEOUT`` seconds), so a crawl
and ``outages index`` can run at once; readers never lock. Each process keeps a pool of long-lived
searchers per index, refreshed when the index has a newer generation, so the web app can call
:func:`query_index` from many threads without reopening the index per request.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sqlalchemy import select
from whoosh import highlight
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.sorting import FieldFacet
from whoosh.writing import CLEAR

from archive import schema as db
from archive.analysis import FastStemAnalyzer
from archive.query import ParsedQuery, norm_key, parse_query
from archive.records import Article, Incident, iso

log = logging.getLogger(__name__)

SCHEMA_VERSION = "3"
LOCK_TIMEOUT = 60.0
SEPARATOR = "\n\n"
INCIDENT_FACETS = ("service", "company", "region", "cause", "year")
ARTICLE_FACETS = ("publisher", "year")
INCIDENT_FIELDS = ("service", "company", "region", "cause", "status", "year", "after", "before",
                   "duration", "error", "title")
ARTICLE_FIELDS = ("publisher", "year", "after", "before", "title")
TEXT_BOOSTS = {"title": 3.0, "names": 3.0, "errors": 2.0, "body": 1.0}
ARTICLE_BOOSTS = {"title": 3.0, "body": 1.0}
KINDS = ("incident", "article")


class SearchError(Exception):
    """The query (or the index) cannot be searched at all; the message says why."""


# -- schemas -----------------------------------------------------------------------------------
def _facet_field() -> KEYWORD:
    # Exact display values (facets), separated by commas; commas inside values are escaped.
    return KEYWORD(commas=True, lowercase=False, scorable=False)


def incident_schema() -> Schema:
    ana = FastStemAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True), slug=STORED, service_name=STORED,
        title=TEXT(analyzer=ana, stored=True, field_boost=TEXT_BOOSTS["title"]),
        names=TEXT(analyzer=ana, field_boost=TEXT_BOOSTS["names"]),
        errors=TEXT(analyzer=ana, stored=True, field_boost=TEXT_BOOSTS["errors"]),
        body=TEXT(analyzer=ana, stored=True), body_sources=STORED,
        service=KEYWORD(commas=True, scorable=False), company=KEYWORD(commas=True, scorable=False),
        region=KEYWORD(commas=True, scorable=False), cause=KEYWORD(commas=True, scorable=False),
        status=ID, year=ID,
        f_service=_facet_field(), f_company=_facet_field(), f_region=_facet_field(), f_cause=_facet_field(),
        start=NUMERIC(int, bits=64, signed=True, sortable=True, stored=True),
        duration=NUMERIC(int, bits=32, signed=True),
    )


def article_schema() -> Schema:
    ana = FastStemAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True), url=STORED,
        title=TEXT(analyzer=ana, stored=True, field_boost=ARTICLE_BOOSTS["title"]),
        body=TEXT(analyzer=ana, stored=True), publisher=KEYWORD(commas=True, scorable=False),
        f_publisher=_facet_field(), year=ID,
        start=NUMERIC(int, bits=64, signed=True, sortable=True, stored=True),
    )


SCHEMAS = {"incident": incident_schema, "article": article_schema}


# -- documents -------------------------------------------------------------------------------
def _escape(value: str) -> str:
    return value.replace(",", "\u201a").strip()


def _unescape(value: str) -> str:
    return value.replace("\u201a", ",")


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
        names=" ".join(v for v in (*services, incident.company) if v),
        errors="\n".join(incident.error_messages), body=SEPARATOR.join(parts), body_sources=offsets,
        service=_keys(services), company=_keys([incident.company]), region=_keys(regions),
        cause=_keys(incident.causes), status=norm_key(incident.status or ""),
        f_service=_facets(services), f_company=_facets([incident.company]), f_region=_facets(regions),
        f_cause=_facets(incident.causes))
    if incident.started_at is not None:
        doc["start"] = _ts(incident.started_at)
        doc["year"] = str(incident.started_at.year)
    if incident.duration_minutes is not None:
        doc["duration"] = int(incident.duration_minutes)
    return {k: v for k, v in doc.items() if v != ""}


def article_document(article: Article) -> dict[str, Any]:
    doc: dict[str, Any] = dict(
        id=str(article.id if article.id is not None else article.url), url=article.url,
        title=article.title or "", body=article.text or "", body_sources=[(0, article.url)],
        publisher=_keys([article.publisher]), f_publisher=_facets([article.publisher]))
    doc.pop("body_sources")
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


# -- results ---------------------------------------------------------------------------------
@dataclass
class SearchResult:
    ids: list[str]
    total: int
    facets: dict[str, dict[str, int]]
    warnings: list[str] = field(default_factory=list)
    hits: list[dict[str, Any]] = field(default_factory=list)
    page: int = 1
    page_size: int = 20
    sort: str = "relevance"
    kind: str = "incident"
    query: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "hits": self.hits, "facets": self.facets, "warnings": self.warnings,
                "ids": self.ids, "page": self.page, "page_size": self.page_size, "sort": self.sort,
                "kind": self.kind, "query": self.query}


class SearchEngine(Protocol):
    """What the rest of the archive needs from a search engine (Whoosh today)."""

    def add(self, docs: Iterable[dict[str, Any]], *, clear: bool = False) -> int: ...

    def remove(self, ids: Iterable[str]) -> int: ...

    def query(self, text: str, *, sort: str, page: int, page_size: int,
              filters: dict[str, Any] | None) -> SearchResult: ...


from archive.whoosh_engine import WhooshEngine, engine_for  # noqa: E402  (after SearchResult)


# -- public functions --------------------------------------------------------------------------
def add_to_index(index_dir: Path | str, incidents: Iterable[Incident | dict[str, Any]],
                 texts: dict[str, str] | None = None) -> int:
    """Add or replace incidents (records or prepared documents); return how many were written."""
    docs = (i if isinstance(i, dict) else incident_document(i, texts) for i in incidents)
    return engine_for(index_dir, "incident").add(docs)


def remove_from_index(index_dir: Path | str, ids: Iterable[str], kind: str = "incident") -> int:
    """Remove documents by id; return how many were asked for."""
    return engine_for(index_dir, kind).remove(ids)


def _iter_incident_docs(store: Any, incidents: list[Incident],
                        texts: dict[str, str] | None) -> Iterator[dict[str, Any]]:
    if texts is None:
        texts = _source_texts(store, [s.url for i in incidents for s in i.sources])
    for incident in incidents:
        yield incident_document(incident, texts)


def rebuild_index(store: Any, index_dir: Path | str) -> int:
    """Rebuild both indexes from the database in one atomic commit each; return incidents indexed."""
    incidents = store.incidents()
    texts = _source_texts(store, None)
    count = engine_for(index_dir, "incident").add(_iter_incident_docs(store, incidents, texts), clear=True)
    engine_for(index_dir, "article").add((article_document(a) for a in store.articles()), clear=True)
    log.info("indexed %s incidents", count)
    return count


def update_index(store: Any, index_dir: Path | str, incident_ids: Iterable[str],
                 article_ids: Iterable[int] = ()) -> int:
    """Re-index the given incidents (and articles) from the database; ids gone from it are removed."""
    engine = engine_for(index_dir, "incident")
    if not engine.exists():
        return rebuild_index(store, index_dir)
    found: list[Incident] = []
    missing: list[str] = []
    for incident_id in dict.fromkeys(incident_ids):
        incident = store.incident(incident_id)
        (found.append(incident) if incident is not None else missing.append(incident_id))
    if missing:
        engine.remove(missing)
    written = engine.add(_iter_incident_docs(store, found, None)) if found else 0
    wanted = {int(a) for a in article_ids}
    if wanted:
        articles = [a for a in store.articles() if a.id in wanted]
        engine_for(index_dir, "article").add(article_document(a) for a in articles)
        gone = wanted - {a.id for a in articles}
        if gone:
            engine_for(index_dir, "article").remove(str(g) for g in gone)
    return written + len(missing)


def query_index(index_dir: Path | str, query: str, *, sort: str = "relevance", page: int = 1,
                page_size: int = 20, filters: dict[str, Any] | None = None,
                kind: str = "incident") -> SearchResult:
    """Search incidents (or articles with ``kind="article"``); raises SearchError if it cannot run."""
    if kind not in KINDS:
        raise SearchError(f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    if sort not in ("relevance", "date"):
        raise SearchError(f"unknown sort {sort!r} (use relevance or date)")
    if page < 1 or not 1 <= page_size <= 1000:
        raise SearchError("page must be >= 1 and page_size between 1 and 1000")
    return engine_for(index_dir, kind).query(query or "", sort=sort, page=page, page_size=page_size,
                                             filters=filters)


def search_articles(index_dir: Path | str, query: str, **kwargs: Any) -> SearchResult:
    """Article search for the web app (same language; fields publisher, year, after, before, title)."""
    return query_index(index_dir, query, kind="article", **kwargs)


__all__ = ["SearchEngine", "SearchError", "SearchResult", "WhooshEngine", "add_to_index", "article_document",
           "incident_document", "query_index", "rebuild_index", "remove_from_index", "search_articles",
           "update_index", "ParsedQuery", "parse_query", "iso", "UTC", "LockError", "CLEAR", "FieldFacet",
           "np", "wq", "whoosh_index", "highlight", "html", "re", "bisect", "threading", "contextmanager"]

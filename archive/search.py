"""Full-text search over incidents and articles (Whoosh behind a small, swappable interface).

Public API: :func:`rebuild_index`, :func:`update_index`, :func:`sync_index`, :func:`add_to_index`,
:func:`remove_from_index`, :func:`query_index` / :func:`search_articles` (return a
:class:`SearchResult`) and :class:`SearchError`. The index holds only what searching needs (ids,
analysed text, keyword keys, facet values, the source text for snippets); pages read the rows from
the database by id. The query language is parsed in ``archive.query``.

This module is the one to import from; the work is done in:

- ``archive.search_schema``: the Whoosh schemas, field names and shared constants;
- ``archive.search_documents``: the document each incident and article is indexed as;
- ``archive.search_indexing``: keeping the index in step with the database;
- ``archive.search_engine``: opening an index, the searcher pool, writers and the write lock;
- ``archive.search_results``: running a query on a searcher, one page of hits;
- ``archive.search_facets``: whole-index arrays for facets, date/duration filters and date order;
- ``archive.search_snippets``: highlighted snippets.

How a query runs: Whoosh finds the documents matching the free text (and scores the top ones);
keyword filters are Whoosh term look-ups; date and duration filters, facet counts and date sorting
use whole-index NumPy arrays built once per segment (segments never change) and combined once per
searcher. So the cost of filters and facets does not grow with the number of query terms.

Concurrency: writers take Whoosh's write lock (waiting up to ``LOCK_TIMEOUT`` seconds, read from this
module at each write), so a crawl and ``outages index`` can run at once; readers never lock. Each
process keeps a pool of long-lived searchers per index, reopened when the index has a newer generation
(not ``Searcher.refresh()``, which in whoosh-reloaded 2.7.5 keeps merged-away segments), so the web
app can call :func:`query_index` from many threads without opening the index per request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archive.search_documents import article_document, incident_document, incident_sections
from archive.search_engine import _ENGINES as _ENGINES
from archive.search_engine import FastSegmentWriter, SearchEngine, WhooshEngine, engine_for
from archive.search_indexing import add_to_index, rebuild_index, remove_from_index, sync_index, update_index
from archive.search_results import HIT_LIMIT, SearchResult
from archive.search_schema import (
    ARTICLE_FACETS,
    ARTICLE_FIELDS,
    ARTICLE_TEXT,
    INCIDENT_FACETS,
    INCIDENT_FIELDS,
    INCIDENT_TEXT,
    KINDS,
    NO_DATE,
    NO_VALUE,
    SCHEMA_VERSION,
    SCHEMAS,
    SEPARATOR,
    SearchError,
    article_schema,
    incident_schema,
)
from archive.search_schema import _unescape as _unescape
from archive.search_snippets import make_snippet

__all__ = [
    "ARTICLE_FACETS", "ARTICLE_FIELDS", "ARTICLE_TEXT", "HIT_LIMIT", "INCIDENT_FACETS", "INCIDENT_FIELDS",
    "INCIDENT_TEXT", "KINDS", "LOCK_TIMEOUT", "NO_DATE", "NO_VALUE", "SCHEMAS", "SCHEMA_VERSION", "SEPARATOR",
    "FastSegmentWriter", "SearchEngine", "SearchError", "SearchResult", "WhooshEngine",
    "add_to_index", "article_document", "article_schema", "engine_for", "incident_document",
    "incident_schema", "incident_sections", "make_snippet", "query_index", "rebuild_index",
    "remove_from_index", "search_articles", "sync_index", "update_index",
]

LOCK_TIMEOUT = 60.0  # seconds a writer waits for another writer's lock (read by the engine at each write)


def query_index(index_dir: Path | str, query: str, *, sort: str = "relevance", page: int = 1,
                page_size: int = 20, filters: dict[str, Any] | None = None,
                kind: str = "incident") -> SearchResult:
    """Search incidents (or articles with ``kind="article"``); raises SearchError if it cannot run."""
    if kind not in KINDS:
        raise SearchError(f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    if sort not in ("relevance", "date"):
        raise SearchError(f"unknown sort {sort!r} (use relevance or date)")
    if page < 1 or page_size < 1:
        raise SearchError("page and page_size must be at least 1")
    return engine_for(index_dir, kind).query(query or "", sort=sort, page=page, page_size=page_size,
                                             filters=filters)


def search_articles(index_dir: Path | str, query: str, **kwargs: Any) -> SearchResult:
    """Article search for the web app (same language; fields publisher, year, after, before, title)."""
    return query_index(index_dir, query, kind="article", **kwargs)

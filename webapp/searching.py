"""Search for the site and API.

Uses the full-text index (``archive.search.query_index``) when it is importable and built; otherwise
a plain scan of the database with the same query language (:mod:`archive.query`, evaluated by
:mod:`webapp.querylang`), so the site keeps working on an archive that was never indexed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from archive.records import Incident
from webapp import querylang
from webapp.db import index_dir
from webapp.queries import Filters, facet_counts, incidents_by_ids, load_incidents

log = logging.getLogger(__name__)

SORTS = {
    "relevance": "Best match",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "longest": "Longest first",
}


LOCAL_SORT_LIMIT = 1000


class QueryError(ValueError):
    """A query the user has to fix; the message says how."""


@dataclass
class Hit:
    incident: Incident
    score: float = 0.0
    snippet: str = ""


@dataclass
class SearchPage:
    query: str
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    engine: str = "database"
    terms: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _index_module() -> Any:
    try:
        from archive import search as module
    except Exception as exc:  # a missing or half-installed search stage must not take the site down
        log.warning("full-text search unavailable (%s); searching the database instead", exc)
        return None
    if not hasattr(module, "query_index"):
        return None
    return module


def index_available() -> bool:
    directory = index_dir()
    return directory.is_dir() and any(directory.iterdir()) and _index_module() is not None


def search(query: str, filters: Filters, sort: str = "relevance", page: int = 1,
           page_size: int = 20, with_facets: bool = True) -> SearchPage:
    """One page of results. Problems in the query come back as warnings; if the index is missing or
    fails, the database is scanned instead and a warning says so."""
    query = query.strip()
    if query and index_available():  # browsing by filters alone reads the database directly
        try:
            return _search_index(query, filters, sort, page, page_size)
        except Exception as exc:  # a missing or broken index must not take the site down: scan the database
            log.warning("full-text search failed for %r (%s); searching the database instead", query, exc)
            result = _search_database(query, filters, sort, page, page_size, with_facets)
            result.warnings.append(f"the full-text index could not answer ({exc}); results come from a plain "
                                   "scan of the database")
            return result
    return _search_database(query, filters, sort, page, page_size, with_facets)


def _search_index(query: str, filters: Filters, sort: str, page: int, page_size: int) -> SearchPage:
    module = _index_module()
    local_sort = sort in {"oldest", "longest"}
    if local_sort:  # the index orders by relevance or date only: sort the first matches here
        result = module.query_index(index_dir(), query, sort="date", page=1, page_size=LOCAL_SORT_LIMIT,
                                    filters=filters.as_dict())
    else:
        result = module.query_index(index_dir(), query, sort="date" if sort == "newest" else "relevance",
                                    page=page, page_size=page_size, filters=filters.as_dict())
    hits_in = list(result.hits or [])
    by_id = incidents_by_ids([str(h["id"]) for h in hits_in])
    hits = [Hit(by_id[str(h["id"])], float(h.get("score") or 0.0), _plain_snippet(h.get("snippet")))
            for h in hits_in if str(h["id"]) in by_id]
    warnings = list(result.warnings or [])
    if local_sort:
        if result.total > LOCAL_SORT_LIMIT:
            warnings.append(f"sorted among the first {LOCAL_SORT_LIMIT} matches only")
        _sort_hits(hits, sort)
        hits = hits[(page - 1) * page_size:page * page_size]
    terms = querylang.highlight_terms(querylang.parse_query(query))
    return SearchPage(query, hits, int(result.total), page, page_size, normalize_facets(result.facets),
                      warnings, "index", terms)


def _plain_snippet(snippet: Any) -> str:
    """The index marks matches with HTML; keep only the text (we highlight it again, escaped)."""
    return Markup(str(snippet or "")).striptags()


def normalize_facets(raw: Any) -> dict[str, list[tuple[str, int]]]:
    """Accept ``{field: {value: n}}``, ``{field: [(value, n)]}`` or ``{field: [{"value", "count"}]}``."""
    result: dict[str, list[tuple[str, int]]] = {}
    for name, values in (raw or {}).items():
        if isinstance(values, dict):
            pairs = list(values.items())
        else:
            pairs = [(v["value"], v["count"]) if isinstance(v, dict) else (v[0], v[1]) for v in values]
        result[str(name)] = [(str(v), int(n)) for v, n in pairs if v not in (None, "")]
    return result


def _search_database(query: str, filters: Filters, sort: str, page: int, page_size: int,
                     with_facets: bool = True) -> SearchPage:
    parsed = querylang.parse_query(query)
    candidates = load_incidents(filters)
    if parsed.is_empty:  # browsing by filters: every candidate matches, no scoring or snippets needed
        scored = [Hit(inc) for inc in candidates]
    else:
        scored = [Hit(inc, score) for inc in candidates
                  if (score := querylang.score(parsed, inc)) is not None]
    _sort_hits(scored, sort if not parsed.is_empty else ("newest" if sort == "relevance" else sort))
    start = (page - 1) * page_size
    facets = facet_counts([h.incident for h in scored]) if with_facets else {}
    shown = scored[start:start + page_size]
    if not parsed.is_empty:
        for hit in shown:
            hit.snippet = querylang.snippet(parsed, hit.incident)
    return SearchPage(query, shown, len(scored), page, page_size, facets,
                      list(parsed.warnings), "database", querylang.highlight_terms(parsed))


_EARLIEST = datetime(1, 1, 1, tzinfo=UTC)


def _sort_hits(hits: list[Hit], sort: str) -> None:
    def started(h: Hit) -> datetime:
        return h.incident.started_at or _EARLIEST

    if sort == "newest":
        hits.sort(key=started, reverse=True)
    elif sort == "oldest":
        hits.sort(key=lambda h: (h.incident.started_at is None, started(h)))
    elif sort == "longest":
        hits.sort(key=lambda h: h.incident.duration_minutes or -1, reverse=True)
    else:
        hits.sort(key=started, reverse=True)
        hits.sort(key=lambda h: h.score, reverse=True)


def search_slice(query: str, filters: Filters, sort: str, offset: int, limit: int) -> SearchPage:
    """Results ``offset`` to ``offset + limit`` (for the API's limit/offset paging)."""
    if offset % limit == 0:
        return search(query, filters, sort=sort, page=offset // limit + 1, page_size=limit, with_facets=False)
    window = offset + limit
    if window > LOCAL_SORT_LIMIT and index_available():
        raise QueryError(f"offset + limit must be at most {LOCAL_SORT_LIMIT} unless offset is a multiple "
                         "of limit")
    result = search(query, filters, sort=sort, page=1, page_size=window, with_facets=False)
    result.hits = result.hits[offset:]
    result.page_size = limit
    return result

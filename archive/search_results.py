"""Running a parsed query against one searcher: the matching documents, their order, one page of hits.

Free text is matched (and the top documents scored) by Whoosh; keyword filters are Whoosh term look-ups;
date and duration filters, facet counts and date order come from the searcher's whole-index view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from whoosh.query import Or, Phrase, Term

from archive.query import ParsedQuery
from archive.records import iso
from archive.search_facets import _View
from archive.search_snippets import _snippet_for

HIT_LIMIT = 1000  # hits (stored fields + snippet) per page at most; ``ids`` always lists the whole page


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


def _filtered(searcher: Any, view: _View, pq: ParsedQuery) -> np.ndarray | None:
    """Docnums passing the keyword, date and duration filters (None: no filter given)."""
    allowed: np.ndarray | None = None
    for name, keys in pq.keywords.items():
        terms = [Term(name, k) for k in dict.fromkeys(keys)]
        docs = np.fromiter(searcher.docs_for_query(terms[0] if len(terms) == 1 else Or(terms)), dtype=np.int64)
        allowed = docs if allowed is None else np.intersect1d(allowed, docs, assume_unique=True)
    if pq.after or pq.before or pq.duration:
        allowed = view.restrict(view.live if allowed is None else allowed, pq)
    return allowed


def run_query(searcher: Any, view: _View, pq: ParsedQuery, q: Any, exclude: Any, sort: str, page: int,
              page_size: int, *, kind: str, text_fields: dict[str, str], analyzer: Any,
              ) -> tuple[list[str], list[dict[str, Any]], int, dict[str, dict[str, int]]]:
    """(ids of the page, its hits, total matches, facet counts) for one query on one ``kind`` index."""
    allowed = _filtered(searcher, view, pq)
    limit = page * page_size
    scored: list[tuple[int, float]] | None = None
    if q is None:
        matched = view.live if allowed is None else allowed
    elif sort == "relevance" and _has_phrase(q):
        # Phrase checks are Whoosh's slowest step: score every match in one pass, not two.
        scored = [(d, float(s)) for s, d in _search(searcher, q, None, allowed).top_n]
        matched = np.fromiter((d for d, _ in scored), dtype=np.int64, count=len(scored))
    else:
        matched = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
        if allowed is not None:
            matched = np.intersect1d(matched, allowed, assume_unique=True)
    if exclude is not None:
        masked = np.fromiter(searcher.docs_for_query(exclude), dtype=np.int64)
        matched = matched[~np.isin(matched, masked)]
        drop = set(masked.tolist())
        scored = None if scored is None else [(d, s) for d, s in scored if d not in drop]
    ids_column = searcher.reader().column_reader("id")
    if q is None or sort == "date":
        window = [(d, 0.0) for d in view.newest(matched, limit, ids_column)]
    else:
        if scored is None:
            subset = matched if (allowed is not None or exclude is not None) else None
            scored = [(d, float(s)) for s, d in _search(searcher, q, limit, subset).top_n]
        start = view.columns["sort_start"]
        scored.sort(key=lambda ds: (-round(ds[1], 6), -start[ds[0]], ids_column[ds[0]]))
        window = scored[:limit]
    window = window[(page - 1) * page_size:limit]
    terms = frozenset(t for name in text_fields.values() for t in _query_terms(q, name))
    hits = [_hit(searcher.stored_fields(d), score, terms, kind, analyzer) for d, score in window[:HIT_LIMIT]]
    return [ids_column[d] for d, _ in window], hits, int(len(matched)), view.facets(matched)


def _hit(fields: dict[str, Any], score: float, terms: frozenset[str], kind: str, analyzer: Any) -> dict[str, Any]:
    hit: dict[str, Any] = {"id": fields["id"], "score": round(score, 4)}
    if kind == "incident":
        hit.update(slug=fields.get("slug"), service=fields.get("service_name"))
    else:
        hit.update(url=fields.get("url"))
    hit["title"] = fields.get("title", "")
    start = fields.get("start")
    hit["started_at" if kind == "incident" else "published"] = (
        iso(datetime.fromtimestamp(start, UTC)) if start is not None else None)
    hit.update(_snippet_for(fields, terms, analyzer))
    return hit


def _search(searcher: Any, q: Any, limit: int | None, allowed: np.ndarray | None) -> Any:
    """Whoosh's scored search, restricted to ``allowed`` docnums when given."""
    allow = set(allowed.tolist()) if allowed is not None else None
    try:
        return searcher.search(q, limit=limit, filter=allow)
    except AssertionError:
        # Whoosh's block-quality skipping can trip an internal assertion in nested AND matchers;
        # the same search without that optimisation is exact.
        return searcher.search(q, limit=limit, filter=allow, optimize=False)


def _has_phrase(q: Any) -> bool:
    return isinstance(q, Phrase) or any(isinstance(leaf, Phrase) for leaf in q.leaves())


def _query_terms(q: Any, fieldname: str) -> set[str]:
    """Indexed terms of ``fieldname`` in ``q`` (Query.existing_terms skips leaves of other fields)."""
    terms: set[str] = set()
    if q is None:
        return terms
    for leaf in [q, *q.leaves()]:
        if leaf.has_terms():
            for name, text in leaf.terms(phrases=True):
                if name == fieldname:
                    terms.add(text.decode() if isinstance(text, bytes) else text)
    return terms


"""Evaluate the archive's search language (:mod:`archive.query`) over incidents in memory.

Used only when no full-text index has been built for the archive, so the site still searches (more
slowly, and with simpler ranking) the same way: same fields, same warnings for what it cannot read.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

from archive.query import Clause, ParsedQuery, norm_key, parse_query
from archive.records import Incident

__all__ = ["ParsedQuery", "parse_query", "highlight_terms", "score", "snippet", "incident_text"]

_OPS: dict[str, Callable[[int, int], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq,
}


def incident_text(inc: Incident) -> str:
    """Everything searchable about an incident, as one text."""
    parts = [inc.title, inc.service, inc.company or "", " ".join(inc.services), " ".join(inc.regions),
             " ".join(inc.causes), " ".join(inc.error_messages), " ".join(inc.features)]
    parts += [ev.text for ev in inc.timeline]
    parts += [src.title for src in inc.sources]
    return " · ".join(p for p in parts if p)


def highlight_terms(pq: ParsedQuery) -> list[str]:
    terms = []
    for clause in pq.clauses:
        for item in (clause, *clause.alternatives):
            if not item.negated and item.text.strip():
                terms.append(item.text.strip())
    return terms


def _count(needle: str, haystack: str, phrase: bool) -> int:
    if phrase:
        return haystack.count(needle)
    return len(re.findall(r"(?<!\w)" + re.escape(needle), haystack))


def _clause_score(clause: Clause, inc: Incident, title: str, body: str) -> float | None:
    best: float | None = None
    for item in (clause, *clause.alternatives):
        needle = item.text.lower().strip()
        where = getattr(item, "field", None)
        if where == "error":
            haystack = " ".join(inc.error_messages).lower()
        elif where == "title":
            haystack = title
        else:
            haystack = body
        hits = _count(needle, haystack, item.phrase) if needle else 0
        if item.negated:
            found: float | None = None if hits else 0.0
        else:
            found = float(hits) + 3.0 * _count(needle, title, item.phrase) if hits else None
        if found is not None and (best is None or found > best):
            best = found
    return best


def _keyword_values(inc: Incident, name: str) -> set[str]:
    if name == "service":
        values = [inc.service, *inc.services]
    elif name == "company":
        values = [inc.company or ""]
    elif name == "region":
        values = list(inc.regions) + (["global", "worldwide"] if inc.global_ else [])
    elif name == "cause":
        values = list(inc.causes)
    elif name == "status":
        values = [inc.status]
    elif name == "year":
        values = [str(inc.started_at.year)] if inc.started_at else []
    elif name == "publisher":
        values = [s.publisher for s in inc.sources]
    else:
        values = []
    return {norm_key(v) for v in values if v}


def _passes_filters(pq: ParsedQuery, inc: Incident) -> bool:
    for name, wanted in pq.keywords.items():
        if not _keyword_values(inc, name) & set(wanted):
            return False
    if (pq.after or pq.before) and inc.started_at is None:
        return False
    if pq.after and inc.started_at < pq.after:  # type: ignore[operator]
        return False
    if pq.before and inc.started_at >= pq.before:  # type: ignore[operator]
        return False
    for op, minutes in pq.duration:
        if inc.duration_minutes is None or not _OPS[op](inc.duration_minutes, minutes):
            return False
    return True


def score(pq: ParsedQuery, inc: Incident) -> float | None:
    """A relevance score, or None when the incident does not match."""
    if not _passes_filters(pq, inc):
        return None
    title = inc.title.lower()
    body = incident_text(inc).lower()
    total = 0.0
    for clause in pq.clauses:
        found = _clause_score(clause, inc, title, body)
        if found is None:
            return None
        total += found
    return total


def snippet(pq: ParsedQuery, inc: Incident, width: int = 220) -> str:
    """A stretch of the incident's text around the first matched word."""
    text = incident_text(inc)
    lowered = text.lower()
    positions = [p for p in (lowered.find(t.lower()) for t in highlight_terms(pq)) if p >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = text[start:start + width].strip()
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")

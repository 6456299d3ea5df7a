"""Search-result snippets: a window of the source text around the matched words, matches in <mark>."""

from __future__ import annotations

import bisect
import html
from typing import Any


def _matches(text: str, terms: frozenset[str], analyzer: Any) -> list[tuple[int, int]]:
    return [(t.startchar, t.endchar) for t in analyzer(text, chars=True) if t.text in terms]


def make_snippet(text: str, terms: frozenset[str], analyzer: Any, maxchars: int = 220,
                 lead: int = 60) -> tuple[str, int, bool]:
    """(HTML snippet with <mark>ed matches, its start offset, whether anything matched).

    The window of ``maxchars`` holding the most matches wins (earliest on ties), starting ``lead``
    characters before its first match and cut at word boundaries."""
    found = _matches(text, terms, analyzer) if terms and text else []
    best, best_count = 0, 0
    for i, (start, _end) in enumerate(found):
        count = sum(1 for s, e in found[i:] if e <= start - lead + maxchars)
        if count > best_count:
            best, best_count = i, count
    begin = max(0, found[best][0] - lead) if found else 0
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < found[best][0] else begin
    end = min(len(text), begin + maxchars)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > (found[best][1] if found else begin) else end
    out, pos = [], begin
    for s, e in found:
        if s >= pos and e <= end:
            out.append(html.escape(text[pos:s], quote=False))
            out.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
            pos = e
    out.append(html.escape(text[pos:end], quote=False))
    snippet = ("…" if begin else "") + "".join(out).strip() + ("…" if end < len(text) else "")
    return snippet, begin, bool(found)


def _snippet_for(fields: dict[str, Any], terms: frozenset[str], analyzer: Any) -> dict[str, Any]:
    """The best snippet from the source text, else the error messages, else the title."""
    for name in ("body", "errors", "title"):
        text = fields.get(name) or ""
        if terms and text:
            snippet, start, matched = make_snippet(text, terms, analyzer)
            if matched:
                return {"snippet": snippet, "snippet_source": _source_at(fields, start, name)}
    snippet, start, _ = make_snippet(fields.get("body") or fields.get("title") or "", frozenset(), analyzer)
    return {"snippet": snippet, "snippet_source": _source_at(fields, start, "body")}


def _source_at(fields: dict[str, Any], start: int, name: str) -> str:
    if name != "body":
        return fields.get("url", "")
    offsets = fields.get("body_sources") or []
    if not offsets:
        return fields.get("url", "")
    i = bisect.bisect_right([o for o, _ in offsets], start) - 1
    return offsets[max(i, 0)][1]


"""Full-text search over incidents and articles (Whoosh behind a small, swappable interface).

Public API: :func:`rebuild_index`, :func:`update_index`, :func:`sync_index`, :func:`add_to_index`,
:func:`remove_from_index`, :func:`query_index` / :func:`search_articles` (return a
:class:`SearchResult`) and :class:`SearchError`. The index holds only what searching needs (ids,
analysed text, keyword keys, facet values, the source text for snippets); pages read the rows from
the database by id. The query language is parsed in ``archive.query``.

How a query runs: Whoosh finds the documents matching the free text (and scores the top ones);
keyword filters are Whoosh term look-ups; date and duration filters, facet counts and date sorting
use whole-index NumPy arrays built once per segment (segments never change) and combined once per
searcher. So the cost of filters and facets does not grow with the number of query terms.

Concurrency: writers take Whoosh's write lock (waiting up to ``LOCK_TIMEOUT`` seconds), so a crawl
and ``outages index`` can run at once; readers never lock. Each process keeps a pool of long-lived
searchers per index, reopened when the index has a newer generation (not ``Searcher.refresh()``,
which in whoosh-reloaded 2.7.5 keeps merged-away segments), so the web app can call
:func:`query_index` from many threads without opening the index per request.
"""

from __future__ import annotations

import bisect
import html
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sqlalchemy import select
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.query import Or, Phrase, Term
from whoosh.util.numeric import byte_to_length
from whoosh.writing import CLEAR, SegmentWriter

from archive import schema as db
from archive.query import FastPositions, FastStemAnalyzer, ParsedQuery, norm_key, parse_query, to_whoosh
from archive.records import Article, Incident, iso

log = logging.getLogger(__name__)

SCHEMA_VERSION = "7"
NO_DATE = NO_VALUE = -(2**62)  # column value of documents without a start time / duration
LOCK_TIMEOUT = 60.0
SEPARATOR = "\n\n"
INCIDENT_FACETS = ("service", "company", "region", "cause", "year")
ARTICLE_FACETS = ("publisher", "year")
INCIDENT_FIELDS = ("service", "company", "region", "cause", "status", "year", "after", "before",
                   "duration", "error", "title")
ARTICLE_FIELDS = ("publisher", "year", "after", "before", "title")
# Searchable text fields: "" is the default (everything), the others answer ``error:`` and ``title:``.
INCIDENT_TEXT = {"": "text", "error": "errors", "title": "title"}
ARTICLE_TEXT = {"": "text", "title": "title"}
KINDS = ("incident", "article")
HIT_LIMIT = 1000  # hits (stored fields + snippet) per page at most; ``ids`` always lists the whole page


class SearchError(Exception):
    """The query (or the index) cannot be searched at all; the message says why."""


# -- schemas -----------------------------------------------------------------------------------
def _facet_field() -> KEYWORD:
    # Exact display values (facets), separated by commas; commas inside values are escaped.
    return KEYWORD(commas=True, lowercase=False, scorable=False)


def _sort_column() -> COLUMN:
    # Numbers read as whole-index arrays (start time, duration); documents without one get NO_VALUE.
    return COLUMN(NumericColumn("q", default=NO_DATE))


def _text_field(analyzer: FastStemAnalyzer, stored: bool = False) -> TEXT:
    text = TEXT(analyzer=analyzer, stored=stored)
    text.format = FastPositions(field_boost=text.format.field_boost)
    return text


def incident_schema() -> Schema:
    ana = FastStemAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True), version=ID(sortable=True), slug=STORED,
        service_name=STORED,
        text=_text_field(ana), title=_text_field(ana, stored=True), errors=_text_field(ana, stored=True),
        body=STORED, body_sources=STORED,
        service=KEYWORD(commas=True, scorable=False), company=KEYWORD(commas=True, scorable=False),
        region=KEYWORD(commas=True, scorable=False), cause=KEYWORD(commas=True, scorable=False),
        status=ID, year=ID,
        f_service=_facet_field(), f_company=_facet_field(), f_region=_facet_field(), f_cause=_facet_field(),
        start=STORED, sort_start=_sort_column(), minutes=_sort_column(),
    )


def article_schema() -> Schema:
    ana = FastStemAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True), version=ID(sortable=True), url=STORED,
        text=_text_field(ana), title=_text_field(ana, stored=True), body=STORED, publisher=KEYWORD(commas=True, scorable=False),
        f_publisher=_facet_field(), year=ID,
        start=STORED, sort_start=_sort_column(),
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

    def exists(self) -> bool: ...

    def add(self, docs: Iterable[dict[str, Any]], *, clear: bool = False) -> int: ...

    def remove(self, ids: Iterable[str]) -> int: ...

    def query(self, text: str, *, sort: str, page: int, page_size: int,
              filters: dict[str, Any] | None) -> SearchResult: ...


# -- facet counting --------------------------------------------------------------------------
class _SegmentData:
    """Per-segment arrays (segments are immutable, so these are cached by segment id): for each facet
    field parallel arrays (docnum, value code) and the start-time and duration columns."""

    def __init__(self, reader: Any, fields: Sequence[str]):
        self.values: dict[str, list[str]] = {}
        self.docs: dict[str, np.ndarray] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in fields:
            fname = name if name == "year" else f"f_{name}"
            values: list[str] = []
            docs: list[np.ndarray] = []
            if fname in reader.indexed_field_names():
                for btext in reader.lexicon(fname):
                    docs.append(np.fromiter(reader.postings(fname, btext).all_ids(), dtype=np.int64))
                    values.append(_unescape(btext.decode("utf-8")))
            self.values[name] = values
            self.docs[name] = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
            self.codes[name] = np.repeat(np.arange(len(docs), dtype=np.int64), [len(d) for d in docs])
        count = reader.doc_count_all()
        self.columns = {name: np.fromiter(iter(reader.column_reader(name)), dtype=np.int64, count=count)
                        if name in reader.schema and reader.has_column(name) else np.full(count, NO_VALUE, dtype=np.int64)
                        for name in ("sort_start", "minutes")}


_SEGMENT_CACHE: dict[tuple[str, str], _SegmentData] = {}
_SEGMENT_LOCK = threading.Lock()


class _View:
    """Whole-index arrays for one searcher (built once per searcher from the segment caches)."""

    def __init__(self, searcher: Any, fields: Sequence[str], ident: str):
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        self.live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        self.values: dict[str, list[str]] = {name: [] for name in fields}
        docs: dict[str, list[np.ndarray]] = {name: [] for name in fields}
        codes: dict[str, list[np.ndarray]] = {name: [] for name in fields}
        columns: dict[str, list[np.ndarray]] = {"sort_start": [], "minutes": []}
        seen = set()
        for leaf, offset in reader.leaf_readers():
            segment = getattr(leaf, "_segment", None)
            key = (ident, segment.segment_id() if segment is not None else str(id(leaf)))
            seen.add(key)
            with _SEGMENT_LOCK:
                data = _SEGMENT_CACHE.get(key)
                if data is None:
                    data = _SEGMENT_CACHE[key] = _SegmentData(leaf, fields)
            for name in fields:  # merge value tables: segment code -> whole-index code
                table = {v: i for i, v in enumerate(self.values[name])}
                remap = np.array([table.setdefault(v, len(table)) for v in data.values[name]] or [0],
                                 dtype=np.int64)
                self.values[name] = list(table)
                docs[name].append(data.docs[name] + offset)
                codes[name].append(remap[data.codes[name]] if len(data.codes[name]) else data.codes[name])
            for name in columns:
                columns[name].append(data.columns[name])
        with _SEGMENT_LOCK:  # forget segments merged away
            for key in [k for k in _SEGMENT_CACHE if k[0] == ident and k not in seen]:
                del _SEGMENT_CACHE[key]
        empty = np.zeros(0, dtype=np.int64)
        self.docs = {n: np.concatenate(v) if v else empty for n, v in docs.items()}
        self.codes = {n: np.concatenate(v) if v else empty for n, v in codes.items()}
        self.columns = {n: np.concatenate(v) if v else empty for n, v in columns.items()}

    def facets(self, matched: np.ndarray) -> dict[str, dict[str, int]]:
        mask = np.zeros(self.size, dtype=bool)
        mask[matched] = True
        result = {}
        for name, values in self.values.items():
            counts = np.bincount(self.codes[name][mask[self.docs[name]]], minlength=len(values))
            pairs = [(values[c], int(counts[c])) for c in np.flatnonzero(counts)]
            result[name] = dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))
        return result

    def restrict(self, matched: np.ndarray, pq: ParsedQuery) -> np.ndarray:
        """Apply the date and duration filters of ``pq`` to ``matched`` docnums."""
        keep = np.ones(len(matched), dtype=bool)
        if pq.after or pq.before:
            start = self.columns["sort_start"][matched]
            keep &= start != NO_DATE
            if pq.after:
                keep &= start >= int(pq.after.timestamp())
            if pq.before:
                keep &= start < int(pq.before.timestamp())
        if pq.duration:
            minutes = self.columns["minutes"][matched]
            keep &= minutes != NO_VALUE
            for op, value in pq.duration:
                keep &= {">": minutes > value, ">=": minutes >= value, "<": minutes < value,
                         "<=": minutes <= value, "==": minutes == value}[op]
        return matched[keep]

    def newest(self, matched: np.ndarray, limit: int, ids: Any) -> list[int]:
        """The ``limit`` newest of ``matched`` (undated last; ties by id)."""
        if len(matched) > limit:
            start = self.columns["sort_start"][matched]
            cut = np.partition(start, len(start) - limit)[len(start) - limit]
            matched = matched[start >= cut]
        start = self.columns["sort_start"]
        return sorted((int(d) for d in matched), key=lambda d: (-start[d], ids[d]))[:limit]


# -- snippets --------------------------------------------------------------------------------
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


# -- writing -------------------------------------------------------------------------------------
class _CachedLengths:
    """Stands in for the new segment's per-document reader while postings are written: Whoosh asks it
    for a document's field length once per posting (to keep per-block length bounds); decoding the
    length column once per field instead of once per posting removes ~20% of indexing time."""

    def __init__(self, reader: Any):
        self._reader = reader
        self._lengths: dict[str, list[int | None]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            column = self._reader._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            lengths = self._lengths[fieldname] = (
                [byte_to_length(b) if b else None for b in column] if column is not None else [])
        if not lengths:  # a field without lengths (keywords): Whoosh answers the default
            return default
        if docnum >= len(lengths):
            return self._reader.doc_field_length(docnum, fieldname, default)
        return lengths[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class FastSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with cached field lengths while writing postings (same output)."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, _CachedLengths(pdr) if pdr else None,
                                      self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


# -- the Whoosh engine ---------------------------------------------------------------------------
class WhooshEngine:
    """One Whoosh index (``incident`` or ``article``) in ``index_dir``, with a pool of searchers."""

    def __init__(self, index_dir: Path | str, kind: str):
        self.dir = Path(index_dir)
        self.kind = kind
        self.name = f"{kind}s"
        self.facet_fields = INCIDENT_FACETS if kind == "incident" else ARTICLE_FACETS
        self.allowed = INCIDENT_FIELDS if kind == "incident" else ARTICLE_FIELDS
        self.text_fields = INCIDENT_TEXT if kind == "incident" else ARTICLE_TEXT
        self.analyzer = FastStemAnalyzer()
        self._lock = threading.Lock()
        self._ix: Any = None
        self._idle: list[Any] = []
        self.writer_options: dict[str, Any] = {"limitmb": 256}

    # -- opening -------------------------------------------------------------------------------
    def _version_file(self) -> Path:
        return self.dir / f"{self.name}.version"

    def exists(self) -> bool:
        return (whoosh_index.exists_in(str(self.dir), indexname=self.name)
                and self._version_file().is_file()
                and self._version_file().read_text().strip() == SCHEMA_VERSION)

    def _index(self, create: bool = False) -> Any:
        with self._lock:
            if self._ix is None or create:
                if not self.exists():
                    if not create:
                        raise SearchError(f"no {self.kind} search index in {self.dir}; "
                                          "run `outages index --rebuild`")
                    self.dir.mkdir(parents=True, exist_ok=True)
                    self._ix = whoosh_index.create_in(str(self.dir), SCHEMAS[self.kind](), indexname=self.name)
                    self._version_file().write_text(SCHEMA_VERSION + "\n")
                    self._idle.clear()
                else:
                    self._ix = whoosh_index.open_dir(str(self.dir), indexname=self.name)
            return self._ix

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """A refreshed searcher from the pool (opened once, reused across calls and threads)."""
        ix = self._index()
        with self._lock:
            searcher = self._idle.pop() if self._idle else None
        try:
            if searcher is None:
                searcher = ix.searcher()
            elif not searcher.up_to_date():
                # Not Searcher.refresh(): in whoosh-reloaded 2.7.5 it keeps readers of merged-away
                # segments and stale deletion sets, so old versions of documents would still match.
                searcher.close()
                searcher = ix.searcher()
        except Exception as exc:  # noqa: BLE001 - an unreadable index is a clear error, not a traceback
            raise SearchError(f"cannot read the {self.kind} index in {self.dir}: {exc}") from exc
        try:
            yield searcher
        finally:
            with self._lock:
                if len(self._idle) < 8:
                    self._idle.append(searcher)
                else:
                    searcher.close()

    # -- writing -------------------------------------------------------------------------------
    def _writer(self, ix: Any, bulk: bool) -> Any:
        options: dict[str, Any] = dict(self.writer_options if bulk else {"limitmb": 64})
        try:
            if bulk and options.get("procs", 1) > 1:
                from whoosh.multiproc import MpWriter

                return MpWriter(ix, timeout=LOCK_TIMEOUT, delay=0.1, **options)
            return FastSegmentWriter(ix, timeout=LOCK_TIMEOUT, delay=0.1, codec=W3Codec(compression=0),
                                     **options)
        except LockError as exc:
            raise SearchError(f"the {self.kind} index in {self.dir} is locked by another writer "
                              f"for more than {LOCK_TIMEOUT:.0f}s") from exc

    def add(self, docs: Iterable[dict[str, Any]], *, clear: bool = False) -> int:
        """Add or replace documents (by id); ``clear`` replaces the whole index in one commit."""
        ix = self._index(create=not self.exists())
        writer = self._writer(ix, bulk=clear)
        count = 0
        try:
            for doc in docs:
                if clear:
                    writer.add_document(**doc)
                else:
                    writer.update_document(**doc)
                count += 1
        except BaseException:
            writer.cancel()
            raise
        self._commit(writer, ix, clear)
        return count

    def _commit(self, writer: Any, ix: Any, clear: bool) -> None:
        if clear:
            writer.commit(mergetype=CLEAR)
        elif ix.doc_count_all() < 20_000:
            writer.commit(optimize=True)  # small index: keep one segment, so scores equal a rebuild
        else:
            writer.commit()

    def remove(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        if not ids or not self.exists():
            return 0
        ix = self._index()
        writer = self._writer(ix, bulk=False)
        for doc_id in ids:
            writer.delete_by_term("id", str(doc_id))
        self._commit(writer, ix, False)
        return len(ids)

    def versions(self) -> dict[str, str]:
        """id -> version of every live document in the index."""
        with self.searcher() as searcher:
            reader = searcher.reader()
            ids, vers = reader.column_reader("id"), reader.column_reader("version")
            return {ids[d]: vers[d] for d in reader.all_doc_ids()}

    # -- searching -------------------------------------------------------------------------------
    def query(self, text: str, *, sort: str = "relevance", page: int = 1, page_size: int = 20,
              filters: dict[str, Any] | None = None) -> SearchResult:
        pq = parse_query(text, filters, allowed_fields=self.allowed)
        if pq.parts and pq.problems >= pq.parts and pq.is_empty:
            raise SearchError("cannot run this query: " + "; ".join(pq.warnings))
        q, exclude = to_whoosh(pq, self.text_fields, self.analyzer)
        with self.searcher() as searcher:
            view = getattr(searcher, "_archive_view", None)
            if view is None:
                view = searcher._archive_view = _View(searcher, self.facet_fields, f"{self.dir}:{self.name}")
            ids, hits, total, facets = self._run(searcher, view, pq, q, exclude, sort, page, page_size)
        return SearchResult(ids=ids, total=total, facets=facets, warnings=list(dict.fromkeys(pq.warnings)),
                            hits=hits, page=page, page_size=page_size, sort=sort, kind=self.kind, query=text)

    def _filtered(self, searcher: Any, view: _View, pq: ParsedQuery) -> np.ndarray | None:
        """Docnums passing the keyword, date and duration filters (None: no filter given)."""
        allowed: np.ndarray | None = None
        for name, keys in pq.keywords.items():
            terms = [Term(name, k) for k in dict.fromkeys(keys)]
            docs = np.fromiter(searcher.docs_for_query(terms[0] if len(terms) == 1 else Or(terms)), dtype=np.int64)
            allowed = docs if allowed is None else np.intersect1d(allowed, docs, assume_unique=True)
        if pq.after or pq.before or pq.duration:
            allowed = view.restrict(view.live if allowed is None else allowed, pq)
        return allowed

    def _run(self, searcher: Any, view: _View, pq: ParsedQuery, q: Any, exclude: Any, sort: str, page: int,
             page_size: int) -> tuple[list[str], list[dict[str, Any]], int, dict[str, dict[str, int]]]:
        allowed = self._filtered(searcher, view, pq)
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
        terms = frozenset(t for name in self.text_fields.values() for t in _query_terms(q, name))
        hits = [self._hit(searcher.stored_fields(d), score, terms) for d, score in window[:HIT_LIMIT]]
        return [ids_column[d] for d, _ in window], hits, int(len(matched)), view.facets(matched)

    def _hit(self, fields: dict[str, Any], score: float, terms: frozenset[str]) -> dict[str, Any]:
        hit: dict[str, Any] = {"id": fields["id"], "score": round(score, 4)}
        if self.kind == "incident":
            hit.update(slug=fields.get("slug"), service=fields.get("service_name"))
        else:
            hit.update(url=fields.get("url"))
        hit["title"] = fields.get("title", "")
        start = fields.get("start")
        hit["started_at" if self.kind == "incident" else "published"] = (
            iso(datetime.fromtimestamp(start, UTC)) if start is not None else None)
        hit.update(_snippet_for(fields, terms, self.analyzer))
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


_ENGINES: dict[tuple[str, str], WhooshEngine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(index_dir: Path | str, kind: str) -> WhooshEngine:
    """The process-wide engine (and searcher pool) for one index."""
    key = (str(Path(index_dir).resolve()), kind)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = WhooshEngine(index_dir, kind)
        return engine


# -- public functions --------------------------------------------------------------------------
def add_to_index(index_dir: Path | str, incidents: Iterable[Incident | dict[str, Any]],
                 texts: dict[str, str] | None = None) -> int:
    """Add or replace incidents (records or prepared documents); return how many were written."""
    docs = (i if isinstance(i, dict) else incident_document(i, texts) for i in incidents)
    return engine_for(index_dir, "incident").add(docs)


def remove_from_index(index_dir: Path | str, ids: Iterable[str], kind: str = "incident") -> int:
    """Remove documents by id; return how many were asked for."""
    return engine_for(index_dir, kind).remove(ids)


def _versions(store: Any, table: Any) -> dict[str, str]:
    """id -> last update time of every row of ``table`` (what the index records as ``version``)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(table.c.id, table.c.updated_at))
        return {str(r.id): iso(r.updated_at) or "" for r in rows}


def _incident_docs(store: Any, incidents: list[Incident], versions: dict[str, str],
                   texts: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    if texts is None:
        texts = _source_texts(store, [s.url for i in incidents for s in i.sources])
    for incident in incidents:
        doc = incident_document(incident, texts)
        doc["version"] = versions.get(incident.id) or "0"
        yield doc


def _article_docs(articles: Iterable[Article], versions: dict[str, str]) -> Iterator[dict[str, Any]]:
    for article in articles:
        doc = article_document(article)
        doc["version"] = versions.get(str(article.id)) or "0"
        yield doc


def rebuild_index(store: Any, index_dir: Path | str) -> int:
    """Rebuild both indexes from the database in one atomic commit each; return incidents indexed."""
    incidents = store.incidents()
    docs = _incident_docs(store, incidents, _versions(store, db.incidents), _source_texts(store, None))
    count = engine_for(index_dir, "incident").add(docs, clear=True)
    engine_for(index_dir, "article").add(_article_docs(store.articles(), _versions(store, db.articles)),
                                         clear=True)
    log.info("indexed %s incidents", count)
    return count


def update_index(store: Any, index_dir: Path | str, incident_ids: Iterable[str],
                 article_ids: Iterable[int | str] = ()) -> int:
    """Re-index the given incidents (and articles) from the database; ids gone from it are removed."""
    engine = engine_for(index_dir, "incident")
    if not engine.exists():
        return rebuild_index(store, index_dir)
    found: list[Incident] = []
    missing: list[str] = []
    for incident_id in dict.fromkeys(str(i) for i in incident_ids):
        incident = store.incident(incident_id)
        (found.append(incident) if incident is not None else missing.append(incident_id))
    if missing:
        engine.remove(missing)
    versions = _versions(store, db.incidents) if found else {}
    written = engine.add(_incident_docs(store, found, versions)) if found else 0
    wanted = {str(a) for a in article_ids}
    if wanted:
        articles = [a for a in store.articles() if str(a.id) in wanted]
        arts = engine_for(index_dir, "article")
        arts.add(_article_docs(articles, _versions(store, db.articles)))
        arts.remove(sorted(wanted - {str(a.id) for a in articles}))
    return written + len(missing)


def sync_index(store: Any, index_dir: Path | str) -> dict[str, int]:
    """Bring the index up to date with the database: re-index changed rows, drop deleted ones."""
    engine = engine_for(index_dir, "incident")
    if not engine.exists() or not engine_for(index_dir, "article").exists():
        return {"rebuilt": rebuild_index(store, index_dir), "updated": 0, "removed": 0}
    changed_inc, gone_inc = _diff(engine.versions(), _versions(store, db.incidents))
    changed_art, gone_art = _diff(engine_for(index_dir, "article").versions(), _versions(store, db.articles))
    if gone_inc:
        engine.remove(gone_inc)
    if gone_art:
        engine_for(index_dir, "article").remove(gone_art)
    if changed_inc or changed_art:
        update_index(store, index_dir, changed_inc, changed_art)
    return {"rebuilt": 0, "updated": len(changed_inc) + len(changed_art), "removed": len(gone_inc) + len(gone_art)}


def _diff(indexed: dict[str, str], current: dict[str, str]) -> tuple[list[str], list[str]]:
    changed = sorted(k for k, v in current.items() if indexed.get(k) != (v or "0"))
    return changed, sorted(set(indexed) - set(current))


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



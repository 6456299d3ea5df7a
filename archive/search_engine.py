"""The Whoosh engine: opening each index, its pool of searchers, its writers and the write lock.

Writers take Whoosh's write lock, waiting up to ``archive.search.LOCK_TIMEOUT`` seconds, so a crawl and
``outages index`` can run at once; readers never lock. Each process keeps one engine per index
(:func:`engine_for`) whose searchers are reused across calls and threads and reopened when the index
has a newer generation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec
from whoosh.index import LockError
from whoosh.util.numeric import byte_to_length
from whoosh.writing import CLEAR, SegmentWriter

from archive.query import FastStemAnalyzer, parse_query, to_whoosh
from archive.search_facets import _View
from archive.search_results import SearchResult, run_query
from archive.search_schema import (
    ARTICLE_FACETS,
    ARTICLE_FIELDS,
    ARTICLE_TEXT,
    INCIDENT_FACETS,
    INCIDENT_FIELDS,
    INCIDENT_TEXT,
    SCHEMA_VERSION,
    SCHEMAS,
    SearchError,
)


class SearchEngine(Protocol):
    """What the rest of the archive needs from a search engine (Whoosh today)."""

    def exists(self) -> bool: ...

    def add(self, docs: Iterable[dict[str, Any]], *, clear: bool = False) -> int: ...

    def remove(self, ids: Iterable[str]) -> int: ...

    def query(self, text: str, *, sort: str, page: int, page_size: int,
              filters: dict[str, Any] | None) -> SearchResult: ...


def _lock_timeout() -> float:
    """Seconds a writer waits for the write lock: ``archive.search.LOCK_TIMEOUT``, the public setting,
    read at every write so that changing it on ``archive.search`` takes effect."""
    from archive import search

    return search.LOCK_TIMEOUT


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
        timeout = _lock_timeout()
        try:
            if bulk and options.get("procs", 1) > 1:
                from whoosh.multiproc import MpWriter

                return MpWriter(ix, timeout=timeout, delay=0.1, **options)
            return FastSegmentWriter(ix, timeout=timeout, delay=0.1, codec=W3Codec(compression=0),
                                     **options)
        except LockError as exc:
            raise SearchError(f"the {self.kind} index in {self.dir} is locked by another writer "
                              f"for more than {timeout:.0f}s") from exc

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
            ids, hits, total, facets = run_query(searcher, view, pq, q, exclude, sort, page, page_size,
                                                 kind=self.kind, text_fields=self.text_fields,
                                                 analyzer=self.analyzer)
        return SearchResult(ids=ids, total=total, facets=facets, warnings=list(dict.fromkeys(pq.warnings)),
                            hits=hits, page=page, page_size=page_size, sort=sort, kind=self.kind, query=text)


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

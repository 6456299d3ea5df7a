"""Whole-index NumPy arrays behind facet counts, date and duration filters and date order.

Segments never change, so their arrays (facet value codes, start-time and duration columns) are built
once per segment and cached; a searcher's view stitches its segments' arrays together once, after which
filtering and counting cost the same whatever the query text.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from archive.query import ParsedQuery
from archive.search_schema import NO_DATE, NO_VALUE, _unescape


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


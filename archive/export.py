"""Dataset export: CSV, JSON Lines, JSON, Parquet and SQLite, with a Frictionless data package.

Incidents are read from the database in keyset-paginated batches and each one is written at once to
every table's writer, so an export of any size runs in constant memory. The web app streams the same
rows through ``stream_table``.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive import schema
from archive.datapackage import write_datapackage
from archive.dataset import TABLE_BY_NAME, TABLES, child_rows, incident_row
from archive.exporters import WRITERS, TableWriter, render_rows
from archive.records import Incident, parse_iso
from archive.slugs import slugify
from archive.store import Store, incident_from_dict

FORMATS = ("csv", "jsonl", "json", "parquet", "sqlite")
BATCH = 500


@dataclass
class ExportFilters:
    """The same filters as search: service, company, region, cause, date range, free-text query."""

    service: str | None = None
    company: str | None = None
    region: str | None = None
    cause: str | None = None
    after: datetime | None = None
    before: datetime | None = None
    query: str | None = None
    ids: frozenset[str] | None = None  # resolved from ``query`` by the search index

    @classmethod
    def parse(cls, **raw: Any) -> ExportFilters:
        """Build from strings (CLI options, URL parameters); raises ValueError naming a bad date."""
        values: dict[str, Any] = {k: (v or None) for k, v in raw.items() if k in cls.__dataclass_fields__}
        for key in ("after", "before"):
            if isinstance(values.get(key), str | date):
                text = str(values[key])
                try:
                    values[key] = parse_iso(text if "T" in text else text + "T00:00:00Z")
                except ValueError as exc:
                    raise ValueError(f"{key}: not a date: {text!r} (use YYYY-MM-DD)") from exc
        return cls(**values)

    def matches(self, inc: Incident) -> bool:
        """Filters that need the incident's lists (checked in Python while streaming)."""
        if self.ids is not None and inc.id not in self.ids:
            return False
        if self.region and self.region.lower() not in {r.lower() for r in inc.regions}:
            return False
        if self.cause and self.cause.lower() not in {c.lower() for c in inc.causes}:
            return False
        return True


@dataclass
class ExportResult:
    format: str
    directory: Path
    files: list[Path] = field(default_factory=list)
    rows: Counter[str] = field(default_factory=Counter)
    zip_path: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "directory": str(self.directory), "files": [str(f) for f in self.files],
                "rows": dict(self.rows), "zip": str(self.zip_path) if self.zip_path else None}


def resolve_query(filters: ExportFilters, index_dir: Path | None) -> ExportFilters:
    """Turn a free-text query into the set of matching incident ids through the search index."""
    if not filters.query or index_dir is None:
        return filters
    from archive.search import query_index

    result = query_index(index_dir, filters.query, page=1, page_size=1_000_000)
    filters.ids = frozenset(result.ids)
    return filters


def iter_incidents(store: Store, filters: ExportFilters | None = None) -> Iterator[Incident]:
    """Every matching incident, ordered by id, read in batches (constant memory)."""
    filters = filters or ExportFilters()
    t = schema.incidents
    last = ""
    while True:
        query = select(t.c.id, t.c.data).where(t.c.id > last).order_by(t.c.id).limit(BATCH)
        if filters.service:
            query = query.where(t.c.service == filters.service)
        if filters.company:
            query = query.where(t.c.company == filters.company)
        if filters.after:
            query = query.where(t.c.started_at >= filters.after)
        if filters.before:
            query = query.where(t.c.started_at < filters.before)
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return
        for row in rows:
            inc = incident_from_dict(row.data)
            if filters.matches(inc):
                yield inc
        last = rows[-1].id


def iter_table(store: Store, table: str, filters: ExportFilters | None = None) -> Iterator[dict[str, Any]]:
    """Rows of one table (for streaming a single table over HTTP)."""
    if table == "services":
        yield from _service_rows(store, Counter(i.service for i in iter_incidents(store, filters)))
        return
    for inc in iter_incidents(store, filters):
        if table == "incidents":
            yield incident_row(inc)
        else:
            yield from (row for name, row in child_rows(inc) if name == table)


def stream_table(store: Store, table: str, fmt: str, filters: ExportFilters | None = None) -> Iterator[str]:
    """Text chunks of one table in csv, jsonl or json, for a streamed HTTP response."""
    return render_rows(fmt, TABLE_BY_NAME[table], iter_table(store, table, filters))


def _service_rows(store: Store, counts: Counter[str]) -> Iterator[dict[str, Any]]:
    with store.engine.connect() as conn:
        known = {r.name: r for r in conn.execute(select(schema.services))}
    for name in sorted(counts):
        row = known.get(name)
        yield {"name": name, "slug": row.slug if row is not None else slugify(name),
               "company": row.company if row is not None else None, "incident_count": counts[name]}


def export_dataset(store: Store, fmt: str, output: Path, filters: ExportFilters | None = None,
                   make_zip: bool = False, index_dir: Path | None = None) -> ExportResult:
    """Write every table in ``fmt`` into the directory ``output`` plus ``datapackage.json``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    filters = resolve_query(filters or ExportFilters(), index_dir)
    output.mkdir(parents=True, exist_ok=True)
    result = ExportResult(fmt, output)
    writer: TableWriter = WRITERS[fmt](output, TABLES)
    per_service: Counter[str] = Counter()
    try:
        for inc in iter_incidents(store, filters):
            writer.write("incidents", incident_row(inc))
            result.rows["incidents"] += 1
            per_service[inc.service] += 1
            for name, row in child_rows(inc):
                writer.write(name, row)
                result.rows[name] += 1
        for row in _service_rows(store, per_service):
            writer.write("services", row)
            result.rows["services"] += 1
    finally:
        result.files = writer.close()
    result.files.append(write_datapackage(output, fmt, result.files, filters_description(filters)))
    if make_zip:
        result.zip_path = _zip(output)
    return result


def filters_description(filters: ExportFilters) -> dict[str, str]:
    raw = {k: getattr(filters, k) for k in ("service", "company", "region", "cause", "after", "before", "query")}
    return {k: (v.isoformat() if isinstance(v, datetime) else str(v)) for k, v in raw.items() if v}


def _zip(directory: Path) -> Path:
    target = directory.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(directory.iterdir()):
            if path.is_file():
                zf.write(path, arcname=f"{directory.name}/{path.name}")
    return target

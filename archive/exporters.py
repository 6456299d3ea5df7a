"""Writers for each export format, keyed by format name (``WRITERS``).

Each writer receives rows table by table in any interleaving and keeps only a small buffer, so memory
does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from archive.dataset import TableSpec

PARQUET_BATCH = 2000
SQLITE_BATCH = 1000


def _csv_value(value: Any, ftype: str) -> Any:
    if value is None:
        return ""
    if ftype == "array":
        return json.dumps(value, ensure_ascii=False)
    if ftype == "boolean":
        return "true" if value else "false"
    return value


# Characters that JSON leaves raw but line-splitting readers (str.splitlines, many JSONL tools) break on.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _csv_cells(spec: TableSpec, row: dict[str, Any]) -> list[Any]:
    return [_csv_value(row.get(f.name), f.type) for f in spec.fields]


def _project(spec: TableSpec, row: dict[str, Any]) -> dict[str, Any]:
    """The row with exactly the table's fields, in order (missing ones as null)."""
    return {name: row.get(name) for name in spec.field_names}


def _json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).translate(_LINE_BREAKS)


def render_rows(fmt: str, spec: TableSpec, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Text chunks of one table as csv, jsonl or json (for streamed HTTP responses)."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(spec.field_names)
        for row in rows:
            writer.writerow(_csv_cells(spec, row))
            if buf.tell() > 65536:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()
    elif fmt == "jsonl":
        for row in rows:
            yield _json_line(_project(spec, row)) + "\n"
    elif fmt == "json":
        yield "["
        for i, row in enumerate(rows):
            yield ("," if i else "") + "\n" + _json_line(_project(spec, row))
        yield "\n]\n"
    else:
        raise ValueError(f"format {fmt!r} cannot be streamed; use csv, jsonl or json")


class TableWriter:
    """Base: one output per table under ``directory``; ``close()`` returns the files written."""

    extension = ""

    def __init__(self, directory: Path, tables: Iterable[TableSpec]):
        self.directory = directory
        self.specs = {t.name: t for t in tables}

    def write(self, table: str, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        raise NotImplementedError


class _TextWriter(TableWriter):
    """CSV, JSON Lines and JSON: one open text file per table."""

    def __init__(self, directory: Path, tables: Iterable[TableSpec]):
        super().__init__(directory, tables)
        self.files: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}
        for name in self.specs:
            fh = open(directory / f"{name}.{self.extension}", "w", encoding="utf-8", newline="")
            self.files[name] = fh
            self.counts[name] = 0
            self.begin(name, fh)

    def begin(self, table: str, fh: IO[str]) -> None:
        return

    def end(self, table: str, fh: IO[str]) -> None:
        return

    def close(self) -> list[Path]:
        paths = []
        for name, fh in self.files.items():
            self.end(name, fh)
            fh.close()
            paths.append(Path(fh.name))
        return paths


class CsvWriter(_TextWriter):
    extension = "csv"

    def __init__(self, directory: Path, tables: Iterable[TableSpec]):
        self.writers: dict[str, Any] = {}  # filled by begin(), which the base __init__ calls
        super().__init__(directory, tables)

    def begin(self, table: str, fh: IO[str]) -> None:
        self.writers[table] = csv.writer(fh, lineterminator="\r\n")
        self.writers[table].writerow(self.specs[table].field_names)

    def write(self, table: str, row: dict[str, Any]) -> None:
        self.writers[table].writerow(_csv_cells(self.specs[table], row))


class JsonlWriter(_TextWriter):
    extension = "jsonl"

    def write(self, table: str, row: dict[str, Any]) -> None:
        self.files[table].write(_json_line(_project(self.specs[table], row)) + "\n")


class JsonWriter(_TextWriter):
    extension = "json"

    def begin(self, table: str, fh: IO[str]) -> None:
        fh.write("[")

    def write(self, table: str, row: dict[str, Any]) -> None:
        sep = "," if self.counts[table] else ""
        self.counts[table] += 1
        self.files[table].write(sep + "\n" + _json_line(_project(self.specs[table], row)))

    def end(self, table: str, fh: IO[str]) -> None:
        fh.write("\n]\n")


_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
    "datetime": pa.timestamp("s", tz="UTC"), "array": pa.list_(pa.string()),
}


def _arrow_value(value: Any, ftype: str) -> Any:
    if value is None:
        return None
    if ftype == "datetime":
        from archive.records import parse_iso

        return parse_iso(value)
    return value


class ParquetWriter(TableWriter):
    """One Parquet file per table, written in row groups of ``PARQUET_BATCH`` rows."""

    extension = "parquet"

    def __init__(self, directory: Path, tables: Iterable[TableSpec]):
        super().__init__(directory, tables)
        self.schemas = {n: pa.schema([(f.name, _ARROW_TYPES[f.type]) for f in s.fields])
                        for n, s in self.specs.items()}
        self.writers = {n: pq.ParquetWriter(directory / f"{n}.parquet", self.schemas[n]) for n in self.specs}
        self.buffers: dict[str, list[dict[str, Any]]] = {n: [] for n in self.specs}

    def write(self, table: str, row: dict[str, Any]) -> None:
        buf = self.buffers[table]
        buf.append(row)
        if len(buf) >= PARQUET_BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        spec = self.specs[table]
        rows = self.buffers[table]
        columns = {f.name: [_arrow_value(r.get(f.name), f.type) for r in rows] for f in spec.fields}
        self.writers[table].write_table(pa.Table.from_pydict(columns, schema=self.schemas[table]))
        self.buffers[table] = []

    def close(self) -> list[Path]:
        paths = []
        for name, writer in self.writers.items():
            self._flush(name)
            writer.close()
            paths.append(self.directory / f"{name}.parquet")
        return paths


_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
              "datetime": "TEXT", "array": "TEXT"}


class SqliteWriter(TableWriter):
    """One ``outages.sqlite`` holding every table, foreign keys and an FTS5 index over incidents."""

    extension = "sqlite"
    filename = "outages.sqlite"

    def __init__(self, directory: Path, tables: Iterable[TableSpec]):
        super().__init__(directory, tables)
        self.path = directory / self.filename
        self.path.unlink(missing_ok=True)
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("PRAGMA foreign_keys=ON")
        for spec in self.specs.values():
            self.conn.execute(self._ddl(spec))
        self.buffers: dict[str, list[tuple[Any, ...]]] = {n: [] for n in self.specs}

    @staticmethod
    def _ddl(spec: TableSpec) -> str:
        cols = [f'"{f.name}" {_SQL_TYPES[f.type]}{" NOT NULL" if f.required else ""}' for f in spec.fields]
        cols.append(f"PRIMARY KEY ({', '.join(spec.primary_key)})")
        if spec.foreign_key:
            cols.append(f"FOREIGN KEY ({spec.foreign_key}) REFERENCES incidents(id)")
        return f'CREATE TABLE "{spec.name}" ({", ".join(cols)})'

    def write(self, table: str, row: dict[str, Any]) -> None:
        spec = self.specs[table]
        values = []
        for f in spec.fields:
            value = row.get(f.name)
            if f.type == "array" and value is not None:
                value = json.dumps(value, ensure_ascii=False)
            elif f.type == "boolean" and value is not None:
                value = int(bool(value))
            values.append(value)
        self.buffers[table].append(tuple(values))
        if len(self.buffers[table]) >= SQLITE_BATCH:
            self._flush("incidents")  # parents first: child rows reference them
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self.buffers[table]
        if rows:
            marks = ", ".join("?" for _ in self.specs[table].fields)
            self.conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
            self.buffers[table] = []

    def _flush_all(self) -> None:
        self._flush("incidents")
        for name in self.specs:
            self._flush(name)

    def close(self) -> list[Path]:
        self._flush_all()
        self.conn.execute(
            "CREATE VIRTUAL TABLE incidents_fts USING fts5(title, service, company, regions, error_messages, "
            "causes, content='incidents', content_rowid='rowid')")
        self.conn.execute("INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild')")
        self.conn.commit()
        self.conn.close()
        return [self.path]


WRITERS: dict[str, Callable[[Path, Iterable[TableSpec]], TableWriter]] = {
    "csv": CsvWriter, "jsonl": JsonlWriter, "json": JsonWriter, "parquet": ParquetWriter, "sqlite": SqliteWriter,
}

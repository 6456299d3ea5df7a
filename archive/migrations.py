"""Named schema migrations, each applied once in its own transaction and recorded.

Add new migrations at the end of ``MIGRATIONS``; never edit or reorder an applied one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, Engine, inspect, select, text
from sqlalchemy.schema import CreateColumn

from archive import schema
from archive.records import now_utc

Migration = Callable[[Connection], None]


def _create(conn: Connection, *tables: object) -> None:
    for table in tables:
        table.create(conn, checkfirst=True)  # type: ignore[attr-defined]


def _add_column(conn: Connection, table: str, column: Column[object]) -> None:
    existing = {c["name"] for c in inspect(conn).get_columns(table)}
    if column.name in existing:
        return
    ddl = CreateColumn(column).compile(dialect=conn.dialect)
    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {ddl}"))


def m0001_initial(conn: Connection) -> None:
    """Sources, raw pages, articles, status incidents/updates, reports, services, incidents."""
    _create(conn, *schema.INITIAL_TABLES)


def m0002_crawl_state(conn: Connection) -> None:
    """Crawler bookkeeping: validators for conditional requests and failure reasons per URL."""
    _create(conn, schema.crawl_state)
    _add_column(conn, "raw_pages", Column("processed_at", schema.UTCDateTime))


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", m0001_initial),
    ("0002_crawl_state", m0002_crawl_state),
]


def applied_migrations(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table("schema_migrations"):
            return []
        return [row[0] for row in conn.execute(select(schema.schema_migrations.c.name))]


def migrate(engine: Engine, upto: str | None = None) -> list[str]:
    """Apply every pending migration (or those up to ``upto``); return the names applied."""
    with engine.begin() as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
    done = set(applied_migrations(engine))
    applied: list[str] = []
    for name, func in MIGRATIONS:
        if name not in done:
            with engine.begin() as conn:
                func(conn)
                conn.execute(schema.schema_migrations.insert().values(name=name, applied_at=now_utc()))
            applied.append(name)
        if name == upto:
            break
    return applied

"""Table definitions (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Datetimes are stored as ISO 8601 UTC text ("2021-10-04T15:40:00Z"), which sorts correctly and reads
the same on every engine; structured values as JSON text.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

from archive.records import iso, parse_iso


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetime stored as ISO text."""

    impl = String(25)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if isinstance(value, str):
            return iso(parse_iso(value))
        return iso(value)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        return parse_iso(value)


class JSONText(TypeDecorator[Any]):
    """Any JSON value stored as text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return json.loads(value)


metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", UTCDateTime, nullable=False),
)

sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("url", Text, nullable=False),
    Column("service", String(200)),
    Column("added_at", UTCDateTime),
)

raw_pages = Table(
    "raw_pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("final_url", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("status", Integer, nullable=False),
    Column("headers", JSONText),
    Column("content_type", String(200)),
    Column("source_name", String(200)),
    Column("source_kind", String(40)),
    Column("body_size", Integer),
    Column("warc_file", String(300)),
    Column("warc_offset", Integer),
    Column("warc_length", Integer),
    Column("body", LargeBinary),  # only when no WARC store is used (tests, small installs)
    Column("processed_at", UTCDateTime),
    UniqueConstraint("url", "content_hash", name="uq_raw_pages_url_hash"),
)
Index("ix_raw_pages_source", raw_pages.c.source_name)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("raw_page_id", Integer, ForeignKey("raw_pages.id")),
    Column("content_hash", String(64)),
    Column("title", Text),
    Column("published", UTCDateTime),
    Column("publisher", String(300)),
    Column("text", Text),
    Column("language", String(10)),
    Column("relevance", Float),
    Column("source_name", String(200)),
    Column("fetched_at", UTCDateTime),
    Column("updated_at", UTCDateTime),
)

status_incidents = Table(
    "status_incidents", metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(40), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("service", String(200), nullable=False),
    Column("title", Text),
    Column("impact", String(40)),
    Column("started_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    Column("created_at", UTCDateTime),
    Column("url", Text),
    Column("components", JSONText),
    Column("regions", JSONText),
    Column("source_name", String(200)),
    Column("fetched_at", UTCDateTime),
    Column("raw_page_id", Integer, ForeignKey("raw_pages.id")),
    Column("updated_at", UTCDateTime),
    UniqueConstraint("platform", "external_id", name="uq_status_incidents_natural"),
)

status_updates = Table(
    "status_updates", metadata,
    Column("id", Integer, primary_key=True),
    Column("status_incident_id", Integer, ForeignKey("status_incidents.id", ondelete="CASCADE"),
           nullable=False),
    Column("update_key", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("status", String(40)),
    Column("text", Text),
    Column("components", JSONText),
    UniqueConstraint("status_incident_id", "update_key", name="uq_status_updates_natural"),
)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("report_key", String(600), nullable=False, unique=True),
    Column("source_url", Text, nullable=False),
    Column("source_kind", String(20), nullable=False),
    Column("service", String(200)),
    Column("company", String(200)),
    Column("is_outage", Boolean, nullable=False, default=True),
    Column("start", UTCDateTime),
    Column("end", UTCDateTime),
    Column("published", UTCDateTime),
    Column("article_id", Integer, ForeignKey("articles.id")),
    Column("status_incident_id", Integer, ForeignKey("status_incidents.id")),
    Column("data", JSONText, nullable=False),
    Column("updated_at", UTCDateTime),
)
Index("ix_reports_service", reports.c.service)

services = Table(
    "services", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("company", String(200)),
    Column("company_slug", String(200)),
    Column("data", JSONText),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(40), primary_key=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("service", String(200), nullable=False),
    Column("company", String(200)),
    Column("title", Text),
    Column("status", String(20)),
    Column("started_at", UTCDateTime),
    Column("ended_at", UTCDateTime),
    Column("duration_minutes", Integer),
    Column("data", JSONText, nullable=False),
    Column("updated_at", UTCDateTime),
)
Index("ix_incidents_service", incidents.c.service)
Index("ix_incidents_started", incidents.c.started_at)

incident_reports = Table(
    "incident_reports", metadata,
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
)

incident_sources = Table(
    "incident_sources", metadata,
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("url", String(1000), primary_key=True),
    Column("kind", String(20)),
    Column("publisher", String(300)),
    Column("published", UTCDateTime),
    Column("title", Text),
)

incident_events = Table(
    "incident_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", String(40), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("state", String(40)),
    Column("text", Text),
    Column("source_url", Text),
    UniqueConstraint("incident_id", "seq", name="uq_incident_events_seq"),
)

# Added by migration 0002: what the crawler knows about each URL (conditional requests, failures).
crawl_state = Table(
    "crawl_state", metadata,
    Column("url", String(2000), primary_key=True),
    Column("source_name", String(200)),
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    Column("content_hash", String(64)),
    Column("last_status", Integer),
    Column("last_fetched", UTCDateTime),
    Column("fail_reason", String(500)),
    Column("attempts", Integer, default=0),
)

INITIAL_TABLES = (
    sources, raw_pages, articles, status_incidents, status_updates, reports, services,
    incidents, incident_reports, incident_sources, incident_events,
)

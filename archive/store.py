"""The archive store: one database (SQLite by default, PostgreSQL by URL) plus WARC raw files.

Writes are idempotent upserts keyed by natural ids, so processing the same input twice never
duplicates a row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, delete, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from archive import schema
from archive.migrations import migrate
from archive.rawstore import WarcLocation, WarcStore
from archive.records import (
    Article,
    Incident,
    IncidentSource,
    OutageReport,
    RawPage,
    ReportCount,
    StatusIncident,
    StatusUpdate,
    TimelineEvent,
    content_hash,
    now_utc,
    parse_iso,
)

log = logging.getLogger(__name__)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use the psycopg (v3) driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def upsert(conn: Connection, table: Table, values: dict[str, Any], keys: Sequence[str],
           update_cols: Sequence[str] | None = None) -> int | None:
    """Insert ``values`` or update the row with the same natural ``keys``; return its primary key."""
    dialect = conn.dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert_fn(table).values(**values)
    cols = [c for c in (update_cols if update_cols is not None else values) if c not in keys]
    if cols:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                          set_={c: stmt.excluded[c] for c in cols})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    conn.execute(stmt)
    pk = list(table.primary_key.columns)[0]
    where = [table.c[k] == values[k] for k in keys]
    return conn.execute(select(pk).where(*where)).scalar()


def report_key(report: OutageReport) -> str:
    if report.source_kind == "status" and report.external_id:
        return f"status:{report.external_id}"
    return f"news:{report.source_url}"


def report_from_dict(data: dict[str, Any]) -> OutageReport:
    data = dict(data)
    counts = [ReportCount(**{**c, "as_of": parse_iso(c.get("as_of"))}) for c in data.pop("report_counts", [])]
    updates = [StatusUpdate(**{**u, "at": parse_iso(u["at"])}) for u in data.pop("status_updates", [])]
    for key in ("published", "fetched_at", "start", "end"):
        data[key] = parse_iso(data.get(key))
    return OutageReport(**data, report_counts=counts, status_updates=updates)


def incident_from_dict(data: dict[str, Any]) -> Incident:
    data = dict(data)
    sources = [IncidentSource(**{**s, "published": parse_iso(s.get("published")),
                                 "fetched_at": parse_iso(s.get("fetched_at"))})
               for s in data.pop("sources", [])]
    timeline = [TimelineEvent(**{**e, "at": parse_iso(e["at"])}) for e in data.pop("timeline", [])]
    for key in ("started_at", "ended_at", "official_start", "reported_start"):
        data[key] = parse_iso(data.get(key))
    return Incident(**data, sources=sources, timeline=timeline)


_IMPACT_RANK = {"none": 0, "maintenance": 1, "minor": 2, "major": 3, "critical": 4}


def _pick_time(a: datetime | None, b: datetime | None, latest: bool = False) -> datetime | None:
    """Order-independent choice between two readings of one time.

    Readings within a minute are the same moment at different precision: keep the one with seconds
    (Atom/RSS histories show minutes only). Otherwise keep the earliest (the latest for ends).
    """
    if a is None or b is None:
        return a or b
    if abs((a - b).total_seconds()) < 60:
        return max(a, b, key=lambda d: (d.second != 0, -d.timestamp()))
    return max(a, b) if latest else min(a, b)


def merge_status_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Fields of one status incident seen in two payloads, merged the same whatever arrives first."""
    def text(key: str) -> str:
        values = [v for v in (old.get(key), new.get(key)) if v]
        return max(values, key=lambda v: (len(v), v)) if values else ""
    return {
        "started_at": _pick_time(old.get("started_at"), new.get("started_at")),
        "created_at": _pick_time(old.get("created_at"), new.get("created_at")),
        "resolved_at": _pick_time(old.get("resolved_at"), new.get("resolved_at"), latest=True),
        "impact": max(old.get("impact") or "none", new.get("impact") or "none",
                      key=lambda v: (_IMPACT_RANK.get(v, 0), v)),
        "title": text("title"), "url": text("url"), "source_name": text("source_name"),
        "components": sorted(set(old.get("components") or []) | set(new.get("components") or [])),
        "regions": sorted(set(old.get("regions") or []) | set(new.get("regions") or [])),
        "fetched_at": _pick_time(old.get("fetched_at"), new.get("fetched_at"), latest=True),
        "raw_page_id": min((p for p in (old.get("raw_page_id"), new.get("raw_page_id")) if p is not None),
                           default=None),
    }


class Store:
    """Database + raw WARC files of one archive."""

    def __init__(self, url: str, raw_dir: Path | None = None):
        self.url = url
        self.engine = make_engine(url)
        self.migrations_applied = migrate(self.engine)
        self.warc = WarcStore(raw_dir) if raw_dir is not None else None

    @classmethod
    def open(cls, config: Any) -> Store:
        """Open (creating and migrating as needed) the archive a ``Config`` points at."""
        config.data_path.mkdir(parents=True, exist_ok=True)
        return cls(config.database_url, raw_dir=config.raw_path)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources and raw pages -------------------------------------------------------------
    def upsert_source(self, name: str, kind: str, url: str, service: str | None = None) -> int:
        with self.engine.begin() as conn:
            pk = upsert(conn, schema.sources, dict(name=name, kind=kind, url=url, service=service,
                                                   added_at=now_utc()),
                        ["name"], update_cols=["kind", "url", "service"])
        assert pk is not None
        return pk

    def add_raw_page(self, page: RawPage) -> tuple[int, bool]:
        """Keep a fetched response; return (id, is_new). Same URL and body twice is one row."""
        return self.add_raw_pages([page])[0]

    def _raw_from_row(self, row: Any, with_body: bool = True) -> RawPage:
        body = b""
        if with_body:
            if row.body is not None:
                body = bytes(row.body)
            elif row.warc_file and self.warc is not None:
                body = self.warc.read(WarcLocation(row.warc_file, row.warc_offset, row.warc_length))
        return RawPage(url=row.url, final_url=row.final_url, fetched_at=row.fetched_at, status=row.status,
                       headers=row.headers or {}, body=body, source_name=row.source_name or "",
                       source_kind=row.source_kind or "", id=row.id)

    def raw_page(self, page_id: int) -> RawPage | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.raw_pages).where(schema.raw_pages.c.id == page_id)).first()
        return self._raw_from_row(row) if row is not None else None

    def raw_page_ids(self, pending_only: bool = False) -> list[int]:
        query = select(schema.raw_pages.c.id).order_by(schema.raw_pages.c.id)
        if pending_only:
            query = query.where(schema.raw_pages.c.processed_at.is_(None))
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(query)]

    def iter_raw_pages(self, pending_only: bool = False) -> Iterator[RawPage]:
        for page_id in self.raw_page_ids(pending_only):
            page = self.raw_page(page_id)
            if page is not None:
                yield page

    def mark_processed(self, page_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(schema.raw_pages).where(schema.raw_pages.c.id == page_id)
                         .values(processed_at=now_utc()))

    # -- crawl state -----------------------------------------------------------------------
    def crawl_state(self, url: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.crawl_state).where(schema.crawl_state.c.url == url)).first()
        return dict(row._mapping) if row is not None else None

    def set_crawl_state(self, url: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            upsert(conn, schema.crawl_state, {"url": url, **values}, ["url"])

    def failed_urls(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.crawl_state).where(schema.crawl_state.c.fail_reason.is_not(None)))
            return [dict(r._mapping) for r in rows]

    # -- articles and status incidents -----------------------------------------------------
    def upsert_article(self, article: Article) -> int:
        values = dict(url=article.url, raw_page_id=article.raw_page_id, content_hash=content_hash(
            article.text.encode()), title=article.title, published=article.published,
            publisher=article.publisher, text=article.text, language=article.language,
            relevance=article.relevance, source_name=article.source_name, fetched_at=article.fetched_at,
            updated_at=now_utc())
        with self.engine.begin() as conn:
            pk = upsert(conn, schema.articles, values, ["url"])
        assert pk is not None
        return pk

    def articles(self) -> list[Article]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.articles).order_by(schema.articles.c.id)).all()
        return [Article(url=r.url, title=r.title or "", published=r.published, publisher=r.publisher or "",
                        text=r.text or "", language=r.language or "en", source_name=r.source_name or "",
                        fetched_at=r.fetched_at, raw_page_id=r.raw_page_id, relevance=r.relevance or 0.0,
                        id=r.id) for r in rows]

    def upsert_status_incident(self, inc: StatusIncident, raw_page_id: int | None = None) -> int:
        """Insert or update an incident and merge its updates (never losing earlier ones).

        One incident often arrives through several payloads (the JSON API and the Atom/RSS history);
        their fields are merged by ``merge_status_fields`` so the result never depends on the order.
        """
        t = schema.status_incidents
        values: dict[str, Any] = dict(
            platform=inc.platform, external_id=inc.external_id, service=inc.service, title=inc.title,
            impact=inc.impact, started_at=inc.started_at, resolved_at=inc.resolved_at,
            created_at=inc.created_at, url=inc.url, components=inc.components, regions=inc.regions,
            source_name=inc.source_name, fetched_at=inc.fetched_at, raw_page_id=raw_page_id,
            updated_at=now_utc())
        with self.engine.begin() as conn:
            old = conn.execute(select(t).where(t.c.platform == inc.platform,
                                               t.c.external_id == inc.external_id)).first()
            if old is not None:
                values.update(merge_status_fields(dict(old._mapping), values))
            pk = upsert(conn, t, values, ["platform", "external_id"])
            assert pk is not None
            for upd in inc.updates:
                key = upd.external_id or f"{upd.at.isoformat()}|{upd.status}|{content_hash(upd.text.encode())[:16]}"
                upsert(conn, schema.status_updates, dict(
                    status_incident_id=pk, update_key=key, at=upd.at, status=upd.status, text=upd.text,
                    components=upd.components), ["status_incident_id", "update_key"])
        return pk

    def status_incident(self, pk: int) -> StatusIncident | None:
        """One status incident (merged over every payload that described it) with its updates."""
        return next((si for si in self.status_incidents(ids=[pk])), None)

    def status_incidents(self, service: str | None = None,
                         ids: Sequence[int] | None = None) -> list[StatusIncident]:
        t, u = schema.status_incidents, schema.status_updates
        query = select(t).order_by(t.c.id)
        updates_query = select(u).order_by(u.c.status_incident_id, u.c.at.desc(), u.c.id.desc())
        if service:
            query = query.where(t.c.service == service)
        if ids is not None:
            query = query.where(t.c.id.in_(list(ids)))
            updates_query = updates_query.where(u.c.status_incident_id.in_(list(ids)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            ups: dict[int, list[StatusUpdate]] = {}
            for r in conn.execute(updates_query):
                ups.setdefault(r.status_incident_id, []).append(StatusUpdate(
                    at=r.at, status=r.status or "", text=r.text or "", components=r.components or [],
                    external_id=r.update_key))
        return [StatusIncident(platform=r.platform, service=r.service, external_id=r.external_id,
                               title=r.title or "", impact=r.impact or "none", started_at=r.started_at,
                               resolved_at=r.resolved_at, created_at=r.created_at, url=r.url or "",
                               updates=ups.get(r.id, []), components=r.components or [],
                               regions=r.regions or [], source_name=r.source_name or "",
                               fetched_at=r.fetched_at, id=r.id) for r in rows]

    # -- reports ---------------------------------------------------------------------------
    def upsert_report(self, report: OutageReport, article_id: int | None = None,
                      status_incident_id: int | None = None) -> int:
        data = report.as_dict()
        data.pop("id", None)
        values = dict(report_key=report_key(report), source_url=report.source_url,
                      source_kind=report.source_kind, service=report.service, company=report.company,
                      is_outage=report.is_outage, start=report.start, end=report.end,
                      published=report.published, article_id=article_id,
                      status_incident_id=status_incident_id, data=data, updated_at=now_utc())
        with self.engine.begin() as conn:
            pk = upsert(conn, schema.reports, values, ["report_key"])
        assert pk is not None
        return pk

    def reports(self, service: str | None = None, outages_only: bool = True) -> list[OutageReport]:
        t = schema.reports
        query = select(t.c.id, t.c.data).order_by(t.c.id)
        if outages_only:
            query = query.where(t.c.is_outage.is_(True))
        if service:
            query = query.where(t.c.service == service)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        result = []
        for row in rows:
            report = report_from_dict(row.data)
            report.id = row.id
            result.append(report)
        return result

    # -- services --------------------------------------------------------------------------
    def upsert_service(self, name: str, slug: str, company: str | None, company_slug: str | None,
                       data: dict[str, Any] | None = None) -> int:
        with self.engine.begin() as conn:
            pk = upsert(conn, schema.services, dict(name=name, slug=slug, company=company,
                                                    company_slug=company_slug, data=data or {}), ["name"])
        assert pk is not None
        return pk

    # -- incidents -------------------------------------------------------------------------
    def save_incident(self, incident: Incident, conn: Connection | None = None) -> None:
        """Write an incident with its sources, events and report links, replacing its old version."""
        if conn is None:
            with self.engine.begin() as own:
                self.save_incident(incident, own)
            return
        data = incident.as_dict()
        values = dict(id=incident.id, slug=incident.slug, service=incident.service, company=incident.company,
                      title=incident.title, status=incident.status, started_at=incident.started_at,
                      ended_at=incident.ended_at, duration_minutes=incident.duration_minutes, data=data,
                      updated_at=now_utc())
        upsert(conn, schema.incidents, values, ["id"])
        for table in (schema.incident_reports, schema.incident_sources, schema.incident_events):
            conn.execute(delete(table).where(table.c.incident_id == incident.id))
        for rid in sorted(set(incident.report_ids)):
            conn.execute(schema.incident_reports.insert().values(incident_id=incident.id, report_id=rid))
        seen: set[str] = set()
        for src in incident.sources:
            if src.url in seen:
                continue
            seen.add(src.url)
            conn.execute(schema.incident_sources.insert().values(
                incident_id=incident.id, url=src.url, kind=src.kind, publisher=src.publisher,
                published=src.published, title=src.title))
        for seq, ev in enumerate(incident.timeline):
            conn.execute(schema.incident_events.insert().values(
                incident_id=incident.id, seq=seq, at=ev.at, kind=ev.kind, state=ev.state, text=ev.text,
                source_url=ev.source_url))

    def delete_incidents(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(schema.incidents).where(schema.incidents.c.id.in_(list(ids))))

    def incidents(self, service: str | None = None, company: str | None = None) -> list[Incident]:
        t = schema.incidents
        query = select(t.c.data).order_by(t.c.started_at.desc(), t.c.id)
        if service:
            query = query.where(func.lower(t.c.service) == service.lower())
        if company:
            query = query.where(func.lower(t.c.company) == company.lower())
        with self.engine.connect() as conn:
            return [incident_from_dict(r.data) for r in conn.execute(query)]

    def incident(self, slug_or_id: str) -> Incident | None:
        t = schema.incidents
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.data).where((t.c.slug == slug_or_id) | (t.c.id == slug_or_id))).first()
        return incident_from_dict(row.data) if row is not None else None

    # -- summaries -------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = {"pages": schema.raw_pages, "articles": schema.articles,
                  "status_incidents": schema.status_incidents, "reports": schema.reports,
                  "incidents": schema.incidents, "services": schema.services}
        with self.engine.connect() as conn:
            result = {name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                      for name, t in tables.items()}
            result["outage_reports"] = int(conn.execute(select(func.count()).select_from(schema.reports)
                                                        .where(schema.reports.c.is_outage.is_(True))).scalar() or 0)
        return result

    def integrity_ok(self) -> bool:
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

    # -- added for the crawler (issue 3) ---------------------------------------------------
    def all_crawl_state(self) -> dict[str, dict[str, Any]]:
        """Every ``crawl_state`` row keyed by URL (the crawler loads this once per run)."""
        with self.engine.connect() as conn:
            return {r.url: dict(r._mapping) for r in conn.execute(select(schema.crawl_state))}

    def raw_page_for_url(self, url: str) -> RawPage | None:
        """The most recently kept response for ``url`` (what a 304 answer refers to)."""
        t = schema.raw_pages
        with self.engine.connect() as conn:
            row = conn.execute(select(t).where(t.c.url == url).order_by(t.c.fetched_at.desc(), t.c.id.desc())
                               .limit(1)).first()
        return self._raw_from_row(row) if row is not None else None

    def set_crawl_states(self, rows: Sequence[dict[str, Any]]) -> None:
        """Upsert many ``crawl_state`` rows in one transaction; each row updates only the keys it has."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(tuple(sorted(row)), []).append(row)
        insert_fn = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        with self.engine.begin() as conn:
            for keys, group in groups.items():
                stmt = insert_fn(schema.crawl_state)
                cols = [k for k in keys if k != "url"]
                stmt = stmt.on_conflict_do_update(index_elements=["url"], set_={c: stmt.excluded[c] for c in cols}) \
                    if cols else stmt.on_conflict_do_nothing(index_elements=["url"])
                conn.execute(stmt, group)

    def add_raw_pages(self, pages: Sequence[RawPage]) -> list[tuple[int, bool]]:
        """``add_raw_page`` for many pages at once (one lookup, one transaction): same rules, same rows.

        Bodies go to the WARC store first, then the rows; returns (id, is_new) per page, in order.
        """
        if not pages:
            return []
        t = schema.raw_pages
        digests = [p.content_hash for p in pages]
        with self.engine.connect() as conn:
            found = {(r.url, r.content_hash): r.id for r in conn.execute(
                select(t.c.id, t.c.url, t.c.content_hash).where(t.c.url.in_({p.url for p in pages})))}
        fresh: dict[tuple[str, str], dict[str, Any]] = {}
        for page, digest in zip(pages, digests, strict=True):
            key = (page.url, digest)
            if key in found or key in fresh:
                continue
            values: dict[str, Any] = dict(
                url=page.url, final_url=page.final_url or page.url, content_hash=digest,
                fetched_at=page.fetched_at, status=page.status, headers=page.headers,
                content_type=page.content_type, source_name=page.source_name, source_kind=page.source_kind,
                body_size=len(page.body), body=None, warc_file=None, warc_offset=None, warc_length=None)
            if self.warc is not None:
                loc = self.warc.write(page)
                values.update(warc_file=loc.file, warc_offset=loc.offset, warc_length=loc.length)
            else:
                values["body"] = page.body
            fresh[key] = values
        if fresh:
            insert_fn = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
            with self.engine.begin() as conn:
                conn.execute(insert_fn(t).on_conflict_do_nothing(index_elements=["url", "content_hash"]),
                             list(fresh.values()))
                for r in conn.execute(select(t.c.id, t.c.url, t.c.content_hash).where(
                        t.c.url.in_({url for url, _ in fresh}))):
                    found.setdefault((r.url, r.content_hash), r.id)
        result = []
        claimed: set[tuple[str, str]] = set()
        for page, digest in zip(pages, digests, strict=True):
            key = (page.url, digest)
            result.append((found[key], key in fresh and key not in claimed))
            claimed.add(key)
        return result

"""The archive store: idempotent upserts, WARC raw storage, migrations of an older file, integrity."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect

from archive import schema
from archive.migrations import MIGRATIONS, applied_migrations
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
)
from archive.store import Store

T0 = datetime(2021, 10, 4, 15, 40, tzinfo=UTC)


def _page(body: bytes = b"<html><body>Facebook is down</body></html>", url: str = "http://a.test/x") -> RawPage:
    return RawPage(url=url, final_url=url, fetched_at=T0, status=200,
                   headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                   body=body, source_name="feed-a", source_kind="article")


def test_raw_page_kept_in_warc_and_deduplicated(store: Store) -> None:
    first = store.add_raw_page(_page())
    again = store.add_raw_page(_page())
    changed = store.add_raw_page(_page(body=b"<html>updated</html>"))
    assert first == (first[0], True)
    assert again == (first[0], False)
    assert changed[1] is True and changed[0] != first[0]
    assert store.counts()["pages"] == 2
    back = store.raw_page(first[0])
    assert back is not None and back.body == _page().body and back.fetched_at == T0
    assert back.headers["Content-Encoding"] == "gzip"  # original headers kept in the database
    assert store.warc is not None and len(store.warc.files()) == 1
    assert store.raw_page_ids(pending_only=True) == [first[0], changed[0]]
    store.mark_processed(first[0])
    assert store.raw_page_ids(pending_only=True) == [changed[0]]


def test_status_incident_upsert_merges_updates_without_duplicates(store: Store) -> None:
    upd1 = StatusUpdate(at=T0, status="investigating", text="We are investigating.")
    upd2 = StatusUpdate(at=T0.replace(hour=17), status="resolved", text="Resolved.")
    inc = StatusIncident(platform="statuspage", service="GitHub", external_id="abc123", title="Degraded",
                         impact="minor", started_at=T0, updates=[upd1])
    first = store.upsert_status_incident(inc)
    inc.updates = [upd2, upd1]
    inc.resolved_at = upd2.at
    assert store.upsert_status_incident(inc) == first
    assert store.upsert_status_incident(inc) == first
    (saved,) = store.status_incidents()
    assert [u.status for u in saved.updates] == ["resolved", "investigating"]
    assert saved.resolved_at == upd2.at and saved.status == "resolved"


def test_reports_and_articles_keyed_by_natural_ids(store: Store) -> None:
    art = Article(url="http://a.test/x", title="Facebook down", published=T0, publisher="Ledger", text="t")
    a1 = store.upsert_article(art)
    art.title = "Facebook down for hours"
    assert store.upsert_article(art) == a1
    assert store.articles()[0].title == "Facebook down for hours"
    rep = OutageReport(source_url=art.url, source_kind="news", service="Facebook", start=T0,
                       report_counts=[ReportCount(count=10000, region="United States", qualifier="more than")],
                       evidence={"service": ["Facebook went down."]})
    r1 = store.upsert_report(rep, article_id=a1)
    rep.duration_minutes = 360
    assert store.upsert_report(rep, article_id=a1) == r1
    (saved,) = store.reports()
    assert saved.duration_minutes == 360 and saved.report_counts[0].region == "United States"
    assert saved.evidence == {"service": ["Facebook went down."]} and saved.start == T0


def test_incident_saved_with_sources_and_timeline(store: Store) -> None:
    rep_id = store.upsert_report(OutageReport(source_url="http://a.test/x", source_kind="news", service="Facebook"))
    inc = Incident(id="inc-1", slug="facebook-2021-10-04", service="Facebook", company="Meta", title="Facebook outage",
                   status="resolved", started_at=T0, ended_at=T0.replace(hour=21), duration_minutes=360,
                   sources=[IncidentSource(url="http://a.test/x", kind="news", publisher="Ledger", published=T0)],
                   timeline=[TimelineEvent(at=T0, kind="first_report", text="Users report errors")],
                   report_ids=[rep_id])
    store.save_incident(inc)
    store.save_incident(inc)
    assert store.counts()["incidents"] == 1
    loaded = store.incident("facebook-2021-10-04")
    assert loaded is not None and loaded == store.incident("inc-1")
    assert loaded.sources[0].published == T0 and loaded.timeline[0].kind == "first_report"
    assert loaded.as_dict()["started_at"] == "2021-10-04T15:40:00Z"
    assert store.integrity_ok()


OLD_SCHEMA = """
CREATE TABLE schema_migrations (name VARCHAR(200) PRIMARY KEY, applied_at VARCHAR(25) NOT NULL);
INSERT INTO schema_migrations VALUES ('0001_initial', '2024-01-01T00:00:00Z');
CREATE TABLE raw_pages (id INTEGER PRIMARY KEY, url TEXT NOT NULL, final_url TEXT NOT NULL,
  content_hash VARCHAR(64) NOT NULL, fetched_at VARCHAR(25) NOT NULL, status INTEGER NOT NULL, headers TEXT,
  content_type VARCHAR(200), source_name VARCHAR(200), source_kind VARCHAR(40), body_size INTEGER,
  warc_file VARCHAR(300), warc_offset INTEGER, warc_length INTEGER, body BLOB,
  CONSTRAINT uq_raw_pages_url_hash UNIQUE (url, content_hash));
INSERT INTO raw_pages (url, final_url, content_hash, fetched_at, status, headers, source_kind, body)
  VALUES ('http://old.test/a', 'http://old.test/a', 'h1', '2020-05-01T00:00:00Z', 200, '{}', 'article', X'6869');
"""


def test_opening_an_older_archive_migrates_it_and_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(OLD_SCHEMA)
    con.close()
    store = Store(f"sqlite:///{path}")
    try:
        assert store.migrations_applied == [name for name, _ in MIGRATIONS[1:]]
        assert applied_migrations(store.engine) == [name for name, _ in MIGRATIONS]
        cols = {c["name"] for c in inspect(store.engine).get_columns("raw_pages")}
        assert "processed_at" in cols and inspect(store.engine).has_table("crawl_state")
        old = store.raw_page(1)
        assert old is not None and old.body == b"hi" and old.url == "http://old.test/a"
        assert store.raw_page_ids(pending_only=True) == [1]
    finally:
        store.close()
    reopened = Store(f"sqlite:///{path}")
    assert reopened.migrations_applied == []
    reopened.close()


def test_wal_mode_and_crawl_state(store: Store) -> None:
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.set_crawl_state("http://a.test/x", etag='"e1"', last_status=200)
    store.set_crawl_state("http://a.test/x", etag='"e2"', last_status=304)
    state = store.crawl_state("http://a.test/x")
    assert state is not None and state["etag"] == '"e2"' and state["last_status"] == 304


def test_status_incident_merge_is_order_independent(store: Store) -> None:
    api = StatusIncident(platform="statuspage", service="Slack", external_id="k1", title="Messages failing",
                         impact="major", started_at=T0.replace(second=23), resolved_at=T0.replace(hour=18, second=5),
                         url="https://status.test/incidents/k1", components=["Messaging"])
    atom = StatusIncident(platform="statuspage", service="Slack", external_id="k1", title="Messages failing",
                          impact="none", started_at=T0, resolved_at=T0.replace(hour=18),
                          url="https://status.test/incidents/k1", components=["Login"])
    results = []
    for first, second in ((api, atom), (atom, api)):
        store.upsert_status_incident(first)
        store.upsert_status_incident(second)
        (merged,) = store.status_incidents()
        results.append((merged.started_at, merged.resolved_at, merged.impact, merged.components))
        with store.engine.begin() as conn:  # start over for the other order
            conn.execute(schema.status_incidents.delete())
    assert results[0] == results[1]
    assert results[0] == (T0.replace(second=23), T0.replace(hour=18, second=5), "major", ["Login", "Messaging"])

"""Whole crawls with real Scrapy against local HTTP servers started by the tests."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.config import Config, load_config
from archive.store import Store
from crawler.localsite import serve_directory, serve_faults
from crawler.run import crawl_command, crawl_sources
from crawler.settings import scrapy_settings
from crawler.sources import Source, load_sources, parse_sources

FIXTURE_SITE = Path(__file__).resolve().parents[1] / "data" / "crawler" / "site"
SAMPLE_SITE = Path(__file__).resolve().parents[2] / "data" / "sample-site"

SITE_SOURCES = """
[[source]]
name = "wire-rss"
kind = "news-feed"
url = "__BASE__/news/feed.xml"

[[source]]
name = "wire-atom"
kind = "news-feed"
url = "__BASE__/news/atom.xml"

[[source]]
name = "wire-sitemap"
kind = "sitemap"
url = "__BASE__/sitemap_index.xml"

[[source]]
name = "acme-atom"
kind = "statuspage-atom"
url = "__BASE__/status/acme/history.atom"
service = "Acme"

[[source]]
name = "aws-ec2-oregon"
kind = "aws-rss"
url = "__BASE__/status/aws/ec2-us-west-2.rss"
service = "AWS"

[[source]]
name = "gcp"
kind = "gcp"
url = "__BASE__/status/gcp/incidents.json"
service = "Google Cloud"
"""


def fast(config: Config, **extra: object) -> Config:
    """Test servers are local: no politeness delay, short timeouts."""
    settings: dict[str, object] = {"download_delay": 0, "autothrottle": False, "download_timeout": 2,
                                   "retry_times": 1}
    settings.update(extra)
    return config.replace(**settings)


def rows(store: Store, sql: str) -> list[tuple]:
    con = sqlite3.connect(store.url.removeprefix("sqlite:///"))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def kept(store: Store) -> Counter[str]:
    return Counter(kind for (kind,) in rows(store, "select source_kind from raw_pages"))


def test_settings_are_polite_by_default() -> None:
    settings = scrapy_settings(load_config({}, environ={}))
    assert settings["ROBOTSTXT_OBEY"] is True
    assert settings["AUTOTHROTTLE_ENABLED"] is True
    assert "OutageArchive" in settings["USER_AGENT"]
    assert settings["DOWNLOAD_DELAY"] > 0 and settings["CONCURRENT_REQUESTS_PER_DOMAIN"] <= 8
    overridden = scrapy_settings(load_config({}, environ={"OUTAGES_OBEY_ROBOTS": "false",
                                                          "OUTAGES_USER_AGENT": "x/1"}))
    assert overridden["ROBOTSTXT_OBEY"] is False and overridden["USER_AGENT"] == "x/1"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, root)
    return root


def site_sources(base: str) -> list[Source]:
    return parse_sources(SITE_SOURCES, base_url=base)


def test_crawl_fills_archive_then_adds_nothing(site: Path, config: Config, store: Store) -> None:
    cfg = fast(config)
    with serve_directory(site) as base:
        first = crawl_sources(cfg, store, site_sources(base))
        articles = {u.rsplit("/", 1)[-1] for (u,) in rows(store, "select url from raw_pages where "
                                                          "source_kind='article' and status=200")}
        assert articles == {"chatterbox-down.html", "parcelhub-restored.html", "streamly-outage.html",
                            "cloudnest-outage.html", "grid-blackout.html", "old-parcelhub.html"}
        assert kept(store)["feed"] == 2 and kept(store)["sitemap"] == 3 and kept(store)["robots"] == 1
        assert {k for k in kept(store)} >= {"statuspage-atom", "aws-rss", "gcp"}
        assert first.failed == Counter({"http 404": 1, "robots.txt": 1})
        assert first.skipped["not about an outage"] == 1  # the sticker launch, kept out by its feed entry
        assert first.skipped["not html"] == 1  # the PDF in the sitemap
        assert first.new == sum(kept(store).values()) - kept(store)["robots"] - 1  # minus the 404 page
        user_agents = {r for (r,) in rows(store, "select url from raw_pages")}
        assert not any("/private/" in u for u in user_agents)

        total = rows(store, "select count(*) from raw_pages")[0][0]
        state_before = rows(store, "select count(*) from crawl_state")[0][0]
        second = crawl_sources(cfg, store, site_sources(base))
        assert second.new == 0 and second.changed == 0
        assert rows(store, "select count(*) from raw_pages")[0][0] == total
        assert second.skipped["not modified"] == 2 + 3 + 3  # feeds, sitemaps, status payloads: 304
        assert second.skipped["seen"] >= 6
        assert rows(store, "select count(*) from crawl_state")[0][0] == state_before
        # no duplicate rows: one raw page per (url, body)
        assert rows(store, "select count(*) from (select url, content_hash from raw_pages group by 1, 2)")[0][0] \
            == total


def test_changed_feed_fetches_only_the_new_item(site: Path, config: Config, store: Store) -> None:
    cfg = fast(config)
    with serve_directory(site) as base:
        crawl_sources(cfg, store, site_sources(base))
        feed = site / "news" / "feed.xml"
        feed.write_text(feed.read_text().replace(
            "<item>", "<item><title>Mailbird email outage leaves users unable to log in</title>"
            "<link>__BASE__/news/mailbird-outage.html</link><description>Email service down.</description>"
            "<pubDate>Sat, 13 May 2023 09:00:00 GMT</pubDate></item>\n    <item>", 1))
        (site / "news" / "mailbird-outage.html").write_text(
            "<html><head><title>Mailbird email outage</title></head><body><p>Mailbird users could not log in "
            "to their email accounts for an hour.</p></body></html>")
        third = crawl_sources(cfg, store, site_sources(base))
    assert third.changed == 1  # the feed
    assert third.new == 1  # its one new article
    # the feed and its new article, 7 conditional requests answered 304, and the 404 tried again
    assert third.fetched == 2 + 7 + 1
    assert third.skipped["not modified"] == 7


def test_since_skips_older_entries(site: Path, config: Config, store: Store) -> None:
    from datetime import UTC, datetime

    with serve_directory(site) as base:
        summary = crawl_sources(fast(config), store, site_sources(base)[:1], since=datetime(2023, 1, 1, tzinfo=UTC))
    assert summary.skipped["before --since"] == 1
    assert not rows(store, "select url from raw_pages where url like '%old-parcelhub%'")


def test_raw_pages_are_warc_and_reprocessable(site: Path, config: Config, store: Store) -> None:
    from crawler.parsers import parse_status_page

    with serve_directory(site) as base:
        crawl_sources(fast(config), store, site_sources(base))
    assert store.warc is not None and store.warc.files()
    pages = {p.source_kind: p for p in store.iter_raw_pages() if p.source_kind in {"statuspage-atom", "gcp"}}
    atom = parse_status_page(pages["statuspage-atom"], "Acme")
    assert [i.external_id for i in atom] == ["yr0ll0ver001", "s0mmerpdt002"]
    assert atom[0].updates[-1].at.year == 2023 and atom[0].updates[0].at.year == 2024
    assert {k.lower(): v for k, v in pages["gcp"].headers.items()}.get("etag") and pages["gcp"].fetched_at.tzinfo is not None
    sources = {r[0]: r[1] for r in rows(store, "select name, kind from sources")}
    assert sources["acme-atom"] == "statuspage-atom" and len(sources) == 6


# -- Statuspage API: incidents.json, then history.json pages, then single incidents ---------------------
def make_statuspage_site(root: Path, count: int = 58) -> list[str]:
    """A Statuspage-like API with ``count`` incidents: the newest 50 listed, the rest via history.json."""
    api = root / "sp" / "api" / "v2"
    (api / "incidents").mkdir(parents=True)
    codes = [f"inc{n:05d}abcd" for n in range(count, 0, -1)]  # newest first

    def incident(code: str, n: int) -> dict:
        at = f"2023-{1 + n % 12:02d}-{1 + n % 27:02d}T1{n % 10}:00:00.000Z"
        return {"id": code, "name": f"Incident number {n}", "status": "resolved", "impact": "minor",
                "created_at": at, "started_at": at, "resolved_at": at.replace(":00:00.000Z", ":45:00.000Z"), "updated_at": at,
                "incident_updates": [{"id": f"u{n}", "status": "resolved", "body": "Fixed.", "display_at": at,
                                      "created_at": at, "affected_components": [{"name": "API"}]}],
                "components": [{"name": "API"}]}

    numbered = [(code, count - i) for i, code in enumerate(codes)]
    page = {"page": {"id": "sp", "name": "SP", "url": "__BASE__/sp"},
            "incidents": [incident(c, n) for c, n in numbered[:50]]}
    (api / "incidents.json").write_text(json.dumps(page))
    for code, n in numbered:
        (api / "incidents" / f"{code}.json").write_text(json.dumps({"page": page["page"],
                                                                    "incident": incident(code, n)}))
    per_page = 25
    for p in range(0, (count + per_page - 1) // per_page):
        chunk = numbered[p * per_page:(p + 1) * per_page]
        months = [{"name": "May", "year": 2023, "incidents": [{"code": c, "name": f"Incident number {n}"}
                                                              for c, n in chunk]}]
        (root / "sp" / f"history.json@page={p + 1}").write_text(json.dumps({"months": months}))
    (root / "sp" / f"history.json@page={p + 2}").write_text(json.dumps({"months": []}))
    return codes


def test_statuspage_history_walk(tmp_path: Path, config: Config, store: Store) -> None:
    codes = make_statuspage_site(tmp_path)
    with serve_directory(tmp_path) as base:
        src = [Source("sp", "statuspage", f"{base}/sp", "SP")]
        first = crawl_sources(fast(config), store, src)
        singles = {u.rsplit("/", 1)[-1] for (u,) in rows(store, "select url from raw_pages where url like "
                                                         "'%/incidents/%.json'")}
        assert singles == {f"{c}.json" for c in codes[50:]}  # only those beyond the newest 50
        assert first.failed == Counter()
        second = crawl_sources(fast(config), store, src)
        assert second.new == 0 and second.changed == 0
    from archive.process import process_pages

    process_pages(store, pending_only=True)
    incidents = store.status_incidents()
    assert sorted(i.external_id for i in incidents) == sorted(codes)
    assert all(i.source_name == "sp" and i.resolved_at > i.started_at for i in incidents)


# -- faults ------------------------------------------------------------------------------------------
def test_faults_are_counted_by_reason_without_tracebacks(tmp_path: Path, config: Config, store: Store,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    cfg = fast(config, download_timeout=1)
    with serve_faults(slow_seconds=2.5) as base:
        sources = parse_sources(f"""
[[source]]
name = "faults"
kind = "news-feed"
url = "{base}/fault/feed.xml"
[[source]]
name = "bad-xml"
kind = "news-feed"
url = "{base}/fault/bad.xml"
[[source]]
name = "bad-json"
kind = "statuspage"
url = "{base}/fault"
service = "Broken"
[[source]]
name = "nobody-home"
kind = "gcp"
url = "http://127.0.0.1:9/incidents.json"
service = "Nobody"
""")
        summary = crawl_sources(cfg, store, sources)
        from crawler.localsite import FaultHandler

        flaky_hits = FaultHandler.hits.get("/fault/flaky.html")
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert summary.failed == Counter({"timeout": 1, "http 500": 1, "http 410": 1, "http 404": 1,
                                      "redirect loop": 1, "truncated body": 1, "too large": 1,
                                      "malformed xml": 1, "malformed json": 1, "connection refused": 1})
    assert summary.skipped["not html"] == 1
    assert flaky_hits == 2  # a 503 is retried, then kept
    ok = {u.rsplit("/", 1)[-1] for (u,) in rows(store, "select url from raw_pages where status = 200 "
                                                "and source_kind = 'article'")}
    assert ok == {"ok.html", "flaky.html", "latin1.html", "nocharset.html"}
    assert "timeout" in err and "/fault/slow.html" in err  # logged with URL and reason
    failed = {r["url"].rsplit("/", 1)[-1]: r["fail_reason"] for r in store.failed_urls()}
    assert failed["huge.html"] == "too large" and failed["loop"] == "redirect loop"
    assert "failed 10 (" in str(summary)


# -- resumable ---------------------------------------------------------------------------------------
def make_big_site(root: Path, articles: int) -> None:
    (root / "news").mkdir(parents=True)
    items = []
    for n in range(articles):
        (root / "news" / f"a{n}.html").write_text(
            f"<html><head><title>Service outage number {n}</title></head><body><p>Users saw errors "
            f"during outage {n}.</p></body></html>")
        items.append(f"<item><title>Service outage number {n}</title><link>__BASE__/news/a{n}.html</link>"
                     f"<description>Outage {n}.</description></item>")
    (root / "news" / "feed.xml").write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>big</title>{''.join(items)}</channel></rss>")


class ArticleGate:
    """Lets ``allowed`` article requests through, then holds the rest until ``release()``.

    Makes "the crawl was killed half-way" certain however fast or slow the machine is.
    """

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.served = 0
        self.lock = threading.Lock()
        self.opened = threading.Event()
        self.opened.set()

    def hold(self) -> None:
        self.served = 0
        self.opened.clear()

    def release(self) -> None:
        self.opened.set()

    def __call__(self, path: str) -> None:
        if "/news/a" not in path:
            return
        with self.lock:
            self.served += 1
            held = self.served > self.allowed
        if held:
            self.opened.wait(timeout=60)


def test_killed_crawl_resumes_without_loss_or_duplicates(tmp_path: Path, config: Config) -> None:
    site = tmp_path / "big"
    make_big_site(site, 40)
    cfg = fast(config, concurrent_per_domain=2, write_batch=2)
    gate = ArticleGate(allowed=10)
    with serve_directory(site, delay=0.05, before_answer=gate) as base:
        sources = [Source("big", "news-feed", f"{base}/news/feed.xml")]
        # reference: an uninterrupted crawl into its own archive
        ref_store = Store(f"sqlite:///{tmp_path / 'ref.sqlite3'}", raw_dir=tmp_path / "ref-raw")
        crawl_sources(cfg, ref_store, sources)
        ref_total = rows(ref_store, "select count(*) from raw_pages")[0][0]
        ref_store.close()

        store = Store(f"sqlite:///{tmp_path / 'a.sqlite3'}", raw_dir=tmp_path / "a-raw")
        for src in sources:
            store.upsert_source(src.name, src.kind, src.url)
        job = tmp_path / "job.json"
        job.write_text(json.dumps({"config": {k: v for k, v in cfg.as_dict().items()
                                              if isinstance(v, str | int | float | bool)},
                                   "db_url": store.url, "raw_dir": str(tmp_path / "a-raw"),
                                   "sources": [s.as_dict() for s in sources], "since": None,
                                   "progress": False, "summary_path": str(tmp_path / "s.json")}))
        gate.hold()  # ten articles get through, then the server stalls until the crawl is killed
        proc = subprocess.Popen(crawl_command(job), stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if rows(store, "select count(*) from raw_pages where source_kind='article'")[0][0] >= 8:
                    break
                time.sleep(0.05)
        finally:
            proc.kill()
            proc.wait()
            gate.release()
        partial = rows(store, "select count(*) from raw_pages")[0][0]
        articles = rows(store, "select count(*) from raw_pages where source_kind='article'")[0][0]
        assert 8 <= articles <= 10 and partial - articles == ref_total - 40  # feed, robots.txt, whole batches
        resumed = crawl_sources(cfg, store, sources)
        assert resumed.skipped["not modified"] == 1  # the feed, read back from the archive
    total = rows(store, "select count(*) from raw_pages")[0][0]
    assert total == ref_total
    assert rows(store, "select count(distinct url) from raw_pages")[0][0] == total
    assert rows(store, "select count(*) from raw_pages where source_kind='article'")[0][0] == 40
    store.close()


# -- the CLI and the bundled sample site -------------------------------------------------------------
def test_cli_crawl_prints_progress_and_summary(site: Path, tmp_path: Path) -> None:
    from archive.cli import cli

    with serve_directory(site) as base:
        sources_file = tmp_path / "sources.toml"
        sources_file.write_text(SITE_SOURCES.replace("__BASE__", base))
        env = {"OUTAGES_DOWNLOAD_DELAY": "0", "OUTAGES_AUTOTHROTTLE": "false", "OUTAGES_RETRY_TIMES": "0"}
        runner = CliRunner()
        args = ["--data-dir", str(tmp_path / "arch"), "crawl", "--sources", str(sources_file)]
        first = runner.invoke(cli, args, env=env)
        assert first.exit_code == 0, first.output
        # 2 feeds + 3 sitemaps + 3 status payloads + 6 articles
        assert "new 14" in first.output and "failed 2 (http 404: 1, robots.txt: 1)" in first.output
        assert "crawling 6 source(s)" in first.output
        again = runner.invoke(cli, [*args, "--source", "wire-rss", "--format", "json"], env=env)
        assert again.exit_code == 0
        data = json.loads(again.output[again.output.index("{"):])
        assert data["new"] == 0 and data["sources"] == 1
        bad = runner.invoke(cli, [*args, "--source", "nope"], env=env)
        assert bad.exit_code == 2 and "unknown source" in bad.output


def test_sample_site_crawl(config: Config, store: Store) -> None:
    if not (SAMPLE_SITE / "sources.toml").is_file():
        pytest.skip("sample site not generated")
    with serve_directory(SAMPLE_SITE) as base:
        sources = load_sources(SAMPLE_SITE / "sources.toml", base_url=base)
        first = crawl_sources(fast(config), store, sources)
        assert first.failed == Counter()
        by_source = Counter(name for (name,) in rows(store, "select source_name from raw_pages"))
        assert all(by_source[s.name] >= 1 for s in sources)
        assert kept(store)["article"] >= 20
        second = crawl_sources(fast(config), store, sources)
        assert second.new == 0 and second.changed == 0

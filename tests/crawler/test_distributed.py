"""Distributed crawling: real ``outages crawl --redis-url`` processes sharing a real local Redis.

The Redis server is Debian's ``redis-server`` started on a free port for each test (``make redis-deps``
installs it; ``.ci/run`` does so before ``make test``). Without it the tests skip locally and fail under CI
(``CI`` or ``OUTAGES_TEST_REQUIRE_REDIS`` set).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from archive.config import Config, load_config
from archive.store import Store
from crawler.distributed import SharedRun, crawl_key, is_continuation
from crawler.localsite import SiteHandler
from crawler.settings import scrapy_settings
from crawler.sources import Source

PG_URL = os.environ.get("OUTAGES_TEST_PG_URL", "")
ARTICLES = 200
IN_FEED = 60  # the feed lists the first 60 articles again: two sources leading to the same pages
SITEMAPS = 3
CRAWLERS = 2


# -- a real Redis ----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server(workdir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Debian's redis-server on a free port, no persistence; yield its URL and process."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (`make redis-deps`, or apt-get install redis-server)"
        if os.environ.get("CI") or os.environ.get("OUTAGES_TEST_REQUIRE_REDIS"):
            pytest.fail(f"{message}: CI must provide it (.ci/run runs `make redis-deps`)")
        pytest.skip(message)
    import redis

    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.05)
        yield url, proc
    finally:
        client.close()
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as (url, _proc):
        yield url


# -- one archive, on SQLite or on PostgreSQL -----------------------------------------------------
def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The database URL every crawl process writes to."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'archive.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip("OUTAGES_TEST_PG_URL not set (make test starts PostgreSQL and sets it)")
    name = f"outages_dist_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- a generated site whose server logs every request and who made it ------------------------------
def make_site(root: Path) -> set[str]:
    """Article pages listed in three sitemaps (behind an index) and, partly, in an RSS feed; return
    every path the crawl should fetch (robots.txt aside)."""
    (root / "news").mkdir(parents=True)
    (root / "sitemaps").mkdir()
    paths = {"/sitemap_index.xml", "/news/feed.xml"}
    locs: list[list[str]] = [[] for _ in range(SITEMAPS)]
    items = []
    for n in range(ARTICLES):
        title = f"Service outage number {n}"
        (root / "news" / f"a{n}.html").write_text(
            f"<html><head><title>{title}</title></head><body><p>Users saw errors during outage {n}; "
            f"engineers restored the service later.</p></body></html>")
        paths.add(f"/news/a{n}.html")
        locs[n % SITEMAPS].append(f"<url><loc>__BASE__/news/a{n}.html</loc></url>")
        if n < IN_FEED:
            items.append(f"<item><title>{title}</title><link>__BASE__/news/a{n}.html</link>"
                         f"<description>Outage {n}.</description></item>")
    index = []
    for k, group in enumerate(locs, start=1):
        (root / "sitemaps" / f"s{k}.xml").write_text(
            "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"{''.join(group)}</urlset>")
        index.append(f"<sitemap><loc>__BASE__/sitemaps/s{k}.xml</loc></sitemap>")
        paths.add(f"/sitemaps/s{k}.xml")
    (root / "sitemap_index.xml").write_text(
        "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"{''.join(index)}</sitemapindex>")
    (root / "news" / "feed.xml").write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>gen</title>{''.join(items)}</channel></rss>")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return paths


SOURCES = """
[[source]]
name = "gen-sitemap"
kind = "sitemap"
url = "{base}/sitemap_index.xml"

[[source]]
name = "gen-feed"
kind = "news-feed"
url = "{base}/news/feed.xml"
"""


class LoggedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args: Any, delay: float = 0.0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.delay = delay  # seconds before each answer but robots.txt; may change while serving
        self.requests: list[tuple[str, str, str]] = []  # (path, user agent, If-None-Match)


class LoggingHandler(SiteHandler):
    def send_head(self) -> Any:  # type: ignore[override]
        server: Any = self.server
        server.requests.append((self.path, self.headers.get("User-Agent", ""),
                                self.headers.get("If-None-Match", "")))
        self.delay = server.delay
        return super().send_head()


def serve_logged(root: Path, delay: float) -> tuple[LoggedServer, threading.Thread, str]:
    server = LoggedServer(("127.0.0.1", 0), partial(LoggingHandler, directory=str(root)), delay=delay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_address[1]}"


def start_crawler(n: int, data_dir: Path, db_url: str, sources_file: Path,
                  redis_url: str | None) -> subprocess.Popen[str]:
    """One real ``outages crawl`` process (user agent ``.../crawler-N``), JSON summary on stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTAGES_")}
    env.update({"OUTAGES_USER_AGENT": f"OutageArchiveTest/crawler-{n}", "OUTAGES_DOWNLOAD_DELAY": "0",
                "OUTAGES_AUTOTHROTTLE": "false", "OUTAGES_RETRY_TIMES": "1",
                "OUTAGES_DOWNLOAD_TIMEOUT": "20", "OUTAGES_CONCURRENT_PER_DOMAIN": "4"})
    args = [sys.executable, "-c", "from archive.cli import main; main()", "--data-dir", str(data_dir),
            "--db-url", db_url, "crawl", "--sources", str(sources_file), "--format", "json"]
    if redis_url:
        args += ["--redis-url", redis_url]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_crawlers(count: int, data_dir: Path, db_url: str, sources_file: Path, redis_url: str | None,
                 timeout: float = 240) -> list[dict[str, Any]]:
    """Start ``count`` real ``outages crawl`` processes at once; wait until all end on their own."""
    procs = [start_crawler(n, data_dir, db_url, sources_file, redis_url) for n in range(count)]
    summaries = []
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            pytest.fail(f"distributed crawl did not end on its own within {timeout}s")
        assert proc.returncode == 0, err
        assert "Traceback" not in err, err
        summaries.append(json.loads(out[out.index("{"):]))
    return summaries


def page_rows(db_url: str) -> list[tuple[str, str, str]]:
    store = Store(db_url)
    try:
        with store.engine.connect() as conn:
            return [(r[0], r[1], r[2]) for r in conn.execute(
                text("select url, content_hash, source_kind from raw_pages"))]
    finally:
        store.close()


def test_two_processes_fetch_each_page_once(tmp_path: Path, redis_url: str, archive_db: str) -> None:
    import redis

    expected = make_site(tmp_path / "site")
    server, thread, base = serve_logged(tmp_path / "site", delay=0.05)
    try:
        sources_file = tmp_path / "sources.toml"
        sources_file.write_text(SOURCES.format(base=base))
        data_dir = tmp_path / "data"
        started = time.monotonic()
        summaries = run_crawlers(CRAWLERS, data_dir, archive_db, sources_file, redis_url)
        took = time.monotonic() - started
        first = list(server.requests)

        pages = [(path, agent) for path, agent, _ in first if path != "/robots.txt"]
        fetched = Counter(path for path, _ in pages)
        assert set(fetched) == expected
        assert [p for p, n in fetched.items() if n > 1] == []  # every page exactly once, in total
        by_crawler = Counter(agent.rsplit("-", 1)[-1] for _, agent in pages)
        assert len(by_crawler) == CRAWLERS and min(by_crawler.values()) > 0, by_crawler
        assert sum(s["fetched"] for s in summaries) == len(pages)
        assert sorted(int(s["fetched"]) for s in summaries) == sorted(by_crawler.values())
        assert sum(s["new"] for s in summaries) == len(expected)
        assert all(s["failed"] == {} for s in summaries)
        robots = [agent for path, agent, _ in first if path == "/robots.txt"]
        assert 1 <= len(robots) <= CRAWLERS  # once per process at most

        rows = page_rows(archive_db)
        urls = Counter(url for url, _, _ in rows)
        assert [u for u, n in urls.items() if n > 1] == []  # no duplicate raw_pages rows
        assert {u.removeprefix(base) for u in urls} == expected | {"/robots.txt"}
        assert Counter(kind for _, _, kind in rows)["article"] == ARTICLES
        assert len(list((data_dir / "raw").glob("*.warc.gz"))) >= CRAWLERS  # one WARC file per writer
        client = redis.Redis.from_url(redis_url)
        assert client.keys("outages:*") == []  # the last process out removed the run's keys
        client.close()

        # run again, both processes: incremental (conditional requests answered 304, articles seen).
        # This run is short: a process starting after the other one finished begins a run of its own,
        # so a feed or sitemap may be asked once per process, never an article.
        server.requests.clear()
        again = run_crawlers(CRAWLERS, data_dir, archive_db, sources_file, redis_url)
        second = [(path, etag) for path, _, etag in server.requests if path != "/robots.txt"]
        roots = Counter(path for path, _ in second)
        assert set(roots) == {p for p in expected if not p.startswith("/news/a")}
        assert max(roots.values()) <= CRAWLERS
        assert all(etag for _, etag in second)  # each one conditional
        assert sum(s["new"] for s in again) == 0
        assert sum(s["skipped"].get("not modified", 0) for s in again) == len(second)
        assert len(page_rows(archive_db)) == len(rows)
        print(f"distributed crawl of {len(expected)} pages: {dict(by_crawler)} per process, {took:.1f}s")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_lost_redis_ends_the_crawl_and_the_next_one_completes(tmp_path: Path) -> None:
    expected = make_site(tmp_path / "site")
    db_url = f"sqlite:///{tmp_path / 'data' / 'archive.sqlite3'}"
    server, thread, base = serve_logged(tmp_path / "site", delay=0.1)
    try:
        sources_file = tmp_path / "sources.toml"
        sources_file.write_text(SOURCES.format(base=base))
        with redis_server(tmp_path / "redis") as (url, redis_proc):
            crawler = start_crawler(0, tmp_path / "data", db_url, sources_file, url)
            deadline = time.monotonic() + 120
            while sum(p.startswith("/news/a") for p, _, _ in server.requests) < 20:
                assert time.monotonic() < deadline and crawler.poll() is None
                time.sleep(0.05)
            redis_proc.kill()  # the shared queue is gone mid-crawl
            try:
                out, err = crawler.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                crawler.kill()
                pytest.fail("the crawl process did not end after losing Redis")
        assert crawler.returncode == 0, err
        assert "Traceback" not in err
        summary = json.loads(out[out.index("{"):])
        assert summary["failed"].get("redis unavailable", 0) >= 1
        assert 20 <= summary["fetched"] < len(expected)
        server.delay = 0.0
        rest = run_crawlers(1, tmp_path / "data", db_url, sources_file, None)[0]  # no Redis: local mode
        assert rest["new"] == len(expected) - summary["new"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    urls = Counter(url for url, _, _ in page_rows(db_url))
    assert {u.removeprefix(base) for u in urls} == expected | {"/robots.txt"}
    assert max(urls.values()) == 1


def test_unreachable_redis_is_a_clear_error(tmp_path: Path) -> None:
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(SOURCES.format(base="http://127.0.0.1:9"))
    port = free_port()  # nothing listens there
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTAGES_")}
    proc = subprocess.run([sys.executable, "-c", "from archive.cli import main; main()", "--data-dir",
                           str(tmp_path / "data"), "crawl", "--sources", str(sources_file), "--redis-url",
                           f"redis://:secret@127.0.0.1:{port}/0"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert f"cannot use Redis at redis://:***@127.0.0.1:{port}/0" in proc.stderr
    assert "secret" not in proc.stderr and "Traceback" not in proc.stderr


# -- the run bookkeeping on its own, against the same real Redis --------------------------------------
def test_shared_run_close_condition(redis_url: str) -> None:
    import redis

    from crawler.distributed import RunKeys

    client = redis.Redis.from_url(redis_url)
    keys = RunKeys.for_prefix("outages:test:run")
    client.lpush(keys.queue, b"left over by a crashed run")
    client.sadd(keys.dupefilter, "old fingerprint")
    a, b = SharedRun(client, keys, "a"), SharedRun(client, keys, "b")
    assert a.join() is True  # nobody in the run: a new run, leftovers cleared
    assert client.llen(keys.queue) == 0 and client.scard(keys.dupefilter) == 0
    assert b.join() is False
    client.lpush(keys.queue, b"request")
    state = a.idle()
    assert not state.finished and state.processes == 2 and state.queued == 1
    assert b.pop() == b"request" and b.pop() is None
    assert not a.idle().finished  # b holds a request and may queue more
    assert b.idle().finished and a.idle().finished

    dead = SharedRun(client, keys, "dead")
    dead.join()  # busy, then silent: its heartbeat is made 10 minutes old
    now = client.time()
    client.hset(keys.workers, "dead", str(now[0] - 600))
    assert not SharedRun(client, keys, "a", stale_seconds=3600).idle().finished
    state = a.idle()  # 60 s staleness: the silent process no longer counts
    assert state.finished and state.processes == 2

    assert a.leave() == 1
    assert client.exists(keys.workers) == 1
    assert b.leave() == 0
    assert client.exists(*keys.all()) == 0
    client.close()


# -- settings ------------------------------------------------------------------------------------------
def test_settings_unchanged_without_redis(config: Config) -> None:
    plain = scrapy_settings(config)
    assert config.redis_url == ""
    assert not {k for k in plain if k.startswith(("SCHEDULER", "REDIS", "DUPEFILTER", "OUTAGES_REDIS"))}
    assert plain == scrapy_settings(config, crawl_key="outages:x:y")
    env_config = load_config({"data_dir": config.data_dir}, environ={"OUTAGES_REDIS_URL": "redis://h:6379/1"})
    shared = scrapy_settings(env_config, crawl_key="outages:abc:def")
    assert {k: v for k, v in shared.items() if k in plain} == plain  # politeness and limits untouched
    assert shared["SCHEDULER"] == "crawler.distributed.SharedScheduler"
    assert shared["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert shared["REDIS_URL"] == "redis://h:6379/1"
    assert shared["SCHEDULER_QUEUE_KEY"] == "outages:abc:def:requests"
    assert shared["SCHEDULER_DUPEFILTER_KEY"] == "outages:abc:def:dupefilter"


def test_crawl_key_names_archive_and_crawl() -> None:
    feed = [Source("f", "news-feed", "http://a.example/feed.xml")]
    both = [*feed, Source("s", "sitemap", "http://a.example/sitemap.xml")]
    pg = "postgresql://crawler:pw@db.example/outages"
    assert crawl_key(pg, both) == crawl_key(pg, list(reversed(both)))
    assert crawl_key(pg, both) == crawl_key("postgresql://crawler:other@db.example/outages", both)
    assert crawl_key(pg, both) != crawl_key("postgresql://crawler:pw@db.example/other", both)
    assert crawl_key(pg, both) != crawl_key(pg, feed)
    from datetime import UTC, datetime

    assert crawl_key(pg, both) != crawl_key(pg, both, since=datetime(2024, 1, 1, tzinfo=UTC))
    assert crawl_key(pg, both).startswith("outages:")


def test_only_first_attempts_are_claimed() -> None:
    from scrapy import Spider
    from scrapy.downloadermiddlewares.retry import get_retry_request
    from scrapy.http import Request
    from scrapy.utils.test import get_crawler

    first = Request("http://a.example/x.html", dont_filter=True)
    assert not is_continuation(first)
    spider = Spider.from_crawler(get_crawler(), name="probe")
    retry = get_retry_request(first, spider=spider, reason="timeout")
    assert retry is not None and is_continuation(retry)
    hop = first.replace(url="http://a.example/y.html")
    hop.meta["redirect_times"] = 1
    assert is_continuation(hop)

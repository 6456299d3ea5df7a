"""A real crawl (``crawler.run.crawl_sources``) of 2,000 generated pages, 20% of them faulty.

The crawl must finish, archive every good page byte for byte, record every failure with its reason
(``Store.failed_urls()`` and the crawl summary), and a second crawl must ask the server again for the
failures only.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from urllib.parse import urlsplit

import pytest

from archive.config import Config
from archive.store import Store
from crawler.run import crawl_sources
from crawler.sources import parse_sources
from tests.reliability.faultserver import (
    FAULT_KINDS,
    TRANSIENT_FAILURES,
    SiteMap,
    root_faults,
    serve_fault_site,
    sources_toml,
)

SEED = 20261121
PAGES = 2000
RETRIES = 1

pytestmark = pytest.mark.timeout(420)


def crawl_config(config: Config) -> Config:
    """Local server: no politeness delay, short timeout, one retry, wide concurrency."""
    return config.replace(download_delay=0, autothrottle=False, download_timeout=2.0, retry_times=RETRIES,
                          concurrent_requests=32, concurrent_per_domain=32)


def article_rows(store: Store) -> dict[str, tuple[int, str]]:
    con = sqlite3.connect(store.url.removeprefix("sqlite:///"))
    try:
        return {url: (status, digest) for url, status, digest in con.execute(
            "select url, status, content_hash from raw_pages where source_kind = 'article'")}
    finally:
        con.close()


def ok_pages(store: Store) -> int:
    con = sqlite3.connect(store.url.removeprefix("sqlite:///"))
    try:
        return con.execute("select count(*) from raw_pages where status < 400 and source_kind != 'robots'"
                           ).fetchone()[0]
    finally:
        con.close()


def article_hits(hits: Counter[str], site: SiteMap) -> Counter[str]:
    return Counter({p: c for p, c in hits.items() if site.number(p) is not None})


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two crawls of the fault site into one archive; everything the tests look at afterwards."""
    from archive.config import load_config

    tmp = tmp_path_factory.mktemp("faults")
    config = crawl_config(load_config({"data_dir": str(tmp / "archive")}, environ={}))
    site = SiteMap.generate(PAGES, SEED)
    store = Store.open(config)
    with serve_fault_site(site, slow_seconds=4.0) as (base, server):
        sources = parse_sources(sources_toml(base, site))
        first = crawl_sources(config, store, sources, timeout=300)
        first_hits = Counter(server.hits)
        first_failed = {r["url"]: r["fail_reason"] for r in store.failed_urls()}
        first_rows = article_rows(store)
        first_ok_pages = ok_pages(store)
        second = crawl_sources(config, store, sources, timeout=300)
        second_hits = Counter(server.hits) - first_hits
        bodies = {n: server.served_body(n) for n in range(PAGES)}
    result = {"site": site, "base": base, "first": first, "second": second, "first_hits": first_hits,
              "second_hits": second_hits, "first_failed": first_failed, "first_rows": first_rows,
              "first_ok_pages": first_ok_pages,
              "bodies": bodies, "store": store, "final_failed": {r["url"]: r["fail_reason"]
                                                                 for r in store.failed_urls()},
              "final_rows": article_rows(store)}
    yield result
    store.close()


def test_site_is_deterministic_and_one_fifth_faulty() -> None:
    a, b = SiteMap.generate(PAGES, SEED), SiteMap.generate(PAGES, SEED)
    assert a.kinds == b.kinds and a.kinds != SiteMap.generate(PAGES, SEED + 1).kinds
    assert len(a.kinds) == PAGES // 5
    assert set(a.kinds.values()) == set(FAULT_KINDS)
    listed = sorted(n for numbers in a.feed_groups().values() for n in numbers)
    assert listed == list(range(PAGES))


def test_every_good_page_is_archived_byte_for_byte(crawled: dict) -> None:
    site, base, store = crawled["site"], crawled["base"], crawled["store"]
    rows = crawled["first_rows"]
    missing = [n for n in site.good() if base + site.path(n) not in rows]
    assert missing == []
    wrong = [n for n in site.good() if rows[base + site.path(n)][0] != 200]
    assert wrong == []
    # bodies as served, not re-encoded: check every mislabelled page and a sample of the rest
    check = [n for n in site.good() if site.kind(n)] + site.good()[::50]
    for n in check:
        page = store.raw_page_for_url(base + site.path(n))
        assert page is not None and page.body == crawled["bodies"][n], n


def test_every_failure_is_recorded_with_its_reason(crawled: dict) -> None:
    site, base = crawled["site"], crawled["base"]
    expected = {base + site.path(n): reason for n, reason in site.failing().items()}
    expected.update({base + path: reason for path, (_c, _b, reason) in root_faults().items()})
    assert crawled["first_failed"] == expected
    summary = crawled["first"]
    assert summary.failed == Counter(expected.values())
    assert summary.new == crawled["first_ok_pages"]  # every 2xx response kept, counted once


def test_each_good_page_was_requested_once_and_faults_were_retried(crawled: dict) -> None:
    site, hits = crawled["site"], article_hits(crawled["first_hits"], crawled["site"])
    good_plain = [site.path(n) for n in range(PAGES) if site.kind(n) is None]
    assert {hits[p] for p in good_plain} == {1}
    by_kind: dict[str, set[int]] = {}
    for n, kind in site.kinds.items():
        by_kind.setdefault(kind, set()).add(hits[site.path(n)])
    assert by_kind["flaky"] == {2}  # one 503, one retry that succeeds
    assert by_kind["error500"] == {RETRIES + 1} and by_kind["transient"] == {RETRIES + 1}
    assert by_kind["reset"] == {RETRIES + 1}
    assert by_kind["huge"] == {1}  # too large is final, not retried


def test_second_crawl_retries_only_the_failures(crawled: dict) -> None:
    site, base = crawled["site"], crawled["base"]
    asked = set(article_hits(crawled["second_hits"], site))
    failed_articles = {urlsplit(u).path for u in crawled["first_failed"] if site.number(urlsplit(u).path) is not None}
    assert asked == failed_articles
    # transient pages (503 twice, then fine) are archived by the second crawl; nothing else changed
    transient = {base + site.path(n) for n, k in site.kinds.items() if k == "transient"}
    assert TRANSIENT_FAILURES <= RETRIES + 1
    assert all(crawled["final_rows"][u][0] == 200 for u in transient)
    assert set(crawled["final_failed"]) == set(crawled["first_failed"]) - transient
    second = crawled["second"]
    assert second.new == len(transient)
    assert second.failed == Counter(crawled["final_failed"].values())


def test_archive_has_no_duplicates_and_is_intact(crawled: dict) -> None:
    store = crawled["store"]
    con = sqlite3.connect(store.url.removeprefix("sqlite:///"))
    try:
        dupes = con.execute("select url, content_hash, count(*) from raw_pages group by 1, 2 having count(*) > 1"
                            ).fetchall()
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert dupes == []

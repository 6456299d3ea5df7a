"""Spider callbacks and link parsers on saved responses built from bytes (no network, no reactor)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse

from archive.records import RawPage
from archive.store import Store
from crawler.feeds import feed_entries, sitemap_entries
from crawler.items import FailureItem, NotModifiedItem, PageItem, SkipItem
from crawler.parsers.statuspage import PayloadError, history_codes
from crawler.sources import Source
from crawler.spider import OutageSpider, statuspage_base, statuspage_incidents_url

SITE = Path(__file__).resolve().parents[1] / "data" / "crawler" / "site"
BASE = "http://news.test"


def body(name: str) -> bytes:
    return (SITE / name).read_bytes().replace(b"__BASE__", BASE.encode())


def respond(cls: type, url: str, data: bytes, source: Source, role: str, status: int = 200,
            headers: dict[str, str] | None = None, **meta: object) -> TextResponse:
    request = Request(url, meta={"source": source, "role": role, **meta})
    return cls(url=url, body=data, status=status, request=request,
               headers=headers or {"Content-Type": "text/html; charset=utf-8"})


@pytest.fixture
def spider(store: Store) -> OutageSpider:
    src = Source("wire", "news-feed", f"{BASE}/news/feed.xml")
    return OutageSpider(store=store, sources=[src])


def split(output: list) -> tuple[list, list[Request]]:
    return [o for o in output if not isinstance(o, Request)], [o for o in output if isinstance(o, Request)]


def test_feed_callback_keeps_raw_first_then_follows(spider: OutageSpider) -> None:
    src = spider.sources[0]
    resp = respond(XmlResponse, f"{BASE}/news/feed.xml", body("news/feed.xml"), src, "feed",
                   headers={"Content-Type": "application/rss+xml", "ETag": '"abc"'})
    output = list(spider.parse_root(resp))
    assert isinstance(output[0], PageItem) and output[0].page.source_kind == "feed"
    assert output[0].page.body == resp.body and output[0].page.headers["Etag"] == '"abc"'
    items, requests = split(output[1:])
    urls = [r.url for r in requests]
    # relative links resolved; the launch story kept out by its entry; robots.txt is Scrapy's job
    assert urls == [f"{BASE}/news/chatterbox-down.html", f"{BASE}/news/parcelhub-restored.html",
                    f"{BASE}/private/memo.html", f"{BASE}/news/old-parcelhub.html"]
    assert all(r.meta["role"] == "article" and r.meta["source"] is src for r in requests)
    assert [(i.reason, i.url.rsplit("/", 1)[-1]) for i in items] == [("not about an outage",
                                                                      "chatterbox-stickers.html")]


def test_since_and_seen_urls(spider: OutageSpider) -> None:
    spider.since = datetime(2023, 1, 1, tzinfo=UTC)
    spider.state = {f"{BASE}/news/chatterbox-down.html": {"content_hash": "x", "last_fetched": "2023-06-01T00:00:00Z"}}
    resp = respond(XmlResponse, f"{BASE}/news/feed.xml", body("news/feed.xml"), spider.sources[0], "feed")
    items, requests = split(list(spider.parse_root(resp))[1:])
    reasons = {i.url.rsplit("/", 1)[-1]: i.reason for i in items}
    assert reasons["old-parcelhub.html"] == "before --since"
    assert reasons["chatterbox-down.html"] == "seen"
    assert len(requests) == 2


def test_sitemap_index_news_sitemap_and_lastmod_refetch(spider: OutageSpider) -> None:
    src = Source("maps", "sitemap", f"{BASE}/sitemap_index.xml")
    resp = respond(XmlResponse, f"{BASE}/sitemap_index.xml", body("sitemap_index.xml"), src, "sitemap")
    _items, requests = split(list(spider.parse_root(resp))[1:])
    assert [(r.url.rsplit("/", 1)[-1], r.meta["role"]) for r in requests] == [
        ("sitemap-news.xml", "sitemap"), ("sitemap-pages.xml", "sitemap")]
    entries = sitemap_entries(body("sitemap-news.xml"), BASE)
    assert entries[0].title == "CloudNest outage knocks websites offline"
    assert entries[0].published == datetime(2023, 5, 6, 7, 15, tzinfo=UTC)
    # a page already kept is fetched again when its sitemap lastmod is newer than our copy
    spider.state = {f"{BASE}/news/grid-blackout.html": {"content_hash": "x", "last_fetched": "2023-05-01T00:00:00Z"}}
    resp = respond(XmlResponse, f"{BASE}/sitemap-pages.xml", body("sitemap-pages.xml"), src, "sitemap")
    _items, requests = split(list(spider.parse_root(resp))[1:])
    assert f"{BASE}/news/grid-blackout.html" in [r.url for r in requests]


def test_gzipped_sitemap_and_atom_feed() -> None:
    packed = gzip.compress(body("sitemap-pages.xml"))
    assert [e.url.rsplit("/", 1)[-1] for e in sitemap_entries(packed, BASE)] == [
        "grid-blackout.html", "report.pdf", "missing.html"]
    atom = feed_entries(body("news/atom.xml"), BASE)
    assert [e.title for e in atom][0] == "Streamly video service suffers outage during final"
    assert atom[0].published == datetime(2023, 5, 4, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("data,message", [
    (b"<rss><channel><item>", "malformed XML"),
    (b"<html><body>not a feed</body></html>", "not a news feed"),
    (b"", "malformed XML"),
])
def test_bad_feeds_raise_payload_errors(data: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        feed_entries(data, BASE)


def test_malformed_feed_is_kept_and_reported(spider: OutageSpider) -> None:
    resp = respond(XmlResponse, f"{BASE}/news/feed.xml", b"<rss><channel><item><title>cut", spider.sources[0],
                   "feed")
    output = list(spider.parse_root(resp))
    assert isinstance(output[0], PageItem)
    assert isinstance(output[1], FailureItem) and output[1].reason == "malformed xml"


def test_not_modified_reads_links_from_the_archive(spider: OutageSpider, store: Store) -> None:
    url = f"{BASE}/news/feed.xml"
    store.add_raw_page(RawPage(url=url, final_url=url, fetched_at=datetime(2023, 5, 5, tzinfo=UTC), status=200,
                               headers={}, body=body("news/feed.xml"), source_name="wire", source_kind="feed"))
    resp = respond(XmlResponse, url, b"", spider.sources[0], "feed", status=304)
    output = list(spider.parse_root(resp))
    assert isinstance(output[0], NotModifiedItem)
    assert len([o for o in output if isinstance(o, Request)]) == 4


def test_article_roles(spider: OutageSpider) -> None:
    src = spider.sources[0]
    page = respond(HtmlResponse, f"{BASE}/news/streamly-outage.html", body("news/streamly-outage.html"), src,
                   "article")
    (item,) = list(spider.parse_article(page))
    assert isinstance(item, PageItem) and item.page.source_kind == "article" and item.page.source_name == "wire"
    pdf = respond(TextResponse, f"{BASE}/news/report.pdf", b"%PDF-1.4", src, "article",
                  headers={"Content-Type": "application/pdf"})
    (skip,) = list(spider.parse_article(pdf))
    assert isinstance(skip, SkipItem) and skip.reason == "not html"
    gone = respond(HtmlResponse, f"{BASE}/news/x.html", b"<html>gone</html>", src, "article", status=410)
    kept, failure = list(spider.parse_article(gone))
    assert kept.page.status == 410 and failure.reason == "http 410"


def statuspage_listing(count: int) -> bytes:
    return json.dumps({"page": {"url": "https://status.acme.test"},
                       "incidents": [{"id": f"code{n:08d}", "incident_updates": [], "name": "x",
                                      "created_at": "2023-01-01T00:00:00Z"} for n in range(count)]}).encode()


def test_statuspage_history_only_beyond_the_newest_50(spider: OutageSpider) -> None:
    src = Source("acme", "statuspage", "https://status.acme.test", "Acme")
    url = statuspage_incidents_url(src.url)
    assert url == "https://status.acme.test/api/v2/incidents.json"
    few = respond(TextResponse, url, statuspage_listing(12), src, "statuspage",
                  headers={"Content-Type": "application/json"})
    assert [o for o in spider.parse_root(few) if isinstance(o, Request)] == []
    full = respond(TextResponse, url, statuspage_listing(50), src, "statuspage",
                   headers={"Content-Type": "application/json"})
    (history,) = [o for o in spider.parse_root(full) if isinstance(o, Request)]
    assert history.url == "https://status.acme.test/history.json?page=1"

    page = json.dumps({"months": [{"name": "March", "year": 2023, "incidents": [
        {"code": "code00000049", "name": "listed already"}, {"code": "oldercode001", "name": "older"}]}]})
    resp = respond(TextResponse, history.url, page.encode(), src, "statuspage",
                   headers={"Content-Type": "application/json"}, history_page=1,
                   listed=history.meta["listed"])
    requests = [o for o in spider.parse_root(resp) if isinstance(o, Request)]
    assert [r.url for r in requests] == ["https://status.acme.test/api/v2/incidents/oldercode001.json",
                                         "https://status.acme.test/history.json?page=2"]
    assert [e.code for e in history_codes(page.encode())] == ["code00000049", "oldercode001"]


def test_statuspage_base_forms() -> None:
    assert statuspage_base("https://www.githubstatus.com/api/v2/incidents.json") == "https://www.githubstatus.com"
    assert statuspage_base("http://127.0.0.1:8/status/x/") == "http://127.0.0.1:8/status/x"
    assert statuspage_incidents_url("https://x.test/api/v2/incidents.json") == "https://x.test/api/v2/incidents.json"


def test_feed_with_wrong_declared_charset_is_still_read() -> None:
    feed = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
            "<item><title>Caf\u00e9 app outage</title><link>/a.html</link></item></channel></rss>").encode("cp1252")
    (entry,) = feed_entries(feed, BASE)
    assert entry.title == "Caf\u00e9 app outage" and entry.url == f"{BASE}/a.html"

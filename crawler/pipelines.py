"""Item pipeline: keep raw pages in the archive (WARC + row) and record what happened to each URL."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredList
from twisted.python.threadpool import ThreadPool

from archive.records import RawPage, now_utc
from crawler.items import FailureItem, NotModifiedItem, PageItem, SkipItem

log = logging.getLogger(__name__)


class ArchivePipeline:
    """Writes ``PageItem`` raw pages into the archive and keeps ``crawl_state`` current.

    * A response seen twice in one crawl, or whose body is already kept for its URL, is dropped
      (``DropItem``) and counted as unchanged.
    * Feeds, sitemaps and status payloads (few, and they decide what is followed) are written one by one
      (``Store.add_raw_page``) before their item goes on. Article pages (many) are written in batches
      (``Store.add_raw_pages``) by a worker thread; their crawl state is written in the same step, after
      the WARC record and row, so a crawl killed before a batch is written simply fetches those pages
      again on the next run.
    * Skips and failures update the summary counters and, for failures, the URL's ``fail_reason``.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.seen: set[tuple[str, str]] = set()
        self.batch_size = max(1, crawler.settings.getint("OUTAGES_WRITE_BATCH", 50))
        self.batch_seconds = crawler.settings.getfloat("OUTAGES_WRITE_SECONDS", 2.0)
        self.batch: list[RawPage] = []
        self.batch_started = 0.0
        self.pool: ThreadPool | None = None
        self.in_flight: set[Deferred[Any]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    # -- lifecycle ---------------------------------------------------------------------------------
    def open_spider(self) -> None:
        self.seen.clear()
        self.pool = ThreadPool(minthreads=1, maxthreads=1, name="archive-writer")  # one writer: ordered
        self.pool.start()

    async def close_spider(self) -> None:
        self.write_batch()
        if self.in_flight:
            await maybe_deferred_to_future(DeferredList(list(self.in_flight)))
        if self.pool is not None:
            self.pool.stop()
            self.pool = None
        spider = self.spider
        spider.progress.tick(spider.summary, 0, force=True)

    # -- items -------------------------------------------------------------------------------------
    async def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem):
            return self.keep(item)
        if isinstance(item, NotModifiedItem):
            self.not_modified(item)
        elif isinstance(item, SkipItem):
            self.skipped(item)
        elif isinstance(item, FailureItem):
            self.failed(item)
        return item

    def keep(self, item: PageItem) -> PageItem:
        spider = self.spider
        page = item.page
        digest = page.content_hash
        if (page.url, digest) in self.seen:
            raise DropItem(f"duplicate response in this crawl: {page.url}")
        self.seen.add((page.url, digest))
        previous = spider.state.get(page.url) or {}
        ok = page.status < 400
        values = self.state_values(page, digest)
        spider.state[page.url] = {**previous, **values}
        if ok and previous.get("content_hash") == digest:
            spider.summary.unchanged += 1
            spider.store.set_crawl_state(page.url, **values)
            raise DropItem(f"already archived: {page.url}")
        if ok:
            if previous.get("content_hash"):
                spider.summary.changed += 1
            else:
                spider.summary.new += 1
        if page.source_kind == "article":
            if not self.batch:
                self.batch_started = time.monotonic()
            self.batch.append(page)
            if len(self.batch) >= self.batch_size or time.monotonic() - self.batch_started > self.batch_seconds:
                self.write_batch()
        else:
            _page_id, is_new = spider.store.add_raw_page(page)
            spider.store.set_crawl_state(page.url, **values)
            if not is_new:
                self.recount_unchanged(page)
        return item

    @staticmethod
    def state_values(page: RawPage, digest: str) -> dict[str, Any]:
        ok = page.status < 400
        values: dict[str, Any] = dict(source_name=page.source_name, last_status=page.status,
                                      last_fetched=page.fetched_at, fail_reason=None if ok else f"http {page.status}")
        if ok:
            values.update(content_hash=digest, etag=_header(page.headers, "etag"),
                          last_modified=_header(page.headers, "last-modified"))
        return values

    def write_batch(self) -> None:
        """Hand the buffered article pages to the writer thread."""
        if not self.batch:
            return
        pages, self.batch = self.batch, []
        if self.pool is None:  # not opened through Scrapy (direct use): write now
            self.after_batch(pages, self.write_pages(pages))
            return
        from twisted.internet import reactor
        from twisted.internet.threads import deferToThreadPool

        deferred = deferToThreadPool(reactor, self.pool, self.write_pages, pages)
        self.in_flight.add(deferred)
        deferred.addCallback(lambda result: self.after_batch(pages, result))
        deferred.addErrback(lambda failure: log.error("could not write %d pages: %s", len(pages),
                                                      failure.getErrorMessage()))
        deferred.addBoth(lambda _: self.in_flight.discard(deferred))

    def write_pages(self, pages: list[RawPage]) -> list[bool]:
        """Writer thread: raw pages first (WARC + rows), then their crawl state."""
        store = self.spider.store
        results = store.add_raw_pages(pages)
        store.set_crawl_states([{"url": p.url, **self.state_values(p, p.content_hash)} for p in pages])
        return [is_new for _id, is_new in results]

    def after_batch(self, pages: list[RawPage], fresh: list[bool]) -> None:
        for page, is_new in zip(pages, fresh, strict=True):
            if not is_new:  # kept by an earlier, interrupted crawl that never recorded its state
                self.recount_unchanged(page)

    def recount_unchanged(self, page: RawPage) -> None:
        summary = self.spider.summary
        if page.status >= 400:
            return
        if summary.new > 0:
            summary.new -= 1
        summary.unchanged += 1

    def not_modified(self, item: NotModifiedItem) -> None:
        spider = self.spider
        values: dict[str, Any] = dict(source_name=item.source, last_fetched=now_utc())
        if item.mark_complete:
            values.update(content_hash="complete", last_status=200)
        else:
            spider.summary.skipped["not modified"] += 1
            values.update(last_status=304, fail_reason=None)
        spider.store.set_crawl_state(item.url, **values)
        spider.state[item.url] = {**spider.state.get(item.url, {}), **values}

    def skipped(self, item: SkipItem) -> None:
        spider = self.spider
        spider.summary.skipped[item.reason] += 1
        if item.content_hash:  # fetched but not kept (not HTML): remember it, do not fetch again
            values = dict(source_name=item.source, content_hash=item.content_hash, last_status=200,
                          last_fetched=now_utc(), fail_reason=None)
            spider.store.set_crawl_state(item.url, **values)
            spider.state[item.url] = values

    def failed(self, item: FailureItem) -> None:
        spider = self.spider
        spider.summary.failed[item.reason] += 1
        previous = spider.state.get(item.url) or {}
        values = dict(source_name=item.source, fail_reason=item.reason, last_fetched=now_utc(),
                      attempts=int(previous.get("attempts") or 0) + 1)
        spider.store.set_crawl_state(item.url, **values)


def _header(headers: dict[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None

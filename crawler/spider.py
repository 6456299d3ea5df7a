"""The one spider: every source kind, polite, incremental and resumable.

Each response becomes a ``PageItem`` (the raw page) yielded *before* the body is read for links, so the
pipeline keeps it before anything is parsed. Feeds, sitemaps and status payloads are fetched with
conditional headers; on ``304 Not Modified`` the last kept body is read back from the archive and its
links are followed again, so a crawl killed midway loses nothing when re-run. Article URLs already kept
are not fetched again (seen-URL tracking), unless a sitemap says they changed since.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from archive.records import RawPage, now_utc, parse_iso
from archive.store import Store
from crawler import relevance
from crawler.feeds import Entry, feed_entries, sitemap_entries
from crawler.items import FailureItem, NotModifiedItem, PageItem, SkipItem
from crawler.parsers.statuspage import PayloadError, history_codes, listed_codes
from crawler.sources import Source
from crawler.stats import CrawlSummary, Progress, failure_reason

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
STATUSPAGE_PAGE_SIZE = 50


def statuspage_base(url: str) -> str:
    """``https://x.example`` from any Statuspage URL (home page or API endpoint)."""
    parts = urlsplit(url)
    path = parts.path
    for marker in ("/api/v2/", "/history.json", "/history.atom", "/history.rss"):
        if marker in path:
            path = path.split(marker, 1)[0]
    return f"{parts.scheme}://{parts.netloc}{path.rstrip('/')}"


def statuspage_incidents_url(url: str) -> str:
    return url if url.endswith(".json") else statuspage_base(url) + "/api/v2/incidents.json"


class OutageSpider(scrapy.Spider):
    name = "outages"

    def __init__(self, store: Store, sources: list[Source], since: datetime | None = None,
                 progress: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.store = store
        self.sources = sources
        self.since = since
        self.summary = CrawlSummary(sources=len(sources))
        self.progress = Progress(progress)
        self.state: dict[str, dict[str, Any]] = {}
        self.scheduled: set[str] = set()

    # -- start ------------------------------------------------------------------------------
    async def start(self) -> Any:
        self.state = self.store.all_crawl_state() if hasattr(self.store, "all_crawl_state") else {}
        for source in self.sources:
            if source.kind == "statuspage":
                url, role = statuspage_incidents_url(source.url), "statuspage"
            elif source.kind in {"news-feed"}:
                url, role = source.url, "feed"
            elif source.kind == "sitemap":
                url, role = source.url, "sitemap"
            else:
                url, role = source.url, source.kind
            yield self.conditional(url, source, role, self.parse_root)

    def conditional(self, url: str, source: Source, role: str, callback: Any, **meta: Any) -> Request:
        """A request carrying If-None-Match / If-Modified-Since when the archive holds its last body."""
        headers = {}
        state = self.state.get(url)
        if state and state.get("content_hash") and not state.get("fail_reason"):
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        return self.request(url, source, role, callback, headers=headers, **meta)

    def request(self, url: str, source: Source, role: str, callback: Any,
                headers: dict[str, str] | None = None, **meta: Any) -> Request:
        self.scheduled.add(url)
        return Request(url, callback=callback, errback=self.failed, headers=headers or None,
                       dont_filter=True, meta={"source": source, "role": role, **meta})

    def pending(self) -> int:
        engine = getattr(getattr(self, "crawler", None), "engine", None)
        slot = getattr(engine, "_slot", None) if engine is not None else None
        try:
            return len(slot.scheduler) + len(slot.inprogress)  # type: ignore[union-attr]
        except (AttributeError, TypeError):
            return 0

    # -- responses ----------------------------------------------------------------------------
    def raw_page(self, response: Response) -> RawPage:
        request_url = response.request.meta.get("redirect_urls", [response.url])[0] if response.request else response.url
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        source: Source = response.meta["source"]
        return RawPage(url=request_url, final_url=response.url, fetched_at=now_utc(), status=response.status,
                       headers=headers, body=response.body, source_name=source.name,
                       source_kind=response.meta["role"])

    def answered(self, response: Response) -> tuple[Source, str, RawPage | None, bytes | None]:
        """Count the response; return the body to read for links (None when there is nothing to read)."""
        self.summary.fetched += 1
        if self.progress.enabled:
            self.progress.tick(self.summary, self.pending())
        source, role = response.meta["source"], response.meta["role"]
        if response.status == 304:
            raw = self.store.raw_page_for_url(response.meta.get("redirect_urls", [response.url])[0])
            return source, role, None, raw.body if raw is not None else None
        page = self.raw_page(response)
        return source, role, page, page.body if response.status < 400 else None

    def parse_root(self, response: Response) -> Iterator[Any]:
        """Feeds, sitemaps and status payloads."""
        source, role, page, body = self.answered(response)
        if page is None:
            yield NotModifiedItem(url=response.meta.get("redirect_urls", [response.url])[0], source=source.name)
        else:
            yield PageItem(page=page, role=role)
        if body is None or (page is not None and page.status >= 400):
            if page is not None and page.status >= 400:
                yield FailureItem(url=page.url, source=source.name, reason=f"http {page.status}")
            return
        try:
            yield from self.follow(response, source, role, body)
        except PayloadError as exc:
            log.warning("unreadable %s %s: %s", role, response.url, exc)
            yield FailureItem(url=response.url, source=source.name, reason=_payload_reason(exc))
        except Exception as exc:  # noqa: BLE001 - a parser bug must cost one page, not the crawl
            log.warning("could not read %s %s: %s: %s", role, response.url, type(exc).__name__, exc)
            yield FailureItem(url=response.url, source=source.name, reason=f"parse error: {type(exc).__name__}")

    def follow(self, response: Response, source: Source, role: str, body: bytes) -> Iterator[Any]:
        if role == "feed":
            yield from self.follow_entries(feed_entries(body, response.url), source)
        elif role == "sitemap":
            yield from self.follow_entries(sitemap_entries(body, response.url), source)
        elif role == "statuspage" and source.kind == "statuspage":
            yield from self.follow_statuspage(response, source, body)
        elif role in {"statuspage-atom", "statuspage-rss", "gcp", "aws-rss", "aws"}:
            from crawler.parsers import parse_status_body

            parse_status_body(body, role, source.service or source.name)  # validate now; kept anyway

    def follow_entries(self, entries: list[Entry], source: Source) -> Iterator[Any]:
        for entry in entries:
            if entry.is_sitemap:
                if entry.url not in self.scheduled:
                    yield self.conditional(entry.url, source, "sitemap", self.parse_root)
                continue
            reason = self.skip_reason(entry)
            if reason:
                yield SkipItem(url=entry.url, source=source.name, reason=reason)
                continue
            if entry.url in self.scheduled:
                continue
            yield self.request(entry.url, source, "article", self.parse_article)

    def skip_reason(self, entry: Entry) -> str | None:
        if not entry.url.startswith(("http://", "https://")):
            return "not http"
        if self.since and entry.published and entry.published < self.since:
            return "before --since"
        state = self.state.get(entry.url)
        if state and state.get("content_hash") and not state.get("fail_reason"):
            last = parse_iso(state.get("last_fetched"))
            if not (entry.published and last and entry.published > last):
                return "seen"
        if entry.title and not relevance.OUTAGE.search(f"{entry.title} {entry.summary}") and \
                relevance.score(entry.title, entry.summary) < 0.2:
            return "not about an outage"
        return None

    def parse_article(self, response: Response) -> Iterator[Any]:
        source, _role, page, _body = self.answered(response)
        if page is None:
            return
        ctype = page.content_type.split(";")[0].strip().lower()
        if page.status < 400 and ctype and ctype not in HTML_TYPES:
            yield SkipItem(url=page.url, source=source.name, reason="not html", content_hash=page.content_hash)
            return
        yield PageItem(page=page, role="article")
        if page.status >= 400:
            yield FailureItem(url=page.url, source=source.name, reason=f"http {page.status}")

    # -- Statuspage API -------------------------------------------------------------------------
    def follow_statuspage(self, response: Response, source: Source, body: bytes) -> Iterator[Any]:
        if response.meta.get("history_page"):
            yield from self.follow_history(response, source, body)
            return
        if response.meta.get("incident_code"):
            return
        listed = listed_codes(body)
        known = {code for code, _ in listed}
        if len(listed) >= STATUSPAGE_PAGE_SIZE and source.options.get("history", True):
            yield self.history_request(source, 1, known)

    def history_request(self, source: Source, page: int, listed: set[str]) -> Request:
        url = f"{statuspage_base(source.url)}/history.json?page={page}"
        return self.conditional(url, source, "statuspage", self.parse_root, history_page=page,
                                listed=listed)

    def follow_history(self, response: Response, source: Source, body: bytes) -> Iterator[Any]:
        page_no: int = response.meta["history_page"]
        listed: set[str] = response.meta.get("listed", set())
        entries = history_codes(body)
        base = statuspage_base(source.url)
        fresh = 0
        for entry in entries:
            if self.since and entry.year and entry.year < self.since.year:
                continue
            url = f"{base}/api/v2/incidents/{entry.code}.json"
            if entry.code in listed or url in self.scheduled:
                continue
            state = self.state.get(url)
            if state and state.get("content_hash") and not state.get("fail_reason"):
                continue
            fresh += 1
            yield self.request(url, source, "statuspage", self.parse_root, incident_code=entry.code)
        marker = f"{base}/history.json#complete"
        complete = bool(self.state.get(marker))
        max_pages = int(source.options.get("max_history_pages", 50))
        past_since = bool(self.since and entries and all(e.year and e.year < self.since.year for e in entries))
        if not entries or page_no >= max_pages or past_since:
            yield NotModifiedItem(url=marker, source=source.name, mark_complete=True)
            return
        if fresh or not complete:
            yield self.history_request(source, page_no + 1, listed)

    # -- failures ----------------------------------------------------------------------------------
    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.meta["source"]
        reason = failure_reason(failure.value)
        log.warning("failed %s: %s (%s)", request.url, reason, failure.getErrorMessage())
        yield FailureItem(url=request.meta.get("redirect_urls", [request.url])[0], source=source.name,
                          reason=reason)

    def keep_side_response(self, response: Response, role: str) -> None:
        """robots.txt answers, fetched by Scrapy's middleware rather than a spider request."""
        try:
            headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1")
                       for k, v in response.headers.items()}
            page = RawPage(url=response.url, final_url=response.url, fetched_at=now_utc(),
                           status=response.status, headers=headers, body=response.body,
                           source_name=urlsplit(response.url).netloc, source_kind=role)
            self.store.add_raw_page(page)
        except Exception as exc:  # noqa: BLE001 - keeping robots.txt is best effort
            log.warning("could not keep %s: %s", response.url, exc)


def _payload_reason(exc: PayloadError) -> str:
    text = str(exc).lower()
    if "json" in text:
        return "malformed json"
    if "xml" in text or "gzip" in text:
        return "malformed xml"
    return "unexpected payload"

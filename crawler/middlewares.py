"""Downloader middleware: keep robots.txt answers in the archive too (page role ``robots``)."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request, Response


class KeepRobotsMiddleware:
    """Scrapy's robots.txt middleware fetches ``/robots.txt`` itself; hand those answers to the spider."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KeepRobotsMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Any:
        spider: Any = self.crawler.spider
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt") \
                and hasattr(spider, "keep_side_response"):
            spider.keep_side_response(response, "robots")
        return response

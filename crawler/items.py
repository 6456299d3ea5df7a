"""What the spider hands to the pipelines."""

from __future__ import annotations

from dataclasses import dataclass

from archive.records import RawPage


@dataclass
class PageItem:
    """A response to keep in the archive exactly as fetched."""

    page: RawPage
    role: str


@dataclass
class NotModifiedItem:
    """A conditional request answered 304 (or a bookkeeping marker when ``mark_complete``)."""

    url: str
    source: str
    mark_complete: bool = False


@dataclass
class SkipItem:
    """A link deliberately not fetched (seen before, before --since, not about an outage ...)."""

    url: str
    source: str
    reason: str
    content_hash: str | None = None  # set when the page was fetched (and found not worth keeping)


@dataclass
class FailureItem:
    """A request that failed for good (after retries), with a short reason."""

    url: str
    source: str
    reason: str

"""Counting what a crawl did, and the one-line summary ``outages crawl`` ends with."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from scrapy.exceptions import IgnoreRequest


@dataclass
class CrawlSummary:
    """What a crawl fetched and kept. ``failed`` and ``skipped`` are counted by reason."""

    fetched: int = 0  # HTTP responses received (any status, incl. 304)
    new: int = 0  # responses kept whose URL had never been kept before
    changed: int = 0  # responses kept for a known URL whose body changed
    unchanged: int = 0  # 200 responses identical to what is already kept
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    sources: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"sources": self.sources, "fetched": self.fetched, "new": self.new, "changed": self.changed,
                "unchanged": self.unchanged, "skipped": dict(sorted(self.skipped.items())),
                "failed": dict(sorted(self.failed.items())), "seconds": round(self.seconds, 2)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        return cls(fetched=data.get("fetched", 0), new=data.get("new", 0), changed=data.get("changed", 0),
                   unchanged=data.get("unchanged", 0), skipped=Counter(data.get("skipped") or {}),
                   failed=Counter(data.get("failed") or {}), sources=data.get("sources", 0),
                   seconds=data.get("seconds", 0.0))

    @property
    def kept(self) -> int:
        return self.new + self.changed

    def __str__(self) -> str:
        def by_reason(counter: Counter[str]) -> str:
            total = sum(counter.values())
            if not total:
                return "0"
            return f"{total} (" + ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())) + ")"

        skipped = self.skipped + Counter({"unchanged": self.unchanged})
        return (f"crawled {self.sources} source(s) in {self.seconds:.1f}s: fetched {self.fetched}, "
                f"new {self.new}, changed {self.changed}, skipped {by_reason(skipped)}, "
                f"failed {by_reason(self.failed)}")


def failure_reason(exc: BaseException) -> str:
    """A short, stable reason for a failed request (used as a summary key)."""
    name = type(exc).__name__
    text = str(exc).lower()
    if isinstance(exc, IgnoreRequest):
        if "robots" in text:
            return "robots.txt"
        if "redirect" in text:
            return "redirect loop"
        if "offsite" in text:
            return "offsite"
        return "ignored"
    if "timeout" in name.lower() or "timed out" in text:
        return "timeout"
    if "cancel" in name.lower() and ("size" in text or "larger" in text):
        return "too large"
    if "dataloss" in name.lower() or "data loss" in text or "partial" in text:
        return "truncated body"
    if "dns" in name.lower() or "lookup" in text:
        return "dns error"
    if "refused" in name.lower() or "refused" in text:
        return "connection refused"
    if "connection" in name.lower() or "responsefailed" in name.lower() or "connectionlost" in text:
        return "connection error"
    return name


class Progress:
    """Throttled one-line progress on stderr."""

    def __init__(self, enabled: bool, stream: TextIO | None = None, every: float = 1.0):
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.every = every
        self._last = 0.0

    def tick(self, summary: CrawlSummary, queued: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        failed = sum(summary.failed.values())
        self.stream.write(f"crawl: {summary.fetched} fetched, {summary.new} new, {summary.changed} changed, "
                          f"{failed} failed, {queued} pending\n")
        self.stream.flush()

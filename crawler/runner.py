"""Child-process entry point: ``python -m crawler.runner JOB.json``.

Scrapy's Twisted reactor cannot be restarted inside one process, so ``crawler.run.crawl_sources`` runs
each crawl here. The job file names the archive (database URL, raw directory), the settings, the sources
and where to write the JSON summary.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from archive.config import load_config
from archive.records import parse_iso
from archive.store import Store
from crawler.sources import Source


def _one_line(self: logging.Formatter, exc_info: Any) -> str:
    exc = exc_info[1]
    return f"({type(exc).__name__}: {exc})"


def quiet_tracebacks() -> None:
    """Faults are logged as one line (URL and reason): in this child process, which only crawls, any
    formatter renders an exception as its type and message. ``-vv`` (DEBUG) keeps full tracebacks."""
    logging.Formatter.formatException = _one_line  # type: ignore[method-assign,assignment]


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import scrapy_settings
    from crawler.spider import OutageSpider

    config = load_config(job.get("config") or {}, environ={})
    store = Store(job["db_url"], raw_dir=Path(job["raw_dir"]) if job.get("raw_dir") else None)
    sources = [Source.from_dict(s) for s in job["sources"]]
    process = CrawlerProcess(scrapy_settings(config, log_level=job.get("log_level", "WARNING"),
                                             crawl_key=job.get("crawl_key")))
    crawler = process.create_crawler(OutageSpider)
    if job.get("log_level", "WARNING") != "DEBUG":
        quiet_tracebacks()
    process.crawl(crawler, store=store, sources=sources, since=parse_iso(job.get("since")),
                  progress=bool(job.get("progress")))
    started = time.monotonic()
    process.start()
    spider: Any = crawler.spider
    summary = spider.summary
    summary.seconds = time.monotonic() - started
    store.close()
    return summary.as_dict()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m crawler.runner JOB.json", file=sys.stderr)
        return 2
    job_path = Path(args[0])
    job = json.loads(job_path.read_text(encoding="utf-8"))
    try:
        result = run_job(job)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        logging.getLogger("crawler").debug("crawl failed", exc_info=True)
        Path(job["summary_path"]).write_text(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return 1
    Path(job["summary_path"]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

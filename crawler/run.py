"""``crawl_sources``: run one crawl in a child process and return its summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from archive.config import PROJECT_ROOT, Config
from archive.records import iso
from archive.store import Store
from crawler.sources import Source
from crawler.stats import CrawlSummary

__all__ = ["CrawlError", "CrawlSummary", "crawl_sources", "crawl_command"]


class CrawlError(RuntimeError):
    """The crawl process could not run (the message says why)."""


def _job(config: Config, store: Store, sources: list[Source], since: datetime | None, progress: bool,
         summary_path: Path, log_level: str) -> dict[str, Any]:
    raw_dir = store.warc.directory if store.warc is not None else None
    settings = {k: v for k, v in config.as_dict().items() if isinstance(v, str | int | float | bool)}
    job: dict[str, Any] = {"config": settings, "db_url": store.url, "raw_dir": str(raw_dir) if raw_dir else None,
                           "sources": [s.as_dict() for s in sources], "since": iso(since), "progress": progress,
                           "summary_path": str(summary_path), "log_level": log_level}
    if config.get("redis_url"):
        from crawler.distributed import crawl_key

        job["crawl_key"] = crawl_key(store.url, sources, since)
    return job


def crawl_command(job_path: Path) -> list[str]:
    return [sys.executable, "-m", "crawler.runner", str(job_path)]


def crawl_sources(config: Config, store: Store, sources: list[Source], since: datetime | None = None,
                  progress: bool = False, log_level: str = "WARNING",
                  timeout: float | None = None) -> CrawlSummary:
    """Crawl ``sources`` into ``store`` (in a child process writing the same archive); return counts."""
    for source in sources:
        store.upsert_source(source.name, source.kind, source.url, source.service)
    with tempfile.TemporaryDirectory(prefix="outages-crawl-") as tmp:
        job_path, summary_path = Path(tmp) / "job.json", Path(tmp) / "summary.json"
        job_path.write_text(json.dumps(_job(config, store, sources, since, progress, summary_path,
                                            log_level)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        try:
            proc = subprocess.run(crawl_command(job_path), env=env, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise CrawlError(f"crawl did not finish within {timeout}s") from exc
        if not summary_path.exists():
            raise CrawlError(f"crawl process ended with code {proc.returncode} and no summary")
        data = json.loads(summary_path.read_text())
    if "error" in data:
        raise CrawlError(data["error"])
    return CrawlSummary.from_dict(data)

"""The offline demo: crawl the bundled sample site from a local HTTP server, then process, build, index."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from archive.config import DATA_ROOT, Config
from archive.store import Store

log = logging.getLogger(__name__)

SAMPLE_SITE = DATA_ROOT / "sample-site"


def _free(port: int) -> int:
    """``port`` if it can be bound on 127.0.0.1, else 0 (any free port)."""
    if port == 0:
        return 0
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: TIME_WAIT is fine
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            log.warning("port %s is busy; serving the sample site on another port", port)
            return 0
    return port


@contextmanager
def sample_site(site_port: int = 8765) -> Iterator[str]:
    """Serve the bundled sample site on 127.0.0.1 (``site_port`` when free); yield its base URL.

    Archived URLs include the port, so re-running the demo on the same port adds nothing new.
    """
    from crawler.localsite import serve_directory

    with serve_directory(SAMPLE_SITE, port=_free(site_port)) as base_url:
        yield base_url


def run_demo(config: Config, store: Store, base_url: str) -> dict[str, Any]:
    """Build the demo archive in ``store`` from the sample site at ``base_url``; return counts."""
    from archive.build import build_incidents
    from archive.process import process_pages
    from archive.search import rebuild_index
    from crawler.run import crawl_sources
    from crawler.sources import load_sources

    sources = load_sources(SAMPLE_SITE / "sources.toml", base_url=base_url)
    # The sample site is our own local server: no need for the politeness delay used on the web.
    local = config.replace(download_delay=0.0, autothrottle=False)
    crawl = crawl_sources(local, store, sources)
    processed = process_pages(store, pending_only=True, min_relevance=config.min_relevance)
    built = build_incidents(store)
    rebuild_index(store, config.index_path)
    counts = store.counts()
    log.info("crawl %s; processing %s; build %s", crawl, processed.as_dict(), built)
    return {"pages": counts["pages"], "articles": counts["articles"], "reports": counts["outage_reports"],
            "status incidents": counts["status_incidents"], "incidents": counts["incidents"],
            "services": len({i.service for i in store.incidents()})}

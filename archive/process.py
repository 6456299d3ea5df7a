"""Turn kept raw pages into articles, status incidents and outage reports (``outages reprocess``).

Works from the archive alone, so extraction can be re-run without the network.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from archive.records import RawPage
from archive.store import Store

log = logging.getLogger(__name__)

STATUS_KINDS = frozenset({"statuspage", "statuspage-atom", "statuspage-rss", "gcp", "aws-rss", "aws"})
ARTICLE_KINDS = frozenset({"article"})


@dataclass
class ProcessSummary:
    pages: int = 0
    articles: int = 0
    relevant_articles: int = 0
    status_incidents: int = 0
    reports: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {"pages": self.pages, "articles": self.articles, "relevant_articles": self.relevant_articles,
                "status_incidents": self.status_incidents, "reports": self.reports,
                "skipped": dict(self.skipped)}


def _service_of_sources(store: Store) -> dict[str, str]:
    from sqlalchemy import select

    from archive import schema

    with store.engine.connect() as conn:
        return {r.name: r.service for r in conn.execute(select(schema.sources)) if r.service}


def process_status_page(store: Store, page: RawPage, service: str, summary: ProcessSummary) -> None:
    from archive.reports import report_from_status
    from crawler.parsers import parse_status_page

    for incident in parse_status_page(page, service):
        si_id = store.upsert_status_incident(incident, raw_page_id=page.id)
        summary.status_incidents += 1
        merged = store.status_incident(si_id) or incident  # every payload's view of it, merged
        store.upsert_report(report_from_status(merged), status_incident_id=si_id)
        summary.reports += 1


def process_pages(store: Store, pending_only: bool = True, min_relevance: float = 0.5,
                  progress: Callable[[Iterable[int]], Iterable[int]] | None = None) -> ProcessSummary:
    """Process raw pages (only those not processed yet, unless ``pending_only`` is False)."""
    from extract.pipeline import process_article_page

    summary = ProcessSummary()
    services = _service_of_sources(store)
    ids: Iterable[int] = store.raw_page_ids(pending_only=pending_only)
    if progress is not None:
        ids = progress(ids)
    for page_id in ids:
        page = store.raw_page(page_id)
        if page is None:
            continue
        summary.pages += 1
        try:
            if page.status >= 400:
                summary.skipped[f"http {page.status}"] += 1
            elif page.source_kind in STATUS_KINDS:
                process_status_page(store, page, services.get(page.source_name, page.source_name), summary)
            elif page.source_kind in ARTICLE_KINDS:
                process_article_page(store, page, summary, min_relevance=min_relevance)
            else:
                summary.skipped[page.source_kind or "unknown kind"] += 1
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
            log.warning("could not process %s: %s: %s", page.url, type(exc).__name__, exc)
            summary.skipped[f"error: {type(exc).__name__}"] += 1
        store.mark_processed(page_id)
    return summary

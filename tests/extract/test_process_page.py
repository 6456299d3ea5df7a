"""process_article_page against a real SQLite store (the hook used by ``outages reprocess``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archive.process import ProcessSummary
from archive.records import RawPage
from archive.store import Store
from extract.pipeline import process_article_page

PAGE = """<html><head><title>Slack down for thousands | Example</title>
<meta property="article:published_time" content="2024-02-27T18:00:00Z"></head><body><article>
<h1>Slack down for thousands of workers</h1>
<p>Slack stopped loading messages for thousands of users in the US and Europe on Tuesday, in an outage
that lasted about three hours.</p>
<p>The problems began at around 9 a.m. ET and users saw a banner reading "Trouble connecting to Slack".
Downdetector logged more than 11,000 reports at the peak.</p>
<p>Slack said a configuration change was to blame and that service was restored by 12:10 p.m. ET.</p>
</article><aside class="related"><a href="/x">Zoom outage hits schools</a></aside></body></html>"""


def test_article_and_report_are_stored(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    page = RawPage(url="https://news.example.test/slack", final_url="https://news.example.test/slack",
                   fetched_at=datetime(2024, 2, 27, 19, 0, tzinfo=UTC), status=200,
                   headers={"Content-Type": "text/html"}, body=PAGE.encode(), source_name="example",
                   source_kind="article")
    page.id, _ = store.add_raw_page(page)
    summary = ProcessSummary()
    process_article_page(store, page, summary, min_relevance=0.1)
    process_article_page(store, page, summary, min_relevance=0.1)  # twice: still one row each
    assert len(store.articles()) == 1
    reports = store.reports()
    assert len(reports) == 1
    report = reports[0]
    assert report.service == "Slack" and report.company == "Salesforce"
    assert report.source_kind == "news" and report.source_url == page.url
    assert report.fetched_at == page.fetched_at
    assert report.start == datetime(2024, 2, 27, 14, 0, tzinfo=UTC)
    assert report.error_messages == ["Trouble connecting to Slack"]
    assert report.evidence["start"]
    assert summary.articles == 2 and summary.reports == 2
    store.close()

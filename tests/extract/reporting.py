"""The one helper the extraction tests share: a short article of our own through the real pipeline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from archive.records import Article
from extract.pipeline import extract_report, report_json

PUB = datetime(2024, 3, 7, 12, 0, tzinfo=UTC)  # a Thursday


def report(text: str, title: str = "", published: datetime = PUB) -> dict[str, Any]:
    """``outages extract --format json`` for an article with this text and headline."""
    article = Article(url="https://news.example.test/a", title=title, published=published,
                      publisher="example", text=text)
    return report_json(extract_report(article))

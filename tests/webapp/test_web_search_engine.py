"""The site over the real full-text index (archive.search, Whoosh) rather than the database scan."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

search_module = pytest.importorskip("archive.search")


@pytest.fixture
def indexed_client(app: Any, web_config: Any) -> Any:
    from archive.store import Store

    with Store.open(web_config) as store:
        assert search_module.rebuild_index(store, web_config.index_path) == 4
    return app.test_client()


def test_search_page_uses_the_index(indexed_client: Any) -> None:
    body = indexed_client.get("/api/search?q=slack").get_json()
    assert body["engine"] == "index"
    assert [r["slug"] for r in body["results"]] == ["slack-2021-01-04"]
    tree = lxml_html.fromstring(indexed_client.get("/search?q=slack").get_data(as_text=True))
    assert [a.text_content() for a in tree.xpath("//ol[@class='incidents']//a[@class='title']")] == [
        "Slack outage, 4 January 2021"]
    assert "slack" in [m.text.lower() for m in tree.xpath("//ol[@class='incidents']//mark")]


def test_index_facets_filter_through_the_page(indexed_client: Any) -> None:
    tree = lxml_html.fromstring(indexed_client.get("/search?q=outage").get_data(as_text=True))
    link = tree.xpath("//a[@data-facet='company'][.='Meta']")[0]
    assert parse_qs(urlsplit(link.get("href")).query) == {"q": ["outage"], "company": ["Meta"]}
    body = indexed_client.get("/api/search?q=outage&company=Meta").get_json()
    assert body["engine"] == "index" and [r["slug"] for r in body["results"]] == ["facebook-2021-10-04"]


def test_index_sorting_by_date_and_length(indexed_client: Any) -> None:
    newest = [r["slug"] for r in indexed_client.get("/api/search?q=outage&sort=newest").get_json()["results"]]
    oldest = [r["slug"] for r in indexed_client.get("/api/search?q=outage&sort=oldest").get_json()["results"]]
    longest = indexed_client.get("/api/search?q=outage&sort=longest").get_json()["results"]
    assert newest == list(reversed(oldest)) and newest[0] == "amazon-web-services-2021-12-07"
    assert [r["duration_minutes"] for r in longest] == sorted((r["duration_minutes"] for r in longest), reverse=True)


def test_index_snippets_are_escaped(indexed_client: Any) -> None:
    body = indexed_client.get("/search?q=pwned").get_data(as_text=True)
    assert "<script>window.__pwned" not in body

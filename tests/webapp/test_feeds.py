"""Atom feeds: all incidents, per company, per saved search; checked against RFC 4287's rules."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from archive.records import parse_iso

A = "{http://www.w3.org/2005/Atom}"


def atom(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.data)
    assert_valid_atom(root)
    return root


def assert_valid_atom(feed: Any) -> None:
    """The RFC 4287 requirements a reader relies on."""
    assert feed.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{tag}")) == 1, tag
    assert parse_iso(feed.findtext(f"{A}updated"))
    assert feed.find(f"{A}link[@rel='self']") is not None
    has_feed_author = feed.find(f"{A}author/{A}name") is not None
    ids = set()
    for entry in feed.findall(f"{A}entry"):
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{tag}")) == 1, tag
        assert parse_iso(entry.findtext(f"{A}updated"))
        assert has_feed_author or entry.find(f"{A}author") is not None
        assert entry.find(f"{A}link[@rel='alternate']") is not None or entry.find(f"{A}content") is not None
        ids.add(entry.findtext(f"{A}id"))
    assert len(ids) == len(feed.findall(f"{A}entry"))


def entry_links(feed: Any) -> list[str]:
    return [e.find(f"{A}link[@rel='alternate']").get("href") for e in feed.findall(f"{A}entry")]


def test_feed_of_all_incidents(client: Any) -> None:
    feed = atom(client, "/feed.atom")
    links = entry_links(feed)
    assert len(links) == 4
    assert links[0].endswith("/incident/amazon-web-services-2021-12-07")
    assert feed.findtext(f"{A}updated") == "2021-12-07T22:35:00Z"
    summary = feed.find(f"{A}entry/{A}summary").text
    assert "Amazon Web Services outage starting 2021-12-07 15:30 UTC" in summary


def test_company_feed(client: Any) -> None:
    feed = atom(client, "/company/meta/feed.atom")
    assert entry_links(feed) == ["http://localhost/incident/facebook-2021-10-04"]
    assert "Meta" in feed.findtext(f"{A}title")
    assert client.get("/company/nobody/feed.atom").status_code == 404


def test_saved_search_feed(client: Any) -> None:
    feed = atom(client, "/search.atom?q=%22service+unavailable%22")
    assert [link.rsplit("/", 1)[1] for link in entry_links(feed)] == [
        "amazon-web-services-2021-12-07", "fastly-2021-06-08"]
    filtered = atom(client, "/search.atom?region=Europe")
    assert len(entry_links(filtered)) == 2


def test_feed_ids_do_not_depend_on_the_host(client: Any) -> None:
    one = etree.fromstring(client.get("/feed.atom", base_url="http://a.example").data)
    two = etree.fromstring(client.get("/feed.atom", base_url="http://b.example").data)
    assert one.findtext(f"{A}id") == two.findtext(f"{A}id")
    assert [e.findtext(f"{A}id") for e in one.iter(f"{A}entry")] == [e.findtext(f"{A}id") for e in two.iter(f"{A}entry")]


def test_scraped_markup_in_feeds_is_text(client: Any) -> None:
    feed = atom(client, "/search.atom?q=slack")
    summary = feed.find(f"{A}entry/{A}summary")
    assert summary.get("type") == "text"
    assert "<script>window.__pwned=1</script>" in summary.text  # a string, never markup
    assert feed.find(".//{http://www.w3.org/1999/xhtml}script") is None


@pytest.mark.parametrize("url", ["/search.atom?year=x", "/search.atom?q=" + "y" * 700])
def test_bad_feed_parameters_are_400(client: Any, url: str) -> None:
    assert client.get(url).status_code == 400

"""``/search``: results, highlights, facets as filters, sorting, paging, query language, bad input."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html


def get_tree(client: Any, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return lxml_html.fromstring(response.get_data(as_text=True))


def titles(tree: Any) -> list[str]:
    return [" ".join(a.text_content().split()) for a in tree.xpath("//ol[@class='incidents']//a[@class='title']")]


def total(tree: Any) -> int:
    return int(tree.xpath("string(//h2[@id='results-h'])").split()[0].replace(",", ""))


def test_search_finds_by_words_and_highlights_them(client: Any) -> None:
    tree = get_tree(client, "/search?q=bgp")
    assert titles(tree) == ["Facebook outage also hitting Instagram and WhatsApp, 4 October 2021"]
    marks = [m.text.lower() for m in tree.xpath("//li[@class]//mark")]
    assert marks and set(marks) == {"bgp"}


def test_phrase_or_and_exclusion(client: Any) -> None:
    assert titles(get_tree(client, '/search?q="service+unavailable"')) == [
        "Amazon Web Services outage also hitting Disney+ and Netflix, 7 December 2021", "Fastly outage, 8 June 2021"]
    assert len(titles(get_tree(client, "/search?q=slack+OR+fastly"))) == 2
    assert "Fastly outage, 8 June 2021" not in titles(get_tree(client, '/search?q="service+unavailable"+-fastly'))


def test_field_filters_in_the_query(client: Any) -> None:
    assert titles(get_tree(client, "/search?q=service:slack")) == ["Slack outage, 4 January 2021"]
    after = titles(get_tree(client, "/search?q=after:2021-07-01"))
    assert len(after) == 2 and all("2021" in t for t in after)


def test_facets_are_links_that_filter(client: Any) -> None:
    tree = get_tree(client, "/search?q=outage")
    assert total(tree) == 4
    facet = tree.xpath("//aside[@class='facets']//a[@data-facet='region'][.='United Kingdom']")[0]
    count = int(facet.getnext().text)
    href = facet.get("href")
    assert parse_qs(urlsplit(href).query) == {"q": ["outage"], "region": ["United Kingdom"]}
    filtered = get_tree(client, href)
    assert total(filtered) == count == 2
    chip = filtered.xpath("//a[@class='chip']")[0]
    assert "Region: United Kingdom" in chip.text_content()
    assert total(get_tree(client, chip.get("href"))) == 4  # removing the filter
    by_year = get_tree(client, "/search?q=outage&year=2021&cause=capacity")
    assert titles(by_year) == ["Slack outage, 4 January 2021"]


def test_sorting_orders_results(client: Any) -> None:
    newest = titles(get_tree(client, "/search?q=outage&sort=newest"))
    oldest = titles(get_tree(client, "/search?q=outage&sort=oldest"))
    longest = titles(get_tree(client, "/search?q=outage&sort=longest"))
    assert newest == list(reversed(oldest))
    assert newest[0].startswith("Amazon") and oldest[0].startswith("Slack")
    assert longest[0].startswith("Amazon") and longest[-1].startswith("Fastly")
    assert get_tree(client, "/search?q=outage&sort=newest").xpath("//select[@name='sort']/option[@selected]/@value") == ["newest"]


def test_pagination(client: Any) -> None:
    first = get_tree(client, "/search?q=outage&sort=newest&page_size=3")
    assert len(titles(first)) == 3
    next_href = first.xpath("//nav[@class='pager']/a[@rel='next']/@href")[0]
    second = get_tree(client, next_href)
    assert len(titles(second)) == 1
    assert set(titles(first)).isdisjoint(titles(second))
    assert "Page 2 of 2" in second.xpath("string(//nav[@class='pager'])")


def test_the_query_language_is_documented_on_the_page(client: Any) -> None:
    tree = get_tree(client, "/search")
    syntax = tree.xpath("string(//details[@id='syntax'])")
    for example in ('"bad gateway"', "OR", "-maintenance", "service:slack", "after:2021-01-01", "duration:>2h"):
        assert example in syntax


@pytest.mark.parametrize("query, words", [
    ('"unclosed quote', "quote"),
    ("colour:red outage", "unknown field"),
    ("after:yesterday", "date"),
])
def test_bad_queries_show_the_message_not_an_error_page(client: Any, query: str, words: str) -> None:
    tree = get_tree(client, "/search?" + f"q={query}")
    notice = tree.xpath("string(//div[contains(@class,'notice')])")
    assert words in notice.lower()
    assert tree.xpath("string(//h1)") == "Search outages"


@pytest.mark.parametrize("url", ["/search?page=0", "/search?page=abc", "/search?sort=sideways",
                                 "/search?year=19", "/search?page_size=1000", "/search?q=" + "x" * 600])
def test_bad_parameters_are_400_with_a_message(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    message = lxml_html.fromstring(response.get_data(as_text=True)).xpath("string(//p[@class='message'])")
    assert message.strip()


def test_search_page_links_a_feed_and_json_for_the_same_search(client: Any) -> None:
    tree = get_tree(client, "/search?q=outage&service=Slack")
    feed = tree.xpath("//link[@type='application/atom+xml'][@title='This search as a feed']/@href")[0]
    assert parse_qs(urlsplit(feed).query) == {"q": ["outage"], "service": ["Slack"]}
    assert client.get(feed).status_code == 200

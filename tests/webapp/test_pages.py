"""Every HTML page through Flask's test client, on a real SQLite archive."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import html as lxml_html


def doc(response: Any) -> Any:
    assert response.mimetype == "text/html"
    return lxml_html.fromstring(response.get_data(as_text=True))


def texts(tree: Any, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def test_home_lists_recent_incidents_top_services_and_a_month_chart(client: Any) -> None:
    tree = doc(client.get("/"))
    titles = texts(tree, "//ol[@class='incidents']//a[@class='title']")
    assert titles[0].startswith("Amazon Web Services outage")  # newest first
    assert titles[-1] == "Slack outage, 4 January 2021"
    assert tree.xpath("//form[@role='search']//input[@name='q']")
    assert "Most outages in 2021" in texts(tree, "//h2[@id='top-h']")[0]  # the archive's latest year
    ranking = texts(tree, "//ol[@class='ranking']/li/a")
    assert set(ranking) == {"Amazon Web Services", "Facebook", "Fastly", "Slack"}
    bars = tree.xpath("//svg[@id='chart-monthly']//g[@class='bar']/title")
    assert len(bars) == 24
    assert any(t.text.startswith("21-10: 1 ") for t in bars)


def test_about_page_explains_the_data_and_links_exports(client: Any) -> None:
    tree = doc(client.get("/about"))
    assert "What is collected" in tree.text_content()
    dd = texts(tree, "//dl[@class='stats']/div[dt='Incidents']/dd")
    assert dd == ["4"]
    hrefs = tree.xpath("//a/@href")
    assert "/api/incidents?limit=500" in hrefs and "/feed.atom" in hrefs and "/api/openapi.json" in hrefs


def test_about_lists_written_exports_and_serves_them(client: Any, web_config: Any) -> None:
    target = web_config.exports_path / "csv"
    target.mkdir(parents=True)
    (target / "incidents.csv").write_text("id,slug\ninc-fb-20211004,facebook-2021-10-04\n")
    tree = doc(client.get("/about"))
    assert "/exports/csv/incidents.csv" in tree.xpath("//a/@href")
    response = client.get("/exports/csv/incidents.csv")
    assert response.status_code == 200 and b"facebook-2021-10-04" in response.data
    assert client.get("/exports/../../archive.sqlite3").status_code == 404


def test_companies_page_groups_services_by_company(client: Any) -> None:
    tree = doc(client.get("/companies"))
    names = texts(tree, "//ul[@class='companies']/li/a[@class='name']")
    assert names == ["Amazon", "Fastly", "Meta", "Salesforce"]


def test_company_page_by_company_slug(client: Any) -> None:
    response = client.get("/company/meta")
    tree = doc(response)
    assert texts(tree, "//h1") == ["Meta outage history"]
    stats = dict(zip(texts(tree, "//dl[@class='stats']//dt"), texts(tree, "//dl[@class='stats']//dd"),
                     strict=True))
    assert stats["Outages"] == "1" and stats["Median length"] == "6 h 6 min"
    assert tree.xpath("//svg[@id='chart-timeline']//circle[@class='sev-critical']")
    assert tree.xpath("//a[@href='/company/meta/feed.atom']")
    assert texts(tree, "//h2[@id='reg-h']/following-sibling::table[1]//td[1]")[:1] == ["Europe"]
    assert tree.xpath("//svg[@id='map-company']//path[@class='affected']")


def test_company_page_by_service_slug_links_status_page_from_catalog(client: Any) -> None:
    tree = doc(client.get("/company/amazon-web-services"))
    assert texts(tree, "//h1") == ["Amazon Web Services outage history"]
    assert "Service of Amazon" in texts(tree, "//p[@class='kicker']")[0]
    items = texts(tree, "//ol[@class='incidents']//a[@class='title']")
    assert items == ["Amazon Web Services outage also hitting Disney+ and Netflix, 7 December 2021"]
    catalog = pytest.importorskip("extract.catalog")
    entry = catalog.load_catalog().get("Amazon Web Services")
    if entry is None or not entry.status_page:
        pytest.skip("catalog has no status page for AWS")
    assert entry.status_page in tree.xpath("//p[@class='links']/a[@class='ext']/@href")


def test_company_page_statistics_over_many_incidents(app: Any, web_config: Any) -> None:
    from webdata import build_archive, many_incidents

    build_archive(web_config, many_incidents(120, service="Statusly", company="Statusly Inc", years=3))
    client = app.test_client()
    tree = doc(client.get("/company/statusly-inc"))
    assert len(tree.xpath("//svg[@id='chart-timeline']//circle")) == 120
    years = tree.xpath("//svg[@id='chart-years']//g[@class='bar']/title/text()")
    assert [y.split(":")[0] for y in years] == ["2015", "2016", "2017"]
    assert sum(int(re.search(r": (\d+)", y).group(1)) for y in years) == 120
    assert len(tree.xpath("//ol[@class='incidents']/li")) == 50
    page3 = doc(client.get("/company/statusly-inc?page=3"))
    assert len(page3.xpath("//ol[@class='incidents']/li")) == 20
    assert client.get("/company/statusly-inc?page=x").status_code == 400


@pytest.mark.parametrize("slug", ["nobody", "Meta", "meta--x", "a" * 300])
def test_unknown_company_is_a_404_page(client: Any, slug: str) -> None:
    response = client.get(f"/company/{slug}")
    assert response.status_code == 404
    assert "404" in doc(response).xpath("string(//h1)")


def test_incident_page_shows_summary_timeline_sources_and_evidence(client: Any) -> None:
    tree = doc(client.get("/incident/facebook-2021-10-04"))
    facts = dict(zip(texts(tree, "//dl[contains(@class,'facts')]//dt"), texts(tree, "//dl[contains(@class,'facts')]//dd"),
                     strict=True))
    assert facts["Started"].startswith("2021-10-04 15:39 UTC")
    assert facts["Ended"].startswith("2021-10-04 21:45 UTC")
    assert facts["Duration"] == "6 h 6 min"
    assert "India" in facts["Regions"] and "worldwide" in facts["Regions"]
    assert facts["Status page first said"] == "2021-10-04 15:51 UTC"
    assert facts["Users/news first reported"] == "2021-10-04 15:39 UTC"
    assert facts["Acknowledgement lag"] == "12 min after the first report"
    assert texts(tree, "//code[@class='errmsg']") == [
        "Sorry, something went wrong. We're working on it and we'll get it fixed as soon as we can."]
    events = tree.xpath("//ol[@class='timeline']/li")
    assert len(events) == 5
    assert events[1].xpath("string(.//a[@class='src']/@href)") == "https://metastatus.example/incidents/2021-10-04"
    assert texts(tree, "//table[@class='sources']//tbody/tr/td[2]") == ["Meta Status", "Uptime Daily",
                                                                        "Packet Ledger"]
    cause = tree.xpath("//ul[@class='evidence']/li[contains(., 'withdrew BGP routes')]")[0]
    assert cause.xpath("string(a/@href)") == "https://packet-ledger.example/facebook-outage-bgp"
    assert cause.xpath("string(a)") == "Packet Ledger"  # the publisher, not just the host
    first_row = texts(tree, "//h2[@id='rep-h']/following-sibling::table[1]//tbody/tr[1]/td")
    assert first_row == ["United States", "80,000", "Downdetector 2021-10-04 17:30 UTC"]
    assert len(tree.xpath("//svg[@id='chart-reports']//polyline")) == 2


def test_incident_by_id_and_without_report_chart(client: Any) -> None:
    tree = doc(client.get("/incident/inc-aws-20211207"))
    assert texts(tree, "//h1")[0].startswith("Amazon Web Services outage")
    assert not tree.xpath("//svg[@id='chart-reports']")  # one figure only: no chart over time
    assert "acknowledged 15 min before the first report" in tree.text_content()
    assert tree.xpath("//svg[@id='map-incident']//path[@class='affected heavy']/title[starts-with(., 'United States')]")


def test_unknown_incident_is_a_404_page(client: Any) -> None:
    response = client.get("/incident/no-such-thing")
    assert response.status_code == 404
    assert "No incident" in doc(response).xpath("string(//p[@class='message'])")


def test_unknown_route_is_a_404_page(client: Any) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_empty_archive_pages_still_render(tmp_path: Any) -> None:
    from archive.config import load_config
    from webapp.app import create_app

    cfg = load_config({"data_dir": str(tmp_path / "empty")}, environ={})
    client = create_app({"OUTAGES_CONFIG": cfg, "TESTING": True}).test_client()
    for url in ("/", "/search", "/search?q=x", "/companies", "/about", "/api/incidents", "/feed.atom"):
        assert client.get(url).status_code == 200, url
    assert "archive is empty" in client.get("/").get_data(as_text=True)


def test_company_page_follows_changes_to_the_archive(client: Any, web_config: Any) -> None:
    from webdata import build_archive, facebook

    before = doc(client.get("/company/meta"))
    assert "6 h 6 min" in before.xpath("string(//dl[@class='stats'])")
    changed = facebook()
    changed.duration_minutes = 95
    changed.regions = ["Japan"]
    build_archive(web_config, [changed])
    after = doc(client.get("/company/meta"))
    assert "1 h 35 min" in after.xpath("string(//dl[@class='stats'])")
    assert texts(after, "//h2[@id='reg-h']/following-sibling::table[1]//td[1]") == ["Japan"]

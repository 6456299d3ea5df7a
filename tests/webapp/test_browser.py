"""The site in real headless Chromium (Debian's /usr/bin/chromium driven by playwright).

Screenshots of the main pages go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webdata import XSS_SCRIPT, build_archive, many_incidents, sample_incidents

from archive.config import load_config

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (make browser-deps)"),
]


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app on a local port, over an archive with the sample incidents and a busy service."""
    from werkzeug.serving import make_server

    from webapp.app import create_app

    cfg = load_config({"data_dir": str(tmp_path_factory.mktemp("browser") / "archive")}, environ={})
    build_archive(cfg, sample_incidents() + many_incidents(150, service="Statusly", company="Statusly Inc"))
    app = create_app({"OUTAGES_CONFIG": cfg})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["outages_store"].close() if "outages_store" in app.extensions else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))  # type: ignore[attr-defined]
    yield pg
    context.close()


def shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_home_shows_recent_incidents_and_monthly_chart(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    assert page.locator("h1").first.inner_text().startswith("When the internet broke")
    assert page.locator("ol.incidents li.incident").count() == 10
    bars = page.locator("#chart-monthly .bar rect")
    assert bars.count() == 24
    assert page.locator("#chart-monthly").bounding_box()["width"] > 200
    shot(page, "home")


def test_search_then_click_a_facet(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    page.fill("#home-q", "outage")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=outage*")
    before = int(page.locator("#results-h").inner_text().split()[0].replace(",", ""))
    assert before > 4
    facet = page.locator('.facets a[data-facet="service"]', has_text="Slack")
    facet.focus()  # keyboard only: focus the filter and press Enter
    page.keyboard.press("Enter")
    page.wait_for_url("**service=Slack*")
    assert page.locator("#results-h").inner_text().startswith("1 incident")
    assert page.locator(".chip").inner_text().startswith("Service: Slack")
    assert page.locator("li.incident .title").inner_text() == "Slack outage, 4 January 2021"
    assert page.locator("li.incident mark").count() >= 1  # the query word is highlighted
    shot(page, "search-facet")
    page.locator(".chip").click()  # removing the filter brings the other results back
    page.wait_for_url(lambda url: "service=" not in url)
    assert int(page.locator("#results-h").inner_text().split()[0].replace(",", "")) == before


def test_bad_query_shows_a_message_not_an_error_page(page: Any, live_url: str) -> None:
    page.goto(live_url + '/search?q=%22unclosed+outage+year:20x')
    assert page.locator(".notice.warn").is_visible()
    assert "quote" in page.locator(".notice.warn").inner_text()
    assert page.locator("h1").inner_text() == "Search outages"
    shot(page, "search-warning")


def test_company_page_draws_the_timeline_chart(page: Any, live_url: str) -> None:
    page.goto(live_url + "/company/statusly-inc")
    assert page.locator("h1").inner_text() == "Statusly Inc outage history"
    dots = page.locator("#chart-timeline circle")
    assert dots.count() == 150
    box = page.locator("#chart-timeline").bounding_box()
    assert box["width"] > 600 and box["height"] > 150
    assert page.locator("#chart-years .bar rect").count() >= 2
    assert page.locator("#map-company path.affected").count() >= 5
    assert page.locator("ol.incidents li.incident").count() == 50
    shot(page, "company")


def test_incident_page_timeline_sources_map(page: Any, live_url: str) -> None:
    page.goto(live_url + "/incident/facebook-2021-10-04")
    assert "Facebook outage" in page.locator("h1").inner_text()
    assert page.locator("ol.timeline li").count() == 5
    assert page.locator("table.sources tbody tr").count() == 3
    assert page.locator("#chart-reports polyline").count() == 2
    assert page.locator("#map-incident path.affected").count() > 20  # Europe plus the named countries
    assert "12 min after the first report" in page.locator(".startcmp").inner_text()
    shot(page, "incident")


def test_injected_script_in_scraped_error_message_does_not_run(page: Any, live_url: str) -> None:
    page.goto(live_url + "/incident/slack-2021-01-04")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    texts = page.locator("code.errmsg").all_inner_texts()
    assert XSS_SCRIPT in texts  # shown exactly as users saw it, as text
    assert any("onerror=" in t for t in texts)
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    page.goto(live_url + "/search?q=slack")  # the same text in search results
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.errors == []
    shot(page, "incident-injection")


def test_phone_layout_and_keyboard(browser: Any, live_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(live_url + "/incident/facebook-2021-10-04")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    shot(pg, "incident-phone")
    pg.goto(live_url + "/")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.className") == "skip"
    shot(pg, "home-phone")
    context.close()

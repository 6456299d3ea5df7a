"""Scraped text is escaped everywhere; strict headers; read-only; the app factory's settings."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html as lxml_html
from webdata import XSS_IMG, XSS_SCRIPT

PAGES = ["/", "/search?q=slack", "/search?q=%3Cscript%3E", "/company/salesforce", "/company/slack",
         "/incident/slack-2021-01-04", "/about", "/companies", "/nowhere"]


@pytest.mark.parametrize("url", PAGES)
def test_security_headers_on_every_page(client: Any, url: str) -> None:
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_script_or_handler_anywhere(client: Any, url: str) -> None:
    body = client.get(url).get_data(as_text=True)
    tree = lxml_html.fromstring(body)
    assert tree.xpath("//script") == []
    assert tree.xpath("//@*[starts-with(name(), 'on')]") == []
    assert tree.xpath("//@style") == []  # the CSP forbids inline styles too
    assert tree.xpath("//a[starts-with(@href, 'javascript:')]") == []


def test_injected_markup_in_error_messages_shows_as_text(client: Any) -> None:
    body = client.get("/incident/slack-2021-01-04").get_data(as_text=True)
    assert XSS_SCRIPT not in body and XSS_IMG not in body
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in body
    tree = lxml_html.fromstring(body)
    shown = [c.text_content() for c in tree.xpath("//code[@class='errmsg']")]
    assert shown == [XSS_SCRIPT, XSS_IMG, "Messages not loading"]
    assert "Uptime Daily <b>bold</b>" in tree.xpath("string(//table[@class='sources'])")
    assert tree.xpath("//img") == []


def test_injected_markup_in_search_snippets_and_json_is_inert(client: Any) -> None:
    body = client.get("/search?q=messages").get_data(as_text=True)
    assert XSS_SCRIPT not in body and "&lt;script&gt;" in body
    api = client.get("/api/incidents/slack-2021-01-04")
    assert api.mimetype == "application/json"
    assert XSS_SCRIPT in api.get_json()["error_messages"]


def test_search_query_is_escaped_when_echoed(client: Any) -> None:
    body = client.get('/search?q="><script>alert(1)</script>').get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_site_is_read_only(client: Any, method: str) -> None:
    for url in ("/", "/search", "/api/incidents", "/incident/slack-2021-01-04"):
        assert getattr(client, method)(url).status_code == 405


def test_settings_from_prefixed_env(monkeypatch: pytest.MonkeyPatch, web_config: Any) -> None:
    from webapp.app import create_app

    monkeypatch.setenv("FLASK_PAGE_SIZE", "2")
    monkeypatch.setenv("FLASK_SITE_NAME", "Outage Watch")
    app = create_app({"OUTAGES_CONFIG": web_config.replace(page_size=0), "TESTING": True})
    assert app.config["PAGE_SIZE"] == 2
    body = app.test_client().get("/search?q=outage").get_data(as_text=True)
    assert "Outage Watch" in body
    assert body.count('class="incident ') == 2


def test_db_connection_is_closed_on_teardown(app: Any) -> None:
    from flask import g

    from webapp.db import get_db

    with app.test_request_context("/"):
        conn = get_db()
        assert g.db is conn and not conn.closed
    assert conn.closed

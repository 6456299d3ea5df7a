"""Bad input found by fuzzing (hypothesis and atheris), pinned as small deterministic regression cases.

Each was an unhandled exception on 2026-11-21 (fixed the same day in the parsers); one malformed record
must never hide the good ones next to it, and the crawler must record an unreadable payload as failed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.config import load_config
from archive.store import Store
from crawler.parsers import PayloadError, parse_status_body
from crawler.run import crawl_sources
from crawler.sources import Source
from tests.reliability.faultserver import SiteMap, extra_faults, serve_fault_site

GOOD_GCP = {"id": "good1", "begin": "2022-06-01T10:00:00+00:00", "end": "2022-06-01T11:00:00+00:00",
            "external_desc": "Elevated errors", "updates": [{"created": "2022-06-01T10:05:00+00:00",
                                                            "when": "2022-06-01T10:05:00+00:00",
                                                            "text": "We are investigating.", "status": "SERVICE_OUTAGE"}]}


def parse_or_payload_error(kind: str, data: object) -> list:
    try:
        return parse_status_body(json.dumps(data).encode(), kind, "Svc")
    except PayloadError:
        return []


@pytest.mark.parametrize("bad", [{"id": "bad1", "begin": "2022-13-45T00:00:00Z"},
                                 {"id": "bad1", "updates": True},
                                 {"id": "bad1", "begin": [2022, 6, 1]}],
                         ids=["month-13", "updates-bool", "begin-list"])
def test_gcp_skips_one_bad_incident_and_keeps_the_rest(bad: dict) -> None:
    incidents = parse_or_payload_error("gcp", [GOOD_GCP, bad])  # bad1 may be skipped or kept without the field
    assert [i.external_id for i in incidents][:1] == ["good1"]


GOOD_SP = {"id": "goodcode1", "name": "Errors", "created_at": "2022-06-01T10:00:00Z",
           "incident_updates": [{"id": "u1", "created_at": "2022-06-01T10:00:00Z", "status": "investigating",
                                 "body": "Looking."}]}


@pytest.mark.parametrize("payload", [
    {"incidents": [GOOD_SP, {"id": "badcode01", "name": "Broken", "incident_updates": [{"id": "u2", "created_at": 12345}]}]},
    {"page": "statuspage", "incidents": [GOOD_SP]},
], ids=["numeric-update-time", "page-is-a-string"])
def test_statuspage_bad_field_is_skipped_not_raised(payload: dict) -> None:
    incidents = parse_or_payload_error("statuspage", payload)
    assert "goodcode1" in [i.external_id for i in incidents]


def test_corrupt_gzip_sitemap_is_recorded_as_failed(tmp_path: Path) -> None:
    config = load_config({"data_dir": str(tmp_path / "archive")}, environ={}).replace(
        download_delay=0, autothrottle=False, download_timeout=5, retry_times=0)
    (path, (_ctype, _body, reason)), = extra_faults().items()
    with serve_fault_site(SiteMap.generate(10, 1)) as (base, _server), Store.open(config) as store:
        summary = crawl_sources(config, store, [Source("corrupt", "sitemap", base + path)], timeout=120)
        failed = {r["url"]: r["fail_reason"] for r in store.failed_urls()}
    assert summary.fetched == 1
    assert failed == {base + path: reason}


@pytest.mark.parametrize("day", [b"58", b"2x"])
def test_statuspage_atom_with_impossible_day_keeps_the_other_incidents(day: bytes) -> None:
    from tests.conftest import SAMPLE_SITE

    path = SAMPLE_SITE / "status" / "slack" / "history.atom"
    if not path.is_file():
        pytest.skip("sample site not generated")
    body = path.read_bytes().replace(b"__BASE__", b"http://127.0.0.1:8765")
    good = parse_status_body(body, "statuspage-atom", "slack")
    bad = body.replace(b"data-var='date'&gt;24&lt;", b"data-var='date'&gt;" + day + b"&lt;", 1)
    assert bad != body
    try:
        kept = parse_status_body(bad, "statuspage-atom", "slack")
    except PayloadError:
        kept = []
    assert len(kept) >= len(good) - 1 > 0


def test_aws_legacy_with_non_list_current_keeps_the_archive() -> None:
    event = {"service_name": "Amazon EC2 (N. Virginia)", "summary": "[RESOLVED] API errors", "date": "1638900000",
             "description": "We are investigating.", "service": "ec2-us-east-1"}
    incidents = parse_or_payload_error("aws", {"archive": [event], "current": 7})
    assert len(incidents) == 1


BAD_LINK = "http://[not-an-ipv6-address/outage.html"


@pytest.mark.parametrize("reader", ["rss", "atom", "sitemap"])
def test_one_unparseable_link_does_not_lose_the_feed(reader: str) -> None:
    from crawler.feeds import feed_entries, sitemap_entries

    good = "http://127.0.0.1:8765/news/good-outage.html"
    if reader == "rss":
        items = "".join(f"<item><title>Outage {i}</title><link>{u}</link></item>" for i, u in enumerate([BAD_LINK, good]))
        body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
        read = feed_entries
    elif reader == "atom":
        items = "".join(f"<entry><title>Outage {i}</title><link rel='alternate' href='{u}'/></entry>"
                        for i, u in enumerate([BAD_LINK, good]))
        body = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>{items}</feed>"
        read = feed_entries
    else:
        items = "".join(f"<url><loc>{u}</loc></url>" for u in [BAD_LINK, good])
        body = f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{items}</urlset>"
        read = sitemap_entries
    try:
        urls = [e.url for e in read(body.encode(), "http://127.0.0.1:8765/feed.xml")]
    except PayloadError:
        urls = []
    assert good in urls

"""The real public status payloads in ../shared/realdata/status parse completely and correctly.

Expected figures are computed here from the raw files with plain json / re / datetime, independently of
the parsers under test.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.records import RawPage
from crawler.parsers import parse_status_body, parse_status_page

STATUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "status"

pytestmark = pytest.mark.skipif(not STATUS.is_dir(), reason="../shared/realdata is not beside this checkout")


def plain_time(value: str) -> datetime:
    return datetime.strptime(value.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(UTC)


# -- GitHub Statuspage API: 1,282 single-incident payloads ----------------------------------------
@pytest.fixture(scope="module")
def github_api() -> list[tuple[dict, list]]:
    pairs = []
    with open(STATUS / "s08_githubstatus_api_v2_incidents_1282.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                raw = json.loads(line)
                pairs.append((raw, parse_status_body(line.encode(), "statuspage", "GitHub")))
    return pairs


def test_all_github_incidents_parse(github_api: list[tuple[dict, list]]) -> None:
    assert len(github_api) == 1282
    assert all(len(parsed) == 1 for _raw, parsed in github_api)
    codes = {parsed[0].external_id for _raw, parsed in github_api}
    assert len(codes) == len({raw["incident"]["id"] for raw, _ in github_api})


def test_github_incident_fields_match_raw(github_api: list[tuple[dict, list]]) -> None:
    for raw, (inc,) in github_api:
        src = raw["incident"]
        assert inc.platform == "statuspage" and inc.service == "GitHub"
        assert inc.external_id == src["id"]
        assert inc.title == src["name"].strip()
        assert inc.impact == src["impact"]
        assert inc.started_at == plain_time(src["started_at"])
        if src["status"] == "resolved" and src["resolved_at"]:
            assert inc.resolved_at == plain_time(src["resolved_at"])
            expected = plain_time(src["resolved_at"]) - plain_time(src["started_at"])
            assert inc.resolved_at - inc.started_at == expected
        assert len(inc.updates) == len(src["incident_updates"])
        times = [u.at for u in inc.updates]
        assert times == sorted(times, reverse=True), "updates newest first"
        assert {u.external_id for u in inc.updates} == {u["id"] for u in src["incident_updates"]}
        assert inc.updates[0].at == max(plain_time(u["display_at"]) for u in src["incident_updates"])
        raw_components = {c["name"] for c in src.get("components") or []}
        for upd in src["incident_updates"]:
            raw_components |= {c["name"] for c in upd.get("affected_components") or []}
        assert set(inc.components) == raw_components


def test_github_durations_in_aggregate(github_api: list[tuple[dict, list]]) -> None:
    total = timedelta()
    resolved = 0
    for raw, _parsed in github_api:
        src = raw["incident"]
        if src["resolved_at"]:
            resolved += 1
            total += plain_time(src["resolved_at"]) - plain_time(src["started_at"])
    parsed_total = sum((inc.resolved_at - inc.started_at for _r, (inc,) in github_api if inc.resolved_at),
                       timedelta())
    assert resolved == sum(1 for _r, (inc,) in github_api if inc.resolved_at)
    assert parsed_total == total


def test_single_pretty_payload_and_page_role() -> None:
    body = (STATUS / "s09_githubstatus_api_v2_incident_00km0kwpz23b.json").read_bytes()
    page = RawPage(url="https://www.githubstatus.com/api/v2/incidents/00km0kwpz23b.json", final_url="",
                   fetched_at=datetime(2024, 1, 1, tzinfo=UTC), status=200, headers={}, body=body,
                   source_name="github", source_kind="statuspage")
    (inc,) = parse_status_page(page, "GitHub")
    assert inc.external_id == "00km0kwpz23b" and inc.source_name == "github"
    assert inc.url == "https://www.githubstatus.com/incidents/00km0kwpz23b"
    assert [u.status for u in inc.updates] == ["resolved", "investigating", "investigating", "investigating"]
    assert inc.components == ["Git Operations", "Actions"]
    assert inc.resolved_at - inc.started_at == timedelta(hours=1, minutes=10, seconds=3.404)


def test_incidents_json_with_offsets_is_utc() -> None:
    (inc,) = parse_status_body((STATUS / "s11_discordstatus_incidents_2022-02_discord-undoc.json").read_bytes(),
                               "statuspage", "Discord")
    assert inc.started_at == datetime(2022, 2, 15, 21, 14, 17, 737000, tzinfo=UTC)  # 13:14 at -08:00
    assert inc.resolved_at.utcoffset() == timedelta(0)
    cf = parse_status_body((STATUS / "s10_cloudflarestatus_incidents_2018-09_cloudflared_test.json").read_bytes(),
                           "statuspage", "Cloudflare")
    raw = json.loads((STATUS / "s10_cloudflarestatus_incidents_2018-09_cloudflared_test.json").read_text())
    assert [i.external_id for i in cf] == [i["id"] for i in raw["incidents"]]
    assert [len(i.updates) for i in cf] == [len(i["incident_updates"]) for i in raw["incidents"]]
    # this trimmed payload has no started_at: created_at stands in
    assert cf[0].started_at == plain_time(raw["incidents"][0]["created_at"])


# -- Google Cloud incidents.json ---------------------------------------------------------------------
def test_all_google_cloud_incidents() -> None:
    body = (STATUS / "s01_gcp_status_incidents_2021-07_to_2022-07.json").read_bytes()
    raw = json.loads(body)
    incidents = parse_status_body(body, "gcp", "Google Cloud")
    assert len(incidents) == len(raw) == 157
    assert sum(len(i.updates) for i in incidents) == sum(len(r["updates"]) for r in raw)
    later_created = 0
    for inc, src in zip(incidents, raw, strict=True):
        assert inc.platform == "gcp" and inc.external_id == src["id"]
        assert inc.started_at == datetime.fromisoformat(src["begin"])
        assert inc.created_at == datetime.fromisoformat(src["created"])
        assert inc.resolved_at == datetime.fromisoformat(src["end"])
        assert inc.title == src["external_desc"].strip()
        assert inc.components == list(dict.fromkeys(p["title"] for p in src["affected_products"]))
        raw_regions = {loc["id"] for u in src["updates"] for loc in u["affected_locations"]}
        raw_regions |= {loc["id"] for loc in src["previously_affected_locations"]}
        assert set(inc.regions) == raw_regions
        assert [u.at for u in inc.updates] == sorted((datetime.fromisoformat(u["when"]) for u in src["updates"]),
                                                     reverse=True)
        later_created += src["created"] > src["begin"]
    # begin (impact start) and created (record opened) differ, and we keep both
    assert later_created == sum(1 for i in incidents if i.created_at > i.started_at) > 0


# -- Statuspage Atom / RSS ----------------------------------------------------------------------------
ATOM_NS = "{http://www.w3.org/2005/Atom}"
BLOCK_RE = re.compile(r"<small>(\w{3}) <var data-var='date'>\s*(\d+)</var>, <var data-var='time'>(\d\d):(\d\d)"
                      r"</var> (\w+)</small>")


def independent_feed_figures(path: Path, rss: bool) -> list[tuple[str, int, datetime, datetime]]:
    """(code, update count, newest, oldest) per entry, worked out with ElementTree and a regex."""
    root = ET.parse(path).getroot()
    result = []
    items = root.iter("item") if rss else root.iter(f"{ATOM_NS}entry")
    for item in items:
        if rss:
            link, html = item.findtext("link"), item.findtext("description")
            stamp = datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
        else:
            link = item.find(f"{ATOM_NS}link").get("href")
            html = item.findtext(f"{ATOM_NS}content")
            stamp = datetime.fromisoformat(item.findtext(f"{ATOM_NS}updated").replace("Z", "+00:00"))
        offsets = {"UTC": 0, "EST": -5, "EDT": -4}
        times = []
        for mon, day, hh, mm, zone in BLOCK_RE.findall(html):
            year = stamp.year
            month = datetime.strptime(mon, "%b").month
            if month > stamp.month:  # the block was written the year before the entry stamp
                year -= 1
            local = datetime(year, month, int(day), int(hh), int(mm))
            times.append((local - timedelta(hours=offsets[zone])).replace(tzinfo=UTC))
        result.append((link.rsplit("/", 1)[-1], html.count("data-var='time'"), max(times), min(times)))
    return result


@pytest.mark.parametrize("name,rss", [
    ("s04_githubstatus_history_2026-08-22.atom", False),
    ("s05_githubstatus_history_2022-06-11.atom", False),
    ("s12_github_history_rss_livesup_test.xml", True),
    ("s12_quay_history_rss_livesup_test.xml", True),
])
def test_statuspage_feeds(name: str, rss: bool) -> None:
    path = STATUS / name
    expected = independent_feed_figures(path, rss)
    incidents = parse_status_body(path.read_bytes(), "statuspage-rss" if rss else "statuspage-atom", "X")
    assert len(incidents) == len(expected)
    for inc, (code, count, newest, oldest) in zip(incidents, expected, strict=True):
        assert inc.platform == "statuspage"
        assert inc.external_id == code  # joins with the API through the link, not the Atom id
        assert len(inc.updates) == count, "no update lost"
        assert inc.updates[0].at == newest and inc.updates[-1].at == oldest
        assert inc.started_at == oldest
        assert all(u.at.utcoffset() == timedelta(0) for u in inc.updates)


def test_atom_snapshot_known_values() -> None:
    incidents = parse_status_body((STATUS / "s04_githubstatus_history_2026-08-22.atom").read_bytes(),
                                  "statuspage-atom", "GitHub")
    first = incidents[0]
    assert first.external_id == "bhbcjn4n3jzp"
    assert first.resolved_at == datetime(2026, 8, 21, 0, 37, tzinfo=UTC)
    assert first.updates[1].at == datetime(2026, 8, 20, 20, 37, tzinfo=UTC)
    assert first.updates[0].status == "resolved"


def test_quay_rss_eastern_time_and_maintenance() -> None:
    incidents = parse_status_body((STATUS / "s12_quay_history_rss_livesup_test.xml").read_bytes(),
                                  "statuspage-rss", "Quay")
    first = incidents[0]
    # "Nov 7, 03:00 EST" and "Nov 2, 09:29 EDT"
    assert first.updates[2].at == datetime(2021, 11, 7, 8, 0, tzinfo=UTC)
    assert first.updates[3].at == datetime(2021, 11, 2, 13, 29, tzinfo=UTC)
    assert [u.status for u in first.updates] == ["completed", "verifying", "in progress", "scheduled"]
    assert first.resolved_at == datetime(2021, 11, 7, 12, 1, tzinfo=UTC)


def test_api_and_feed_records_join() -> None:
    """The Atom entry id is not the incident code; the link is, and it matches the API's id."""
    atom = parse_status_body((STATUS / "s05_githubstatus_history_2022-06-11.atom").read_bytes(),
                             "statuspage-atom", "GitHub")
    api = {}
    with open(STATUS / "s08_githubstatus_api_v2_incidents_1282.jsonl", encoding="utf-8") as fh:
        for line in fh:
            src = json.loads(line)["incident"]
            api[src["id"]] = src
    linked = re.findall(r'href="https://www.githubstatus.com/incidents/(\w+)"',
                        (STATUS / "s05_githubstatus_history_2022-06-11.atom").read_text())
    joined = [i for i in atom if i.external_id in api]
    assert len(joined) == sum(1 for code in linked if code in api) > 0
    for inc in joined:
        src = api[inc.external_id]
        shown = sorted({plain_time(u["display_at"]).replace(second=0, microsecond=0)
                        for u in src["incident_updates"]}, reverse=True)
        assert sorted({u.at for u in inc.updates}, reverse=True) == shown


# -- AWS legacy data.json -------------------------------------------------------------------------------
def test_aws_legacy_data_file() -> None:
    body = (STATUS / "s02_aws_shd_legacy_data_2021-06_to_2022-06.json").read_bytes()
    raw = json.loads(body)["archive"]
    incidents = parse_status_body(body, "aws", "AWS")
    assert len(incidents) == len(raw) == 86
    stamps = [re.findall(r'class="yellowfg">([^<]*)<', e["description"]) for e in raw]
    assert sum(len(i.updates) for i in incidents) == sum(len(s) for s in stamps)
    for inc, event, stamp in zip(incidents, raw, stamps, strict=True):
        assert inc.platform == "aws"
        assert inc.external_id == f"{event['service']}_{event['date']}"
        first = datetime.fromtimestamp(int(event["date"]), UTC)
        assert abs(inc.updates[-1].at - first) < timedelta(minutes=1), "first post is the event's date"
        assert inc.resolved_at is not None and inc.resolved_at >= inc.started_at
        zone = stamp[-1].split()[-1]
        hour, minute = map(int, re.search(r"(\d+):(\d+)", stamp[-1]).groups())
        ampm = stamp[-1].split()[-2]
        hour = hour % 12 + (12 if ampm == "PM" else 0)
        local = inc.resolved_at + timedelta(hours=-8 if zone == "PST" else -7)
        assert (local.hour, local.minute) == (hour, minute)


def test_aws_december_7_us_east_1() -> None:
    incidents = parse_status_body((STATUS / "s02_aws_shd_legacy_data_2021-06_to_2022-06.json").read_bytes(),
                                  "aws", "AWS")
    console = next(i for i in incidents if i.external_id == "management-console_1638894176")
    assert console.started_at == datetime(2021, 12, 7, 16, 22, tzinfo=UTC)  # 8:22 AM PST
    assert console.resolved_at == datetime(2021, 12, 8, 1, 14, tzinfo=UTC)  # 5:14 PM PST, next day in UTC
    assert [u.status for u in console.updates] == ["resolved", "update", "update", "investigating"]

"""Real GitHub status data: the API incidents (s08) and the Atom history (s04/s05) fuse without duplicates."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from archive.build import build_incidents
from archive.records import StatusIncident
from archive.reports import incident_code
from archive.store import Store

parsers = pytest.importorskip("crawler.parsers")

API = "s08_githubstatus_api_v2_incidents_1282.jsonl"
ATOM_OLD = "s05_githubstatus_history_2022-06-11.atom"
ATOM_NEW = "s04_githubstatus_history_2026-08-22.atom"


def _api(realdata: Path, year_from: int) -> list[StatusIncident]:
    found = []
    for line in (realdata / "status" / API).read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["incident"]["created_at"][:4] >= str(year_from):
            found.extend(parsers.parse_status_body(line.encode(), "statuspage", "GitHub"))
    return found


def _atom(realdata: Path, name: str, platform: str | None = None) -> list[StatusIncident]:
    found = parsers.parse_status_body((realdata / "status" / name).read_bytes(), "statuspage-atom", "GitHub")
    for inc in found:
        if platform:  # as if the feed were kept under its own key: fusion must then happen in the build
            inc.platform = platform
    return found


def _codes(store: Store) -> tuple[Counter[str], list[set[str]]]:
    per_incident = [{incident_code(s.url) or s.url for s in inc.sources} for inc in store.incidents()]
    return Counter(c for codes in per_incident for c in codes), per_incident


def test_api_and_atom_feeds_fuse_into_one_incident_each(store: Store, realdata: Path) -> None:
    api = _api(realdata, 2022)
    old_feed = _atom(realdata, ATOM_OLD, platform="statuspage-atom")
    new_feed = _atom(realdata, ATOM_NEW, platform="statuspage-atom")
    api_codes = {incident_code(i.url) for i in api}
    shared = [i for i in old_feed if incident_code(i.url) in api_codes]
    assert len(shared) >= 15  # the 2022 Atom snapshot overlaps the API archive
    for inc in api + old_feed + new_feed:
        store.upsert_status_incident(inc)
    assert store.counts()["status_incidents"] == len(api) + len(old_feed) + len(new_feed)
    build_incidents(store)
    counts, per_incident = _codes(store)
    distinct = {incident_code(i.url) for i in api + old_feed + new_feed}
    assert store.counts()["incidents"] == len(distinct)  # one incident per real incident
    assert all(n == 1 for n in counts.values())  # no incident code in two incidents
    assert all(len(codes) == 1 for codes in per_incident)  # no two real incidents fused
    by_code = {incident_code(s.url): inc for inc in store.incidents() for s in inc.sources}
    api_by_code = {incident_code(i.url): i for i in api}
    for entry in shared:
        fused = by_code[incident_code(entry.url)]
        assert len(fused.report_ids) == 2  # the API record and the Atom entry
        updates = [e for e in fused.timeline if e.kind == "status_update"]
        # an update seen in both feeds appears once
        assert len(updates) == max(len(entry.updates), len(api_by_code[incident_code(entry.url)].updates))
        assert updates[-1].state == "resolved" and fused.status == "resolved"
        assert fused.started_at is not None and fused.ended_at is not None
    assert build_incidents(store, full=True).created == 0


def test_feeds_stored_under_one_key_stay_one_incident(store: Store, realdata: Path) -> None:
    old_feed = _atom(realdata, ATOM_OLD)
    codes = {i.external_id for i in old_feed}
    api = [i for i in _api(realdata, 2022) if i.external_id in codes]
    for inc in api + old_feed:
        store.upsert_status_incident(inc)
    build_incidents(store)
    counts, _ = _codes(store)
    assert store.counts()["incidents"] == len(codes) and set(counts.values()) == {1}
    for inc in store.incidents():
        keys = [(e.at.strftime("%Y-%m-%dT%H:%M"), e.state, e.text) for e in inc.timeline
                if e.kind == "status_update"]
        assert keys and len(keys) == len(set(keys))

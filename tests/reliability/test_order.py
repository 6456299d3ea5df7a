"""The archive must not depend on the order pages happen to arrive in (a resumed crawl changes it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.config import load_config
from archive.process import process_pages
from archive.records import RawPage
from archive.store import Store
from tests.conftest import SAMPLE_SITE

BASE = "http://127.0.0.1:8765"
PAYLOADS = [  # one Statuspage incident list, as JSON API answer and as Atom history feed
    ("Slack status (Statuspage API)", "statuspage", "/status/slack/api/v2/incidents.json", "application/json"),
    ("Slack status (history.atom)", "statuspage-atom", "/status/slack/history.atom", "application/atom+xml"),
]


def archive_in_order(tmp_path: Path, order: list[int]) -> dict[str, tuple[object, object]]:
    config = load_config({"data_dir": str(tmp_path / "-".join(map(str, order)))}, environ={})
    with Store.open(config) as store:
        for name, kind, path, _ctype in PAYLOADS:
            store.upsert_source(name, kind, BASE + path, "slack")
        for i in order:
            name, kind, path, ctype = PAYLOADS[i]
            body = (SAMPLE_SITE / path.lstrip("/")).read_bytes().replace(b"__BASE__", BASE.encode())
            store.add_raw_page(RawPage(url=BASE + path, final_url=BASE + path,
                                       fetched_at=datetime(2026, 11, 21, 12, 0, tzinfo=UTC), status=200,
                                       headers={"Content-Type": ctype}, body=body, source_name=name,
                                       source_kind=kind))
        process_pages(store, pending_only=True)
        return {i.external_id: (i.started_at, i.resolved_at) for i in store.status_incidents()}


def test_status_incident_does_not_depend_on_processing_order(tmp_path: Path) -> None:
    if not (SAMPLE_SITE / PAYLOADS[0][2].lstrip("/")).is_file():
        pytest.skip("sample site not generated")
    json_last = archive_in_order(tmp_path, [1, 0])
    atom_last = archive_in_order(tmp_path, [0, 1])
    assert json_last and set(json_last) == set(atom_last)
    assert json_last == atom_last

"""Service and company history computed from built incidents."""

from __future__ import annotations

from test_build_helpers import facebook_week, news, slack_day, t

from archive.build import build_incidents
from archive.history import company_history, service_history
from archive.store import Store

NOW = t(2026, 1, 1)


def _archive(store: Store) -> None:
    reports, statuses = facebook_week()
    for r in reports + slack_day() + [
        news("https://w.test/ig-2022", "Instagram", t(2022, 3, 2, 12), t(2022, 3, 2, 10),
             end=t(2022, 3, 2, 10, 30), end_precision="minute", regions=["India"], causes=["config_change"]),
    ]:
        store.upsert_report(r)
    for si in statuses:
        store.upsert_status_incident(si)
    build_incidents(store, now=NOW)


def test_company_history_counts_every_product(store: Store) -> None:
    _archive(store)
    meta = company_history(store, "Facebook")  # a service name leads to its company
    assert meta["company"] == "Meta" and meta["slug"] == "meta"
    assert meta["incidents"] == 3
    assert meta["by_year"] == {"2021": 2, "2022": 1}
    assert meta["by_month"] == {"2021-10": 2, "2022-03": 1}
    assert [s["name"] for s in meta["services"]] == ["Instagram", "Facebook"]
    assert meta["longest"][0]["slug"] == "facebook-2021-10-04"
    assert meta["longest"][0]["duration_minutes"] == 361
    assert meta["with_duration"] == 2 and meta["total_duration_minutes"] == 361 + 30
    assert meta["median_duration_minutes"] == (361 + 30) / 2
    regions = {r["name"]: r["incidents"] for r in meta["most_affected_regions"]}
    assert regions["India"] == 2 and regions["Brazil"] == 1
    assert meta["most_affected_regions"][0]["name"] == "India"
    assert meta["recurring_causes"] == [{"name": "config_change", "incidents": 2}]


def test_service_history_by_alias(store: Store) -> None:
    _archive(store)
    ig = service_history(store, "IG")
    assert ig["service"] == "Instagram" and ig["company"] == "Meta" and ig["incidents"] == 2
    assert [i["slug"] for i in ig["incident_list"]] == ["instagram-2021-10-08", "instagram-2022-03-02"]
    slack = service_history(store, "Slack")
    assert slack["incidents"] == 3 and slack["by_month"] == {"2022-02": 2, "2022-03": 1}
    assert slack["recurring_causes"] == []
    empty = service_history(store, "Zoom")
    assert empty["incidents"] == 0 and empty["median_duration_minutes"] is None and empty["longest"] == []

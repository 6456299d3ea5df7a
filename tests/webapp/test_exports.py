"""Dataset export from the web app: a URL suffix on a listing streams the same rows as `outages export`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from archive.config import Config
from archive.export import ExportFilters, export_dataset
from archive.store import Store


def test_company_csv_streams_the_same_rows_as_the_cli_export(client: Any, web_config: Config,
                                                               tmp_path: Path) -> None:
    res = client.get("/company/meta.csv")
    assert res.status_code == 200
    assert res.headers["Content-Type"].startswith("text/csv")
    assert 'filename="meta.csv"' in res.headers["Content-Disposition"]
    store = Store.open(web_config)
    export_dataset(store, "csv", tmp_path, ExportFilters(company="Meta"))
    store.close()
    assert res.get_data(as_text=True) == (tmp_path / "incidents.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(res.get_data(as_text=True))))
    assert [r["slug"] for r in rows] == ["facebook-2021-10-04"]


def test_service_slug_and_child_tables(client: Any) -> None:
    res = client.get("/company/amazon-web-services.jsonl?table=incident_sources")
    assert res.status_code == 200
    rows = [json.loads(line) for line in res.get_data(as_text=True).splitlines()]
    assert rows and {r["incident_id"] for r in rows} == {"inc-aws-20211207"}
    assert all(r["url"].startswith("http") for r in rows)
    assert client.get("/company/meta.json?table=passwords").status_code == 400
    assert client.get("/company/no-such-company.csv").status_code == 404


def test_search_export_matches_the_search_listing(client: Any) -> None:
    page = client.get("/api/search?q=outage&page_size=100")
    assert page.status_code == 200
    listed = sorted(h["id"] for h in page.get_json()["results"])
    res = client.get("/search.json?q=outage")
    assert res.status_code == 200
    exported = sorted(r["id"] for r in json.loads(res.get_data(as_text=True)))
    assert exported and exported == listed
    only_meta = client.get("/search.jsonl?q=outage&company=Meta").get_data(as_text=True).splitlines()
    assert [json.loads(x)["company"] for x in only_meta] == ["Meta"]

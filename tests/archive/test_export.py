"""Dataset export: every format round-trips to the database rows; the descriptor validates."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.dataset import TABLES, child_rows, incident_row
from archive.export import ExportFilters, export_dataset, iter_incidents, stream_table
from archive.records import Incident, IncidentSource, TimelineEvent
from archive.store import Store


def _t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2022, 6, day, hour, minute, tzinfo=UTC)


def make_incidents() -> list[Incident]:
    cf = Incident(
        id="inc-cf", slug="cloudflare-2022-06-21", service="Cloudflare", company="Cloudflare",
        title="Cloudflare outage takes down 19 data centres", status="resolved",
        started_at=_t(21, 6, 27), ended_at=_t(21, 7, 42), duration_minutes=75, official_start=_t(21, 6, 34),
        reported_start=_t(21, 6, 27), ack_lag_minutes=7, services=["Cloudflare", "Discord"],
        regions=["Europe", "United States"], global_=True, error_messages=["500 Internal Server Error"],
        report_counts=[{"count": 12000, "region": "United States", "service": "Discord", "qualifier": "more than",
                        "source": "Downdetector", "source_url": "https://news.test/cf", "evidence": "More than 12,000."}],
        causes=["config_change", "bgp_routing"], features=["cdn"],
        sources=[IncidentSource(url="https://news.test/cf", kind="news", publisher="Packet Ledger",
                                published=_t(21, 9), title="Cloudflare down", fetched_at=_t(21, 10)),
                 IncidentSource(url="https://status.test/cf/1", kind="status", publisher="Cloudflare Status",
                                published=_t(21, 6, 34), fetched_at=_t(21, 10))],
        timeline=[TimelineEvent(at=_t(21, 6, 27), kind="first_report", text="Errors from 19 sites",
                                source_url="https://news.test/cf"),
                  TimelineEvent(at=_t(21, 7, 42), kind="status_update", state="resolved", text="Resolved.",
                                source_url="https://status.test/cf/1")],
        evidence={"regions": [{"value": "Europe", "source_url": "https://news.test/cf",
                               "sentence": "Users across Europe saw errors."}]},
    )
    gh = Incident(id="inc-gh", slug="github-2022-06-02", service="GitHub", company="Microsoft",
                  title="GitHub Actions delayed — “queued” jobs", status="ongoing", started_at=_t(2, 14),
                  ended_at=None, regions=[], causes=[],
                  sources=[IncidentSource(url="https://status.test/gh/9", kind="status", publisher="GitHub Status")])
    sl = Incident(id="inc-sl", slug="slack-2022-06-10", service="Slack", company="Salesforce", title="Slack, \"down\"",
                  status="resolved", started_at=_t(10, 15), ended_at=_t(10, 17), duration_minutes=120,
                  regions=["United Kingdom"], causes=["dns"],
                  sources=[IncidentSource(url="https://news.test/sl", kind="news", publisher="Uptime Daily")])
    return [cf, gh, sl]


@pytest.fixture
def filled(store: Store) -> Store:
    for inc in make_incidents():
        store.save_incident(inc)
    store.upsert_service("Cloudflare", "cloudflare", "Cloudflare", "cloudflare")
    return store


def expected_rows(store: Store, filters: ExportFilters | None = None) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    for inc in sorted(store.incidents(), key=lambda i: i.id):
        if filters is not None and not (filters.matches(inc) and (not filters.service or inc.service == filters.service)):
            continue
        out["incidents"].append(incident_row(inc))
        for name, row in child_rows(inc):
            out[name].append(row)
    return out


def read_back(fmt: str, directory: Path) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for spec in TABLES:
        if fmt == "csv":
            with open(directory / f"{spec.name}.csv", newline="", encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
            types = {f.name: f.type for f in spec.fields}
            result[spec.name] = [{k: _from_csv(v, types[k]) for k, v in r.items()} for r in rows]
        elif fmt == "jsonl":
            lines = (directory / f"{spec.name}.jsonl").read_text(encoding="utf-8").splitlines()
            result[spec.name] = [json.loads(line) for line in lines]
        elif fmt == "json":
            result[spec.name] = json.loads((directory / f"{spec.name}.json").read_text(encoding="utf-8"))
        elif fmt == "parquet":
            rows = pq.read_table(directory / f"{spec.name}.parquet").to_pylist()
            result[spec.name] = [{k: _from_arrow(v) for k, v in r.items()} for r in rows]
        elif fmt == "sqlite":
            con = sqlite3.connect(directory / "outages.sqlite")
            con.row_factory = sqlite3.Row
            types = {f.name: f.type for f in spec.fields}
            rows = [dict(r) for r in con.execute(f'SELECT * FROM "{spec.name}" ORDER BY rowid')]
            result[spec.name] = [{k: _from_sql(v, types[k]) for k, v in r.items()} for r in rows]
            con.close()
    return result


def _from_csv(value: str, ftype: str) -> object:
    if value == "":
        return None
    return {"integer": int, "array": json.loads, "boolean": lambda v: v == "true"}.get(ftype, str)(value)


def _from_arrow(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _from_sql(value: object, ftype: str) -> object:
    if value is None:
        return None
    if ftype == "array":
        return json.loads(str(value))
    if ftype == "boolean":
        return bool(value)
    return value


def _normalise(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Empty arrays and empty strings read back as null in CSV; compare on that common footing."""
    def norm(v: object) -> object:
        return None if v in ("", []) else v
    return {t: [{k: norm(v) for k, v in r.items()} for r in rows] for t, rows in rows.items()}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "parquet", "sqlite"])
def test_every_format_round_trips_to_database_rows(filled: Store, tmp_path: Path, fmt: str) -> None:
    result = export_dataset(filled, fmt, tmp_path / fmt)
    assert result.rows["incidents"] == 3 and result.rows["incident_events"] == 2
    back = read_back(fmt, tmp_path / fmt)
    want = expected_rows(filled)
    want["incidents"].sort(key=lambda r: r["id"])
    want["services"] = [{"name": n, "slug": n.lower(), "company": "Cloudflare" if n == "Cloudflare" else None,
                         "incident_count": 1} for n in ("Cloudflare", "GitHub", "Slack")]
    assert _normalise(back) == _normalise(want)
    assert back["incidents"][1]["ended_at"] is None  # null survives
    assert back["incident_events"][0]["at"] == "2022-06-21T06:27:00Z"  # UTC times survive


def test_same_filter_gives_same_ids_in_every_format(filled: Store, tmp_path: Path) -> None:
    ids = {}
    for fmt in ("csv", "jsonl", "json", "parquet", "sqlite"):
        export_dataset(filled, fmt, tmp_path / fmt, ExportFilters.parse(region="europe", after="2022-06-01"))
        ids[fmt] = sorted(r["id"] for r in read_back(fmt, tmp_path / fmt)["incidents"])
    assert set(map(tuple, ids.values())) == {("inc-cf",)}
    by_cause = [i.id for i in iter_incidents(filled, ExportFilters.parse(cause="dns"))]
    assert by_cause == ["inc-sl"]
    assert [i.id for i in iter_incidents(filled, ExportFilters.parse(before="2022-06-05"))] == ["inc-gh"]
    with pytest.raises(ValueError, match="after"):
        ExportFilters.parse(after="June 2022")


def test_literal_csv_for_a_tiny_archive(store: Store, tmp_path: Path) -> None:
    store.save_incident(make_incidents()[2])
    export_dataset(store, "csv", tmp_path)
    assert (tmp_path / "incidents.csv").read_bytes().decode("utf-8") == (
        "id,slug,service,company,title,status,started_at,ended_at,duration_minutes,official_start,"
        "reported_start,ack_lag_minutes,services,regions,global,error_messages,causes,features,peak_reports,"
        "source_count\r\n"
        'inc-sl,slack-2022-06-10,Slack,Salesforce,"Slack, ""down""",resolved,2022-06-10T15:00:00Z,'
        '2022-06-10T17:00:00Z,120,,,,"[""Slack""]","[""United Kingdom""]",false,[],"[""dns""]",[],,1\r\n')
    assert (tmp_path / "incident_sources.csv").read_bytes().decode("utf-8") == (
        "incident_id,url,kind,publisher,published,title,fetched_at\r\n"
        "inc-sl,https://news.test/sl,news,Uptime Daily,,,\r\n")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_datapackage_validates_with_frictionless(filled: Store, tmp_path: Path, fmt: str) -> None:
    frictionless = pytest.importorskip("frictionless")
    export_dataset(filled, fmt, tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert {r["name"] for r in descriptor["resources"]} == {t.name for t in TABLES}
    for res in descriptor["resources"]:
        assert all(f["description"] for f in res["schema"]["fields"])
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_sqlite_export_has_foreign_keys_and_full_text(filled: Store, tmp_path: Path) -> None:
    export_dataset(filled, "sqlite", tmp_path)
    con = sqlite3.connect(tmp_path / "outages.sqlite")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = con.execute("PRAGMA foreign_key_list(incident_sources)").fetchall()
    assert fks and fks[0][2] == "incidents"
    hits = con.execute("SELECT i.id FROM incidents_fts f JOIN incidents i ON i.rowid = f.rowid "
                       "WHERE incidents_fts MATCH 'internal'").fetchall()
    assert hits == [("inc-cf",)]
    con.close()


def test_zip_bundle_and_cli(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    runner = CliRunner()
    res = runner.invoke(cli, ["--data-dir", str(tmp_path / "d"), "--db-url", filled.url, "export",
                              "--format", "jsonl", "--output", str(out), "--zip", "--company", "Microsoft"])
    assert res.exit_code == 0, res.output
    assert "exported 1 incidents," in res.output
    with zipfile.ZipFile(out.with_suffix(".zip")) as zf:
        names = sorted(zf.namelist())
    assert "bundle/datapackage.json" in names and "bundle/incidents.jsonl" in names
    bad = runner.invoke(cli, ["--data-dir", str(tmp_path / "d"), "export", "--after", "yesterday-ish"])
    assert bad.exit_code == 2 and "after" in bad.output


def test_stream_table_matches_file_export(filled: Store, tmp_path: Path) -> None:
    export_dataset(filled, "csv", tmp_path)
    streamed = "".join(stream_table(filled, "incidents", "csv"))
    assert streamed == (tmp_path / "incidents.csv").read_bytes().decode("utf-8")
    lines = "".join(stream_table(filled, "report_counts", "jsonl")).splitlines()
    assert [json.loads(x)["count"] for x in lines] == [12000]

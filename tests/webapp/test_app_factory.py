"""The app factory, the ``outages serve`` wiring and resilience when the search index is broken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from webdata import build_archive, sample_incidents

from archive.config import load_config


def test_create_app_without_config_reads_the_outages_environment(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    from webapp.app import create_app

    data_dir = tmp_path / "env-archive"
    build_archive(load_config({"data_dir": str(data_dir)}, environ={}), sample_incidents()[:1])
    monkeypatch.setenv("OUTAGES_DATA_DIR", str(data_dir))
    monkeypatch.delenv("OUTAGES_CONFIG", raising=False)
    app = create_app()
    assert app.config["OUTAGES_CONFIG"].data_path == data_dir.resolve()
    body = app.test_client().get("/api/incidents").get_json()
    assert [i["slug"] for i in body["items"]] == ["facebook-2021-10-04"]
    app.extensions["outages_store"].close()


def test_outages_serve_builds_the_app_for_the_cli_archive(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from flask import Flask

    from archive.cli import cli

    data_dir = tmp_path / "served"
    build_archive(load_config({"data_dir": str(data_dir)}, environ={}), sample_incidents())
    seen: dict[str, Any] = {}

    def fake_run(self: Flask, host: str, port: int, **_: Any) -> None:  # answer one request instead of serving
        seen.update(host=host, port=port, status=self.test_client().get("/company/meta").status_code)

    monkeypatch.setattr(Flask, "run", fake_run)
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "serve", "--port", "5123"])
    assert result.exit_code == 0, result.output
    assert seen == {"host": "127.0.0.1", "port": 5123, "status": 200}
    assert "serving on http://127.0.0.1:5123/" in result.output


def test_broken_index_falls_back_to_the_database(app: Any, web_config: Any) -> None:
    index = web_config.index_path
    index.mkdir(parents=True, exist_ok=True)
    (index / "incidents_broken.seg").write_bytes(b"not an index")
    (index / "_incidents_1.toc").write_bytes(b"garbage")
    body = app.test_client().get("/api/search?q=bgp").get_json()
    assert [r["slug"] for r in body["results"]] == ["facebook-2021-10-04"]
    assert body["engine"] == "database"
    assert any("plain scan" in w for w in body["warnings"])


def test_browsing_without_a_query_reads_the_database(app: Any, web_config: Any) -> None:
    index = web_config.index_path
    index.mkdir(parents=True, exist_ok=True)
    (index / "stale").write_text("an index that knows nothing")
    body = app.test_client().get("/api/incidents?region=Europe").get_json()
    assert body["total"] == 2

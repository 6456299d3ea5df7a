"""Fixtures for the web tests: a real SQLite archive (see webdata.py) and the real Flask app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webdata import build_archive, sample_incidents

from archive.config import Config, load_config


@pytest.fixture
def web_config(tmp_path: Path) -> Config:
    cfg = load_config({"data_dir": str(tmp_path / "archive")}, environ={})
    build_archive(cfg, sample_incidents())
    return cfg


@pytest.fixture
def app(web_config: Config) -> Iterator[Any]:
    from webapp.app import create_app

    application = create_app({"OUTAGES_CONFIG": web_config, "TESTING": True})
    yield application
    store = application.extensions.get("outages_store")
    if store is not None:
        store.close()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()

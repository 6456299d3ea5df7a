"""The archive test-suite runs against SQLite and, when OUTAGES_TEST_PG_URL is set, PostgreSQL.

`make test` starts a throwaway PostgreSQL on 127.0.0.1 (.ci/postgres.sh) and sets the variable; each
PostgreSQL-backed test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from archive.config import Config
from archive.store import Store

PG_URL = os.environ.get("OUTAGES_TEST_PG_URL", "")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, config: Config) -> Iterator[Store]:
    """A real archive on each backend, with WARC raw storage in a temporary data directory."""
    if request.param == "sqlite":
        s = Store.open(config)
        yield s
        s.close()
        return
    if not PG_URL:
        pytest.skip("OUTAGES_TEST_PG_URL not set (make test starts PostgreSQL and sets it)")
    name = f"outages_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    s = Store(url, raw_dir=config.raw_path)
    try:
        yield s
    finally:
        s.close()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

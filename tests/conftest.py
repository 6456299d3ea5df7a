"""Shared fixtures: repo paths, a fresh archive store, the real-data folder, the sample site server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.config import Config, load_config
from archive.store import Store

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = REPO_ROOT / "tests" / "data"
REALDATA = (REPO_ROOT.parent / "shared" / "realdata").resolve()
SAMPLE_SITE = REPO_ROOT / "data" / "sample-site"


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not beside this checkout")
    return REALDATA


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """A config whose data directory is a fresh temporary folder (env overrides ignored)."""
    return load_config({"data_dir": str(tmp_path / "data")}, environ={})


@pytest.fixture
def store(config: Config) -> Iterator[Store]:
    """A real SQLite archive with WARC raw storage in a temporary data directory."""
    s = Store.open(config)
    yield s
    s.close()


@pytest.fixture
def sample_site_url() -> Iterator[str]:
    """The bundled sample site served over HTTP on 127.0.0.1."""
    from crawler.localsite import serve_directory

    if not (SAMPLE_SITE / "sources.toml").is_file():
        pytest.skip("sample site not generated")
    with serve_directory(SAMPLE_SITE) as base:
        yield base

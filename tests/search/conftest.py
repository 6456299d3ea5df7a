"""Fixtures for the search tests: a demo-like archive (real SQLite store) with its Whoosh index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.config import load_config
from archive.search import rebuild_index
from archive.store import Store
from tests.search.sample_archive import build_sample_archive


class SampleArchive:
    def __init__(self, root: Path):
        self.config = load_config({"data_dir": str(root)}, environ={})
        self.store = Store.open(self.config)
        self.incidents = build_sample_archive(self.store)
        self.index_dir = self.config.index_path
        self.indexed = rebuild_index(self.store, self.index_dir)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleArchive]:
    """Built once per module; tests that change it use ``fresh_sample`` instead."""
    archive = SampleArchive(tmp_path_factory.mktemp("search-sample"))
    yield archive
    archive.store.close()


@pytest.fixture
def fresh_sample(tmp_path: Path) -> Iterator[SampleArchive]:
    archive = SampleArchive(tmp_path / "archive")
    yield archive
    archive.store.close()

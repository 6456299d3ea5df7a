"""``outages index`` and ``outages search`` run as a user would, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.search.conftest import SampleArchive

REPO = Path(__file__).resolve().parents[2]


def outages(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from archive.cli import main; main()", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


@pytest.fixture(scope="module")
def cli_archive(tmp_path_factory: pytest.TempPathFactory) -> Any:
    archive = SampleArchive(tmp_path_factory.mktemp("cli-search"))
    yield archive
    archive.store.close()


def test_search_json_contract_and_known_answer(cli_archive: Any) -> None:
    proc = outages(cli_archive.config.data_path, "search", "consul", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert {"total", "hits", "facets", "warnings"} <= result.keys()
    assert result["total"] == 1 and result["warnings"] == []
    hit = result["hits"][0]
    assert {"id", "slug", "service", "score", "snippet"} <= hit.keys()
    assert (hit["id"], hit["slug"], hit["service"]) == ("inc-roblox-2021-10-28", "roblox-2021-10-28", "Roblox")
    assert set(result["facets"]) == {"service", "company", "region", "cause", "year"}


def test_search_text_output_and_limit(cli_archive: Any) -> None:
    proc = outages(cli_archive.config.data_path, "search", "service:twitter", "--sort", "date", "--limit", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("3 incidents found")
    assert proc.stdout.index("twitter-2021-08-jp") < proc.stdout.index("twitter-2021-02-jp")
    assert "twitter-2020-10-15" not in proc.stdout  # third by date, beyond --limit 2


def test_malformed_query_warns_but_answers(cli_archive: Any) -> None:
    proc = outages(cli_archive.config.data_path, "search", 'consul "unclosed', "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert any("unbalanced quote" in w for w in result["warnings"])
    assert "warning: unbalanced quote" in proc.stderr


def test_query_that_cannot_run_exits_2_with_message(cli_archive: Any) -> None:
    proc = outages(cli_archive.config.data_path, "search", "before:someday")
    assert proc.returncode == 2
    assert "bad date in before:someday" in proc.stderr and "Traceback" not in proc.stderr


def test_index_update_and_rebuild(cli_archive: Any, tmp_path: Path) -> None:
    proc = outages(cli_archive.config.data_path, "index")
    assert proc.returncode == 0, proc.stderr
    assert "0 documents re-indexed, 0 removed" in proc.stdout
    proc = outages(cli_archive.config.data_path, "index", "--rebuild")
    assert proc.returncode == 0 and f"{len(cli_archive.incidents)} incidents" in proc.stdout
    missing = outages(tmp_path / "empty", "search", "twitter")
    assert missing.returncode == 2 and "outages index --rebuild" in missing.stderr

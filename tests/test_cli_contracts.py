"""The `outages` CLI contracts, run through the installed entry point on the real demo archive.

The demo crawls the bundled sample site from a local HTTP server (never from disk), extracts, builds
incidents and indexes; these tests then check the JSON contracts other tools rely on.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SAMPLE_SITE

OUTAGES = shutil.which("outages", path=str(Path(sys.executable).parent)) or "outages"


def run(*args: str, data_dir: Path | None = None, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTAGES_")}
    cmd = [OUTAGES] + (["--data-dir", str(data_dir)] if data_dir else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT, env=env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def parse_summary(stdout: str) -> dict[str, int]:
    line = next(x for x in stdout.splitlines() if x.startswith("demo archive:"))
    pairs = [p.strip().split(" ", 1) for p in line.split(":", 1)[1].split(",")]
    return {name: int(num) for num, name in pairs}


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[dict[str, int]]]]:
    if not (SAMPLE_SITE / "sources.toml").is_file():
        pytest.skip("sample site not generated")
    data_dir = tmp_path_factory.mktemp("demo")
    port = free_port()
    summaries = []
    for _ in range(2):
        proc = run("demo", "--no-serve", "--site-port", str(port), data_dir=data_dir)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert "Traceback" not in proc.stderr
        summaries.append(parse_summary(proc.stdout))
    yield data_dir, summaries


def test_help_lists_every_subcommand() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for name in ("demo", "crawl", "extract", "reprocess", "build", "index", "search", "incidents",
                 "export", "serve", "eval"):
        assert f"  {name} " in proc.stdout, name


@pytest.mark.parametrize("args", [
    ("crawl", "--no-such-flag"),
    ("extract",),
    ("extract", "/no/such/file.html"),
    ("export", "--format", "xlsx"),
    ("serve", "--port", "notaport"),
    ("incidents", "--format", "yaml"),
])
def test_bad_arguments_exit_2_with_one_line_message(args: tuple[str, ...], tmp_path: Path) -> None:
    proc = run(*args, data_dir=tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("Error:")


def test_demo_counts_and_rerun_adds_nothing(demo_archive: tuple[Path, list[dict[str, int]]]) -> None:
    _, (first, second) = demo_archive
    assert first["articles"] >= 40
    assert first["incidents"] >= 12
    assert first == second


def test_incidents_json_contract(demo_archive: tuple[Path, list[dict[str, int]]]) -> None:
    data_dir, _ = demo_archive
    proc = run("incidents", "--format", "json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    incidents = json.loads(proc.stdout)
    assert len(incidents) >= 12
    keys = {"id", "slug", "service", "company", "title", "status", "started_at", "ended_at",
            "duration_minutes", "regions", "error_messages", "report_counts", "sources", "timeline"}
    for inc in incidents:
        assert keys <= inc.keys()
        assert inc["sources"], inc["slug"]
        for src in inc["sources"]:
            assert {"url", "kind", "publisher", "published"} <= src.keys() and src["kind"] in {"news", "status"}
        for ev in inc["timeline"]:
            assert {"at", "kind", "text", "source_url"} <= ev.keys() and ev["at"].endswith("Z")
    one = incidents[0]["service"]
    proc = run("incidents", "--service", one, "--format", "json", data_dir=data_dir)
    filtered = json.loads(proc.stdout)
    assert filtered and all(i["service"] == one or one in i.get("services", []) for i in filtered)


def test_search_json_contract(demo_archive: tuple[Path, list[dict[str, int]]]) -> None:
    data_dir, _ = demo_archive
    proc = run("search", "outage", "--format", "json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert {"total", "hits", "facets", "warnings"} <= result.keys()
    assert result["total"] >= 1
    assert {"id", "slug", "service", "score", "snippet"} <= result["hits"][0].keys()


def test_extract_json_contract_on_sample_article(tmp_path: Path) -> None:
    articles = sorted((SAMPLE_SITE / "news").rglob("*.html"))
    if not articles:
        pytest.skip("sample site not generated")
    truth = json.loads((REPO_ROOT / "tests" / "data" / "sample_site_truth.json").read_text())
    outage_paths = {p for o in truth["outages"] for p in o["articles"]}
    page = next(a for a in articles if "/" + str(a.relative_to(SAMPLE_SITE)) in outage_paths)
    proc = run("extract", "--format", "json", str(page), data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for key in ("service", "services", "regions", "start", "end", "duration_minutes", "error_messages",
                "report_counts", "title", "published", "evidence"):
        assert key in report, key
    assert report["service"] and report["regions"] and report["evidence"]
    two = run("extract", "--format", "json", str(page), str(articles[0]), data_dir=tmp_path)
    assert isinstance(json.loads(two.stdout), list) and len(json.loads(two.stdout)) == 2
    assert not (tmp_path / "archive.sqlite3").exists()  # extract writes nothing to the archive

"""Crash recovery: the real CLI (``outages crawl`` / ``reprocess`` / ``build``) killed with SIGKILL.

Each stage runs in its own process group (the crawl forks a Scrapy child) and the whole group is
killed, like a power cut or the OOM killer. After each kill the database must pass
``PRAGMA integrity_check``; after restarting the stage the archive must equal the one an
uninterrupted run produced from the same sample site: same raw pages, article URLs, report keys,
incident slugs and counts, every kept body readable from its WARC record.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archive.store import Store
from crawler.localsite import serve_directory
from tests.conftest import SAMPLE_SITE

OUTAGES = [str(Path(sys.executable).with_name("outages"))]
STAGE_TIMEOUT = 120
SEEDS = [11, 23, 37]

pytestmark = pytest.mark.timeout(600)


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTAGES_")}
    env.update({"OUTAGES_DOWNLOAD_DELAY": "0", "OUTAGES_AUTOTHROTTLE": "false", "OUTAGES_RETRY_TIMES": "1",
                "OUTAGES_DOWNLOAD_TIMEOUT": "10", "OUTAGES_CONCURRENT_PER_DOMAIN": "2"})
    return env


def stage_args(stage: str, base: str) -> list[str]:
    if stage == "crawl":
        return ["crawl", "--sources", str(SAMPLE_SITE / "sources.toml"), "--base-url", base]
    if stage == "reprocess":
        return ["reprocess", "--pending"]
    return ["build"]


def run_stage(data_dir: Path, stage: str, base: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*OUTAGES, "--data-dir", str(data_dir), *stage_args(stage, base)], env=cli_env(),
                          capture_output=True, text=True, timeout=STAGE_TIMEOUT, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    return proc


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    try:
        return int(query(db, f"select count(*) from {table}")[0][0])
    except sqlite3.OperationalError:  # not created yet
        return 0


@dataclass
class Kill:
    stage: str
    after: float  # seconds after start
    finished_first: bool  # the stage ended before the kill came
    rows_at_kill: int  # rows of the stage's main table when killed


def kill_stage(data_dir: Path, stage: str, base: str, delay: float | None = None,
               until: Callable[[], bool] | None = None, after_output: str | None = None) -> Kill:
    """Start ``stage``; SIGKILL its whole process group once ``until()`` holds, or ``delay`` seconds
    after the start (after ``after_output`` first appears on its stderr, when given)."""
    proc = subprocess.Popen([*OUTAGES, "--data-dir", str(data_dir), *stage_args(stage, base)], env=cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE if after_output else subprocess.DEVNULL,
                            start_new_session=True)
    started = time.monotonic()
    seen = threading.Event()
    if after_output:
        def watch() -> None:
            assert proc.stderr is not None
            for raw in iter(lambda: proc.stderr.read1(4096), b""):  # type: ignore[union-attr]
                if after_output.encode() in raw:
                    seen.set()
            seen.set()
        threading.Thread(target=watch, daemon=True).start()
        seen.wait(STAGE_TIMEOUT)
    deadline = time.monotonic() + (delay if delay is not None else STAGE_TIMEOUT)
    while time.monotonic() < deadline and proc.poll() is None:
        if until is not None and until():
            break
        time.sleep(0.005 if until is not None else 0.01)
    finished = proc.poll() is not None
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)
    table = {"crawl": "raw_pages", "reprocess": "reports", "build": "incidents"}[stage]
    return Kill(stage, round(time.monotonic() - started, 2), finished, count(data_dir / "archive.sqlite3", table))


def snapshot(data_dir: Path) -> dict[str, Any]:
    """What must be equal between a crashed-and-resumed archive and an uninterrupted one.

    Incident ids and times are compared too: they hash / derive from report start times, which no
    longer depend on the order payloads are processed in (``test_order.py``). The ``services`` table
    is left out: a build killed between its incident commit and its
    service writes used to lose services for good (the targeted test below pins the fix); the random kills of
    the parametrised test rarely land in that window and must not make it flaky.
    """
    db = data_dir / "archive.sqlite3"
    tables = ("raw_pages", "articles", "status_incidents", "status_updates", "reports", "incidents",
              "incident_reports", "incident_sources", "incident_events")
    return {
        "counts": {t: count(db, t) for t in tables},
        "raw_pages": sorted(query(db, "select url, content_hash, status from raw_pages where source_kind != 'robots'")),
        "articles": sorted(r[0] for r in query(db, "select url from articles")),
        "report_keys": sorted(r[0] for r in query(db, "select report_key from reports")),
        "outage_reports": sorted(r[0] for r in query(db, "select report_key from reports where is_outage")),
        "status_incidents": sorted(query(db, "select platform, external_id from status_incidents")),
        "incidents": sorted(query(db, "select id, slug, service, company, status, started_at, ended_at from incidents")),
        "crawl_failures": sorted(query(db, "select url, fail_reason from crawl_state where fail_reason is not null")),
    }


def assert_intact(data_dir: Path) -> None:
    db = data_dir / "archive.sqlite3"
    assert query(db, "pragma integrity_check") == [("ok",)]
    assert query(db, "pragma foreign_key_check") == []
    store = Store(f"sqlite:///{db}", raw_dir=data_dir / "raw")
    try:
        for page_id in store.raw_page_ids():
            page = store.raw_page(page_id)
            assert page is not None
            stored = query(db, f"select content_hash from raw_pages where id = {page_id}")[0][0]
            assert page.content_hash == stored, page.url
    finally:
        store.close()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    if not (SAMPLE_SITE / "sources.toml").is_file():
        pytest.skip("sample site not generated")
    with serve_directory(SAMPLE_SITE, delay=0.05) as base:  # slow enough to be killed mid-crawl
        yield base


@pytest.fixture(scope="module")
def reference(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An uninterrupted crawl, reprocess and build; the archive just before the build is kept too."""
    root = tmp_path_factory.mktemp("crash-ref")
    ref = root / "ref"
    started = time.monotonic()
    for stage in ("crawl", "reprocess"):
        run_stage(ref, stage, site)
    shutil.copytree(ref, root / "prebuild")
    build_started = time.monotonic()
    run_stage(ref, "build", site)
    build_seconds = time.monotonic() - build_started
    return {"build_seconds": build_seconds, "snapshot": snapshot(ref), "services": count(ref / "archive.sqlite3", "services"),
            "prebuild": root / "prebuild", "seconds": time.monotonic() - started}


def processed(db: Path) -> int:
    try:
        return int(query(db, "select count(*) from raw_pages where processed_at is not null")[0][0])
    except sqlite3.OperationalError:
        return 0


def crash_chain(seed: int, site: str, reference: dict[str, Any], data: Path) -> list[Kill]:
    """Crawl, reprocess and build, each killed once at a random point and rerun to completion.

    Crawl and reprocess are killed once a random number of pages is kept / processed (so the kill
    lands inside the work, not in interpreter start-up); the build, whose incidents are written in
    one transaction, a random 0-0.3 s after it starts fusing (its progress label on stderr), which
    lands before, during or just after that transaction.
    """
    rng = random.Random(seed)
    db = data / "archive.sqlite3"
    total = reference["snapshot"]["counts"]["raw_pages"]
    crawl_at, process_at = rng.randint(1, total - 5), rng.randint(1, total - 5)
    build_after = rng.uniform(0.0, 0.3)
    kills = [kill_stage(data, "crawl", site, until=lambda: count(db, "raw_pages") >= crawl_at)]
    assert query(db, "pragma integrity_check") == [("ok",)]
    run_stage(data, "crawl", site)
    kills.append(kill_stage(data, "reprocess", site, until=lambda: processed(db) >= process_at))
    assert query(db, "pragma integrity_check") == [("ok",)]
    run_stage(data, "reprocess", site)
    kills.append(kill_stage(data, "build", site, delay=build_after, after_output="Building incidents"))
    assert query(db, "pragma integrity_check") == [("ok",)]
    run_stage(data, "build", site)
    print(f"seed {seed}: crawl killed at >= {crawl_at} pages, reprocess at >= {process_at} processed, "
          f"build after {build_after:.2f}s:", kills)
    return kills


@pytest.mark.slow
def test_killed_stages_resume_to_the_same_archive(site: str, reference: dict[str, Any], tmp_path: Path) -> None:
    """Three seeds (run side by side to save wall time): after every kill and rerun, the same archive."""
    with ThreadPoolExecutor(len(SEEDS)) as pool:
        futures = {seed: pool.submit(crash_chain, seed, site, reference, tmp_path / f"seed-{seed}")
                   for seed in SEEDS}
        results = {seed: f.result() for seed, f in futures.items()}
    for seed, kills in results.items():
        assert not kills[0].finished_first and not kills[1].finished_first, (seed, kills)
        got, want = snapshot(tmp_path / f"seed-{seed}"), reference["snapshot"]
        diff = {k: (sorted(set(map(str, got[k])) ^ set(map(str, want[k])))[:6] if k != "counts" else
                    {t: (n, want[k][t]) for t, n in got[k].items() if n != want[k][t]})
                for k in want if got[k] != want[k]}
        assert diff == {}, (seed, kills)
        assert_intact(tmp_path / f"seed-{seed}")


def _prebuild_copy(reference: dict[str, Any], tmp_path: Path) -> Path:
    data = tmp_path / "archive"
    shutil.copytree(reference["prebuild"], data)
    return data


def test_build_killed_after_incidents_commit_still_records_services(site: str, reference: dict[str, Any],
                                                                     tmp_path: Path) -> None:
    data = _prebuild_copy(reference, tmp_path)
    db = data / "archive.sqlite3"
    for _attempt in range(3):  # the window between the two writes is short: make sure we hit it
        kill = kill_stage(data, "build", site, until=lambda: count(db, "incidents") > 0)
        if count(db, "services") < reference["services"] and kill.rows_at_kill > 0:
            break
        shutil.rmtree(data)
        data = _prebuild_copy(reference, tmp_path)
    else:
        pytest.fail("could not kill the build between its two writes")
    run_stage(data, "build", site)
    assert count(db, "incidents") == reference["snapshot"]["counts"]["incidents"]
    assert count(db, "services") == reference["services"]

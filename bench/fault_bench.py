"""Faults: long crawls of the generated fault site, checked like ``tests/reliability/test_faults.py``.

    python -m bench.fault_bench [--pages 10000] [--seeds 1 2] [--fault-share 0.2] [--process]

For each seed: a baseline crawl of the same site with no faults (throughput reference, same run),
then a crawl with ``--fault-share`` of the pages faulty and a second crawl that must ask again for
the failures only. Checks every good page is archived byte for byte, every failure is recorded
with its expected reason, nothing is duplicated and the database passes ``PRAGMA integrity_check``.
``--process`` also runs extraction (``archive.process.process_pages``) over everything archived, to
show mislabelled and garbled pages do not stop it. Writes ``bench/out/fault_bench.txt``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.config import load_config  # noqa: E402
from archive.store import Store  # noqa: E402
from crawler.run import crawl_sources  # noqa: E402
from crawler.sources import parse_sources  # noqa: E402
from tests.reliability.faultserver import SiteMap, root_faults, serve_fault_site, sources_toml  # noqa: E402

OUT = ROOT / "bench" / "out"


def config_for(data_dir: Path) -> Any:
    return load_config({"data_dir": str(data_dir)}, environ={}).replace(
        download_delay=0, autothrottle=False, download_timeout=1.0, retry_times=1, concurrent_requests=32,
        concurrent_per_domain=32)


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(store.url.removeprefix("sqlite:///"))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def baseline(pages: int, seed: int, tmp: Path) -> float:
    site = SiteMap.generate(pages, seed, fault_share=0.0)
    config = config_for(tmp / f"base-{seed}")
    with Store.open(config) as store, serve_fault_site(site) as (base, _server):
        started = time.monotonic()
        crawl_sources(config, store, parse_sources(sources_toml(base, site, broken_roots=False)), timeout=3600)
        return time.monotonic() - started


def faulty(pages: int, seed: int, share: float, process: bool, tmp: Path) -> dict[str, Any]:
    site = SiteMap.generate(pages, seed, fault_share=share)
    config = config_for(tmp / f"faults-{seed}")
    result: dict[str, Any] = {"seed": seed, "pages": pages, "injected": dict(Counter(site.kinds.values()))}
    with Store.open(config) as store, serve_fault_site(site, slow_seconds=2.0) as (base, server):
        sources = parse_sources(sources_toml(base, site))
        started = time.monotonic()
        first = crawl_sources(config, store, sources, timeout=3600)
        result["first_seconds"] = round(time.monotonic() - started, 1)
        hits_first = Counter(server.hits)
        failed_first = {r["url"]: r["fail_reason"] for r in store.failed_urls()}
        kept = {u: (s, h) for u, s, h in rows(store, "select url, status, content_hash from raw_pages "
                                                     "where source_kind = 'article'")}
        started = time.monotonic()
        second = crawl_sources(config, store, sources, timeout=3600)
        result["second_seconds"] = round(time.monotonic() - started, 1)
        asked_again = {p for p, n in (Counter(server.hits) - hits_first).items() if site.number(p) is not None}
        expected = {base + site.path(n): r for n, r in site.failing().items()}
        expected.update({base + p: r for p, (_c, _b, r) in root_faults().items()})
        good = [n for n in site.good()]
        missing = [n for n in good if kept.get(base + site.path(n), (0,))[0] != 200]
        altered = [n for n in good if site.kind(n) and (page := store.raw_page_for_url(base + site.path(n)))
                   is not None and page.body != server.served_body(n)]
        result.update({
            "good_pages": len(good), "good_archived": len(good) - len(missing), "altered_bodies": len(altered),
            "failures_expected": len(expected), "failures_recorded": len(failed_first),
            "failure_mismatches": sum(1 for u, r in expected.items() if failed_first.get(u) != r)
            + len(set(failed_first) - set(expected)),
            "failed_by_reason": dict(first.failed), "requests_first": sum(hits_first.values()),
            "second_asked": len(asked_again),
            "second_asked_only_failures": asked_again == {urlsplit(u).path for u in failed_first
                                                          if site.number(urlsplit(u).path) is not None},
            "second_new": second.new, "still_failed": len(store.failed_urls()),
            "duplicates": rows(store, "select count(*) from (select url, content_hash from raw_pages group by 1, 2 "
                                      "having count(*) > 1)")[0][0],
            "integrity": rows(store, "pragma integrity_check")[0][0],
        })
        if process:
            from archive.process import process_pages

            started = time.monotonic()
            summary = process_pages(store, pending_only=True)
            result["process"] = {**summary.as_dict(), "seconds": round(time.monotonic() - started, 1)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--fault-share", type=float, default=0.2)
    parser.add_argument("--process", action="store_true")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="fault-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for seed in args.seeds:
            base_seconds = baseline(args.pages, seed, tmp)
            res = faulty(args.pages, seed, args.fault_share, args.process, tmp)
            res["baseline_seconds"] = round(base_seconds, 1)
            res["slowdown_vs_baseline"] = round(res["first_seconds"] / base_seconds, 2)
            results.append(res)
            print(json.dumps(res, indent=2), flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fault_bench.txt").write_text(json.dumps(results, indent=2) + "\n")
    ok = all(r["good_archived"] == r["good_pages"] and r["failure_mismatches"] == 0 and r["duplicates"] == 0
             and r["second_asked_only_failures"] and r["integrity"] == "ok" and r["altered_bodies"] == 0
             for r in results)
    print("all checks passed" if ok else "CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

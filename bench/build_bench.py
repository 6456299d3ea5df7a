"""Incident building: reports/second and peak memory at growing sizes, and how the cost grows.

    .venv/bin/python bench/build_bench.py [--sizes 10000 30000 100000] [--store-sizes 10000 30000] [--write]

A deterministic generator (fixed seed) writes synthetic outage reports: outages of ~60 catalog services
over six years, each told by 1-6 sources (news with a clock-time start, a date only or no start; one in
five with a status-page incident), some naming a second service. Each size runs in a fresh child
process, which reports its own CPU time (``time.process_time``: the machine is shared, wall time is
mostly other people's jobs) and peak RSS:

* ``core``: grouping + cross-company linking + assembling every incident, in memory (best of 3);
* ``store`` (smaller sizes): the whole ``build_incidents(full=True)`` on a SQLite archive (reading the
  reports, writing incidents, sources, timelines), then an incremental build after 1% new reports.

Growth is judged against n log n: for each size the time ratio to the smallest size is shown next to
the n log n ratio. With ``--write`` the table is appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.records import OutageReport, ReportCount, StatusUpdate  # noqa: E402

SERVICES = ["Facebook", "Instagram", "WhatsApp", "Slack", "Discord", "Zoom", "Cloudflare", "Fastly", "GitHub",
            "GitLab", "Reddit", "Spotify", "Netflix", "Twitch", "Snapchat", "TikTok", "Dropbox", "Salesforce",
            "Heroku", "Shopify", "Stripe", "PayPal", "Coinbase", "Robinhood", "Steam", "PlayStation Network",
            "Fortnite", "Roblox", "Microsoft Teams", "Outlook", "Azure", "Xbox Live", "LinkedIn", "Gmail",
            "YouTube", "Google Cloud", "Google Drive", "Amazon Web Services", "Alexa", "Prime Video",
            "Twitter", "ChatGPT", "iCloud", "App Store", "Apple Music", "Atlassian", "Notion", "Canva",
            "Rogers", "Optus", "Verizon", "AT&T", "T-Mobile", "BT", "Vodafone", "Telstra", "Akamai",
            "CrowdStrike", "Jira", "Bell Canada"]
REGIONS = ["United States", "United Kingdom", "Germany", "India", "Brazil", "Japan", "Australia", "Canada",
           "France", "Europe", "North America", "Asia"]
PUBLISHERS = ["Wire A", "Wire B", "Wire C", "Wire D", "Wire E"]
EPOCH = datetime(2019, 1, 1, tzinfo=UTC)


def _news(rng: random.Random, n: int, service: str, start: datetime, end: datetime, other: str | None,
          regions: list[str]) -> OutageReport:
    published = start + timedelta(minutes=rng.randint(20, 600))
    kind = rng.random()
    precision = "minute" if kind < 0.6 else "day" if kind < 0.85 else "none"
    rstart = None if precision == "none" else start if precision == "minute" else start.replace(hour=0, minute=0)
    counts = [ReportCount(count=rng.randint(100, 50000), region=rng.choice(regions + [None]),  # type: ignore[list-item]
                          source="Downdetector")] if rng.random() < 0.5 else []
    return OutageReport(
        source_url=f"https://{rng.choice(PUBLISHERS).lower().replace(' ', '-')}.test/{n}", source_kind="news",
        service=service, services=[service] + ([other] if other else []), title=f"{service} down ({n})",
        publisher=rng.choice(PUBLISHERS), published=published, regions=regions,
        start=rstart + timedelta(minutes=rng.randint(-15, 15)) if precision == "minute" and rstart else rstart,
        start_precision=precision, end=end if rng.random() < 0.4 else None,
        end_precision="minute", report_counts=counts, causes=[rng.choice(["dns", "config_change", "power"])],
        error_messages=["Something went wrong"] if rng.random() < 0.3 else [], id=n)


def _status(rng: random.Random, n: int, service: str, start: datetime, end: datetime) -> OutageReport:
    updates = [StatusUpdate(at=start + timedelta(minutes=10), status="investigating", text="Looking into it."),
               StatusUpdate(at=end, status="resolved", text="Resolved.")]
    return OutageReport(
        source_url=f"https://status.test/{service.lower().replace(' ', '-')}/incidents/s{n}", source_kind="status",
        service=service, services=[service], title=f"{service} degraded", publisher="status.test",
        published=start, start=start, start_precision="minute", end=end, end_precision="minute",
        duration_minutes=int((end - start).total_seconds() // 60), status_updates=updates,
        external_id=f"statuspage:s{n}", id=n)


def generate(n: int, seed: int = 7) -> list[OutageReport]:
    """``n`` reports, always the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    span_minutes = 6 * 365 * 24 * 60
    reports: list[OutageReport] = []
    while len(reports) < n:
        service = rng.choice(SERVICES)
        start = EPOCH + timedelta(minutes=rng.randrange(span_minutes))
        end = start + timedelta(minutes=rng.randint(10, 600))
        other = rng.choice(SERVICES) if rng.random() < 0.1 else None
        regions = rng.sample(REGIONS, rng.randint(0, 3))
        if rng.random() < 0.2:
            reports.append(_status(rng, len(reports), service, start, end))
        for _ in range(rng.randint(1, 6)):
            if len(reports) < n:
                reports.append(_news(rng, len(reports), service, start, end, other, regions))
    return reports[:n]


def run_core(n: int, repeats: int = 3) -> dict[str, Any]:
    """CPU seconds (best of ``repeats``) to group, link and assemble ``n`` reports in memory."""
    from archive.build import fuse_groups
    from archive.grouping import group_items

    reports = generate(n)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    window = timedelta(hours=12)
    best, count = math.inf, 0
    for _ in range(repeats):
        gc.collect()
        began = time.process_time()
        groups, _ = group_items(reports, window)
        count = len(fuse_groups(groups, groups.keys(), window, now))
        best = min(best, time.process_time() - began)
    return {"n": n, "seconds": best, "incidents": count}


def _bulk_load(store: Any, reports: list[OutageReport]) -> None:
    from archive import schema
    from archive.records import now_utc
    from archive.store import report_key

    stamp = now_utc()
    rows = []
    for r in reports:
        data = r.as_dict()
        data.pop("id", None)
        rows.append(dict(report_key=report_key(r), source_url=r.source_url, source_kind=r.source_kind,
                         service=r.service, company=r.company, is_outage=True, start=r.start, end=r.end,
                         published=r.published, data=data, updated_at=stamp))
    with store.engine.begin() as conn:
        for pos in range(0, len(rows), 2000):
            conn.execute(schema.reports.insert(), rows[pos:pos + 2000])


def run_store(n: int) -> dict[str, Any]:
    from archive.build import build_incidents
    from archive.store import Store

    reports = generate(n)
    extra = generate(n + n // 100, seed=7)[n:]  # the generator continues the same stream
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite3")
        _bulk_load(store, reports)
        began = time.process_time()
        full = build_incidents(store, full=True)
        seconds = time.process_time() - began
        time.sleep(1.1)  # let the incremental build see the new reports as newer than the build stamp
        _bulk_load(store, extra)
        began = time.process_time()
        inc = build_incidents(store)
        inc_seconds = time.process_time() - began
        store.close()
    return {"n": n, "seconds": seconds, "incidents": full.incidents, "incremental_seconds": inc_seconds,
            "incremental_reports": len(extra), "incremental_groups": inc.groups_rebuilt}


def child(mode: str, n: int) -> None:
    result = run_core(n) if mode == "core" else run_store(n)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(mode: str, n: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(n)], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(mode: str, results: list[dict[str, Any]]) -> list[str]:
    base = results[0]
    lines = [f"| {mode} | reports | incidents | seconds | reports/s | peak RSS | time ratio | n log n ratio |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        nlogn = (r["n"] * math.log(r["n"])) / (base["n"] * math.log(base["n"]))
        lines.append(f"| {mode} | {r['n']:,} | {r['incidents']:,} | {r['seconds']:.2f} | "
                     f"{r['n'] / r['seconds']:,.0f} | {r['peak_rss_mb']:.0f} MB | "
                     f"{r['seconds'] / base['seconds']:.2f} | {nlogn:.2f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--store-sizes", type=int, nargs="*", default=[10_000, 30_000])
    parser.add_argument("--write", action="store_true", help="append the tables to bench/RESULTS.md")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    core = [measure("core", n) for n in args.sizes]
    store = [measure("store", n) for n in args.store_sizes]
    lines = table("core", core)
    if store:
        lines += [""] + table("store", store)
        lines += ["", "Incremental build after adding 1% new reports to the stored archive:", ""]
        lines += [f"- {r['n']:,} reports + {r['incremental_reports']:,} new: {r['incremental_seconds']:.2f} s "
                  f"({r['incremental_groups']} groups rebuilt; full build {r['seconds']:.2f} s)" for r in store]
    print("\n".join(lines))
    if args.write:
        head = (f"\n## Incident build (`python bench/build_bench.py --sizes {' '.join(map(str, args.sizes))}"
                f" --store-sizes {' '.join(map(str, args.store_sizes))}`)\n\n"
                f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
                f"(Python {platform.python_version()}), each size in a fresh process; shared, noisy machine.\n\n")
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write(head + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

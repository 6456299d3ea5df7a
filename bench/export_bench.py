"""Export benchmark: rows/second and peak memory per format at 10k and 100k incidents.

Each export runs in a fresh child process so its peak resident memory (ru_maxrss) is its own; memory
must not grow with the number of rows (the 100k/10k ratio stays near 1).

    python -m bench.export_bench [--sizes 10000 100000] [--formats csv jsonl json parquet sqlite]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from archive import schema
from archive.records import Incident, IncidentSource, TimelineEvent
from archive.store import Store

SERVICES = [("Facebook", "Meta"), ("Instagram", "Meta"), ("Slack", "Salesforce"), ("GitHub", "Microsoft"),
            ("Microsoft Teams", "Microsoft"), ("Cloudflare", "Cloudflare"), ("Discord", "Discord"),
            ("Amazon Web Services", "Amazon"), ("Google Cloud", "Google"), ("Twitter", "X Corp")]
REGIONS = ["United States", "United Kingdom", "Germany", "India", "Japan", "Brazil", "Europe", "Australia"]
CAUSES = ["dns", "config_change", "bgp_routing", "software_bug", "capacity", "power"]


def synthetic_incident(i: int, rng: random.Random) -> Incident:
    service, company = SERVICES[i % len(SERVICES)]
    start = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 11 * 365 * 24 * 60))
    minutes = rng.randrange(5, 1200)
    url = f"https://news.example/{i}"
    return Incident(
        id=f"inc-{i:08d}", slug=f"{service.lower().replace(' ', '-')}-{start:%Y-%m-%d}-{i}", service=service,
        company=company, title=f"{service} outage #{i}", status="resolved", started_at=start,
        ended_at=start + timedelta(minutes=minutes), duration_minutes=minutes,
        regions=rng.sample(REGIONS, 2), causes=[rng.choice(CAUSES)], error_messages=["Something went wrong"],
        report_counts=[{"count": rng.randrange(100, 50000), "region": REGIONS[0], "source": "Downdetector",
                        "source_url": url, "evidence": "More than N reports."}],
        sources=[IncidentSource(url=url, kind="news", publisher="Bench News", published=start)],
        timeline=[TimelineEvent(at=start, kind="first_report", text="Users report errors", source_url=url)],
        evidence={"start": [{"value": start.isoformat(), "source_url": url, "sentence": "It began at ..."}]},
    )


def fill(store: Store, n: int) -> None:
    rng = random.Random(42)
    batch: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for i in range(n):
            inc = synthetic_incident(i, rng)
            batch.append(dict(id=inc.id, slug=inc.slug, service=inc.service, company=inc.company,
                              title=inc.title, status=inc.status, started_at=inc.started_at,
                              ended_at=inc.ended_at, duration_minutes=inc.duration_minutes, data=inc.as_dict()))
            if len(batch) == 2000:
                conn.execute(insert(schema.incidents), batch)
                batch = []
        if batch:
            conn.execute(insert(schema.incidents), batch)


def _child(db_url: str, fmt: str, out: str, queue: Any) -> None:
    from archive.export import export_dataset

    store = Store(db_url)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    result = export_dataset(store, fmt, Path(out))
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put({"rows": sum(result.rows.values()), "incidents": result.rows["incidents"], "seconds": elapsed,
               "peak_rss_mb": peak / 1024, "growth_mb": (peak - base) / 1024})


def run_one(db_url: str, fmt: str, out: Path) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(db_url, fmt, str(out), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return dict(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "jsonl", "json", "parquet", "sqlite"])
    args = parser.parse_args()
    results: dict[str, dict[int, dict[str, Any]]] = {f: {} for f in args.formats}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            db = Path(tmp) / f"bench-{n}.sqlite3"
            store = Store(f"sqlite:///{db}")
            fill(store, n)
            store.close()
            for fmt in args.formats:
                r = run_one(f"sqlite:///{db}", fmt, Path(tmp) / f"out-{n}-{fmt}")
                results[fmt][n] = r
                print(f"{fmt:8s} n={n:>7} rows={r['rows']:>8} {r['rows'] / r['seconds']:>9.0f} rows/s "
                      f"peak RSS {r['peak_rss_mb']:.0f} MB (growth during export {r['growth_mb']:.1f} MB)")
    small, large = min(args.sizes), max(args.sizes)
    for fmt, by_n in results.items():
        ratio = by_n[large]["peak_rss_mb"] / by_n[small]["peak_rss_mb"]
        print(f"{fmt:8s} peak RSS {large}/{small} = {ratio:.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()

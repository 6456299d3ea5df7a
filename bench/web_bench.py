"""Web latency: company page (2,000 incidents), search page and API vs a trivial Flask endpoint.

    .venv/bin/python bench/web_bench.py [--incidents 2000] [--repeat 60] [--no-write]

Builds a throwaway archive (real SQLite store, real Whoosh index when ``archive.search`` is installed),
serves it with the real app through Flask's test client (no sockets), times each route, and reports
p50/p95 in milliseconds and as ratios to the trivial endpoint timed in the same run. The ratios go
into bench/RESULTS.md (section "Web pages and API").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.config import load_config  # noqa: E402
from archive.records import Incident, IncidentSource, TimelineEvent, iso  # noqa: E402
from archive.store import Store  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Web pages and API (`python bench/web_bench.py --repeat 60`)"
REGIONS = ["United States", "Germany", "Japan", "Brazil", "India", "United Kingdom", "France", "Europe"]
CAUSES = ["DNS", "power failure", "configuration change", "database overload", "network", "certificate expiry"]


def make_incidents(n: int, service: str, company: str, years: int = 8) -> list[Incident]:
    """``n`` varied incidents of one service spread over ``years`` years."""
    start = datetime(2017, 1, 1, tzinfo=UTC)
    step = years * 8760 / max(n, 1)
    result = []
    for k in range(n):
        begin = start + timedelta(hours=round(step * k) + k % 5)
        minutes = [4, 18, 40, 95, 250, 700, None][k % 7]
        url = f"https://news.example/{service.lower()}/{k}"
        counts = [{"count": 150 * (k % 60 + 1), "region": REGIONS[k % 8], "as_of": iso(begin), "source_url": url,
                   "source": "Downdetector", "publisher": "Example News", "evidence": "Reports spiked."}]
        result.append(Incident(
            id=f"{service.lower()}-{k:05d}", slug=f"{service.lower()}-{k:05d}", service=service, company=company,
            title=f"{service} outage: {CAUSES[k % 6]} trouble #{k}", status="resolved", started_at=begin,
            ended_at=begin + timedelta(minutes=minutes) if minutes else None, duration_minutes=minutes,
            services=[service], regions=REGIONS[k % 8: k % 8 + 1 + k % 3], causes=[CAUSES[k % 6]],
            global_=k % 40 == 0, error_messages=[f"Error {500 + k % 4}: upstream failed"], report_counts=counts,
            sources=[IncidentSource(url, "news", "Example News", begin, f"{service} is down again ({k})")],
            timeline=[TimelineEvent(begin, "start", f"{service} users report failures", url),
                      TimelineEvent(begin + timedelta(minutes=9), "status_update", "We are investigating.", url,
                                    "investigating")],
            figures={"report_counts": {"values": counts, "chosen": counts, "rule": "peak"}},
            evidence={"causes": [{"source_url": url, "text": f"The company blamed {CAUSES[k % 6]}."}]}))
    return result


def build(data_dir: Path, company_incidents: int) -> Any:
    cfg = load_config({"data_dir": str(data_dir)}, environ={})
    incidents = make_incidents(company_incidents, "Benchco", "Benchco Inc")
    for j in range(20):
        incidents += make_incidents(50, f"Other{j}", f"Other Company {j}")
    with Store.open(cfg) as store:
        with store.engine.begin() as conn:
            for inc in incidents:
                store.save_incident(inc, conn)
        try:
            from archive.search import rebuild_index

            rebuild_index(store, cfg.index_path)
            engine = "Whoosh index"
        except Exception as exc:  # the bench still measures the database scan
            print(f"index not built ({exc}); search uses the database scan", file=sys.stderr)
            engine = "database scan"
    return cfg, len(incidents), engine


def timed(call: Callable[[], Any], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(company_incidents: int, repeat: int) -> tuple[list[tuple[str, float, float]], dict[str, Any]]:
    from webapp.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        cfg, total, engine = build(Path(tmp) / "archive", company_incidents)
        time.sleep(2.5)  # steady state: the app trusts its parsed-incident cache 2 s after the last write
        app = create_app({"OUTAGES_CONFIG": cfg})
        app.add_url_rule("/__bench/ping", "bench_ping", lambda: "ok")
        client = app.test_client()
        routes = [("trivial endpoint (baseline)", "/__bench/ping"),
                  (f"company page, {company_incidents} incidents", "/company/benchco-inc"),
                  ("search page", "/search?q=dns+outage"),
                  ("search page with facet filter", "/search?q=outage&region=Japan&sort=newest"),
                  ("API incidents (limit 50, filter)", "/api/incidents?limit=50&company=Benchco+Inc"),
                  ("API search", "/api/search?q=dns"),
                  ("incident page", "/incident/benchco-00042")]
        rows = []
        for label, url in routes:
            def call(url: str = url) -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            samples = timed(call, repeat)
            rows.append((label, pct(samples, 0.5), pct(samples, 0.95)))
        store = app.extensions.get("outages_store")
        if store is not None:
            store.close()
    return rows, {"incidents": total, "engine": engine, "repeat": repeat}


def report(rows: list[tuple[str, float, float]], meta: dict[str, Any]) -> str:
    base50, base95 = rows[0][1], rows[0][2]
    lines = [SECTION, "",
             f"Archive of {meta['incidents']} incidents (one company with the most), search through the "
             f"{meta['engine']}; {meta['repeat']} timed requests per route through Flask's test client, after 3 "
             "warm-up requests (warm state: parsed incidents and a history page's charts stay cached until the "
             "archive changes). Ratios are against a trivial Flask endpoint timed in the same run "
             f"(p50 {base50:.3f} ms on this machine); lower is better.", "",
             "| route | p50 ms | p95 ms | p50 / baseline | p95 / baseline |", "|---|---:|---:|---:|---:|"]
    for label, p50, p95 in rows:
        lines.append(f"| {label} | {p50:.2f} | {p95:.2f} | {p50 / base50:.1f}× | {p95 / base95:.1f}× |")
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    """Replace this benchmark's section of RESULTS.md (other sections are left alone)."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = old.find(SECTION)
    if start == -1:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + ("\n" + old[end + 1:] if end != -1 else "")
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    rows, meta = run(args.incidents, args.repeat)
    text = report(rows, meta)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()

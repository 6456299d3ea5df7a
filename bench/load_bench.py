"""Load: the web app under a real WSGI server on 127.0.0.1, driven by ``wrk``, idle and during a crawl.

    python -m bench.load_bench [--seconds 60] [--connections 50] [--data-dir DIR] [--server gunicorn|waitress]

1. Builds a demo archive (``outages demo --no-serve``) unless ``--data-dir`` already holds one.
2. Serves ``webapp.app:create_app()`` with gunicorn (``--workers 2 --threads 8``, the default) or
   waitress on 127.0.0.1 and a free port.
3. Runs ``wrk`` (Debian package ``wrk``) for ``--seconds`` at ``--connections`` connections over a
   mix of search, company, incident and JSON API requests taken from the archive itself; a Lua
   script reports p50/p95/p99 latency and every error (socket errors and non-2xx answers).
4. Runs the same again while a crawl of the reliability fault site (2,000 pages per round, 20%
   faulty, new seed each round) writes into the same archive, and reports both.

Traffic goes to 127.0.0.1 only. Results: ``bench/out/load_bench.txt`` and the printed Markdown rows.
Without ``wrk`` on PATH a small Python generator (threads + ``http.client``) does the same job.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent

LUA = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter * 7919 + math.random(#paths)) %% #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.2f, "p50_ms": %%.2f, "p95_ms": %%.2f, ' ..
    '"p99_ms": %%.2f, "max_ms": %%.2f, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, ' ..
    '"timeout": %%d}\n', summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read,
    e.write, e.status, e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_archive(data_dir: Path) -> None:
    if (data_dir / "archive.sqlite3").exists() and (data_dir / "index").exists():
        return
    subprocess.run([str(BIN / "outages"), "--data-dir", str(data_dir), "demo", "--no-serve", "--site-port", "0"],
                   check=True, timeout=600)


def request_paths(data_dir: Path) -> list[str]:
    """A mix of real URLs of this archive: search pages, companies, incidents and the JSON API."""
    con = sqlite3.connect(data_dir / "archive.sqlite3")
    try:
        slugs = [r[0] for r in con.execute("select slug from incidents order by slug")]
    finally:
        con.close()
    queries = ["outage", "dns", "aws", "service:github", "company:amazon", "region:europe", "after:2021-01-01",
               "duration:>1h", "\"rate limit\"", "login errors", "cloudflare OR fastly", "-maintenance outage"]
    paths = []
    for q in queries:
        quoted = q.replace(" ", "+").replace('"', "%22").replace(":", "%3A").replace(">", "%3E")
        paths += [f"/search?q={quoted}", f"/api/search?q={quoted}"]
    paths += [f"/incident/{s}" for s in slugs[:40]] + [f"/api/incidents/{s}" for s in slugs[:20]]
    paths += ["/", "/api/incidents", "/api/incidents?page=2", "/api/services", "/companies", "/feed.atom"]
    return paths


@contextmanager
def wsgi_server(data_dir: Path, kind: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "OUTAGES_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    if kind == "gunicorn":
        cmd = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "8",
               "--worker-class", "gthread", "--backlog", "256", "--log-level", "warning", "webapp.app:create_app()"]
    else:
        cmd = [str(BIN / "waitress-serve"), "--host", "127.0.0.1", "--port", str(port), "--threads", "16",
               "--call", "webapp.app:create_app"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/services")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("web server did not come up")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def company_paths(port: int, limit: int = 25) -> list[str]:
    """Company and service pages, as linked from ``/companies``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/companies")
    html = conn.getresponse().read().decode("utf-8", "replace")
    return sorted(set(re.findall(r'href="(/company/[a-z0-9-]+)"', html)))[:limit]


def check_paths(port: int, paths: list[str]) -> list[str]:
    """Every path answers 200 before the load starts (a 404 mix would hide real errors)."""
    bad = []
    for path in paths:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            bad.append(f"{resp.status} {path}")
    return bad


def run_wrk(port: int, paths: list[str], seconds: int, connections: int, tmp: Path) -> dict[str, Any]:
    paths_file, script = tmp / "paths.txt", tmp / "mix.lua"
    paths_file.write_text("\n".join(paths) + "\n")
    script.write_text(LUA % {"paths": paths_file})
    proc = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                           "-s", str(script), f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                          timeout=seconds + 120, check=True)
    line = next(li for li in proc.stdout.splitlines() if li.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    result["rps"] = round(result["requests"] / result["seconds"], 1)
    return result


def run_python_load(port: int, paths: list[str], seconds: int, connections: int) -> dict[str, Any]:
    """Fallback load generator: ``connections`` threads with keep-alive connections."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", rng.choice(paths))
                resp = conn.getresponse()
                resp.read()
                ok = resp.status < 300
            except OSError:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000, 2)

    return {"requests": len(latencies), "seconds": seconds, "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "max_ms": pct(100), "errors": errors[0], "rps": round(len(latencies) / seconds, 1)}


class CrawlLoop:
    """Crawl fresh fault sites into the archive, round after round, until stopped (a writer under load)."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.stop = threading.Event()
        self.rounds = 0
        self.pages = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        sys.path.insert(0, str(ROOT))
        from archive.config import load_config
        from archive.store import Store
        from crawler.run import crawl_sources
        from crawler.sources import parse_sources
        from tests.reliability.faultserver import SiteMap, serve_fault_site, sources_toml

        config = load_config({"data_dir": str(self.data_dir)}, environ={}).replace(
            download_delay=0, autothrottle=False, download_timeout=1.0, retry_times=1,
            concurrent_requests=16, concurrent_per_domain=16)
        with Store.open(config) as store:
            while not self.stop.is_set():
                site = SiteMap.generate(2000, 1000 + self.rounds)
                with serve_fault_site(site, slow_seconds=1.5) as (base, _server):
                    summary = crawl_sources(config, store, parse_sources(sources_toml(base, site)), timeout=600)
                self.rounds += 1
                self.pages += summary.new


def measure(args: argparse.Namespace, data_dir: Path, tmp: Path) -> dict[str, Any]:
    paths = request_paths(data_dir)
    port = free_port()
    use_wrk = shutil.which("wrk") is not None and not args.python_load
    results: dict[str, Any] = {"server": args.server, "paths": len(paths), "connections": args.connections,
                               "seconds": args.seconds, "generator": "wrk" if use_wrk else "python"}
    with wsgi_server(data_dir, args.server, port):
        paths += company_paths(port)
        results["paths"] = len(paths)
        bad = check_paths(port, paths)
        if bad:
            raise SystemExit("paths not answering 200: " + ", ".join(bad[:10]))

        def load() -> dict[str, Any]:
            if use_wrk:
                return run_wrk(port, paths, args.seconds, args.connections, tmp)
            return run_python_load(port, paths, args.seconds, args.connections)

        results["idle"] = load()
        crawl = CrawlLoop(data_dir)
        crawl.thread.start()
        time.sleep(3)  # let the first crawl start writing
        results["crawling"] = load()
        crawl.stop.set()
        crawl.thread.join(timeout=600)
        results["crawling"]["crawl_rounds"] = crawl.rounds
        results["crawling"]["pages_written"] = crawl.pages
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
    parser.add_argument("--data-dir", type=Path, default=None, help="existing demo archive (else a new one)")
    parser.add_argument("--python-load", action="store_true", help="use the Python generator even if wrk exists")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp_name:
        tmp = Path(tmp_name)
        data_dir = args.data_dir or tmp / "archive"
        if args.data_dir is None:
            ensure_archive(data_dir)
        else:  # never write the crawl into someone's archive: work on a copy
            shutil.copytree(args.data_dir, tmp / "archive")
            data_dir = tmp / "archive"
        # the index format may be newer than the archive's: rebuild it with the current code
        subprocess.run([str(BIN / "outages"), "--data-dir", str(data_dir), "index", "--rebuild"], check=True,
                       timeout=600, stdout=subprocess.DEVNULL)
        results = measure(args, data_dir, tmp)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load_bench.txt").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    for phase in ("idle", "crawling"):
        r = results[phase]
        print(f"| {phase} | {r['requests']:,} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
              f"{r['errors']} |")
    return 0 if results["idle"]["errors"] == 0 and results["crawling"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

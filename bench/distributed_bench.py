"""Distributed crawl: one crawl process vs several sharing a Redis queue, same site, same run.

    .venv/bin/python bench/distributed_bench.py [--pages 600] [--latency 0.1] [--processes 2] [--write]

Generates a site of ``--pages`` article pages listed in one sitemap and serves it on 127.0.0.1, each
answer (robots.txt aside) delayed by ``--latency`` seconds to stand in for remote servers. Starts Debian's
``redis-server`` on a free port, then runs real ``outages crawl`` processes, each into a fresh SQLite
archive of its own run:
  * baseline: one process, local scheduler (no Redis);
  * one process with ``--redis-url`` (the cost of the shared queue);
  * ``--processes`` processes at once with ``--redis-url``, one archive.
Wall time runs from starting the processes to the last one ending (interpreter start-up included). The
server logs every request, so duplicate fetches are counted from its side. With ``--write`` the table is
appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_bench import make_site  # noqa: E402
from crawler.localsite import SiteHandler  # noqa: E402

SECTION = "## Distributed crawl"


class LoggedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.paths: list[str] = []


class LoggingHandler(SiteHandler):
    def send_head(self) -> Any:  # type: ignore[override]
        server: Any = self.server
        server.paths.append(self.path)
        return super().send_head()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (make redis-deps)")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    return proc, f"redis://127.0.0.1:{port}/0"


def crawl(count: int, data_dir: Path, sources: Path, redis_url: str | None) -> tuple[float, list[dict[str, Any]]]:
    """Run ``count`` ``outages crawl`` processes at once; return wall seconds and their summaries."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTAGES_")}
    env.update({"OUTAGES_DOWNLOAD_DELAY": "0", "OUTAGES_AUTOTHROTTLE": "false",
                "OUTAGES_CONCURRENT_PER_DOMAIN": "4", "OUTAGES_RETRY_TIMES": "1"})
    args = [sys.executable, "-c", "from archive.cli import main; main()", "--data-dir", str(data_dir),
            "crawl", "--sources", str(sources), "--format", "json"]
    if redis_url:
        args += ["--redis-url", redis_url]
    started = time.monotonic()
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
             for _ in range(count)]
    summaries = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"crawl process failed with code {proc.returncode}")
        summaries.append(json.loads(out[out.index("{"):]))
    return time.monotonic() - started, summaries


def measure(label: str, count: int, server: LoggedServer, work: Path, sources: Path,
            redis_url: str | None) -> dict[str, Any]:
    server.paths.clear()
    seconds, summaries = crawl(count, work / label.replace(" ", "-"), sources, redis_url)
    fetched = Counter(p for p in server.paths if p != "/robots.txt")
    return {"label": label, "processes": count, "seconds": seconds,
            "per_process": sorted((int(s["fetched"]) for s in summaries), reverse=True),
            "total": sum(fetched.values()), "distinct": len(fetched),
            "duplicates": sum(n - 1 for n in fetched.values()),
            "robots": server.paths.count("/robots.txt")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds before each answer")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="dist-bench-") as tmp:
        work = Path(tmp)
        make_site(work / "site", args.pages)
        server = LoggedServer(("127.0.0.1", 0), partial(LoggingHandler, directory=str(work / "site"),
                                                        delay=args.latency))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        redis_proc, redis_url = start_redis(work)
        try:
            base = f"http://127.0.0.1:{server.server_address[1]}"
            sources = work / "sources.toml"
            sources.write_text(f'[[source]]\nname = "bench"\nkind = "sitemap"\nurl = "{base}/sitemap.xml"\n')
            runs = [measure("local", 1, server, work, sources, None),
                    measure("redis 1", 1, server, work, sources, redis_url),
                    measure(f"redis {args.processes}", args.processes, server, work, sources, redis_url)]
        finally:
            redis_proc.terminate()
            redis_proc.wait()
            server.shutdown()
            server.server_close()
    baseline = runs[0]["seconds"]
    lines = [
        f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {args.pages} pages + sitemap, {args.latency:.2f}s "
        f"server latency, Python {platform.python_version()}",
        "",
        "| run | processes | pages fetched per process | fetched in total | duplicate fetches | robots.txt "
        "fetches | wall s | wall / local |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(f"| {run['label']} | {run['processes']} | {', '.join(map(str, run['per_process']))} | "
                     f"{run['total']} | {run['duplicates']} | {run['robots']} | {run['seconds']:.1f} | "
                     f"{run['seconds'] / baseline:.2f} |")
    lines.append("")
    print("\n".join(lines))
    if args.write:
        results = ROOT / "bench" / "RESULTS.md"
        text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
        intro = "" if SECTION in text else (
            f"\n{SECTION} (`python bench/distributed_bench.py --pages {args.pages} --latency {args.latency} "
            f"--processes {args.processes} --write`)\n\n"
            "Real `outages crawl` processes against a generated site on 127.0.0.1 whose answers are delayed "
            "to stand in for remote servers (per-process politeness: 4 concurrent requests per domain). "
            "`local` is one process with Scrapy's own scheduler; `redis N` is N processes sharing one "
            "Redis queue and dupe filter and one SQLite archive. Duplicates and robots.txt fetches are "
            "counted by the server. Wall time includes interpreter start-up (about 2 s per process on this "
            "shared 2-core machine).\n\n")
        with open(results, "a", encoding="utf-8") as fh:
            fh.write(intro + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Crawl throughput: our crawler vs a bare Scrapy spider fetching the same pages in the same run.

    .venv/bin/python bench/crawl_bench.py [--pages 2000] [--rounds 2] [--write]

Generates a site of ``--pages`` article pages listed in a sitemap, serves it on 127.0.0.1, then crawls it
(alternating, ``--rounds`` times each) with
  * bare: a minimal Scrapy spider with the same download settings and no pipeline, and
  * ours: ``crawler.run.crawl_sources`` into a fresh archive (raw WARC + SQLite rows + crawl state).
Pages/second is measured inside each crawl process (reactor start to finish), so interpreter start-up is
left out of both. With ``--write`` the figures are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INTRO = """A generated site of article pages listed in one sitemap, served by `crawler.localsite` on 127.0.0.1.
Each round crawls it twice, alternating: a bare Scrapy spider (same settings: robots.txt, concurrency,
timeouts; no item pipeline, nothing stored) and our crawl (`crawl_sources` into a fresh archive: every
response kept as a WARC record plus a SQLite row, crawl state recorded). Pages/s is measured inside each
crawl process from reactor start to finish. The machine has 2 cores shared with other jobs, so the ratio
of the two rates in the same run is the figure to read; CPU ms/page shows where the difference goes.

"""

BARE_SPIDER = r'''
import json, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.sitemap import Sitemap

class Bare(scrapy.Spider):
    name = "bare"
    fetched = 0
    async def start(self):
        yield scrapy.Request(sys.argv[1], callback=self.parse_sitemap)
    def parse_sitemap(self, response):
        self.fetched += 1
        for entry in Sitemap(response.body):
            yield scrapy.Request(entry["loc"], callback=self.parse_page)
    def parse_page(self, response):
        self.fetched += 1

settings = json.loads(sys.argv[2])
process = CrawlerProcess(settings)
crawler = process.create_crawler(Bare)
process.crawl(crawler)
start = time.monotonic()
process.start()
print(json.dumps({"pages": crawler.spider.fetched, "seconds": time.monotonic() - start}))
'''


def make_site(root: Path, pages: int) -> None:
    news = root / "news"
    news.mkdir(parents=True)
    urls = []
    for n in range(pages):
        name = f"story-{n:05d}.html"
        paragraphs = "".join(f"<p>Paragraph {k} of generated story {n}: users reported errors while the "
                             f"service was down, and engineers restored it later.</p>" for k in range(12))
        (news / name).write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>Generated outage "
                                 f"story {n}</title></head><body><article><h1>Outage {n}</h1>{paragraphs}"
                                 f"</article></body></html>")
        urls.append(f"<url><loc>__BASE__/news/{name}</loc></url>")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (root / "sitemap.xml").write_text("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                                      f"sitemap/0.9'>{''.join(urls)}</urlset>")


def bench_config(data_dir: Path) -> object:
    from archive.config import load_config

    return load_config({"data_dir": str(data_dir)}, environ={}).replace(
        download_delay=0, autothrottle=False, concurrent_requests=16, concurrent_per_domain=16,
        retry_times=1, obey_robots=True)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_bare(base: str, config: object, workdir: Path) -> dict[str, float]:
    from crawler.settings import scrapy_settings

    settings = scrapy_settings(config)  # same politeness/limits/middlewares, minus our pipeline
    settings.pop("ITEM_PIPELINES")
    settings.pop("DOWNLOADER_MIDDLEWARES")
    script = workdir / "bare_spider.py"
    script.write_text(BARE_SPIDER)
    cpu = child_cpu()
    out = subprocess.run([sys.executable, str(script), f"{base}/sitemap.xml", json.dumps(settings)],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return {"pages": data["pages"], "seconds": data["seconds"], "cpu": child_cpu() - cpu}


def run_ours(base: str, workdir: Path, round_no: int) -> dict[str, float]:
    from archive.store import Store
    from crawler.run import crawl_sources
    from crawler.sources import Source

    config = bench_config(workdir / f"ours-{round_no}")
    store = Store.open(config)
    cpu = child_cpu()
    try:
        summary = crawl_sources(config, store, [Source("bench", "sitemap", f"{base}/sitemap.xml")])
    finally:
        store.close()
    return {"pages": summary.fetched, "seconds": summary.seconds, "kept": summary.new,
            "cpu": child_cpu() - cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    args = parser.parse_args(argv)

    from crawler.localsite import serve_directory

    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        work = Path(tmp)
        make_site(work / "site", args.pages)
        results: dict[str, list[dict[str, float]]] = {"bare": [], "ours": []}
        with serve_directory(work / "site") as base:
            for round_no in range(args.rounds):
                results["bare"].append(run_bare(base, bench_config(work / "bare"), work))
                results["ours"].append(run_ours(base, work, round_no))
        rate = {k: sum(r["pages"] for r in v) / sum(r["seconds"] for r in v) for k, v in results.items()}
        ratio = rate["ours"] / rate["bare"]
        cpu = {k: 1000 * sum(r["cpu"] for r in v) / sum(r["pages"] for r in v) for k, v in results.items()}
        runs = {k: ", ".join(f"{r['pages'] / r['seconds']:.0f}" for r in v) for k, v in results.items()}
        lines = [
            f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {args.pages} pages x {args.rounds} rounds, "
            f"Python {platform.python_version()}",
            "",
            "| crawler | pages fetched per round | pages/s (all rounds) | pages/s per round | "
            "CPU ms/page (crawl process, incl. start-up) |",
            "|---|---|---|---|---|",
            f"| bare Scrapy spider (no pipeline) | {int(results['bare'][0]['pages'])} | {rate['bare']:.0f} | "
            f"{runs['bare']} | {cpu['bare']:.1f} |",
            f"| ours (WARC + SQLite + crawl state) | {int(results['ours'][0]['pages'])} | {rate['ours']:.0f} | "
            f"{runs['ours']} | {cpu['ours']:.1f} |",
            "",
            f"ratio ours/bare = **{ratio:.2f}** (target >= 0.80)",
            "",
        ]
        print("\n".join(lines))
        if args.write:
            results_md = ROOT / "bench" / "RESULTS.md"
            header = "" if results_md.exists() else "# Benchmark results\n\n"
            section = "" if "## Crawl throughput" in (results_md.read_text() if results_md.exists() else "") \
                else "\n## Crawl throughput (`python bench/crawl_bench.py --pages 2000 --rounds 2 --write`)\n\n" + INTRO
            with open(results_md, "a", encoding="utf-8") as fh:
                fh.write(header + section + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fuzzing, long: the properties of ``tests/reliability/test_fuzz.py`` with many more examples.

    python -m bench.fuzz_bench [--examples 2000] [--only feeds sitemaps ...]
    python -m bench.fuzz_bench --atheris [--runs 20000] [--target status|feeds|query]

Hypothesis mode draws ``--examples`` inputs per property and, unlike the test, does not stop at the
first failure: every undocumented exception is counted by (type, innermost project frame), so one
run lists every distinct crash with an example input. Writes ``bench/out/fuzz_bench.txt``.

``--atheris`` runs a coverage-guided libFuzzer target (``pip install atheris``) over the status-page
parsers, the feed/sitemap readers or the search query parser; it stops at the first crash and prints
the input, as libFuzzer does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def signature(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if any(part in f.filename for part in ("/crawler/", "/extract/", "/archive/"))]
    where = f"{Path(frames[-1].filename).parent.name}/{Path(frames[-1].filename).name}:{frames[-1].lineno}" \
        if frames else "?"
    return f"{type(exc).__name__} at {where}"


def run_property(name: str, strategy: Any, check: Any, examples: int) -> dict[str, Any]:
    from hypothesis import HealthCheck, Phase, given, settings

    crashes: Counter[str] = Counter()
    sample: dict[str, str] = {}
    ran = [0]

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(value: Any) -> None:
        ran[0] += 1
        try:
            check(*value) if isinstance(value, tuple) else check(value)
        except AssertionError as exc:
            crashes[f"AssertionError: {str(exc)[:80]}"] += 1
        except Exception as exc:  # noqa: BLE001 - counting every undocumented exception is the point
            sig = signature(exc)
            crashes[sig] += 1
            sample.setdefault(sig, repr(value)[:300])

    started = time.monotonic()
    prop()
    return {"property": name, "examples": ran[0], "seconds": round(time.monotonic() - started, 1),
            "crashing_examples": sum(crashes.values()), "distinct_crashes": dict(crashes), "samples": sample}


def hypothesis_mode(examples: int, only: list[str] | None) -> list[dict[str, Any]]:
    from hypothesis import strategies as st

    from archive.config import load_config
    from archive.search import rebuild_index
    from archive.store import Store
    from tests.reliability import fuzzprops
    from tests.search.sample_archive import build_sample_archive

    props: dict[str, tuple[Any, Any]] = dict(fuzzprops.PROPERTIES)
    for kind in fuzzprops.status_seeds():
        props[f"status:{kind}"] = (fuzzprops.status_inputs(kind), lambda body, k=kind: fuzzprops.check_status(k, body))
    tmp = tempfile.TemporaryDirectory(prefix="fuzz-bench-")
    config = load_config({"data_dir": tmp.name}, environ={})
    with Store.open(config) as store:
        build_sample_archive(store)
        rebuild_index(store, config.index_path)
    query_args = st.tuples(fuzzprops.QUERIES, st.sampled_from(["incident", "article"]),
                           st.sampled_from(["relevance", "date"]), st.integers(1, 4))
    props["query"] = (query_args, lambda q, kind, sort, page: fuzzprops.check_query(config.index_path, q, kind,
                                                                                   sort, page))
    results = []
    for name, (strategy, check) in props.items():
        if only and not any(name.startswith(o) for o in only):
            continue
        # the extractor is ~100x slower per example than the parsers: give it a tenth
        n = max(50, examples // 10) if name == "extractor" else examples
        res = run_property(name, strategy, check, n)
        print(json.dumps({k: v for k, v in res.items() if k != "samples"}), flush=True)
        results.append(res)
    tmp.cleanup()
    return results


def atheris_mode(runs: int, target: str) -> int:
    import atheris

    with atheris.instrument_imports():
        from archive.query import parse_query
        from archive.records import RawPage  # noqa: F401
        from crawler import feeds  # noqa: F401
        from crawler.parsers import PayloadError, parse_status_body
        from crawler.parsers.statuspage import PayloadError as FeedError

    kinds = ["statuspage", "statuspage-atom", "statuspage-rss", "gcp", "aws-rss", "aws"]

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        if target == "status":
            body = fdp.ConsumeBytes(fdp.remaining_bytes())
            for kind in kinds:
                try:
                    parse_status_body(body, kind, "Fuzz")
                except PayloadError:
                    pass
        elif target == "feeds":
            body = fdp.ConsumeBytes(fdp.remaining_bytes())
            for reader in (feeds.feed_entries, feeds.sitemap_entries):
                try:
                    reader(body, "http://127.0.0.1/feed.xml")
                except FeedError:
                    pass
        else:
            parse_query(fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()))

    corpus = Path(tempfile.mkdtemp(prefix="atheris-corpus-"))
    from tests.reliability import fuzzprops

    seeds = [s for v in fuzzprops.status_seeds().values() for s in v] if target == "status" else \
        fuzzprops.feed_seeds() + fuzzprops.sitemap_seeds() if target == "feeds" else [b"service:aws after:2021"]
    for i, seed in enumerate(seeds):
        (corpus / f"seed-{i}").write_bytes(seed)
    OUT.mkdir(parents=True, exist_ok=True)
    atheris.Setup([sys.argv[0], f"-runs={runs}", "-max_len=65536", f"-artifact_prefix={OUT}/atheris-",
                   str(corpus)], one_input)
    atheris.Fuzz()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--only", nargs="*", default=None, help="property name prefixes (feeds, status:gcp, query)")
    parser.add_argument("--atheris", action="store_true")
    parser.add_argument("--runs", type=int, default=20000)
    parser.add_argument("--target", choices=["status", "feeds", "query"], default="status")
    args = parser.parse_args(argv)
    if args.atheris:
        return atheris_mode(args.runs, args.target)
    results = hypothesis_mode(args.examples, args.only)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fuzz_bench.txt").write_text(json.dumps(results, indent=2) + "\n")
    total = sum(r["examples"] for r in results)
    crashing = [r["property"] for r in results if r["crashing_examples"]]
    print(f"{total} examples over {len(results)} properties; crashes in: {', '.join(crashing) or 'none'}")
    return 1 if crashing else 0


if __name__ == "__main__":
    sys.exit(main())

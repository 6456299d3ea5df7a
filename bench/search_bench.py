"""Search benchmark: Whoosh (archive.search) against SQLite FTS5 over the same incidents and queries.

    python -m bench.search_bench --n 100000        # full run (several minutes on 2 shared cores)
    python -m bench.search_bench --n 5000 --no-append

Both engines index the same generated incidents (``bench.incident_gen``, deterministic) with the same
content: title, service/company names, error messages and source texts as stemmed text (FTS5:
``porter unicode61``), plus filter keys and facet values (FTS5: an ordinary indexed table) and start
date / duration. Indexing is timed from prepared documents to a committed index.

Each of the 30 queries does the same work in both engines: parse the user's query, find every match,
count the total and the facets (service, company, region, cause, year), and return the first 20 hits
in relevance or date order with a highlighted snippet. Whoosh runs through ``archive.search.query_index``
(the code the CLI and web app use, one long-lived pooled searcher); FTS5 through SQL built from the
same parsed query. Latencies are over ``--repeat`` rounds after a warm-up round; the report gives
p50/p95 and the Whoosh/FTS5 ratios, and is appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from archive import search
from archive.query import ParsedQuery, parse_query
from bench.incident_gen import IncidentGenerator

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

# (query text, sort): free text, phrases, filters, facets-only and mixed.
QUERIES: list[tuple[str, str]] = [
    ("dns", "relevance"), ("outage", "relevance"), ("bgp routing", "relevance"),
    ("login problems", "relevance"), ('"service unavailable"', "relevance"),
    ('"something went wrong"', "relevance"), ("database restored", "relevance"),
    ("power failure engineers", "relevance"), ("payment declined", "relevance"),
    ("video streaming timeouts", "relevance"), ('"rate limit exceeded"', "relevance"),
    ("certificate expiry", "relevance"), ("ddos attack", "date"), ('error:"502 bad gateway"', "relevance"),
    ("slow responses europe", "relevance"),
    ("service:twitter", "date"), ("region:japan", "date"), ("cause:dns", "date"),
    ("after:2021-01-01 before:2022-01-01", "date"), ("duration:>2h", "date"),
    ("service:twitter region:japan cause:dns after:2021-01-01 before:2022-01-01 duration:>2h", "date"),
    ("company:meta", "relevance"), ("year:2020 region:germany", "date"),
    ('login region:"united states"', "relevance"), ("dns cause:dns", "relevance"),
    ("outage -dns", "relevance"), ('"rate limit" service:twitter', "relevance"), ("cdn OR dns", "relevance"),
    ("messages service:slack after:2022", "date"), ('cause:"power failure" duration:<1h', "relevance"),
]
FACETS = ("service", "company", "region", "cause", "year")


# -- documents ---------------------------------------------------------------------------------
def make_docs(n: int, seed: int) -> list[dict[str, Any]]:
    """Whoosh documents (exactly what ``archive.search`` indexes) plus ``_fts``: the FTS5 row."""
    docs = []
    for incident, texts in IncidentGenerator(seed).incidents(n):
        doc = search.incident_document(incident, texts) | {"version": "0"}
        names = " ".join(dict.fromkeys(v for v in (incident.service, *incident.services, incident.company) if v))
        docs.append(doc | {"_fts": (doc.get("title", ""), names, doc.get("errors", ""), doc.get("body", ""))})
    return docs


def whoosh_docs(docs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for doc in docs:
        yield {k: v for k, v in doc.items() if k != "_fts"}


def _split(value: str) -> list[str]:
    return [v for v in (value or "").split(",") if v]


# -- FTS5 --------------------------------------------------------------------------------------
class Fts5:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE VIRTUAL TABLE docs USING fts5(title, names, errors, body, tokenize='porter unicode61');
            CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, slug TEXT, service TEXT, start INTEGER,
                              duration INTEGER);
            CREATE TABLE keys(rowid INTEGER, field TEXT, key TEXT);
            CREATE TABLE facets(rowid INTEGER, field TEXT, value TEXT);
        """)

    def index(self, docs: list[dict[str, Any]]) -> None:
        rows, meta, keys, facets = [], [], [], []
        for rowid, d in enumerate(docs, 1):
            rows.append((rowid, *d["_fts"]))
            meta.append((rowid, d["id"], d["slug"], d["service_name"], d.get("start"), d.get("minutes")))
            for name in ("service", "company", "region", "cause"):
                key_list, values = _split(d.get(name, "")), _split(d.get(f"f_{name}", ""))
                keys.extend((rowid, name, k) for k in key_list)
                facets.extend((rowid, name, search._unescape(v)) for v in values)
            if d.get("year"):
                keys.append((rowid, "year", d["year"]))
                facets.append((rowid, "year", d["year"]))
            keys.append((rowid, "status", d.get("status")))
        with self.db:
            self.db.executemany("INSERT INTO docs(rowid, title, names, errors, body) VALUES (?,?,?,?,?)", rows)
            self.db.executemany("INSERT INTO meta VALUES (?,?,?,?,?,?)", meta)
            self.db.executemany("INSERT INTO keys VALUES (?,?,?)", keys)
            self.db.executemany("INSERT INTO facets VALUES (?,?,?)", facets)
            self.db.executescript("""
                CREATE INDEX keys_key ON keys(field, key);
                CREATE INDEX facets_row ON facets(rowid, field, value);
                CREATE INDEX meta_start ON meta(start);
                CREATE INDEX meta_duration ON meta(duration);
            """)

    @staticmethod
    def _match(pq: ParsedQuery, negated: bool) -> str:
        parts = []
        for clause in pq.clauses:
            if clause.negated != negated:
                continue
            options = []
            for c in (clause, *clause.alternatives):
                text = '"' + c.text.replace('"', '""') + '"'
                column = {"error": "errors", "title": "title"}.get(c.in_field or "")
                options.append(f"{column} : {text}" if column else text)
            parts.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
        return (" OR " if negated else " AND ").join(parts)

    def _where(self, pq: ParsedQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        for name, keys in pq.keywords.items():
            marks = ",".join("?" * len(keys))
            where.append(f"rowid IN (SELECT rowid FROM keys WHERE field = ? AND key IN ({marks}))")
            args.extend([name, *keys])
        if pq.after or pq.before:
            where.append("rowid IN (SELECT rowid FROM meta WHERE start >= ? AND start < ?)")
            args.extend([int(pq.after.timestamp()) if pq.after else -(2**62),
                         int(pq.before.timestamp()) if pq.before else 2**62])
        for op, minutes in pq.duration:
            where.append(f"rowid IN (SELECT rowid FROM meta WHERE duration {op} ?)")
            args.append(minutes)
        return where, args

    def query(self, text: str, sort: str, page_size: int = 20) -> dict[str, Any]:
        pq = parse_query(text, allowed_fields=search.INCIDENT_FIELDS)
        positive, negative = self._match(pq, False), self._match(pq, True)
        where, args = self._where(pq)
        if positive:
            # MATERIALIZED: run the full-text match once; without it SQLite may drive the query from
            # a filter and re-run the MATCH for every candidate rowid (seconds on 100k documents).
            base = ("WITH t AS MATERIALIZED (SELECT rowid, bm25(docs, 3.0, 3.0, 2.0, 1.0) AS score FROM docs "
                    "WHERE docs MATCH ?) SELECT rowid, score FROM t WHERE 1")
            args = [positive, *args]
        else:
            base = "SELECT rowid, 0.0 AS score FROM meta WHERE 1"
        if negative:
            where.append("rowid NOT IN (SELECT rowid FROM docs WHERE docs MATCH ?)")
            args.append(negative)
        sql = base + "".join(f" AND {w}" for w in where)
        cur = self.db.cursor()
        cur.execute("DROP TABLE IF EXISTS temp.m")
        cur.execute(f"CREATE TEMP TABLE m AS {sql}", args)
        total = cur.execute("SELECT count(*) FROM temp.m").fetchone()[0]
        facets: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        for field, value, count in cur.execute(
                "SELECT f.field, f.value, count(*) FROM temp.m AS m JOIN facets AS f ON f.rowid = m.rowid "
                "GROUP BY f.field, f.value ORDER BY count(*) DESC"):
            facets[field][value] = count
        order = "m.score, meta.start DESC" if positive and sort == "relevance" else "meta.start DESC, meta.id"
        top = cur.execute(f"SELECT m.rowid, m.score, meta.id, meta.slug, meta.service FROM temp.m AS m "
                          f"JOIN meta ON meta.rowid = m.rowid ORDER BY {order} LIMIT ?", [page_size]).fetchall()
        hits = []
        for rowid, score, doc_id, slug, service in top:
            if positive:
                snippet = cur.execute("SELECT snippet(docs, 3, '<mark>', '</mark>', '…', 24) FROM docs "
                                      "WHERE docs MATCH ? AND rowid = ?", [positive, rowid]).fetchone()[0]
            else:
                snippet = cur.execute("SELECT substr(body, 1, 200) FROM docs WHERE rowid = ?", [rowid]).fetchone()[0]
            hits.append(dict(id=doc_id, slug=slug, service=service, score=-score, snippet=snippet))
        return {"total": total, "hits": hits, "facets": facets}


# -- Whoosh ------------------------------------------------------------------------------------
class Timer:
    """Wall-clock and CPU seconds of this process (CPU time is what a shared, busy machine does not
    distort; the report gives ratios of both)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def whoosh_index(path: Path, docs: list[dict[str, Any]], options: dict[str, Any]) -> Timer:
    engine = search.WhooshEngine(path, "incident")
    engine.writer_options = options
    with Timer() as timer:
        engine.add(whoosh_docs(docs), clear=True)
    return timer


def whoosh_out_of_box(path: Path, docs: list[dict[str, Any]]) -> Timer:
    """Whoosh as documented: StemmingAnalyzer and a default single-process writer, same fields."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT

    schema = search.incident_schema()
    for name in ("text", "title", "errors"):
        old = schema[name]
        schema.remove(name)
        schema.add(name, TEXT(analyzer=StemmingAnalyzer(), stored=old.stored, phrase=True))
    path.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(path), schema, indexname="incidents")
    with Timer() as timer:
        writer = ix.writer()
        for doc in whoosh_docs(docs):
            writer.add_document(**doc)
        writer.commit()
    return timer


def fts_index(path: Path, docs: list[dict[str, Any]]) -> tuple[Fts5, Timer]:
    fts = Fts5(path)
    with Timer() as timer:
        fts.index(docs)
    return fts, timer


# -- measuring ---------------------------------------------------------------------------------
def latencies(run: Callable[[str, str], Any], repeat: int) -> tuple[list[float], list[float], dict[str, Any]]:
    for text, sort in QUERIES:  # warm-up: caches, first searcher, facet arrays
        run(text, sort)
    wall: list[float] = []
    cpu: list[float] = []
    answers: dict[str, Any] = {}
    for _ in range(repeat):
        for text, sort in QUERIES:
            with Timer() as timer:
                answers[text] = run(text, sort)
            wall.append(timer.wall)
            cpu.append(timer.cpu)
    return wall, cpu, answers


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def agreement(whoosh: dict[str, Any], fts: dict[str, Any]) -> tuple[int, list[str]]:
    """How many queries have the same total in both engines (a check that both did the same work)."""
    same, differ = 0, []
    for text, _ in QUERIES:
        w, f = whoosh[text], fts[text]
        if w.total == f["total"]:
            same += 1
        else:
            differ.append(f"{text} (whoosh {w.total}, fts5 {f['total']})")
    return same, differ


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="search-bench-", dir=args.workdir))
    try:
        t0 = time.perf_counter()
        docs = make_docs(args.n, args.seed)
        words = sum(len(d["_fts"][3].split()) for d in docs) / len(docs)
        print(f"generated {len(docs)} incidents ({words:.0f} words of source text each) "
              f"in {time.perf_counter() - t0:.1f}s", flush=True)
        fts, fts_t = fts_index(work / "fts.sqlite3", docs)
        print(f"fts5 indexed in {fts_t.wall:.1f}s ({fts_t.cpu:.1f}s CPU)", flush=True)
        options = {"limitmb": args.limitmb, "procs": args.procs, "multisegment": args.multisegment}
        whoosh_t = whoosh_index(work / "whoosh", docs, options)
        print(f"whoosh (tuned {options}) indexed in {whoosh_t.wall:.1f}s ({whoosh_t.cpu:.1f}s CPU)", flush=True)
        base_n = min(args.n, args.baseline_n)
        oob_t = whoosh_out_of_box(work / "whoosh-oob", docs[:base_n])
        print(f"whoosh out of the box: {base_n} docs in {oob_t.wall:.1f}s ({oob_t.cpu:.1f}s CPU)", flush=True)
        small_t = whoosh_index(work / "whoosh-small", docs[:base_n], options)
        print(f"whoosh tuned: {base_n} docs in {small_t.wall:.1f}s ({small_t.cpu:.1f}s CPU)", flush=True)
        del docs
        search._ENGINES.clear()
        w_wall, w_cpu, w_ans = latencies(lambda q, s: search.query_index(work / "whoosh", q, sort=s), args.repeat)
        f_wall, f_cpu, f_ans = latencies(lambda q, s: fts.query(q, s), args.repeat)
        same, differ = agreement(w_ans, f_ans)
        n = args.n
        result: dict[str, Any] = {
            "n": n, "seed": args.seed, "words_per_doc": round(words), "writer": options,
            "queries": len(QUERIES), "repeat": args.repeat, "same_totals": same, "differing_totals": differ,
            "whoosh_oob_n": base_n,
            "per_query_ms": {q: [round(1000 * statistics.median(w_wall[i::len(QUERIES)]), 2),
                                 round(1000 * statistics.median(f_wall[i::len(QUERIES)]), 2)]
                             for i, (q, _) in enumerate(QUERIES)},
        }
        for clock in ("wall", "cpu"):
            result[clock] = {
                "fts5_docs_per_s": n / getattr(fts_t, clock), "whoosh_docs_per_s": n / getattr(whoosh_t, clock),
                "whoosh_oob_docs_per_s": base_n / getattr(oob_t, clock),
                "whoosh_small_docs_per_s": base_n / getattr(small_t, clock),
            }
            for name, wl, fl in (("wall", w_wall, f_wall), ("cpu", w_cpu, f_cpu)):
                if name == clock:
                    result[clock].update({
                        "whoosh_p50_ms": 1000 * pct(wl, 50), "whoosh_p95_ms": 1000 * pct(wl, 95),
                        "fts5_p50_ms": 1000 * pct(fl, 50), "fts5_p95_ms": 1000 * pct(fl, 95)})
            c = result[clock]
            c["index_ratio"] = c["whoosh_docs_per_s"] / c["fts5_docs_per_s"]
            c["oob_ratio"] = c["whoosh_oob_docs_per_s"] / c["fts5_docs_per_s"]
            c["small_ratio"] = c["whoosh_small_docs_per_s"] / c["fts5_docs_per_s"]
            c["p50_ratio"] = c["whoosh_p50_ms"] / c["fts5_p50_ms"]
            c["p95_ratio"] = c["whoosh_p95_ms"] / c["fts5_p95_ms"]
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(r: dict[str, Any]) -> str:
    w, wall, cpu = r["writer"], r["wall"], r["cpu"]
    writer = f"procs={w['procs']}, limitmb={w['limitmb']}, multisegment={w['multisegment']}"

    def row(label: str, key_w: str, key_f: str, ratio: str, target: str, fmt: str) -> str:
        return (f"| {label} | {wall[key_w]:{fmt}} / {cpu[key_w]:{fmt}} | {wall[key_f]:{fmt}} / {cpu[key_f]:{fmt}} "
                f"| {wall[ratio]:.3f} / {cpu[ratio]:.3f} | {target} |")

    lines = [
        f"### Run: {r['n']:,} incidents, seed {r['seed']}, {r['words_per_doc']} words of source text each "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        "Each cell: wall clock / CPU time of the benchmark process.",
        "",
        "| measure | Whoosh | SQLite FTS5 | Whoosh / FTS5 | target |",
        "|---|---|---|---|---|",
        row(f"indexing, docs/s (archive.search writer: {writer})", "whoosh_docs_per_s", "fts5_docs_per_s",
            "index_ratio", "≥ 0.25", ",.0f"),
        row(f"indexing, docs/s, Whoosh out of the box ({r['whoosh_oob_n']:,} docs)", "whoosh_oob_docs_per_s",
            "fts5_docs_per_s", "oob_ratio", "", ",.0f"),
        row(f"indexing, docs/s, archive.search writer on the same {r['whoosh_oob_n']:,} docs",
            "whoosh_small_docs_per_s", "fts5_docs_per_s", "small_ratio", "", ",.0f"),
        row("query p50, ms", "whoosh_p50_ms", "fts5_p50_ms", "p50_ratio", "", ".1f"),
        row("query p95, ms", "whoosh_p95_ms", "fts5_p95_ms", "p95_ratio", "≤ 5", ".1f"),
        "",
        f"{r['queries']} queries × {r['repeat']} rounds after a warm-up round; each returns total, 5 facet "
        f"counts and 20 hits with snippets. Same total in both engines for {r['same_totals']}/{r['queries']} "
        "queries" + (f" (differ: {'; '.join(r['differing_totals'])})" if r["differing_totals"] else "") + ".",
        "",
        "<details><summary>median wall ms per query (Whoosh / FTS5)</summary>",
        "",
        *[f"- `{q}`: {v[0]} / {v[1]}" for q, v in r["per_query_ms"].items()],
        "",
        "</details>",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Whoosh vs SQLite FTS5 search benchmark")
    parser.add_argument("--n", type=int, default=100_000, help="incidents to index (default 100000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds over the 30 queries")
    parser.add_argument("--procs", type=int, default=1,
                        help="Whoosh writer processes (CPU time then counts only the parent)")
    parser.add_argument("--limitmb", type=int, default=256, help="Whoosh writer memory per process")
    parser.add_argument("--multisegment", action="store_true", help="keep one segment per writer process")
    parser.add_argument("--baseline-n", type=int, default=5000, help="docs for the out-of-the-box Whoosh run")
    parser.add_argument("--workdir", default=None, help="where to build the indexes (default: temp dir)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw result here")
    parser.add_argument("--no-append", action="store_true", help="do not append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    result = run(args)
    text = report(result)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    if not args.no_append:
        with RESULTS.open("a") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()

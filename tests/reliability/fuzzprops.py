"""Fuzzing properties shared by ``test_fuzz.py`` (bounded) and ``bench/fuzz_bench.py`` (long runs).

Each property is a strategy of inputs plus a check that must hold for every input: the code under
test returns its documented result or raises its documented error, never anything else. Inputs are
random bytes and text, and realistic payloads (our sample site, the real public payloads in
``../shared/realdata`` when present) mutated at the byte level, the XML text level or the JSON value
level.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from archive.records import OutageReport, RawPage, StatusIncident

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "data" / "sample-site"
REALDATA = REPO.parent / "shared" / "realdata" / "status"
BASE = b"http://127.0.0.1:8765"
FETCHED = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


# -- seeds ----------------------------------------------------------------------------------------
def _read(path: Path) -> bytes:
    return path.read_bytes().replace(b"__BASE__", BASE)


def _real(name: str) -> Path | None:
    path = REALDATA / name
    return path if path.is_file() else None


def _trim(node: Any, items: int) -> Any:
    if isinstance(node, list):
        return [_trim(v, items) for v in node[:items]]
    if isinstance(node, dict):
        return {k: _trim(v, items) for k, v in node.items()}
    return node


def _json_head(path: Path | None, items: int = 3) -> list[bytes]:
    """A small but valid version of a large real JSON payload (every list cut to ``items``)."""
    if path is None:
        return []
    return [json.dumps(_trim(json.loads(path.read_text(encoding="utf-8")), items)).encode()]


@lru_cache(maxsize=1)
def status_seeds() -> dict[str, list[bytes]]:
    """Realistic payloads for each status parser kind."""
    seeds: dict[str, list[bytes]] = {k: [] for k in ("statuspage", "statuspage-atom", "statuspage-rss", "gcp",
                                                      "aws-rss", "aws")}
    for service in ("slack", "github", "discord", "cloudflare"):
        seeds["statuspage"].append(_read(SITE / "status" / service / "api" / "v2" / "incidents.json"))
        seeds["statuspage"] += [_read(p) for p in sorted((SITE / "status" / service / "api" / "v2" / "incidents")
                                                        .glob("*.json"))[:1]]
        seeds["statuspage-atom"].append(_read(SITE / "status" / service / "history.atom"))
    seeds["gcp"].append(_read(SITE / "status" / "gcloud" / "incidents.json"))
    seeds["aws-rss"].append(_read(SITE / "status" / "aws" / "ec2-us-east-1.rss"))
    for name in ("s09_githubstatus_api_v2_incident_00km0kwpz23b.json",
                 "s10_cloudflarestatus_incidents_2018-09_cloudflared_test.json",
                 "s11_discordstatus_incidents_2022-02_discord-undoc.json"):
        if (path := _real(name)) is not None:
            seeds["statuspage"].append(path.read_bytes())
    if (path := _real("s08_githubstatus_api_v2_incidents_1282.jsonl")) is not None:
        with path.open("rb") as fh:
            seeds["statuspage"] += [fh.readline().strip() for _ in range(3)]
    for name in ("s05_githubstatus_history_2022-06-11.atom",):
        if (path := _real(name)) is not None:
            seeds["statuspage-atom"].append(path.read_bytes())
    for name in ("s12_github_history_rss_livesup_test.xml", "s12_quay_history_rss_livesup_test.xml"):
        if (path := _real(name)) is not None:
            seeds["statuspage-rss"].append(path.read_bytes())
    seeds["gcp"] += _json_head(_real("s01_gcp_status_incidents_2021-07_to_2022-07.json"))
    seeds["aws"] += _json_head(_real("s02_aws_shd_legacy_data_2021-06_to_2022-06.json"))
    if not seeds["aws"]:  # our own minimal payload in the legacy dashboard's shape
        seeds["aws"].append(b'{"archive": [{"service_name": "Amazon EC2 (N. Virginia)", "summary": '
                            b'"[RESOLVED] Increased API error rates", "date": "1638900000", "status": "1", '
                            b'"details": "", "description": "<div><span class=\\"yellowfg\\"> 7:35 AM PST'
                            b'</span>&nbsp;We are investigating.</div>", "service": "ec2-us-east-1"}], '
                            b'"current": []}')
    if not seeds["statuspage-rss"]:
        seeds["statuspage-rss"].append(seeds["aws-rss"][0])
    return seeds


@lru_cache(maxsize=1)
def feed_seeds() -> list[bytes]:
    paths = sorted(SITE.glob("news/*/feed.xml")) + sorted(SITE.glob("news/*/atom.xml"))
    return [_read(p) for p in paths]


@lru_cache(maxsize=1)
def sitemap_seeds() -> list[bytes]:
    return [_read(SITE / "sitemap.xml")] + [_read(p) for p in sorted(SITE.glob("news/*/sitemap.xml"))]


@lru_cache(maxsize=1)
def gzip_sitemap_seeds() -> list[bytes]:
    """Gzipped sitemaps (``sitemap.xml.gz``), which the crawler unpacks itself."""
    return [gzip.compress(body, mtime=0) for body in sitemap_seeds()]


@lru_cache(maxsize=1)
def article_seeds() -> list[bytes]:
    return [_read(p) for p in sorted(SITE.glob("news/*/*.html"))[:12]]


# -- mutations ------------------------------------------------------------------------------------
@st.composite
def mutated(draw: Any, seeds: list[bytes], max_ops: int = 4) -> bytes:
    """A seed changed by a few byte-level operations (cut, delete, insert, flip, duplicate, splice)."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(["truncate", "delete", "insert", "flip", "duplicate", "splice", "text"]))
        size = len(data)
        pos = draw(st.integers(0, size)) if size else 0
        if op == "truncate":
            del data[pos:]
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=32))
        elif op == "flip" and size:
            data[min(pos, size - 1)] = draw(st.integers(0, 255))
        elif op == "duplicate":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 256))]
        elif op == "splice":
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, len(other)))
            data[pos:pos] = other[start:start + draw(st.integers(1, 512))]
        elif op == "text":  # replace the text between two tags (dates, links, ids) with anything
            start = data.find(b">", pos)
            end = data.find(b"<", start + 1) if start != -1 else -1
            if start != -1 and end != -1:
                data[start + 1:end] = draw(st.text(max_size=40)).encode("utf-8", "surrogatepass")
    return bytes(data)


JSON_SCALARS = st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=True) | st.text(max_size=30)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)
DATE_TEXT = st.sampled_from(["2022-13-45T25:61:00Z", "0000-00-00", "9999-12-31T23:59:59+14:00", "", "now",
                             "2021-03-04", "1638900000", "-1", "2021-03-04T05:06:07.123456789-08:00",
                             "Tue, 99 Foo 2021 10:00:00 XYZ", "2021-03-04T05:06"])


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:6]):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def json_mutated(draw: Any, seeds: list[bytes]) -> bytes:
    """A JSON seed whose values at a few random places are replaced by values of any type."""
    seed = draw(st.sampled_from(seeds))
    try:
        data = json.loads(seed)
    except ValueError:
        return seed
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        value = draw(JSON_VALUES | DATE_TEXT)
        if not path:
            data = value
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    return json.dumps(data, allow_nan=True).encode()


# -- properties -----------------------------------------------------------------------------------
def assert_aware(*values: datetime | None) -> None:
    for value in values:
        assert value is None or (isinstance(value, datetime) and value.utcoffset() is not None), value


def check_feed(body: bytes) -> None:
    from crawler.feeds import Entry, feed_entries
    from crawler.parsers.statuspage import PayloadError

    try:
        entries = feed_entries(body, BASE.decode() + "/news/feed.xml")
    except PayloadError:
        return
    for entry in entries:
        assert isinstance(entry, Entry) and isinstance(entry.url, str)
        assert_aware(entry.published)


def check_sitemap(body: bytes) -> None:
    from crawler.feeds import Entry, sitemap_entries
    from crawler.parsers.statuspage import PayloadError

    try:
        entries = sitemap_entries(body, BASE.decode() + "/sitemap.xml")
    except PayloadError:
        return
    for entry in entries:
        assert isinstance(entry, Entry) and isinstance(entry.url, str)
        assert_aware(entry.published)


def check_status(kind: str, body: bytes) -> None:
    from crawler.parsers import PayloadError, parse_status_page

    page = RawPage(url="http://127.0.0.1:8765/status", final_url="http://127.0.0.1:8765/status",
                   fetched_at=FETCHED, status=200, headers={}, body=body, source_name="fuzz", source_kind=kind)
    try:
        incidents = parse_status_page(page, "Fuzzservice")
    except PayloadError:
        return
    for inc in incidents:
        assert isinstance(inc, StatusIncident) and isinstance(inc.external_id, str) and inc.external_id
        assert_aware(inc.started_at, inc.resolved_at, inc.created_at, *(u.at for u in inc.updates))
        json.dumps(inc.as_dict(), default=str)


def status_inputs(kind: str) -> st.SearchStrategy[bytes]:
    seeds = status_seeds()[kind]
    base = mutated(seeds) | st.binary(max_size=512)
    if kind in {"statuspage", "gcp", "aws"}:
        return base | json_mutated(seeds)
    return base


HTML_TAGS = ["p", "div", "article", "h1", "title", "meta", "time", "script", "span", "br", "table", "td"]


@st.composite
def html_documents(draw: Any) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(HTML_TAGS))
        attrs = draw(st.sampled_from(["", " datetime='2021-10-04T15:40:00Z'", " property='article:published_time'"
                                      f" content='{draw(DATE_TEXT)}'", " class=x"]))
        parts.append(f"<{tag}{attrs}>{draw(st.text(max_size=80))}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    return "<html><head>" + "".join(parts[:2]) + "</head><body>" + "".join(parts[2:]) + "</body></html>"


NEWS_WORDS = st.sampled_from(["outage", "down", "AWS", "Slack", "Google Cloud", "users", "errors", "for", "hours",
                              "since", "9:30 a.m. ET", "on Monday", "in Europe", "restored", "DNS", "503",
                              "\"Something went wrong\"", "2021-10-04", "about", "2,000", "reports", ".", "\n"])
NEWS_TEXT = st.lists(NEWS_WORDS | st.text(max_size=12), max_size=60).map(" ".join)


def article_inputs() -> st.SearchStrategy[bytes | str]:
    return (st.text(max_size=400) | NEWS_TEXT | html_documents() | mutated(article_seeds())
            | st.binary(max_size=400))


def check_extract(content: bytes | str) -> None:
    from extract.article import extract_article
    from extract.pipeline import get_extractor

    article = extract_article(content, url="http://127.0.0.1:8765/news/x.html", fetched_at=FETCHED,
                              source_name="fuzz")
    if article is None:
        return
    assert isinstance(article.text, str) and article.text.strip()
    assert_aware(article.published)
    report = get_extractor().report(article)
    assert isinstance(report, OutageReport)
    assert_aware(report.start, report.end, report.published)
    if report.start and report.end:
        assert report.duration_minutes is None or report.duration_minutes >= 0
    json.dumps(report.as_dict(), default=str)


FIELDS = ["service", "company", "region", "cause", "status", "year", "after", "before", "duration", "error",
          "title", "publisher", "since", "until", "bogus", "SERVICE", ""]
QUERY_TOKENS = (st.sampled_from(FIELDS).flatmap(lambda f: st.tuples(st.just(f), st.sampled_from(
    ["aws", "google-cloud", "2021", "2021-13", "2021-02-30", ">2h", "<=30m", ">=1.5d", "90", "abc", "\"a b\"", "",
     ":", "-", "*", "?", "\\", "\"", "'", "(", ")", "2021-03-04", "-1", "99999999999999999999"])).map(
    lambda t: f"{t[0]}:{t[1]}")) | st.sampled_from(["OR", "AND", "NOT", "-", "\"", "\"rate limit\"", "(", ")", "*",
                                                   "-dns", "aws", "outage", "~", "^2", "{", "}", "[", "]", "\x00"])
                | st.text(max_size=10))
QUERIES = st.text(max_size=200) | st.lists(QUERY_TOKENS, max_size=12).map(" ".join) | st.text(min_size=990,
                                                                                             max_size=1100)


def check_query(index_dir: Path, query: str, kind: str, sort: str, page: int) -> None:
    from archive.search import SearchError, SearchResult, query_index

    try:
        result = query_index(index_dir, query, kind=kind, sort=sort, page=page, page_size=10)
    except SearchError as exc:
        assert str(exc)
        return
    assert isinstance(result, SearchResult)
    assert all(isinstance(w, str) and w for w in result.warnings)
    assert result.total >= 0 and len(result.ids) <= 10
    json.dumps(result.as_dict(), default=str)


PROPERTIES: dict[str, tuple[st.SearchStrategy[Any], Callable[..., None]]] = {
    "feeds": (mutated(feed_seeds()) | st.binary(max_size=300), check_feed),
    "sitemaps": (mutated(sitemap_seeds()) | st.binary(max_size=300), check_sitemap),
    "gzip-sitemaps": (mutated(gzip_sitemap_seeds()), check_sitemap),
    "extractor": (article_inputs(), check_extract),
}

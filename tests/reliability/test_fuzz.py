"""Property-based fuzzing (hypothesis, bounded): no unhandled exception on any input.

Feed and sitemap link extraction, every status-page parser kind, the article extractor with the
report pipeline, and the search query language. Each returns its documented result or raises its
documented error (``PayloadError`` for payloads, ``SearchError`` for searches); the extractor returns
``None`` for content it cannot use. ``bench/fuzz_bench.py`` runs the same properties much longer.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability import fuzzprops

KINDS = sorted(fuzzprops.status_seeds())
FAST = settings(max_examples=80, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
SLOWER = settings(FAST, max_examples=50)

pytestmark = pytest.mark.timeout(300)


@FAST
@given(fuzzprops.PROPERTIES["feeds"][0])
def test_feed_links_never_crash(body: bytes) -> None:
    fuzzprops.check_feed(body)


@FAST
@given(fuzzprops.PROPERTIES["sitemaps"][0])
def test_sitemap_links_never_crash(body: bytes) -> None:
    fuzzprops.check_sitemap(body)


CORRUPT_GZIP = gzip.compress(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>" + b"<url/>" * 40
                             + b"</urlset>", mtime=0)
CORRUPT_GZIP = CORRUPT_GZIP[:10] + b"\x07" + CORRUPT_GZIP[11:]  # deflate block type 3: invalid


def test_corrupt_gzip_sitemap_is_a_payload_error() -> None:
    """Was a zlib.error (found by the gzip property below)."""
    fuzzprops.check_sitemap(CORRUPT_GZIP)


@FAST
@given(fuzzprops.PROPERTIES["gzip-sitemaps"][0])
def test_gzip_sitemap_links_never_crash(body: bytes) -> None:
    fuzzprops.check_sitemap(body)


@pytest.mark.parametrize("kind", KINDS)
def test_status_parsers_never_crash(kind: str) -> None:
    @FAST
    @given(fuzzprops.status_inputs(kind))
    def run(body: bytes) -> None:
        fuzzprops.check_status(kind, body)

    run()


@SLOWER
@given(fuzzprops.article_inputs())
def test_extractor_never_crashes(content: bytes | str) -> None:
    fuzzprops.check_extract(content)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from archive.config import load_config
    from archive.search import rebuild_index
    from archive.store import Store
    from tests.search.sample_archive import build_sample_archive

    config = load_config({"data_dir": str(tmp_path_factory.mktemp("fuzz-index"))}, environ={})
    with Store.open(config) as store:
        build_sample_archive(store)
        rebuild_index(store, config.index_path)
    yield config.index_path


def test_query_language_never_crashes(index_dir: Path) -> None:
    @FAST
    @given(fuzzprops.QUERIES, st.sampled_from(["incident", "article"]), st.sampled_from(["relevance", "date"]),
           st.integers(1, 4))
    def run(query: str, kind: str, sort: str, page: int) -> None:
        fuzzprops.check_query(index_dir, query, kind, sort, page)

    run()


def test_bad_search_arguments_raise_search_error(index_dir: Path) -> None:
    from archive.search import SearchError, query_index

    for kwargs in ({"kind": "nope"}, {"sort": "size"}, {"page": 0}, {"page_size": 0}):
        with pytest.raises(SearchError):
            query_index(index_dir, "outage", **kwargs)  # type: ignore[arg-type]


def test_properties_catch_a_crash() -> None:
    """The harness itself: a check that raises something undocumented is reported as a failure."""
    @settings(max_examples=20, deadline=None, derandomize=True)
    @given(st.binary(max_size=8))
    def run(body: bytes) -> None:
        raise KeyError(body)

    with pytest.raises(KeyError):
        run()



"""Searching the demo-like archive: known answers, filters and facets checked against the database."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

from archive.query import norm_key
from archive.records import Incident
from archive.search import SearchError, query_index, search_articles


def facets_from_db(incidents: list[Incident]) -> dict[str, dict[str, int]]:
    """Facet counts computed directly from incident rows (the oracle for the index's counts)."""
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("service", "company", "region", "cause", "year")}
    for inc in incidents:
        counts["service"].update({inc.service, *inc.services})
        if inc.company:
            counts["company"][inc.company] += 1
        counts["region"].update(set(inc.regions) | ({"Global"} if inc.global_ else set()))
        counts["cause"].update(set(inc.causes))
        if inc.started_at:
            counts["year"][str(inc.started_at.year)] += 1
    return {k: dict(v) for k, v in counts.items()}


def db_filter(incidents: list[Incident], **want: Any) -> list[Incident]:
    """Incidents passing typed filters, evaluated on the rows (case-insensitive keys)."""
    def keys(values: list[str | None]) -> set[str]:
        return {norm_key(v) for v in values if v}

    result = []
    for inc in incidents:
        if "service" in want and norm_key(want["service"]) not in keys([inc.service, *inc.services]):
            continue
        if "region" in want and norm_key(want["region"]) not in keys(inc.regions):
            continue
        if "cause" in want and norm_key(want["cause"]) not in keys(inc.causes):
            continue
        if "company" in want and norm_key(want["company"]) not in keys([inc.company]):
            continue
        if "after" in want and (inc.started_at is None or inc.started_at < want["after"]):
            continue
        if "before" in want and (inc.started_at is None or inc.started_at >= want["before"]):
            continue
        if "min_minutes" in want and (inc.duration_minutes is None or inc.duration_minutes <= want["min_minutes"]):
            continue
        result.append(inc)
    return result


@pytest.mark.parametrize("query, expected_first", [
    ("bgp dns facebook", "inc-fb-2021-10-04"),
    ('"Error 503 Service Unavailable"', "inc-fastly-2021-06-08"),
    ("consul", "inc-roblox-2021-10-28"),
    ("wan router", "inc-teams-2023-01-25"),
    ("authenticating quota", "inc-google-2020-12-14"),  # stems: "authenticating" ~ "authenticating users"
    ("doorbells", "inc-aws-2021-12-07"),
    ('"trouble connecting"', "inc-slack-2021-01-04"),
    ("netflix", "inc-aws-2021-12-07"),
    ("cloudflare data centres", "inc-cloudflare-2022-06-21"),
])
def test_known_queries_return_known_incident_first(sample: Any, query: str, expected_first: str) -> None:
    result = query_index(sample.index_dir, query)
    assert result.ids and result.ids[0] == expected_first, (query, result.ids)
    assert result.warnings == []
    assert result.hits[0]["slug"] == expected_first.removeprefix("inc-")


def test_stemming_matches_other_word_forms(sample: Any) -> None:
    assert "inc-fb-2021-10-04" in query_index(sample.index_dir, "router").ids  # text says "routers"
    assert "inc-teams-2023-01-25" in query_index(sample.index_dir, "routers").ids  # text says "router"
    assert query_index(sample.index_dir, "reloaded").ids == ["inc-twitter-2021-02-jp"]  # "reloading"


def test_error_message_phrase_ranks_the_incident_quoting_it(sample: Any) -> None:
    result = query_index(sample.index_dir, '"something went wrong"')
    quoting = {i.id for i in sample.incidents if any("something went wrong" in e.lower() for e in i.error_messages)}
    assert set(result.ids[:len(quoting)]) == quoting
    errors_only = query_index(sample.index_dir, 'error:"try reloading"')
    assert errors_only.ids == ["inc-twitter-2021-02-jp"]


def test_issue_example_filters_agree_with_database(sample: Any) -> None:
    query = "service:twitter region:japan cause:dns after:2021-01-01 before:2022-01-01 duration:>2h"
    result = query_index(sample.index_dir, query)
    expected = db_filter(sample.store.incidents(), service="twitter", region="japan", cause="dns",
                         after=datetime(2021, 1, 1, tzinfo=UTC), before=datetime(2022, 1, 1, tzinfo=UTC),
                         min_minutes=120)
    assert sorted(result.ids) == sorted(i.id for i in expected) == ["inc-twitter-2021-02-jp"]
    assert result.total == 1 and result.warnings == []


@pytest.mark.parametrize("query, want", [
    ("", {}),
    ("region:japan", {"region": "japan"}),
    ("service:facebook", {"service": "facebook"}),
    ("company:meta", {"company": "meta"}),
    ("cause:dns", {"cause": "dns"}),
    ('region:"united kingdom"', {"region": "United Kingdom"}),
    ("after:2021-06-01 before:2022", {"after": datetime(2021, 6, 1, tzinfo=UTC),
                                      "before": datetime(2022, 1, 1, tzinfo=UTC)}),
    ("duration:>2h", {"min_minutes": 120}),
    ("service:microsoft-teams", {"service": "Microsoft Teams"}),
])
def test_filters_and_facets_match_counts_from_database(sample: Any, query: str, want: dict[str, Any]) -> None:
    result = query_index(sample.index_dir, query, page_size=100)
    expected = db_filter(sample.store.incidents(), **want)
    assert result.total == len(expected)
    assert sorted(result.ids) == sorted(i.id for i in expected)
    assert result.facets == {k: v for k, v in facets_from_db(expected).items()} | {
        k: {} for k, v in facets_from_db(expected).items() if not v}
    for name, counts in result.facets.items():  # ordered by count, largest first
        assert list(counts.values()) == sorted(counts.values(), reverse=True), name


def test_facets_over_free_text_match_database(sample: Any) -> None:
    result = query_index(sample.index_dir, "dns", page_size=100)
    rows = [sample.store.incident(i) for i in result.ids]
    assert result.facets == facets_from_db(rows) | {k: {} for k, v in facets_from_db(rows).items() if not v}
    assert result.facets["cause"]["DNS"] == len(db_filter(sample.store.incidents(), cause="dns"))


def test_programmatic_filters_behave_like_typed_ones(sample: Any) -> None:
    typed = query_index(sample.index_dir, "region:japan year:2021")
    given = query_index(sample.index_dir, "", filters={"region": "Japan", "year": 2021})
    assert typed.ids == given.ids and typed.total == given.total == 2


def test_sort_by_date_is_newest_first(sample: Any) -> None:
    result = query_index(sample.index_dir, "", sort="date", page_size=100)
    starts = [sample.store.incident(i).started_at for i in result.ids]
    dated = [s for s in starts if s is not None]
    assert dated == sorted(dated, reverse=True)
    assert starts[-1] is None  # the undated incident comes last
    assert result.total == len(sample.incidents)


def test_paging_covers_every_match_once(sample: Any) -> None:
    full = query_index(sample.index_dir, "", sort="date", page_size=100).ids
    pages = [query_index(sample.index_dir, "", sort="date", page=p, page_size=5).ids for p in range(1, 5)]
    assert [i for page in pages for i in page] == full


def test_snippets_highlight_matches_in_source_text(sample: Any) -> None:
    result = query_index(sample.index_dir, "consul")
    hit = result.hits[0]
    assert "<mark>Consul</mark>" in hit["snippet"]
    incident = sample.store.incident(hit["id"])
    assert hit["snippet_source"] in {s.url for s in incident.sources}
    assert {"id", "slug", "service", "score", "snippet"} <= hit.keys()


def test_snippet_names_the_source_it_came_from(sample: Any) -> None:
    hit = query_index(sample.index_dir, "latent software bug").hits[0]
    assert hit["id"] == "inc-fastly-2021-06-08"
    assert hit["snippet_source"].endswith("/fastly-2021-06-08/1")  # the second article says it


def test_negation_and_or(sample: Any) -> None:
    twitter = set(query_index(sample.index_dir, "service:twitter").ids)
    not_japan = set(query_index(sample.index_dir, "service:twitter -japan").ids)
    assert not_japan == {"inc-twitter-2020-10-15"} and not_japan < twitter
    either = set(query_index(sample.index_dir, "consul OR doorbells").ids)
    assert either == {"inc-roblox-2021-10-28", "inc-aws-2021-12-07"}


@pytest.mark.parametrize("query, problem", [
    ('twitter "worldwide', "unbalanced quote"),
    ("colour:red twitter", "unknown field 'colour:'"),
    ("twitter after:2021-02-30", "bad date in after:2021-02-30"),
    ("twitter duration:>lots", "bad duration"),
    ("twitter before:yesterday", "bad date in before:yesterday"),
])
def test_malformed_query_warns_and_returns_best_effort(sample: Any, query: str, problem: str) -> None:
    result = query_index(sample.index_dir, query)
    assert any(problem in w for w in result.warnings), result.warnings
    assert "inc-twitter-2020-10-15" in result.ids or query.startswith("colour")
    if query.startswith("colour"):
        assert result.total == 0  # "colour red twitter" as words: nothing says colour


def test_query_that_cannot_run_raises_search_error(sample: Any, tmp_path: Any) -> None:
    with pytest.raises(SearchError, match="bad date"):
        query_index(sample.index_dir, "before:someday")
    with pytest.raises(SearchError, match="no incident search index"):
        query_index(tmp_path / "nothing-here", "twitter")
    with pytest.raises(SearchError, match="unknown sort"):
        query_index(sample.index_dir, "twitter", sort="colour")


def test_article_search(sample: Any) -> None:
    result = search_articles(sample.index_dir, "consul publisher:\"example news\"")
    assert result.ids and result.kind == "article"
    assert result.hits[0]["url"].startswith("https://news.example/roblox-2021-10-28/")
    assert result.facets["publisher"] == {"Example News": 1}
    everything = search_articles(sample.index_dir, "", page_size=200)
    assert everything.total == len(sample.store.articles())
    bad = search_articles(sample.index_dir, "region:japan consul")
    assert any("unknown field 'region:'" in w for w in bad.warnings)

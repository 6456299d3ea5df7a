"""The query language parser: fields, phrases, dates, durations and the warnings for bad input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.query import FastStemAnalyzer, parse_duration, parse_query


def test_issue_example_parses_into_filters() -> None:
    pq = parse_query('"rate limit" service:twitter region:japan cause:dns after:2021-01-01 '
                     "before:2022-01-01 duration:>2h")
    assert pq.warnings == []
    assert [(c.text, c.phrase) for c in pq.clauses] == [("rate limit", True)]
    assert pq.keywords == {"service": ["twitter"], "region": ["japan"], "cause": ["dns"]}
    assert pq.after == datetime(2021, 1, 1, tzinfo=UTC) and pq.before == datetime(2022, 1, 1, tzinfo=UTC)
    assert pq.duration == [(">", 120)]


def test_quoted_field_values_and_aliases() -> None:
    pq = parse_query('region:"United Kingdom" services:Google-Cloud since:2020-03 error:"502 bad gateway"')
    assert pq.keywords == {"region": ["united-kingdom"], "service": ["google-cloud"]}
    assert pq.after == datetime(2020, 3, 1, tzinfo=UTC)
    assert [(c.text, c.in_field, c.phrase) for c in pq.clauses] == [("502 bad gateway", "error", True)]


@pytest.mark.parametrize("text, minutes, op", [
    (">2h", 120, ">"), ("<=30m", 30, "<="), (">=1.5d", 2160, ">="), ("90", 90, ">="), ("=45min", 45, "=="),
])
def test_durations(text: str, minutes: int, op: str) -> None:
    assert parse_duration(text) == (op, minutes)


@pytest.mark.parametrize("query, fragment", [
    ('outage "never closed', "unbalanced quote"),
    ("colour:red", "unknown field 'colour:'"),
    ("after:2021-02-30", "not a valid date"),
    ("before:soon", "is not a date"),
    ("duration:>lots", "is not a duration"),
    ("year:21", "bad year"),
    ("service:", None),
])
def test_problems_become_warnings_naming_them(query: str, fragment: str | None) -> None:
    pq = parse_query(query)
    if fragment is None:  # "service:" with nothing after it is just a word
        assert pq.warnings == [] and pq.clauses[0].text == "service:"
    else:
        assert any(fragment in w for w in pq.warnings), pq.warnings


def test_negation_or_and_programmatic_filters() -> None:
    pq = parse_query("dns OR bgp -maintenance", filters={"year": 2021, "region": "Japan", "colour": "red"})
    assert [(c.text, [a.text for a in c.alternatives]) for c in pq.clauses if not c.negated] == [("dns", ["bgp"])]
    assert [c.text for c in pq.clauses if c.negated] == ["maintenance"]
    assert pq.keywords == {"year": ["2021"], "region": ["japan"]}
    assert any("unknown filter 'colour'" in w for w in pq.warnings)


def test_article_fields_are_restricted() -> None:
    pq = parse_query("region:japan publisher:verge", allowed_fields=("publisher", "year", "after", "before"))
    assert pq.keywords == {"publisher": ["verge"]}
    assert any("unknown field 'region:'" in w for w in pq.warnings)


def test_analyzer_matches_whoosh_stemming_analyzer() -> None:
    from whoosh.analysis import StemmingAnalyzer

    text = "Engineers were restoring the routers; users couldn't log in (error 503) at 14:05 in São Paulo."
    ours = [(t.text, t.pos, t.startchar, t.endchar)
            for t in FastStemAnalyzer()(text, positions=True, chars=True)]
    theirs = [(t.text, t.pos, t.startchar, t.endchar)
              for t in StemmingAnalyzer()(text, positions=True, chars=True)]
    assert ours == theirs
    positions = FastStemAnalyzer().positions(text)
    assert sorted((p, w) for w, ps in positions.items() for p in ps) == [(t[1], t[0]) for t in ours]

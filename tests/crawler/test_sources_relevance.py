"""Sources files and the outage relevance score."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler import relevance
from crawler.sources import KINDS, SourceError, load_sources, parse_sources, select_sources

REPO = Path(__file__).resolve().parents[2]


def test_shipped_sources_file_is_valid_and_real() -> None:
    sources = load_sources(REPO / "data" / "sources.toml")
    kinds = {s.kind for s in sources}
    assert {"statuspage", "statuspage-atom", "gcp", "aws-rss", "news-feed"} <= kinds
    assert all(s.url.startswith("https://") for s in sources)
    assert all(s.service for s in sources if s.kind not in {"news-feed", "sitemap"})
    assert len({s.name for s in sources}) == len(sources)


def test_base_placeholder_and_options(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[[source]]\nname = "a"\nkind = "statuspage-rss"\nurl = "__BASE__/h.rss"\n'
                    'service = "A"\ntimezone = "America/New_York"\n')
    (src,) = load_sources(path, base_url="http://127.0.0.1:9/")
    assert src.url == "http://127.0.0.1:9/h.rss"
    assert src.options == {"timezone": "America/New_York"} and src.service == "A"
    with pytest.raises(SourceError, match="no base URL"):
        load_sources(path)


@pytest.mark.parametrize("text,message", [
    ("[[source]\nname=1", "invalid TOML"),
    ('[[source]]\nname = "a"\nkind = "blog"\nurl = "https://x"\n', "unknown kind 'blog'"),
    ('[[source]]\nname = "a"\nkind = "gcp"\n', "lacks url"),
    ('title = "nothing"\n', "no \\[\\[source\\]\\]"),
    ('[[source]]\nname = "a"\nkind = "gcp"\nurl = "ftp://x"\n', "non-HTTP"),
    ('[[source]]\nname = "a"\nkind = "gcp"\nurl = "https://x"\n[[source]]\nname = "a"\nkind = "gcp"\n'
     'url = "https://y"\n', "duplicate source name"),
])
def test_bad_sources_give_clear_errors(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_sources(text)


def test_missing_file_and_selection(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        load_sources(tmp_path / "nope.toml")
    sources = parse_sources('[[source]]\nname = "a"\nkind = "gcp"\nurl = "https://x"\n'
                            '[[source]]\nname = "b"\nkind = "aws"\nurl = "https://y"\n')
    assert [s.name for s in select_sources(sources, ["b"])] == ["b"]
    with pytest.raises(SourceError, match="unknown source"):
        select_sources(sources, ["c"])
    assert "aws" in KINDS


# -- relevance: our own sentences ----------------------------------------------------------------
OUTAGES = [
    ("Chatterbox down: users unable to send messages",
     "Thousands of Chatterbox users could not send messages on Monday. The company said on its status page "
     "that engineers were investigating elevated error rates, and service was restored by noon."),
    ("Cloud host outage knocks thousands of websites offline",
     "A configuration change at a cloud hosting company took thousands of websites offline for two hours. "
     "Customers reported errors when loading pages."),
    ("Streaming app back online after evening glitch",
     "The streaming service said its app was back online after a glitch left viewers with a blank screen."),
    ("Bank customers locked out of mobile app",
     "Customers of a large bank were unable to log in to the mobile app for most of the morning, and the "
     "bank apologised for the disruption."),
]
NEGATIVES = [
    ("Storm leaves 50,000 homes without power",
     "A winter storm brought down power lines and left 50,000 homes without electricity. The utility said "
     "crews restored power to most customers overnight after the blackout."),
    ("Chatterbox launches a new desktop app",
     "Chatterbox announced a desktop app with new features and a redesigned inbox, available from next week."),
    ("Chatterbox reports record quarterly revenue",
     "The messaging company grew revenue by a fifth. Analysts recalled the outage it suffered last year, "
     "which previously weighed on the shares, but said the business had moved on."),
    ("Five tips for a tidier inbox",
     "Archiving old threads and turning off notifications can make email less stressful, experts say."),
]


@pytest.mark.parametrize("title,text", OUTAGES)
def test_outage_stories_score_high(title: str, text: str) -> None:
    assert relevance.score(title, text) >= 0.5


@pytest.mark.parametrize("title,text", NEGATIVES)
def test_negatives_score_low(title: str, text: str) -> None:
    assert relevance.score(title, text) < 0.5


def test_score_is_bounded_and_ordered() -> None:
    values = [relevance.score(t, x) for t, x in OUTAGES + NEGATIVES]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert min(values[: len(OUTAGES)]) > max(values[len(OUTAGES):])
    assert relevance.score("", "") == 0.0
    # a passing mention of a past outage does not make a story about an outage
    passing = ("Company opens new office", "The firm, which suffered an outage in 2021, opened an office "
               "in Leeds with 200 staff.")
    assert relevance.score(*passing) < 0.5

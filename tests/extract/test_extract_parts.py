"""Time recognisers, the scorer's matching rules, article input handling and the CLI contracts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from extract import timeparse as tp
from extract.article import extract_article
from extract.gazetteer import load_gazetteer
from extract.scoring import FieldScore, Scoreboard, durations_match, score_document, times_match

OUTAGES = [str(Path(sys.executable).parent / "outages")]


def test_clock_times_and_zones() -> None:
    clocks = tp.find_clocks("It began at 4.40pm BST, i.e. 9.10pm IST, and ended around 11:05 a.m. ET; 2021 UTC is a year.")
    assert [(c.hour, c.minute, c.zone) for c in clocks] == [(16, 40, "BST"), (21, 10, "IST"), (11, 5, "ET")]
    summer = tp.to_utc(date(2024, 7, 2), 14, 0, tp.zone_for("ET"))
    winter = tp.to_utc(date(2024, 1, 2), 14, 0, tp.zone_for("ET"))
    assert (summer.hour, winter.hour) == (18, 19)
    assert tp.to_utc(date(2023, 11, 8), 4, 0, tp.zone_for("AEDT")) == datetime(2023, 11, 7, 17, 0, tzinfo=UTC)
    assert tp.zone_for("LOCAL", "India") is not None


def test_dates_resolve_against_publication() -> None:
    pub = date(2021, 11, 1)  # a Monday
    found = {d.kind: d.day for d in tp.find_dates("on Sunday, yesterday, and October 28", pub)}
    assert found["weekday"] == date(2021, 10, 31)
    assert found["relative"] == date(2021, 10, 31)
    assert found["absolute"] == date(2021, 10, 28)
    assert tp.other_year_at("In March 2019 it also failed", pub) == 3  # where "March 2019" starts
    assert tp.other_year_at("It failed in October", pub, date(2021, 10, 28)) is None
    assert tp.other_year_at("It also failed in March", pub, date(2021, 10, 28)) == 15  # "in March"


def test_durations() -> None:
    text = "down for nearly 19 hours, then about 10 minutes, half an hour, a six-hour outage, 2 hours and 15 minutes"
    assert [d.minutes for d in tp.find_durations(text)] == [1140, 10, 30, 360, 135]


def test_gazetteer_names() -> None:
    gaz = load_gazetteer()
    assert gaz.canonical("UK") == "United Kingdom"
    assert gaz.canonical("Russian Federation") == "Russia"
    assert gaz.canonical("European") == "Europe"
    assert gaz.canonical("us-east-1") == "Virginia"
    assert gaz.canonical("Viet Nam") == "Vietnam"


def test_scorer_rules() -> None:
    assert times_match("2021-10-04T15:40:00Z", "2021-10-04T16:30:00Z")
    assert not times_match("2021-10-04T15:40:00Z", "2021-10-04T17:00:00Z")
    assert times_match("2021-10-04", "2021-10-04T23:00:00Z")
    assert durations_match(340, 365) and not durations_match(300, 365)
    board = Scoreboard()
    gold = {"service": "Slack", "services": ["Slack"], "regions": [], "start": None, "end": None,
            "duration_minutes": 60, "error_messages": ["Trouble connecting"], "causes": [],
            "report_counts": [{"count": 100, "region": None}]}
    pred = dict(gold, services=["Slack", "Zoom"], error_messages=["\u201ctrouble  connecting.\u201d"],
                duration_minutes=None, end="2021-01-01T10:00:00Z")
    score_document(board, "x", pred, gold)
    assert board.fields["error_messages"].tp == 1
    assert (board.fields["services"].tp, board.fields["services"].fp) == (1, 1)
    assert (board.fields["end/duration"].fp, board.fields["end/duration"].fn) == (1, 1)
    assert FieldScore(tp=9, fp=1, fn=1).f1 == 0.9


def test_scoring_reads_gold_service_aliases_as_catalog_names() -> None:
    from extract.catalog import load_catalog

    catalog = load_catalog()

    def canonical(name: str) -> str:
        return catalog.canonical(name) or name

    gold = {"service": "G Suite", "services": ["G Suite", "Acme Pay"], "regions": [], "error_messages": [],
            "causes": [], "report_counts": [], "start": None, "end": None, "duration_minutes": None}
    pred = dict(gold, service="Google Workspace", services=["Google Workspace", "Acme Pay"])
    board = Scoreboard()
    score_document(board, "x", pred, gold, canonical)
    assert (board.fields["service"].tp, board.fields["services"].tp, board.fields["services"].fn) == (1, 2, 0)
    plain = Scoreboard()
    score_document(plain, "x", pred, gold)  # without the catalog, names compare as written
    assert plain.fields["service"].tp == 0 and plain.fields["services"].fn == 1


def test_scoring_normalises_case_space_quotes_and_accents() -> None:
    from extract.scoring import normalise
    assert normalise("  São  Paulo ") == normalise("sao paulo") == "sao paulo"
    assert normalise("“Réessayez plus tard.”") == "reessayez plus tard"
    assert normalise("Bogotá") != normalise("Bogor")


def test_article_from_html_drops_boilerplate() -> None:
    html = ("<html><head><title>Zoom down | Site</title><meta property='article:published_time' "
            "content='2024-05-02T10:00:00Z'></head><body><div class='cookie-banner'><p>We use cookies to "
            "improve things. Accept all cookies to continue reading this site today.</p></div><article><h1>Zoom "
            "down</h1><p>Zoom stopped working for many users on Thursday morning across Europe and beyond, the "
            "company confirmed in a short statement to reporters.</p><p>Meetings failed to start and users saw "
            "error pages for about two hours before service returned to normal.</p></article><section "
            "class='comments'><p>Downdetector showed 5,000 reports for my bank at the same time, weird.</p>"
            "</section></body></html>")
    article = extract_article(html.encode())
    assert article is not None
    assert article.published == datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert "Meetings failed" in article.text
    assert "cookies" not in article.text and "bank" not in article.text


def test_figure_captions_kept_without_credits() -> None:
    html = ("<html><head><title>Zoom down</title></head><body><article><h1>Zoom down</h1><p>Zoom stopped working "
            "for many users on Thursday morning, the company confirmed in a short statement to reporters.</p>"
            "<figure><img src='a.png'><figcaption>The screen users saw: \"Unable to connect (5003)\". Photo: "
            "Screenshot</figcaption></figure><figure><img src='b.png'><figcaption>File photo. Credit: Agency"
            "</figcaption></figure><p>Meetings failed to start and users saw error pages for about two hours "
            "before service returned to normal.</p></article></body></html>")
    article = extract_article(html.encode())
    assert article is not None
    assert 'The screen users saw: "Unable to connect (5003)".' in article.text
    assert "Screenshot" not in article.text and "File photo" not in article.text and "Agency" not in article.text
    assert article.text.index("Unable to connect") < article.text.index("Meetings failed")


def test_list_introduced_by_a_colon_is_kept_as_lines() -> None:
    filler = "<p>" + "Streams froze for many viewers on Sunday evening while the company investigated. " * 3 + "</p>"
    html = ("<html><head><title>TV outage</title></head><body><div class='d-main'><h1>TV outage</h1>"
            f"<section class='d-content'>{filler}<p>The cities with the most reports were:</p><ul><li>Chicago: "
            "about 2,400</li><li>Denver: about 900</li></ul>" + filler + "<ul><li><a href='/x'>Related story</a></li>"
            "</ul></section></div></body></html>")
    article = extract_article(html.encode())
    assert article is not None
    assert "were:\n- Chicago: about 2,400\n- Denver: about 900" in article.text
    assert "Related story" not in article.text


def test_cli_extract_bad_inputs_never_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.html"
    binary.write_bytes(bytes(range(256)) * 20)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 users saw Slack go down on Monday.".encode("latin-1"))
    proc = subprocess.run([*OUTAGES, "--data-dir", str(tmp_path / "var"), "extract", "--format", "json",
                           str(empty), str(binary), str(latin), "--published", "2024-05-08"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "empty input" in proc.stderr and "binary" in proc.stderr
    data = json.loads(proc.stdout)
    assert [d["is_outage"] for d in data[:2]] == [False, False]
    assert data[2]["service"] == "Slack"
    assert not (tmp_path / "var").exists()


@pytest.mark.parametrize("text", [
    "", " ", "  a", "a  b", "a \n b", "\n\nx\n", "x ", " x", "a\n", "a b\n c  \n\n d",
    "It's 3 p.m. ET \u2014 don't!  Really?\n\n\u201cYes,\u201d she said.\t Tab\u00a0nbsp",
    "U.S.-based users can't log in... (again) at 11:45 a.m. on Jan. 29.",
])
def test_chunk_cached_tokenizer_splits_exactly_as_spacy(text: str) -> None:
    import spacy

    from extract.nlp import load_nlp

    plain = spacy.blank("en").tokenizer
    cached = load_nlp().tokenizer
    for _ in range(2):  # the second time from the cache
        assert [(t.text, t.whitespace_) for t in cached(text)] == [(t.text, t.whitespace_) for t in plain(text)]


@pytest.mark.parametrize("text", ["", "a  b", "x\u00a0y\n\n\u201cz\u201d", "Down since 9 a.m.  ET. Back? No."])
def test_doc_text_is_the_text_the_tokenizer_was_given(text: str) -> None:
    import spacy

    from extract.nlp import doc_text, load_nlp

    doc = load_nlp()(text)
    assert doc_text(doc) == text == doc.text
    if text:
        assert doc_text(doc) is text  # the text kept, not one rebuilt from the tokens
    other = spacy.blank("en")("made elsewhere  too")
    assert doc_text(other) == "made elsewhere  too"  # a doc our tokenizer did not make: read from its tokens

"""Stories updated as they went: updates on top with their own times, the first version below."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.extract.reporting import report


def test_an_update_dated_after_publication_keeps_the_year_and_the_first_version_dates_the_outage() -> None:
    """"UPDATE, Monday, March 11": written four days after the story went up on March 7, so still this year; the
    outage began on the day the first version names ("since Wednesday morning")."""
    r = report("UPDATE, Monday, March 11, 4:40 p.m.: Venmo now says the outage was caused by a cyberattack on a "
               "supplier. It has not said when payments will work again.\n\n"
               "ORIGINAL STORY: If you have been trying to pay a friend on Venmo since Wednesday morning, you are not "
               "alone. Payments and transfers have failed for customers across the United States.",
               title="Venmo outage drags on; company now blames a cyberattack")
    assert r["start"] == "2024-03-06"
    assert r["end"] is None


def test_an_updates_own_time_is_neither_the_start_nor_an_end_when_it_says_it_is_not_over() -> None:
    """"UPDATE, Friday, March 8, 11:15 a.m. ET: Still no fix." is when the update was written, and it says the outage
    goes on: no start or end from it (published on Saturday, March 9)."""
    r = report("UPDATE, Friday, March 8, 11:15 a.m. ET: Still no fix.\n\n"
               "ORIGINAL STORY: Venmo stopped working for many customers from about 6 a.m. ET on Thursday, and people "
               "across the United States could not send money. The company says it is investigating.",
               title="Venmo down for customers across the US", published=datetime(2024, 3, 9, 12, 0, tzinfo=UTC))
    assert r["start"] == "2024-03-07T11:00:00Z"
    assert r["end"] is None


def test_a_time_the_update_gives_beats_the_updates_own_time_and_may_be_after_publication() -> None:
    """Published at 7 a.m. ET; the update at 11:58 a.m. ET says service was restored as of 11:45 a.m. ET: the end is
    11:45 that day (not the day before, and not the update's own 11:58)."""
    r = report("UPDATE, 11:58 a.m. ET: Venmo says the app is working again. In a statement, the company said payments "
               "had been fully restored as of 11:45 a.m. ET.\n\n"
               "Venmo went down on Thursday morning. From about 6:10 a.m. ET, people across the United States found "
               "that payments failed.", title="Venmo down: payments fail across the US - updated")
    assert r["start"] == "2024-03-07T11:10:00Z"
    assert r["end"] == "2024-03-07T16:45:00Z"


def test_a_clock_time_still_to_come_in_a_sentence_that_looks_ahead_is_not_the_start() -> None:
    """"whose broadcast starts at 9 p.m. PT, ... expected the app to be stable by the time": a time still to come,
    not yesterday's 9 p.m."""
    r = report("HBO GO crashed on Wednesday night as fans logged on for the season finale, which aired at 9 p.m. ET. "
               "HBO told West Coast viewers, whose broadcast starts at 9 p.m. PT, that it expected the app to be "
               "stable by the time their episode began.", title="HBO GO crashes during finale",
               published=datetime(2024, 3, 7, 3, 0, tzinfo=UTC))
    assert r["services"] == ["HBO Go"]
    assert r["start"] == "2024-03-07T02:00:00Z"


def test_how_long_it_has_been_down_so_far_is_not_its_duration() -> None:
    """"have been down ... for more than 24 hours" in a story where it goes on: no duration."""
    r = report("The website, apps and call centres of Dish Network have been down for customers across the United "
               "States for more than 24 hours. The company has not said when they will be back.",
               title="Dish Network outage drags on")
    assert r["duration_minutes"] is None
    assert r["end"] is None


def test_a_lede_back_to_normal_counts_back_to_the_breakdown_it_names() -> None:
    """"working normally again on Thursday, after ..." and then "The breakdown began ... on Wednesday": the outage
    began on Wednesday; a breakdown is an outage word."""
    r = report("PARIS, March 7 - Orange said its mobile network in France was working normally again on Thursday, "
               "after a software failure left millions of customers unable to call. The breakdown began at around "
               "4pm local time on Wednesday.", title="Orange restores French mobile network after 12-hour breakdown")
    assert r["start"] == "2024-03-06T15:00:00Z"

"""Is the story about a current outage of an online service? One short story each (our own sentences)."""

from __future__ import annotations

import pytest

from tests.extract.reporting import report

# (text, title, is_outage, service)
CASES = [
 ("Internet users across the Gulf faced slower connections on Saturday after undersea cables were cut, and Microsoft "
  "warned Azure customers of increased latency.", "Cable cuts slow internet; Azure users warned of delays", True, "Azure"),
 ("Last Thursday night my son bought a game on our Xbox and it would not download. I tried the Microsoft Store on my "
  "laptop too.", "Why the Microsoft Store and Xbox wouldn't download games last week", True, "Microsoft Store"),
 ("The new Xbox controller will work with older consoles, Microsoft said on Thursday.",
  "Microsoft says the new Xbox controller will work with older consoles", False, None),
 ("Users of LastPass could not open their vaults on Wednesday morning. The company said it was investigating.",
  "Is LastPass down? Why your vault won't load this morning, and what to do", True, "LastPass"),
 ("Venmo has been failing since this morning, and some users saw payments marked as failed.",
  "Venmo down? What to do if your payment is stuck", True, "Venmo"),
 ("Globe Telecom subscribers in Cebu lost mobile signal and data for six hours on Sunday, the company said.",
  "Globe subscribers in Cebu lose signal for six hours after fibre cut", True, "Globe Telecom"),
 ("The studio switched off the game's servers at midnight, and players now see a message that it can no longer be played "
  "on Steam.", "Skyward Drift goes dark for good as studio switches off its servers", False, None),
 ("An ice storm cut power to 41,000 homes. Verizon and T-Mobile said their mobile networks were working.",
  "Ice storm leaves 41,000 customers in the dark", False, None),
 ("Here is how to tell whether LastPass is down and what to do if your vault will not open.",
  "How to check if LastPass is down", False, None),
 ("HDFC Bank customers will be unable to use NetBanking or the mobile app from 3 am to 4.30 pm IST on Saturday while "
  "the bank upgrades its systems.",
  "HDFC Bank netbanking, app to be unavailable for 13.5 hours on Saturday during system upgrade", False, None),
 ("Pagerline, a Dublin start-up, has raised $30 million, it said on Tuesday. Its tool pulls alerts from Datadog into a "
  "chat channel in Slack during an outage.",
  "Incident start-up Pagerline raises $30 million as outages put on-call teams in the spotlight", False, None),
 # a plural outage noun in the lede of a column
 # the only failure in the lede is one to come
 ("Thousands of Reddit forums began reopening on Wednesday as a 48-hour protest by moderators ended. Reddit's own "
  "site kept working throughout. A developer said the new prices would cost him $20 million a year and he will shut "
  "his app down at the end of the month. Moderators said the protest had worked.",
  "Reddit protest winds down as forums reopen", False, None),
 ("Sunday night's streaming failures on DAZN were predictable. For years fans were told the future would be "
  "streamed. On Sunday many of them learned otherwise. The league signed its deal in 2021. Prices rose this summer. "
  "DAZN subscribers found that matches would not load.",
  "DAZN owes fans more than an apology", True, "DAZN"),
]


@pytest.mark.parametrize(("text", "title", "is_outage", "service"), CASES, ids=[c[1][:40] for c in CASES])
def test_outage_gate(text: str, title: str, is_outage: bool, service: str | None) -> None:
    data = report(text, title=title)
    assert (data["is_outage"], data["service"]) == (is_outage, service)


def test_gate_keeps_the_story_facts() -> None:
    data = report(CASES[0][0], title=CASES[0][1])
    assert data["causes"] == ["hardware"]
    data = report(CASES[1][0], title=CASES[1][1])
    assert sorted(data["services"]) == ["Microsoft Store", "Xbox Live"]


def test_a_live_blog_of_a_site_that_crawls_is_an_outage_story() -> None:
    """A headline that says the site crawls, a body that says the app is patchy: an outage, though the newest update
    comes first."""
    r = report("That's it from us for today. Ten hours after the sale opened, Flipkart's website loads faster, but the "
               "app is still patchy for many readers. Several readers say the order page showed \"Transaction "
               "failed\".", title="Flipkart sale LIVE: site crawls as shoppers fume")
    assert r["service"] == "Flipkart"


def test_a_smooth_start_and_a_question_whether_it_is_slow_are_not_an_outage() -> None:
    """"off to a smooth start", with a reader who "asked whether Amazon's site is slow" and last year's failure told
    further down: no outage now."""
    r = report("A reader asked whether Amazon's site is slow for everyone. Pages are loading normally for our team. That "
               "is a relief after last year, when the site buckled minutes into the sale.",
               title="Prime Day live: Amazon's sale is off to a smooth start, a year after the dog-page meltdown")
    assert r["service"] is None


def test_a_site_jammed_by_demand_is_an_outage() -> None:
    r = report("Ticketek's website struggled on Wednesday as huge numbers of people tried to buy seats at once.",
               title="Ticketek site jammed on opening morning")
    assert r["service"] == "Ticketek"


def test_a_rush_that_ends_without_meltdowns_is_not_an_outage() -> None:
    """"... as holiday rush ends without airline tech meltdowns": a record, not a failure, though a few travellers
    saw slow apps."""
    r = report("Airports screened a record number of travellers on Sunday. Despite the crowds, the weekend passed without "
               "the kind of technology failure that has ruined holidays before. Delta and United reported few "
               "cancellations, and some travellers said airline apps were slow and showed problems for a while.",
               title="Record crowds as holiday rush ends without airline tech meltdowns")
    assert r["service"] is None


def test_an_airport_whose_screens_and_counters_failed_is_an_online_outage() -> None:
    """Departure boards gone blank and check-in counters on paper are the airport's IT failing; the place the
    airport is named for or belongs to is where it happened, and a passenger's destination is not."""
    r = report("Passengers at Glasgow's Skyhaven Airport read flight times off whiteboards on Monday after every "
               "departure screen went blank and check-in counters stopped working. \"I have never seen anything like "
               "it,\" said one passenger travelling to Lisbon. Skyhaven Airport said a network failure was to blame "
               "and the screens were back by 1pm.",
               title="Skyhaven Airport departure boards go blank as network failure hits check-in")
    assert (r["service"], r["regions"]) == ("Skyhaven Airport", ["Glasgow"])


def test_a_headline_that_says_it_is_not_down_is_not_an_outage() -> None:
    """"No, Heroku isn't down", "..., not an outage": the headline denies the failure the body's words describe."""
    r = report("If the hobby project you deployed on Heroku has stopped answering today, it is not an outage. Heroku's "
               "free dynos went down for good on Monday, and many apps now fail with an error page. Developers said "
               "their apps were down and failed to load.",
               title="No, Heroku isn't down: free dynos were switched off on Monday")
    assert r["service"] is None
    r = report("Developers connecting to GitHub over SSH now see a warning the first time they push, and some said their "
               "pushes failed. Some thought GitHub was down and reported an outage, but the failed pushes came from the "
               "new key.", title="GitHub replaces exposed SSH key; warnings are expected, not an outage")
    assert r["service"] is None


def test_a_live_blog_tells_its_outage_below_the_newest_updates() -> None:
    """Newest first: the first updates say where it still crawls; the outage itself is told further down."""
    updates = " ".join(f"Update {i}: readers in region {i} have written in, and we will keep this page open."
                       for i in range(10))
    r = report(updates + " Earlier: Microsoft Teams went down across Europe on Thursday morning, and messages failed "
               "to send for hours.",
               title="Microsoft Teams down live: messages delayed as outage hits Europe – updates")
    assert r["service"] == "Microsoft Teams"

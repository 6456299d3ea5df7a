"""Extraction on short articles written for these tests (our own words), through the real pipeline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from extract.catalog import load_catalog, slugify
from tests.extract.reporting import report


def test_catalog_api() -> None:
    cat = load_catalog()
    assert len(cat.services) >= 150
    assert cat.get("AWS").name == "Amazon Web Services"
    assert cat.company_of("Instagram") == "Meta"
    assert cat.company_of("Teams") == "Microsoft"
    assert cat.get("https://mail.google.com/mail").name == "Gmail"
    assert cat.get("no such thing") is None
    assert slugify("Amazon Web Services") == "amazon-web-services"


def test_services_exclude_tracker_and_alternatives() -> None:
    r = report("Slack stopped delivering messages on Tuesday afternoon. Downdetector logged more than 12,000 "
               "reports. Many teams switched to Discord for the day, and Zoom said its service was not affected.",
               title="Slack down for thousands of workers")
    assert r["service"] == "Slack"
    assert r["services"] == ["Slack"]
    assert r["report_counts"][0]["count"] == 12000
    assert r["report_counts"][0]["qualifier"] == "more than"
    assert r["report_counts"][0]["source"] == "Downdetector"


def test_times_zones_and_duration() -> None:
    r = report("Gmail went down on Tuesday. The trouble began at 3:15 p.m. PT and the service was restored "
               "at 5:45 p.m. PT, Google said.", title="Gmail outage hits users")
    assert r["start"] == "2024-03-05T23:15:00Z"
    assert r["end"] == "2024-03-06T01:45:00Z"
    assert r["duration_minutes"] == 150
    assert r["evidence"]["start"]


def test_error_message_vs_statement() -> None:
    r = report('Netflix stopped streaming for viewers in Germany. The app showed the message "We are having '
               'trouble playing this title right now." "We are working to fix it," a spokesperson said.',
               title="Netflix down in Germany")
    assert r["error_messages"] == ["We are having trouble playing this title right now"]
    assert "We are working to fix it" in r["status_messages"]
    assert r["regions"] == ["Germany"]


def test_regions_negated_and_global() -> None:
    r = report("Spotify users across Europe and in Japan could not play music on Thursday. Listeners in "
               "Brazil reported normal activity. The problem was felt around the world.",
               title="Spotify outage")
    assert set(r["regions"]) == {"Europe", "Japan"}
    assert r["global"] is True


def test_regions_listed_under_an_introducing_sentence() -> None:
    r = report("Spotify stopped playing music on Thursday. The worst-hit cities were:\n- Leeds\n- Glasgow (about 900 "
               "reports)\nListeners elsewhere said the app worked.\nOffices named in the filing:\n- Stockholm",
               title="Spotify outage")
    assert set(r["regions"]) == {"Leeds", "Glasgow"}


def test_regions_of_readers_and_people_reporting() -> None:
    r = report("Netflix crashed during the match on Wednesday night. Readers in Brisbane and Melbourne are reporting the "
               "same thing. Fans in Perth complained too. Reuters reported the news from London.", title="Netflix crashes")
    assert set(r["regions"]) == {"Brisbane", "Melbourne", "Perth"}


def test_tabloid_people_names_are_their_country() -> None:
    r = report("Furious Brits were left unable to pay at tills on Friday morning after the Monzo app crashed. Monzo said "
               "it was fixed by 11.30am.", title="MONZO DOWN: app crashes on payday")
    assert r["regions"] == ["United Kingdom"]
    assert r["end"] == "2024-03-01T11:30:00Z"


def test_share_of_reports_names_every_place_in_its_list() -> None:
    r = report("NatWest's app went down on Friday morning, with 3,500 reports on Downdetector. Most came from London, "
               "Manchester and Glasgow.", title="NatWest app down")
    assert {"London", "Manchester", "Glasgow"} <= set(r["regions"])


def test_counts_listed_by_place_under_a_reports_sentence() -> None:
    r = report("YouTube TV went down on Sunday. Downdetector shows the cities with the most reports:\n- Chicago: about "
               "2,400\n- Denver: 900\nThe company said it was investigating.", title="YouTube TV down")
    got = {(c["count"], c["region"], c["qualifier"]) for c in r["report_counts"]}
    assert got == {(2400, "Chicago", "about"), (900, "Denver", None)}


def test_counts_listed_after_a_sentence_split_for_an_earlier_outage() -> None:
    # the first sentence is cut in two (its tail is about Teams' earlier outage), so list lines sit one place
    # further on in the sentence list than their Sentence.index says
    r = report("YouTube TV went down on Sunday, a week after rival Hulu had its own problems.\nDowndetector shows the "
               "cities with the most reports:\n- Chicago: about 2,400\n- Denver: 900\nThe company said it was "
               "investigating.", title="YouTube TV down")
    got = {(c["count"], c["region"], c["qualifier"]) for c in r["report_counts"]}
    assert got == {(2400, "Chicago", "about"), (900, "Denver", None)}


def test_causes_with_negation() -> None:
    r = report("Cloudflare said the outage was caused by a configuration change to its DNS resolver, and "
               "not by a cyberattack.", title="Cloudflare outage knocks sites offline")
    assert set(r["causes"]) == {"config_change", "dns"}
    assert "cyberattack" not in r["causes"]


def test_earlier_outage_kept_apart() -> None:
    r = report("Instagram went down on Wednesday for about two hours. In March 2021 the app had been "
               "offline for nine hours after a DDoS attack.", title="Instagram down again")
    assert r["duration_minutes"] == 120
    assert "cyberattack" not in r["causes"]


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_blank_text_is_not_an_outage(text: str) -> None:
    assert report(text)["is_outage"] is False


def test_followup_story_dates_outage_from_lede_not_vague_headline() -> None:
    # published on a Friday; the headline's "overnight" is vaguer than the lede's "late on Wednesday"
    out = report("Acme Chat says a bad deploy caused the outage that took Slack offline for about four hours "
                 "late on Wednesday. The disruption began at 11.10pm GMT and service returned by 3.20am on "
                 "Thursday.", title="Slack blames bad deploy for overnight outage",
                 published=datetime(2024, 12, 13, 10, 0, tzinfo=UTC))
    assert out["start"] == "2024-12-11T23:10:00Z"
    assert out["end"] == "2024-12-12T03:20:00Z"
    assert not any(e["when"] == "2024-12-11" for e in out["earlier_outages"])


def test_report_counts_in_common_wire_phrasings() -> None:
    r = report("Spotify went down on Thursday, according to Downdetector. Reports for Spotify peaked at more "
               "than 46,000 in the US around 2:30 p.m. ET. More than 3,000 users in the United Kingdom "
               "reported issues with the app. The company has 600 million users and 9,000 employees.",
               title="Spotify down for thousands")
    got = {(c["count"], c["region"]): c for c in r["report_counts"]}
    assert set(got) == {(46000, "United States"), (3000, "United Kingdom")}
    assert got[(46000, "United States")]["qualifier"] == "more than"
    assert got[(46000, "United States")]["service"] == "Spotify"


def test_open_quote_ends_with_its_sentence_and_status_page_quote_is_a_statement() -> None:
    r = report('ChatGPT stopped working for many users on Thursday. Others were told "Hmm...something seems '
               "to have gone wrong. The outage started at around 3 p.m. ET, according to OpenAI's status "
               'page, which said: "We are currently investigating this issue." Service was restored by '
               "6:15 p.m. ET.", title="ChatGPT down for thousands",
               published=datetime(2024, 3, 8, 9, 0, tzinfo=UTC))
    assert r["error_messages"] == ["Hmm...something seems to have gone wrong"]
    assert r["status_messages"] == ["We are currently investigating this issue"]
    assert r["start"] == "2024-03-07T20:00:00Z" and r["end"] == "2024-03-07T23:15:00Z"


def test_compound_adjective_and_ruled_out_cause() -> None:
    r = report("British Airways passengers could not check in online on Thursday after the airline's app "
               "went down. The chief executive blamed a network fault, ruling out a cyber attack.",
               title="Heathrow-bound travellers stuck as British Airways app crashes")
    assert r["service"] == "British Airways" and r["services"] == ["British Airways"]
    assert "cyberattack" not in r["causes"]


def test_lost_service_is_an_outage_and_state_abbreviations() -> None:
    r = report("Rogers customers in Ontario and Quebec lost internet and cellphone service on Thursday. "
               "Telstra customers in NSW were not affected.", title="Rogers outage")
    assert r["service"] == "Rogers"
    assert set(r["regions"]) == {"Ontario", "Quebec"}
    r = report("Telstra customers in NSW and Victoria were left without mobile data on Thursday.",
               title="Telstra outage")
    assert r["service"] == "Telstra" and set(r["regions"]) == {"New South Wales", "Victoria"}


def test_similar_earlier_outage_of_another_service_is_context() -> None:
    r = report("Microsoft 365 users could not open Outlook or Teams on Thursday morning. The disruption "
               "came a week after a similar Slack outage.", title="Microsoft 365 outage")
    assert set(r["services"]) == {"Microsoft 365", "Outlook", "Microsoft Teams"}


def test_counts_far_from_reports_word_and_same_page_region() -> None:
    r = report("Problem reports began rising at about 7:10 a.m. ET (1110 GMT) and peaked at more than "
               "18,000 in the United States soon after 8 a.m., Downdetector said. Reports stayed above 5,000 "
               "until noon. Downdetector's India page logged over 900 complaints about Slack; Slack Huddles "
               "drew about 300 complaints on the same page. About 1,200 Slack reports came from Canada.",
               title="Slack down for thousands")
    got = {(c["count"], c["region"]) for c in r["report_counts"]}
    assert got == {(18000, "United States"), (5000, None), (900, "India"), (300, "India"), (1200, "Canada")}


def test_unquoted_screen_text_after_a_colon() -> None:
    r = report("Some customers said the app displayed: Service temporarily unavailable. Others were met "
               "with this:\n\nWe can't load your account right now. Please try later.\n\nThe bank said "
               "it was investigating.", title="Monzo app down")
    assert set(r["error_messages"]) == {"Service temporarily unavailable",
                                        "We can't load your account right now. Please try later"}


def test_capacity_and_code_change_causes() -> None:
    r = report("Coinbase users were locked out on Thursday. The exchange said record volumes and a thundering "
               "herd of logins put unprecedented load on its systems.", title="Coinbase down")
    assert "capacity" in r["causes"]
    r = report("GitHub was down for an hour on Thursday. GitHub said a problematic code change caused the "
               "outage and it had reverted it.", title="GitHub outage")
    assert set(r["causes"]) == {"software_bug", "config_change"}
    r = report("Users trying to load the app on Thursday saw errors.", title="Reddit down")
    assert r["causes"] == []


def test_flagged_problems_and_did_so_ellipsis() -> None:
    r = report("Netflix was down on Thursday. Nearly 4,000 users flagged problems with Netflix in Britain, "
               "while about 2,500 did so in Germany. The number of reported outages dropped to 400 by 6 p.m. "
               "Netflix has 260 million subscribers and its shares fell 3% to $600.", title="Netflix down")
    got = {(c["count"], c["region"]) for c in r["report_counts"]}
    assert got == {(4000, "United Kingdom"), (2500, "Germany"), (400, None)}


def test_screen_cue_after_the_quote_and_in_headline() -> None:
    r = report('Instagram was down on Thursday. "Couldn\'t refresh feed," read the message on the home screen. '
               '"Something went wrong," the app told users who tried to log in. "We\'re on it," a spokesperson '
               'said.', title='Instagram down: users see "Please try again later" error')
    assert set(r["error_messages"]) == {"Couldn't refresh feed", "Something went wrong", "Please try again later"}


def test_services_where_users_vented_are_not_affected() -> None:
    r = report("DBS Bank customers could not pay on Thursday. Many vented their frustration on Facebook and "
               "Reddit, and the failure set off speculation on X.", title="DBS Bank outage")
    assert r["services"] == ["DBS Bank"]


def test_nested_screen_quote_and_money_withdrawals_are_not_bgp() -> None:
    r = report('Shopify merchants could not log in on Thursday. "Our iPads just said \'Something went wrong\' '
               'every time we tried," said one shop owner. The bank said cash withdrawn during the outage would '
               "be taken from accounts.", title="Shopify outage")
    assert r["error_messages"] == ["Something went wrong"]
    assert "bgp_routing" not in r["causes"]
    r = report("Facebook went down on Thursday after its routes were withdrawn from the internet by a faulty "
               "change.", title="Facebook outage")
    assert "bgp_routing" in r["causes"]


def test_lede_start_day_and_hardware_capacity_cues() -> None:
    r = report("Capitec clients woke up to a second day without the app on Friday, after a fault that started "
               "on Thursday morning. Clients across South Africa began reporting problems shortly before 7am "
               "on Thursday.", title="Capitec outage drags into second day",
               published=datetime(2022, 8, 5, 9, 0, tzinfo=UTC))
    assert r["start"] == "2022-08-04T05:00:00Z" and "South Africa" in r["regions"]
    r = report("DBS Bank was down on Thursday after a data centre's cooling system failed.", title="DBS down")
    assert "hardware" in r["causes"]
    r = report("Signal was down on Thursday, overwhelmed by a flood of new users.", title="Signal outage")
    assert "capacity" in r["causes"]


def test_unclosed_quote_at_paragraph_end_keeps_its_whole_text() -> None:
    r = report('Spotify was down on Thursday. Listeners saw "Something went wrong. Please try again later.',
               title="Spotify down")
    assert r["error_messages"] == ["Something went wrong. Please try again later"]


def test_closed_two_sentence_message_is_kept_whole() -> None:
    r = report('Instagram was down on Thursday. Users saw the message "Something went wrong. We were unable '
               'to load your feed."', title="Instagram down")
    assert r["error_messages"] == ["Something went wrong. We were unable to load your feed"]


def test_staff_who_could_not_work_and_places_whose_users_could() -> None:
    """"billing staff in Quezon City ... went back to paper" were hit; cards "issued in Saudi Arabia were largely able
    to complete purchases" were not."""
    r = report("Card payments failed across Kuwait on Thursday after a fault at KNET. Billing staff in Kuwait City "
               "said they could not take card payments. Visitors paying with cards issued abroad, including in Saudi "
               "Arabia and the UAE, were largely able to complete purchases because those payments are routed over "
               "another network.", title="KNET outage leaves Kuwait shoppers unable to pay")
    assert set(r["regions"]) == {"Kuwait", "Kuwait City"}

"""Start, end and duration from short stories (our own sentences), published on a Thursday."""

from __future__ import annotations

import pytest

from tests.extract.reporting import PUB, report

CASES = [
 ("Capital One customers could not see deposits from Monday, March 4. The bank said on Wednesday that most of its systems were back to normal.", "Capital One outage", "2024-03-04", "2024-03-06", None),
 ("Lufthansa's IT systems failed at 09:30 CET on Wednesday. By 13:00 CET Lufthansa said its IT systems were running again.", "Lufthansa IT outage", "2024-03-06T08:30:00Z", "2024-03-06T12:00:00Z", 210),
 ("Azure storage went down at 8:29 p.m. PT on Wednesday. Microsoft said service was restored after roughly 12 hours.", "Azure outage", "2024-03-07T04:29:00Z", "2024-03-07T16:29:00Z", 720),
 ("Bank of Ireland's app was down for much of Tuesday. In a statement on Wednesday morning, the bank said its teams had restored services in the early hours.", "Bank of Ireland outage", "2024-03-05", "2024-03-06", None),
 ("Slack went down at 9am ET on Monday and was back up two hours later.", "Slack outage", "2024-03-04T14:00:00Z", "2024-03-04T16:00:00Z", 120),
 ("Gmail was down from 10:15 a.m. to 1:40 p.m. ET on Tuesday.", "Gmail outage", "2024-03-05T15:15:00Z", "2024-03-05T18:40:00Z", 205),
 ("Xbox Live went down on Tuesday evening. It was not until Wednesday afternoon that players could sign in again.", "Xbox Live outage", "2024-03-05", "2024-03-06", None),
 ("Telstra's mobile network failed at 4am AEDT on Tuesday. Services were fully restored by midday.", "Telstra outage", "2024-03-04T17:00:00Z", "2024-03-05T01:00:00Z", 480),
 ("The PlayStation Network was offline for nearly 19 hours from Friday.", "PSN down", "2024-03-01", None, 1140),
 ("Discord went down on Wednesday. The outage lasted about 45 minutes, Discord said.", "Discord outage", "2024-03-06", None, 45),
 ("Reddit went down at 3pm GMT on Tuesday. The site recovered shortly after 5pm.", "Reddit outage", "2024-03-05T15:00:00Z", "2024-03-05T17:00:00Z", 120),
 ("Pokemon Go went down at 5pm GMT on Tuesday. Most players could log in again by about 11pm GMT.", "Pokemon Go outage", "2024-03-05T17:00:00Z", "2024-03-05T23:00:00Z", 360),
 ("Apex Legends went down at 10:15 a.m. PT on Tuesday. The servers were stable by 2:30 p.m. PT.", "Apex Legends outage", "2024-03-05T18:15:00Z", "2024-03-05T22:30:00Z", 255),
 ("Video calls on Zoom failed on Monday morning. Zoom said the issue was resolved at 11:45 a.m. ET.", "Zoom outage", "2024-03-04", "2024-03-04T16:45:00Z", None),
 ("The Ventra app stopped working at 6:15 a.m. CT on Tuesday. A spokesperson said: \"The app was fully restored at about 9:40 a.m. We apologize to riders.\"",
  "Ventra app down", "2024-03-05T12:15:00Z", "2024-03-05T15:40:00Z", 205),
 ("Slack went down at 9am ET on Tuesday. \"I have been offline since 9am and nothing is back at 11am,\" one user wrote.",
  "Slack outage", "2024-03-05T14:00:00Z", None, None),

 ("Proximus mobile and internet services stopped working at about 13:40 CET on Tuesday. The company said they had been working normally again since 18:10 CET.",
  "Proximus outage", "2024-03-05T12:40:00Z", "2024-03-05T17:10:00Z", 270),
 # a lede about an outage still going on: the first day comes after it
 ("Customers of Google Cloud's Paris region were still waiting on Thursday for their servers to come back. The "
  "problems began at 19:00 US/Pacific on Tuesday, when water reached the data centre's battery room.",
  "Google Cloud Paris region still down", "2024-03-06T03:00:00Z", None, None),
 # a weekday still to come is neither start nor end
 ("The Interac e-Transfer service failed at 9:15 a.m. ET on Tuesday and was back at 11:05 a.m. ET. Interac has "
  "scheduled maintenance on Sunday from 1 a.m. to 4 a.m. ET.", "Interac outage", "2024-03-05T14:15:00Z",
  "2024-03-05T16:05:00Z", 110),
 ("The eCitizen portal went down on Wednesday. Staff told applicants to return on Friday, when it should be back.",
  "eCitizen outage", "2024-03-06", None, None),
 # wire copy: a local time with its conversion in brackets is one moment, and the bracket's zone does not carry on
 ("Elisa customers in Finland lost mobile data at about 9.10 a.m. (0710 GMT) on Tuesday, the operator said. It said "
  "data was working normally again by 11.40 a.m.", "Elisa outage", "2024-03-05T07:10:00Z", "2024-03-05T09:40:00Z", 150),
 ("KDDI's network failed at 1:30 a.m. on Wednesday (1630 GMT on Tuesday) during work on a router, the company said.",
  "KDDI outage", "2024-03-05T16:30:00Z", None, None),
 ("Cloudflare went down at about 1405 GMT on Tuesday, just after 9 a.m. on the East Coast, and was back by 1430 GMT.",
  "Cloudflare outage", "2024-03-05T14:05:00Z", "2024-03-05T14:30:00Z", 25),
 # a US state gives the zone; a city the zone database does not know leaves the state's in force
 ("Comcast customers in Kansas lost internet service around 7:45 a.m. on Tuesday.", "Comcast outage",
  "2024-03-05T13:45:00Z", None, None),
 ("Mediacom customers in Iowa were without internet on Tuesday. Customers in Des Moines and Ames began reporting "
  "problems around 1:30 p.m.", "Mediacom outage", "2024-03-05T19:30:00Z", None, None),
 # the headline's service, named as the subject, began failing days before the lede's day
 ("Xero was switched off on Thursday afternoon after three days of trouble. Xero, the accounting platform many small "
  "firms use, began struggling on Monday.", "Xero down: accounting platform taken offline after rush", "2024-03-04",
  None, None),
 # a place's own time ("Beijing time"), for both ends of a range
 ("Alibaba Cloud failed on Tuesday. Its status page said the disruption lasted from 17:39 to 21:11 Beijing time.",
  "Alibaba Cloud outage", "2024-03-05T09:39:00Z", "2024-03-05T13:11:00Z", 212),
 # "stopped resolving" is when it began, not when it was resolved
 ("Zoho's apps went dark on Tuesday. The zoho.com domain stopped resolving at around 1.30 pm IST, and service was "
  "restored by 7.45 pm IST.", "Zoho apps down", "2024-03-05T08:00:00Z", "2024-03-05T14:15:00Z", 375),
 # "had steadied by": an end
 ("JioCinema went down at about 7.45 pm IST on Tuesday, and viewers said things had steadied by "
  "around 9.30 pm IST.", "JioCinema down", "2024-03-05T14:15:00Z", "2024-03-05T16:00:00Z", 105),
 # a bare 24-hour clock takes the zone of the place the story is about
 ("Virgin Media broadband stopped working across the UK from about 5.50pm on Tuesday. Virgin Media says broadband "
  "has been fully restored for all customers since 21:10.", "Virgin Media down", "2024-03-05T17:50:00Z",
  "2024-03-05T21:10:00Z", 200),
 # the bare first half of a range goes with the second's am/pm
 ("Slack failed on Tuesday. Most reports came between 11:15 and 11:45 a.m. ET, and Slack said it was fixed by "
  "1 p.m. ET.", "Slack outage", "2024-03-05T16:15:00Z", "2024-03-05T18:00:00Z", 105),
 # the last of several ends in one sentence
 ("Scaleway's Paris zone lost power at 14:06 CET on Tuesday. Most compute capacity was back by about 15:30 CET, and "
  "the last database clusters were restored at 16:41 CET.", "Scaleway outage", "2024-03-05T13:06:00Z",
  "2024-03-05T15:41:00Z", 155),
 # "has been struggling since early Monday": this outage's first day, still going on
 ("Updated 1:05 p.m. ET, Tuesday. Spotify has been struggling since early Monday, and the company says record "
  "traffic is overwhelming its servers.", "Is Spotify down?", "2024-03-04", None, None),
 # a clock that opens the sentence takes its role from the clause after it
 ("Etsy checkout failed at 2 p.m. ET on Tuesday. At 4:20 p.m. ET Etsy said shoppers could pay again.", "Etsy outage",
  "2024-03-05T19:00:00Z", "2024-03-05T21:20:00Z", 140),
 ("Steam went down at 1 p.m. PT on Tuesday. By around 3:15 p.m. PT most players were able to log in and buy games "
  "again.", "Steam outage", "2024-03-05T21:00:00Z", "2024-03-05T23:15:00Z", 135),
 # ... unless the sentence goes on to say it was not over
 ("Strava uploads failed from 7:15 a.m. ET on Tuesday. At 10:30 a.m. ET, Strava said the app was loading again, but "
  "many users were still unable to upload rides.", "Strava outage", "2024-03-05T12:15:00Z", None, None),
 # "working normally from about 4.15 pm": when it came back
 ("The GST portal slowed to a crawl at around 10.30 am IST on Tuesday. It was working normally from about 4.15 pm "
  "IST, the network said.", "GST portal glitch", "2024-03-05T05:00:00Z", "2024-03-05T10:45:00Z", 345),
 # "didn't confirm ... until 10:24 a.m.": when the company spoke, not when it ended
 ("Battle.net logins failed at 8 a.m. ET on Tuesday, but Blizzard didn't confirm what was going on until 10:24 "
  "a.m. ET. At 1:18 p.m. ET Blizzard said the attacks had ended.", "Battle.net outage", "2024-03-05T13:00:00Z",
  "2024-03-05T18:18:00Z", 318),
 # "By about 11 a.m., most students could log in": working by then is an end; not working by then is not
 ("Canvas went down at 8:30 a.m. ET on Tuesday. By about 11 a.m. ET, the district said, most students could log in "
  "and classes were running.", "Canvas outage", "2024-03-05T13:30:00Z", "2024-03-05T16:00:00Z", 150),
 ("Canvas went down at 8:30 a.m. ET on Tuesday. By about 11 a.m. ET, the district said, most students still could "
  "not log in.", "Canvas outage", "2024-03-05T13:30:00Z", None, None),
]


@pytest.mark.parametrize(("text", "title", "start", "end", "duration"), CASES, ids=[c[1] for c in CASES])
def test_times(text: str, title: str, start: str | None, end: str | None, duration: int | None) -> None:
    r = report(text, title=title, published=PUB)
    assert (r["start"], r["end"], r["duration_minutes"]) == (start, end, duration)


def test_story_of_the_return_dates_the_outage_from_its_first_day() -> None:
    """A lede about the day service came back ("back to normal on Thursday, two days after a fire") with the first
    day further down: the outage is Tuesday's, and the places that "reported few problems" were not hit."""
    r = report("Phone and internet services were largely back to normal across Lagos on Thursday, two days after a "
               "fire at MTN's Ikeja exchange knocked them out. The blaze broke out at about 4pm on Tuesday. Within "
               "minutes mobile data and card payments began failing across the city. Customers in Abuja reported "
               "few problems.", title="MTN services return in Lagos two days after exchange fire", published=PUB)
    assert r["start"] == "2024-03-05T15:00:00Z"
    assert r["regions"] == ["Lagos"]
    assert r["causes"] == ["hardware"]


def test_a_weekday_of_last_week_is_in_the_week_before() -> None:
    """"on Tuesday last week", published on a Thursday: the Tuesday nine days before, not two."""
    r = report("Eurocontrol has blamed a software flaw for the failure that delayed flights across Europe on Tuesday "
               "last week. Its flight-planning system stopped working at 14:26 Brussels time and was back at about "
               "22:00.", title="Eurocontrol traces last week's flight-planning failure to a software fault")
    assert r["start"] == "2024-02-27T13:26:00Z"
    assert r["end"] == "2024-02-27T21:00:00Z"


def test_still_down_days_after_an_attack_counts_back_to_its_first_day() -> None:
    """"still offline on Wednesday, two days after the insurer was hit by ... ransomware": it began on Monday, and the
    lede is this outage, not an earlier one."""
    r = report("The website of PhilHealth was still offline on Wednesday, two days after the state health insurer was "
               "hit by what the government confirmed was a ransomware attack. PhilHealth said it found the intrusion "
               "on Monday and took its systems offline. Hospitals went back to paper forms.",
               title="PhilHealth website still down after ransomware attack")
    assert r["start"] == "2024-03-04"
    assert r["causes"] == ["cyberattack"]


def test_a_deadline_moved_to_a_later_day_is_not_the_outage_day() -> None:
    """"extends the filing date to March 21", published on March 7: a day still to come this year, not last year's
    March 21; and "became usable again" ends the outage."""
    r = report("The tax portal IRIS collapsed on Monday as thousands of taxpayers tried to file before the deadline. "
               "It began failing at about 4pm PKT. The portal became usable again at about 1.30am PKT on Tuesday.",
               title="IRIS portal crashes on deadline day as FBR extends filing date to March 21")
    assert r["start"] == "2024-03-04T11:00:00Z"
    assert r["end"] == "2024-03-04T20:30:00Z"


def test_a_look_back_tells_its_hours_by_the_weekdays_of_that_week() -> None:
    """A review published weeks later: "back to normal by 11:45 UTC on Wednesday" is the Wednesday after the outage
    began (Tuesday, February 13), not the one before publication."""
    r = report("Microsoft has published its review of last month's Azure Storage outage. According to the report, the "
               "trouble started at 4:51 p.m. Pacific time on Tuesday, February 13, after a faulty update. Most customers "
               "were back to normal by 11:45 UTC on Wednesday, roughly 11 hours after the problems began.",
               title="Azure outage review: a faulty update took storage down for 11 hours")
    assert r["start"] == "2024-02-14T00:51:00Z"
    assert r["end"] == "2024-02-14T11:45:00Z"


def test_an_outage_over_christmas_is_an_earlier_one() -> None:
    """"the group that knocked PlayStation Network offline over Christmas", in a story of March: that outage was last
    December's, not this one."""
    r = report("Facebook and Instagram went down for about 40 minutes on Wednesday. A hacker group that knocked "
               "PlayStation Network offline over Christmas claimed it was behind the outage. Facebook denied it.",
               title="Facebook and Instagram down for 40 minutes")
    assert sorted(r["services"]) == ["Facebook", "Instagram"]
    assert r["start"] == "2024-03-06"


def test_the_day_someone_apologised_to_customers_is_not_the_outage_day() -> None:
    """"apologised to customers on Thursday after the sale on Wednesday was marred by ...": the outage was on
    Wednesday; and goods "sold in about 10 hours" is not how long it lasted."""
    r = report("Flipkart's founders apologised to customers on Thursday after the company's big sale on Wednesday was "
               "marred by a website that kept failing. The site got more than one billion hits and sold goods worth "
               "Rs 600 crore in about 10 hours.", title="Flipkart apologises after sale leaves site crashing")
    assert r["start"] == "2024-03-06"
    assert r["duration_minutes"] is None


def test_so_many_a_day_is_a_rate_not_how_long_it_lasted() -> None:
    """"checks no more than 50 times a day", "costing $30 million a day": rates; "for most of a day" is a length."""
    r = report("The Tokyo Stock Exchange halted all trading on Wednesday after a hardware failure. The exchange normally "
               "handles about 3 trillion yen of trades a day.", title="Tokyo Stock Exchange halts trading")
    assert r["duration_minutes"] is None
    r = report("Vodafone's mobile network in Portugal went down on Wednesday and customers were left without service "
               "for most of a day.", title="Vodafone Portugal outage")
    assert r["duration_minutes"] == 1440


def test_ends_said_in_other_words() -> None:
    """"declared the incident over at 11:55 BST" and "by about 6 p.m. the status page showed green dots again" end
    it; "we're working on a fix" at 7:52 does not."""
    r = report("Oracle Cloud's London region went down on Wednesday. The outage began at 08:10 BST, according to its "
               "status page. Oracle declared the incident over at 11:55 BST.", title="Oracle Cloud London outage")
    assert r["end"] == "2024-03-06T10:55:00Z"  # BST as written: UTC+1
    r = report("The App Store and iCloud went down on Wednesday. The problems began shortly before 3 p.m. Eastern time. "
               "By about 6 p.m., Apple's system status page showed green dots beside every service again.",
               title="Apple services down")
    assert r["end"] == "2024-03-06T23:00:00Z"
    r = report("Streams on Peacock failed on Wednesday from around 7:30 a.m. ET. At 7:52 a.m. ET the company posted: "
               "\"We're aware some members are having trouble and we're working on a fix.\" Most people said their "
               "streams were working again by about 9:45 a.m. ET.", title="Peacock down")
    assert r["end"] == "2024-03-06T14:45:00Z"


def test_the_end_is_the_story_services_own_return() -> None:
    """"Swedbank's app was working again by around 10am" (a bank that leaned on the carrier) comes first, but the
    outage of Telia ended when Telia's network came back at 11.05am."""
    r = report("Telia's mobile network in Sweden went down on Wednesday morning. The trouble began shortly after 7.30am. "
               "Swedbank's app was working again by around 10am after the bank rerouted its traffic. Telia said its "
               "network was back to normal at 11.05am.", title="Telia outage hits Sweden")
    assert r["service"] == "Telia"
    assert r["end"] == "2024-03-06T10:05:00Z"


def test_a_system_that_went_down_the_evening_before_starts_the_outage() -> None:
    """A day-long stop on Sunday whose system "went down late on Saturday evening": the evening before is this
    outage's own start, not an earlier outage, so the story still names its service."""
    r = report("No Railnet trains ran anywhere in the country on Sunday. Railnet blames a failure in the IT system it "
               "uses to plan trains and staff, which went down late on Saturday evening.",
               title="Railnet down: no trains on Sunday after IT failure",
               published=PUB.replace(day=3, hour=20))
    assert r["service"] == "Railnet"


def test_a_story_of_a_days_long_outage_keeps_its_first_days() -> None:
    """"back online after a four-day blackout": the Friday it began is this outage's, not an earlier one."""
    r = report("Internet service returned across Portugal on Tuesday after a four-day blackout. Vodafone customers in "
               "Lisbon and Porto lost mobile data on Friday, and the outage spread within hours.",
               title="Vodafone back online after four-day blackout", published=PUB)
    assert r["regions"] == ["Portugal", "Lisbon", "Porto"]
    r = report("Vodafone's network went down on Tuesday, two days after a fire at a data centre in Lisbon. Vodafone "
               "customers in Porto lost mobile data.", title="Vodafone down two days after fire", published=PUB)
    assert r["regions"] == ["Porto"]  # the fire's site two days before is not where users were

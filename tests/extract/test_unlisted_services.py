"""Services the catalog does not list: named from how the story talks about them (our own sentences)."""

from __future__ import annotations

import pytest

from extract.catalog import load_catalog
from extract.unlisted import _names_in
from tests.extract.reporting import report

CASES = [
    ("Zorbapay outage leaves shoppers unable to pay",
     "Zorbapay's app stopped processing payments on Tuesday morning. Zorbapay said transfers failed for about "
     "three hours before its engineers restored the service.", "Zorbapay"),
    ("Kestrel Mobile down: phones lose signal across the region",
     "Kestrel Mobile customers could not make calls or use mobile data on Tuesday. Kestrel Mobile said the outage "
     "lasted five hours.", "Kestrel Mobile"),
    ("Govport24 goes dark for a day",
     "The Govport24 portal went down on Tuesday, and citizens could not log in to file their returns. Govport24 "
     "came back on Wednesday morning.", "Govport24"),
]
CASES += [
    # the firm owning up to the failure in the headline and the lede, the name never next to an outage word
    ("Andorra's Banc Pirineu says attack on its systems behind second day of app disruption",
     "Banc Pirineu, the country's largest lender, said on Monday that an attack on its computer systems was behind "
     "the disruption that has left customers unable to use its app and online banking since Saturday.",
     "Banc Pirineu"),
    ("Quasarfall 2 players stuck at login screen in weekend outage",
     "Quasarfall 2 players were stuck in a login queue on Sunday as the online servers went down. The studio said "
     "Quasarfall 2 was back after two hours.", "Quasarfall 2"),
    ("Kenyans unable to pay as Payzuri app goes down",
     "The Payzuri app stopped processing payments on Tuesday. Payzuri said the outage lasted three hours.", "Payzuri"),
]
CASES += [
    # an apposition between the name and its failure; an apology for the failure
    ("Messaging app Talvo restored after morning outage",
     "Talvo, the messaging app most Moldovans use for family chats, stopped working for three hours on Monday. "
     "Talvo said its servers in Chisinau lost power.", "Talvo"),
    ("Streamvik apologises after match streams fail for subscribers",
     "Streamvik has apologised to subscribers after its streaming service failed minutes before Saturday's kick-offs. "
     "Streamvik said the app was back by 16:10.", "Streamvik"),
    ("Mobile operator Velcom-Nord knocked offline by cyberattack",
     "Velcom-Nord, the region's largest mobile operator, was knocked offline for millions of subscribers on Tuesday. "
     "Velcom-Nord said phones and mobile data were back on Wednesday.", "Velcom-Nord"),
]
CASES += [
    # names joined by "of"; what of it failed after the name; whose it is before the name
    ("University of Tarnby IT knocked out by data centre power loss",
     "Students at the University of Tarnby were left without Wi-Fi or the university website on Monday after the "
     "data centre lost power. The University of Tarnby said systems were back by 6pm.", "University of Tarnby"),
    ("Norland's KORVO jobless site back after weekend shutdown",
     "Norland's unemployment website was back online on Monday after the state shut it down for the weekend. "
     "Claimants who went to KORVO over the weekend could not log in.", "KORVO"),
    # a story of the return names the failure after it; a hosting firm the attack hit
    ("Bank of Tessaly reopens after cyberattack forced the lender to shut down",
     "Bank of Tessaly restored cash machines and online banking on Thursday, a day after a cyberattack led the bank "
     "to shut down all its systems. Customers could not pay by card on Wednesday.", "Bank of Tessaly"),
    ("Courts still offline three days after ransomware hits hosting firm Ostrel Networks",
     "Court websites and e-filing were still down on Friday after a ransomware attack on Ostrel Networks, which hosts "
     "them. Ostrel Networks said it had taken its servers offline.", "Ostrel Networks"),
    ("KSX halts trading for a second day as cyberattack knocks out exchange website",
     "The KSX exchange website went down on Thursday under a denial-of-service attack, and brokers could not reach "
     "it. KSX said trading would resume at 3pm.", "KSX"),
    ("Tessaly Library catalogue returns after ransomware attack",
     "The Tessaly Library catalogue came back online on Thursday, more than 11 weeks after a ransomware attack knocked "
     "out the library's online services. Other services remain offline.", "Tessaly Library"),
    # a place's own service after its possessive, hit by hackers in the headline
    ("Hackers hit Porto Verde's Tramlink, and riders travel free",
     "Passengers on Porto Verde's Tramlink rode for nothing on Saturday after a ransomware attack knocked out the "
     "ticket machines and the Tramlink app. Tramlink said the system was back on Monday.", "Tramlink"),
    # a numbered game and its subtitle are one name
    ("Starfell II: Reforged servers down again as players queue for hours",
     "Starfell II: Reforged players could not log in on Tuesday as the game's servers went down. The studio said "
     "Starfell II: Reforged was back online by the evening.", "Starfell II: Reforged"),
    # "has been struggling since early Monday": this outage, not an earlier one
    ("Is Gambitly down? Why games are lagging",
     "Gambitly has been struggling since early Monday, and the company says record traffic is overwhelming its "
     "servers. The chess site said more people now want to play online than ever before.", "Gambitly"),
    # a possessive and a few words between the name and its failure; not the sales day ("Black Friday")
    ("Harlowe Finch's six-hour Black Friday crash cost it dearly",
     "Shoppers who tried to open Harlowe Finch's website on Friday met an error page for most of the afternoon. "
     "Harlowe Finch has not explained the outage, which hit its app as well.", "Harlowe Finch"),
    # a full name, then the short form the story goes on with; "still struggling" two days on is this outage
    ("Welfare portal still offline two days after attack",
     "Norland's Benefits Payment Agency (BPAN) was still struggling to bring its website back on Thursday, two days "
     "after a ransomware attack knocked it offline. BPAN said claimants could not log in. BPAN offices stayed shut.",
     "Benefits Payment Agency"),
    # an exam platform's tests that fell apart
    ("Examora online tests halted statewide after servers fail",
     "Examora exams fell apart on Tuesday as students were thrown out of the online tests. Examora said its servers "
     "were back by 4 p.m.", "Examora"),
    # the name, a holder and one more thing of it listed before the failure
    ("Corvina Health website, e-Claims still down after ransomware attack",
     "The website and online claims system of Corvina Health were still offline on Wednesday. Hospitals said they "
     "were filing claims on paper.", "Corvina Health"),
]
NEGATIVES = [
    ("Verdalia Energy outage leaves homes without power",
     "Verdalia Energy said a substation fault cut power to 40,000 homes on Tuesday. Verdalia Energy crews "
     "restored supply by the evening."),
    ("Quillon Classic goes offline for good",
     "The racing game Quillon Classic can no longer be played after its publisher switched off its servers as "
     "planned on Sunday."),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES, ids=[c[2] for c in CASES])
def test_unlisted_service_is_named(title: str, text: str, expected: str) -> None:
    assert load_catalog().get(expected) is None
    got = report(text, title=title)
    assert got["is_outage"] is True
    assert got["service"] == expected and got["services"] == [expected]
    assert got["evidence"]["service"]


@pytest.mark.parametrize(("title", "text"), NEGATIVES, ids=[n[0][:30] for n in NEGATIVES])
def test_unlisted_name_without_an_online_side_is_not_an_outage(title: str, text: str) -> None:
    got = report(text, title=title)
    assert got["is_outage"] is False and got["service"] is None


@pytest.mark.parametrize(("text", "expected"), [
    # a name the catalog lacks, given as an example beside services that failed
    ("Cloudflare went down on Tuesday. Sites such as Discord, Shopify and Kelpienet stopped loading for many users.",
     ["Cloudflare", "Discord", "Shopify", "Kelpienet"]),
    ("DENIC's fault broke .de domains on Friday. Visitors trying to reach news sites such as Der Spiegel and Zeit "
     "Online, the pages of bahn.de or the online retailer Otto got error pages instead.",
     ["bahn.de", "Der Spiegel", "Zeit Online", "Otto"]),
    # not without a word that makes the list a list of examples, nor a short form of a name given before it,
    # a time zone, or a person
    ("Cloudflare went down on Tuesday. Discord, Shopify and Kelpienet stopped loading for many users.",
     ["Cloudflare", "Discord", "Shopify"]),
    ("Google Drive went down on Tuesday. Apps such as Gmail, Docs and Classroom failed to load.", ["Google Drive", "Gmail"]),
    ("Cloudflare went down on Tuesday. Sites such as Discord and Shopify stopped loading from 9am AEST.",
     ["Cloudflare", "Discord", "Shopify"]),
])
def test_unlisted_names_listed_beside_affected_services(text: str, expected: list[str]) -> None:
    assert report(text, title="Outage")["services"] == expected


def test_a_weekday_is_not_a_name() -> None:
    """"Friday's terminal blackout": the possessive day is when, not what failed."""
    names = [n for n, _, _ in _names_in("Exchange says network faults caused Friday's terminal blackout in May")]
    assert "Exchange" in names
    assert "Friday" not in names and "May" not in names


def test_an_attack_is_not_a_service_and_a_stream_that_would_not_load_is_online() -> None:
    """"DDoS" in a headline is what hit the service, not its name; an unknown streaming service that "would not
    load" is an online one."""
    r = report("Phone lines at Kelpiecall were down for a third day on Wednesday. Kelpiecall said a DDoS attack had hit "
               "its servers.", title="DDoS attack knocks Kelpiecall offline for a third day")
    assert r["service"] == "Kelpiecall"
    r = report("Fans across the country said Streamora would not load on Wednesday night as the final kicked off. "
               "Streamora said demand had been far higher than expected.", title="Streamora buckles during final")
    assert r["service"] == "Streamora"


def test_a_city_or_library_by_its_full_name_is_a_service_when_said_once() -> None:
    """"A ransomware attack has taken down ... the City of Dallas's computer network": a city, council, hospital group
    or library named in full is a name even when the story says it once and then calls it "the city"."""
    r = report("A ransomware attack has taken down a large part of the City of Dallas's computer network, knocking the "
               "police website offline on Wednesday. The city said its online payment page was also unavailable, and "
               "staff began pulling servers offline.", title="Ransomware attack knocks Dallas city computers offline")
    assert r["service"] == "City of Dallas"


def test_another_institution_hit_the_same_weekend_is_context() -> None:
    r = report("The Toronto Public Library's website, online accounts and public computers have been offline since "
               "Saturday after a cyberattack. The same weekend, the British Library in London was also hit by a "
               "cyberattack that took down its website.",
               title="Toronto Public Library website, accounts and public computers down after weekend cyberattack")
    assert (r["service"], r["regions"]) == ("Toronto Public Library", ["Toronto"])


def test_unknown_names_listed_in_a_headline_share_its_failure() -> None:
    """"Varnika Pay, Bhojan Go down ...": both names fail; the headline's first is the story's service."""
    r = report("Customers of Varnika Pay could not send money for almost three hours on Monday, and diners using "
               "Bhojan Go could not place orders. The outage hit both apps, which share a data centre in Pune. Bhojan Go "
               "said orders were flowing again by 4pm, and Varnika Pay said transfers had resumed.",
               title="Varnika Pay, Bhojan Go down for almost three hours as data centre loses power")
    assert (r["service"], r["services"]) == ("Varnika Pay", ["Varnika Pay", "Bhojan Go"])


def test_an_unknown_service_leads_over_the_cloud_it_runs_on() -> None:
    """The headline's unknown fund fails, the cloud underneath it is named after: the fund is the service and the
    cloud follows it."""
    r = report("Members of Kaurna Super could not log in to their accounts for a week after Google Cloud deleted the "
               "fund's cloud subscription by mistake, an outage that kept its website down. Kaurna Super said members "
               "were able to sign in again on Thursday.",
               title="Kaurna Super members back in their accounts after a week as Google Cloud admits deleting the "
                     "fund's systems")
    assert (r["service"], r["services"]) == ("Kaurna Super", ["Kaurna Super", "Google Cloud"])


def test_an_unknown_card_machine_firm_leads_over_wallets_named_in_the_body() -> None:
    r = report("Card machines run by Paytorr stopped taking payments at about 11am on Saturday, leaving pubs in Leeds "
               "cash-only. Shoppers using Apple Pay were also turned away because the Paytorr terminals were down. "
               "Paytorr said a faulty network switch was to blame.",
               title="Pubs go cash-only as Paytorr card machines fail on busy Saturday")
    assert r["service"] == "Paytorr"


def test_a_known_service_in_the_headline_keeps_the_lead() -> None:
    """"Get My Payment not working? Why the IRS tracker ...": a catalog service the headline names that is not the
    infrastructure underneath stays the story's service."""
    r = report("Within hours of going live, Payment Finder crashed, loading at a crawl and showing an error page to many "
               "people in an outage that lasted the evening. The IRS, whose website hosts the tool, said demand for Payment Finder was heavier than anything it had planned for.",
               title="Payment Finder not working? Why the IRS tracker keeps failing")
    assert r["service"] == "IRS"


def test_a_people_is_not_a_service() -> None:
    """"Swedes locked out ...": the people of a country, named from its adjective's stem, are who was hit."""
    r = report("People across Sweden could not sign in to pharmacy and council e-services for three hours on Tuesday "
               "after the login broker Loginor failed. Loginor said a software update was to blame.",
               title="Swedes locked out of e-services for three hours as login broker Loginor fails")
    assert r["service"] == "Loginor"


def test_a_storm_that_knocked_out_a_network_is_not_a_service() -> None:
    """"Maria knocked out 95% of the cell sites": the storm did the knocking out; its name is no service, and a
    name that knocked out something is no failing service either."""
    r = report("Four days after Hurricane Maria came ashore, most of the island still cannot make a phone call. Maria "
               "knocked out 95% of cell sites, and Tinaja Mobile said its network was down across the island. Tinaja Mobile "
               "customers could not make calls, and Tinaja Mobile said repairs would take weeks.",
               title="Why the island went silent: Maria knocked out 95% of its cell sites")
    assert r["service"] == "Tinaja Mobile"


def test_a_cloud_region_is_not_a_service() -> None:
    names = [n for n, _, _ in _names_in("Microsoft's review of the East US 2 outage")]
    assert "East US 2" in names  # a capitalised name, but the unknown-service reader skips it
    r = report("An outage in the East US 2 region left Lakeshore Data customers unable to log in for 50 hours. "
               "Lakeshore Data said its app was down throughout.",
               title="East US 2 outage takes Lakeshore Data app offline for two days")
    assert r["service"] == "Lakeshore Data"


def test_a_firm_named_in_full_once_keeps_its_full_name() -> None:
    """"Brantel Credit Union members ..." once, then "Brantel" throughout: the service is the full name."""
    r = report("Brantel Credit Union members could not log in to online banking on Thursday after a ransomware attack. "
               "Brantel said its app was still down, and Brantel staff were working through a backlog of "
               "payments.", title="Brantel members locked out of online banking after ransomware attack")
    assert r["service"] == "Brantel Credit Union"


def test_an_agency_in_the_dateline_is_not_the_service_and_an_app_can_go_silent() -> None:
    """"BEIJING (AWS) - ...": the letters in a dateline's brackets are the agency that filed it; the app that "goes
    silent" is what failed."""
    r = report("BEIJING (AWS) - Tunewave, one of China's biggest music streaming apps, stopped playing songs for about "
               "three hours on Thursday. Tunewave said an infrastructure failure was to blame, and the app was back by "
               "6 p.m.", title="Tunewave goes silent for three hours as app shows 'data error'")
    assert (r["service"], r["services"]) == ("Tunewave", ["Tunewave"])


def test_a_firm_that_compensates_after_a_christmas_eve_crash_is_the_service() -> None:
    r = report("Orders surged on Thursday evening and the Dosirak app gave way under the load. Dosirak said deliveries "
               "resumed at around 10:30 p.m. after the outage.",
               title="Dosirak to compensate restaurants after Christmas Eve crash halted deliveries")
    assert r["service"] == "Dosirak"


def test_a_firm_that_blames_its_provider_for_its_failure_is_the_service() -> None:
    r = report("Signvale, the electronic signature provider, says the login problems that hit its app on Thursday were "
               "caused by an outage at Auth0, the identity service it uses to manage sign-ins. Users of Signvale "
               "could sign in again after five hours.",
               title="Signvale blames identity provider Auth0 for five-hour login failure")
    assert (r["service"], r["services"]) == ("Signvale", ["Signvale", "Auth0"])


def test_a_firm_that_apologised_to_its_plan_subscribers_is_the_service() -> None:
    """"apologised to subscribers of its ink-by-mail plan after a failure": a hyphenated plan name between the
    apology and its cause."""
    r = report("Inkora has apologised to members of its pay-as-you-print plan after a failure in the cloud service its "
               "printers check in with left many unable to print for a day. Inkora said the service was back on "
               "Thursday.", title="Inkora printers paused for a day after check-in servers fail")
    assert r["service"] == "Inkora"


def test_a_hospital_whose_staff_found_its_records_system_down_is_the_service() -> None:
    """"Staff at X found that the records system was not working": named once, by a hospital's full name."""
    r = report("Staff at Kinsale Road Medical Center found that the records system was not working at about 7 a.m. on "
               "Monday, and the hospital switched to paper.",
               title="Hospital halts emergency care after ransomware attack locks its records")
    assert r["service"] == "Kinsale Road Medical Center"


def test_bodies_listed_together_as_failing_are_all_services() -> None:
    """Four health authorities listed in one failing sentence: the first leads, the others follow in order."""
    r = report("The problems began on Tuesday, when staff at hospitals run by the province's three health boards, "
               "Northshore Health, Lakeland Health and Ridgeway Health, found they could not open patient records or "
               "book appointments. All three rely on one shared network.",
               title="Province confirms cyberattack behind health system outage")
    assert (r["service"], r["services"]) == ("Northshore Health", ["Northshore Health", "Lakeland Health",
                                                                   "Ridgeway Health"])


def test_a_government_department_keeps_the_and_in_its_name() -> None:
    r = report("The Department of Fisheries and Coastal Affairs says a ransomware attack has encrypted its information "
               "systems, leaving its permit website unreachable since Monday.",
               title="Fisheries department's systems down after ransomware attack")
    assert r["service"] == "Department of Fisheries and Coastal Affairs"


def test_a_shouted_headline_names_the_agency_and_a_number_word_is_no_network() -> None:
    """"DVLX DOWN: ...": the shouted failure is not part of the name; "Three hours in the queue" is not the
    network Three."""
    r = report("Learner drivers were locked out this morning after the booking website crashed at 6am. Outage tracker "
               "Downdetector received more than 1,800 reports about the DVLX site. One learner said: \"Three hours in "
               "the queue and then an error page.\" The DVLX said the service was back by 11am.",
               title="DVLX DOWN: learners locked out of test bookings as site crashes")
    assert (r["service"], r["services"]) == ("DVLX", ["DVLX"])


def test_a_news_headline_then_advice_is_an_outage_story() -> None:
    """"X chargers down on Easter Monday: what to do if ...": the news comes first, the advice after the colon."""
    r = report("Drivers were left stuck at motorway services today after Chargevia, one of the largest rapid charging "
               "networks, suffered a nationwide outage. From about 7.40am, Chargevia chargers stopped accepting "
               "sessions started from the app. Chargevia said service was restored by 1.15pm.",
               title="Chargevia chargers down on Easter Monday: what to do if a rapid charger won't start")
    assert (r["is_outage"], r["service"]) == (True, "Chargevia")


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Pizza orders fail across the city as ordering platform behind restaurant apps crashes",
     "Fans trying to order food for the final saw error screens on Sunday evening. The platform, Tillway, runs the "
     "ordering websites and apps for several pizza chains.", "Tillway"),
    ("Two weeks on, the ministry's broken visa database still has travellers stuck",
     "For two weeks a system few people had heard of has wrecked travel plans. The Visa Records Exchange is the "
     "ministry system that checks applicants against security records. It stopped working properly on Tuesday.",
     "Visa Records Exchange"),
    ("New school admin system stumbles on launch with login queues",
     "The education ministry switched on the new version of SchoolNet, the system every school uses for grades and "
     "attendance, on Tuesday. Within an hour it was struggling and teachers could not log in.", "SchoolNet"),
    ("City's online school platform crashes on first day of classes",
     "The platform, called My Classroom Online, started failing almost the moment the first bell rang on Tuesday, "
     "and students could not log in.", "My Classroom Online"),
])
def test_a_service_the_headline_describes_and_the_opening_names(title: str, text: str, expected: str) -> None:
    """The headline says what kind of thing failed without naming it; the opening names it by that description."""
    assert report(text, title=title)["service"] == expected


def test_a_description_of_something_else_names_no_service() -> None:
    r = report("Trading was halted for two hours on Tuesday. The regulator, Finwatch, said it would look into the "
               "incident.", title="Stock exchange platform crashes")
    assert (r["service"], r["services"]) == (None, [])  # the regulator is not the platform


@pytest.mark.parametrize(("title", "text", "expected"), [
    # a tabloid shouts the name in the headline and the first word of the story
    ("BAKEWELLS CHAOS: Pastry fans turned away as tills crash across UK",
     "HUNGRY Bakewells fans were left empty-handed this morning after a computer fault knocked out tills at branches "
     "across the UK. Customers who tried to pay through the Bakewells app saw an error. Bakewells said on Tuesday "
     "the problem had been fixed.", "Bakewells"),
    # the firm takes its own app down
    ("Pantrio pulls its app as panic buyers swamp the online grocer",
     "Pantrio switched off its mobile app on Tuesday after a wave of panic buying overwhelmed its systems, and "
     "shoppers who opened it were told it was unavailable. The outage left thousands unable to book deliveries. "
     "Pantrio said the website stayed up.", "Pantrio"),
    # "X fault": the failure named after the firm
    ("Card terminals still down at supermarkets as Paystrand fault enters fourth day",
     "Shoppers were still unable to pay by card on Tuesday. Paystrand said an error in the terminals' software was "
     "to blame.", "Paystrand"),
    # a chain's restaurants, with where they are between them and the failure
    ("Franchisees fume after Tuesday outage",
     "Maple Brew restaurants across Ontario and Quebec were unable to accept cards for much of Tuesday morning after "
     "an outage knocked out the chain's payment system. Maple Brew said the tills were back by 1 p.m.", "Maple Brew"),
])
def test_retail_chains_and_shouted_names(title: str, text: str, expected: str) -> None:
    assert report(text, title=title)["service"] == expected


def test_a_holiday_is_not_a_service() -> None:
    r = report("Christmas shoppers were unable to pay at tills across the country on Tuesday after Barclays card "
               "payments failed.", title="Card payments fail for Christmas shoppers")
    assert r["services"] == ["Barclays"]


def test_customers_of_a_provider_the_story_says_what_it_is() -> None:
    """Named once, but the story says what it is: "Customers of X, the state provider ..., lost service"."""
    r = report("Customers of Qasnet, the state provider that serves nearly all fixed-line users, lost service entirely "
               "on Tuesday after an air strike hit a telecoms building. The blackout lasted four days.",
               title="Internet returns after four-day blackout caused by strike on Marbaz telecoms building")
    assert r["service"] == "Qasnet"


def test_a_telecoms_internet_tv_and_phone_down() -> None:
    r = report("Internet, TV and fixed phone lines of about 38,000 Veldnet customers went down at 10.20 on Tuesday. "
               "Veldnet says every connection was working again from 19.05.",
               title="Veldnet internet, TV and phone down after digger cuts fibre")
    assert r["services"] == ["Veldnet"]


def test_operators_listed_after_what_they_are_lost_service() -> None:
    r = report("Customers of the country's three mobile operators, Qarnet, Tidelink and Sahelcom, lost mobile data on "
               "Tuesday after an undersea cable was damaged. The outage lasted about two days.",
               title="Country back online after two days cut off by damaged undersea cable")
    assert r["services"] == ["Qarnet", "Tidelink", "Sahelcom"]

"""The service catalog's data (data/services.jsonl) and how its newer entries behave in the real extractor.

The sentences below are written for these tests (our own words).
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from extract import pipeline
from extract.catalog import TRACKER_CATEGORIES, load_catalog
from extract.gazetteer import load_gazetteer
from tests.extract.reporting import report

#: the category vocabulary; trackers and agencies are sources, the offline kinds count only when their
#: online side fails (``pipeline._OFFLINE_CATEGORIES``)
KNOWN_CATEGORIES = frozenset({
    "agency", "ai", "airline", "airport", "api", "cdn", "cloud", "devices", "devtools", "dns", "ecommerce",
    "education", "email", "exchange", "finance", "gaming", "government", "health", "logistics", "maps", "messaging",
    "news", "os", "payments", "productivity", "retail", "search", "security", "smart_home", "social",
    "storage", "streaming", "telecom", "tracker", "transport", "travel", "voice", "web",
})


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


# --- the data itself -------------------------------------------------------------------------------------

def test_no_name_or_alias_belongs_to_two_entries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for svc in load_catalog():
        for surface in svc.names:
            owners[_key(surface)].add(svc.name)
    clashes = {surface: sorted(names) for surface, names in owners.items() if len(names) > 1}
    assert clashes == {}


def test_slugs_are_unique() -> None:
    slugs = [svc.slug for svc in load_catalog()]
    assert len(slugs) == len(set(slugs))


def test_every_category_is_known() -> None:
    unknown = {svc.name: svc.category for svc in load_catalog() if svc.category not in KNOWN_CATEGORIES}
    assert unknown == {}
    assert TRACKER_CATEGORIES <= KNOWN_CATEGORIES
    assert getattr(pipeline, "_OFFLINE_CATEGORIES", frozenset()) <= KNOWN_CATEGORIES


def test_urls_and_domains_are_well_formed() -> None:
    for svc in load_catalog():
        assert svc.status_page == "" or svc.status_page.startswith("https://"), svc.name
        for domain in svc.domains:
            assert domain == domain.lower() and "." in domain, (svc.name, domain)
            assert "/" not in domain and not domain.startswith("www."), (svc.name, domain)


def test_no_surface_is_a_place_name() -> None:
    gaz = load_gazetteer()
    places = {s for svc in load_catalog() for s in svc.names
              if s in gaz.surfaces or s in gaz.adjectives or s in gaz.by_name}
    assert places == set()


@pytest.mark.parametrize(("surface", "name"), [
    ("BofA", "Bank of America"), ("State Bank of India", "SBI"), ("HDFC", "HDFC Bank"),
    ("Royal Bank of Canada", "RBC"), ("GPay", "Google Pay"), ("TransferWise", "Wise"),
    ("Akamai Cloud", "Linode"), ("Sky Go", "Sky"), ("Xfinity", "Comcast"), ("Max", "HBO Max"),
    ("https://www.phonepe.com/business", "PhonePe"), ("Wayback Machine", "Internet Archive"),
    ("Hotstar", "JioHotstar"), ("PlayStation Store", "PlayStation Network"), ("Bell", "Bell Canada"),
    ("HBO GO", "HBO Go"), ("Diablo 3", "Diablo III"), ("Hangouts", "Google Meet"), ("TWC", "Time Warner Cable"),
    ("Google Plus", "Google+"), ("infura.io", "Infura"), ("Boost Mobile", "Boost Mobile"), ("Sosh", "Sosh"),
    ("Watch ESPN", "WatchESPN"), ("SimCity", "SimCity"), ("Apple Store app", "Apple Online Store"),
    ("marketo.com", "Marketo"), ("VoIP.ms", "VoIP.ms"), ("Quay", "Quay.io"), ("Red Hat OpenShift", "OpenShift"),
    ("UCAS", "UCAS"), ("IReV", "IReV"), ("UFC TV", "UFC.TV"),
])
def test_aliases_and_domains_resolve(surface: str, name: str) -> None:
    svc = load_catalog().get(surface)
    assert svc is not None and svc.name == name


def test_categories_the_pipeline_relies_on() -> None:
    cat = load_catalog()
    offline = getattr(pipeline, "_OFFLINE_CATEGORIES", frozenset())
    for bank in ("HDFC Bank", "Starling Bank", "Scotiabank", "PhonePe", "Klarna"):
        assert cat.get(bank).category not in offline  # banks and payment apps are online services
    for physical in ("Emirates", "Marks & Spencer", "Grab", "Brussels Airport", "Centrelink"):
        assert cat.get(physical).category in offline  # counted only when the site, app or systems fail
    for source in ("NetBlocks", "Cloudflare Radar", "ThousandEyes"):
        assert cat.is_tracker(source)
    for word in ("Sky", "Cox", "Frontier", "Wise", "Grab", "Bolt", "Emirates", "du", "TD", "Co-op"):
        assert cat.get(word).ambiguous, word


# --- newer services found by the extractor ---------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "service"), [
    ("HDFC Bank app down",
     "HDFC Bank customers could not log in to net banking or the mobile app on Monday morning, and many "
     "card payments failed.", "HDFC Bank"),
    ("PhonePe down for thousands",
     "PhonePe users were unable to send money on Thursday evening as the app kept showing errors.", "PhonePe"),
    ("Scotiabank outage",
     "Scotiabank's online and mobile banking went down on Thursday, leaving customers unable to check "
     "balances.", "Scotiabank"),
    ("Sky TV outage leaves viewers with blank screens",
     "Sky customers across the UK were left without TV or broadband on Saturday evening after an outage, "
     "the company said.", "Sky"),
    ("Cox outage hits Arizona",
     "Cox customers in Arizona lost internet service for most of Tuesday after a fibre cut.",
     "Cox"),
    ("Internet outage in Connecticut",
     "Thousands of Frontier customers in Connecticut lost internet service on Tuesday.",
     "Frontier"),
    ("Linode outage takes websites offline",
     "Linode customers saw their websites go offline on Wednesday after a network failure in one of its "
     "data centres.", "Linode"),
    ("Supabase outage",
     "Supabase's hosted databases were unreachable for two hours on Friday, the company said.", "Supabase"),
    ("Starling Bank app down",
     "Starling Bank customers were unable to make card payments or log in to the app on Friday.",
     "Starling Bank"),
    ("Emirates website outage",
     "Emirates said its website and app were down for several hours on Monday, so passengers could not "
     "check in online.", "Emirates"),
    ("Grab app outage",
     "Grab users in Singapore could not book rides or order food on Tuesday as the app went down.", "Grab"),
    ("Swiggy down",
     "Swiggy's app stopped taking food orders for about an hour on Saturday night, with thousands of users "
     "reporting errors.", "Swiggy"),
    ("Online banking outage",
     "BofA customers were locked out of online banking for several hours on Thursday.", "Bank of America"),
])
def test_new_service_is_the_primary(title: str, text: str, service: str) -> None:
    r = report(text, title=title)
    assert r["is_outage"] is True
    assert r["service"] == service


def test_cloudflare_radar_is_a_source_not_an_affected_service() -> None:
    r = report("Telegram went down across Europe on Tuesday, and data from Cloudflare Radar showed traffic "
               "to the app falling sharply.", title="Telegram outage")
    assert r["service"] == "Telegram"
    assert "Cloudflare" not in r["services"] and "Cloudflare Radar" not in r["services"]


# --- ambiguous words in their ordinary sense --------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "service", "not_services"), [
    ("Vodafone outage",
     "Sky News reported that Vodafone customers lost mobile data across the UK on Tuesday.",
     "Vodafone", {"Sky", "Sky News"}),
    ("Etisalat outage",
     "The outage hit mobile customers across the United Arab Emirates on Monday, Etisalat said.",
     "Etisalat", {"Emirates"}),
    ("Frontier Airlines website crashes",
     "Frontier Airlines passengers could not check in online on Monday after the airline's website crashed.",
     "Frontier Airlines", {"Frontier"}),
    ("Ticketmaster crashes",
     "Ticketmaster crashed on Tuesday as fans rushed to buy tickets for Cirque du Soleil.",
     "Ticketmaster", {"du"}),
    ("Facebook down",
     "Facebook was down for two hours on Monday, and Chris Cox apologised to users.",
     "Facebook", {"Cox"}),
    ("Zomato down",
     "Three engineers worked through the night after Zomato's app went down for five hours.",
     "Zomato", {"Three"}),
])
def test_ambiguous_word_in_ordinary_sense_is_not_a_service(title: str, text: str, service: str,
                                                            not_services: set[str]) -> None:
    r = report(text, title=title)
    assert r["service"] == service
    assert not_services.isdisjoint(r["services"])


def test_ordinary_words_alone_make_no_outage_service() -> None:
    r = report("Three people were hurt as a storm knocked out power across Sydney on Tuesday. Grab a torch "
               "if the outage reaches you, officials said, while Usain Bolt posted a video from a stadium "
               "that went dark.", title="Storm outage")
    assert r["service"] is None
    assert r["services"] == []


def test_name_endings_are_the_last_words_of_multi_word_names() -> None:
    endings = load_catalog().name_endings
    assert {"Drive", "Docs", "Classroom"} <= endings  # Google Drive, Google Docs, Google Classroom
    assert "Microsoft" not in endings and "Slack" not in endings  # a first word ("Microsoft Teams"), a one-word name


def test_a_news_agency_named_with_its_own_product_is_that_product() -> None:
    """An agency is never the affected service, but what it sells may be: "Bloomberg says ... terminal blackout"."""
    r = report("Bloomberg has blamed a network fault for the outage that left traders in Europe and Asia without its "
               "terminals on Friday. Screens froze at about 8am London time.",
               title="Bloomberg says network faults caused Friday's terminal blackout")
    assert r["service"] == "Bloomberg Terminal"
    assert "Bloomberg" not in r["services"]
    # the agency as a source stays a source
    r = report("Slack went down on Tuesday, Bloomberg reported. Users could not send messages.", title="Slack outage")
    assert r["services"] == ["Slack"]

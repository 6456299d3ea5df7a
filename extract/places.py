"""Affected places and global scope from analysed sentences.

A place counts when its clause talks about users, reports or service trouble there, and not when it is
only where a company is based, where a story was filed, a time-zone reference or a place said to be fine.
"""

from __future__ import annotations

import re

from extract.catalog import load_catalog
from extract.document import DATELINE, LIST_LINE, Match, Sentence
from extract.gazetteer import country_of, load_gazetteer

Evidence = dict[str, list[str]]

_BASED = re.compile(r"\b(based in|headquartered in|headquarters in|offices? in|home of|-based|founded in|listed in|"
                    r"company in|firm in|hq in)\W*(?:\w+\W+){0,2}$", re.I)
# Places or services with hardly any trouble: "Customers in Alexandria reported few problems"
FEW_PROBLEMS = r"(?:few|little|only minor) (?:problems|issues|disruption|trouble)"
# ... or none: "there were no disruptions", "no reports from Wales"
NO_PROBLEMS = r"no (?:problems|issues|reports|disruptions?|outages?|interruptions?)"
_NO_REGION = re.compile(r"\b(not (?:been )?(?:affected|impacted|hit)|unaffected|normal activity|reported "
                        r"normal|(?:were|was|been|are|is)\s+(?:\w+\s+)?spared|" + NO_PROBLEMS + "|" + FEW_PROBLEMS + r"|"
                        r"(?:worked|working|operating|functioning) (?:fine|normally)|"
                        r"outside(?:\s+of)?(?=\s+(?:the\s+)?(?-i:[A-Z]))|except|"  # "users outside Europe", not "queues outside branches"
                        r"(?:was|were|is|are) (?:still )?(?:working|running|available) (?:for them|as usual|fine)|"
                        # "cards issued in Saudi Arabia were largely able to complete purchases" (not "able to ... again")
                        r"(?:was|were|are|is)\s+(?:still\s+|largely\s+|mostly\s+|generally\s+)?able to(?![^.;]{0,60}\bagain\b)|"
                        r"could still(?![^.;]{0,60}\bnot\b)|"
                        # "their picture has been perfect all night", "the site had been busy but had stayed up"
                        r"(?:has|have|had)\s+been\s+(?:perfect|flawless|fine|smooth)|(?:has|have|had)\s+stayed\s+up|"
                        r"(?:stayed|remained)\s+(?:online|running|working))\b", re.I)
_ORG_NOUN = re.compile(r"^[\s-]*(?:[\w-]+\s+){0,2}?(?:company|companies|firm|group|giant|conglomerate|startup|"
                      r"start-up|regulators?|government|officials?|authorities|ministers?|lawmakers|"
                      r"commission|parliament|union|media|press|newspapers?|broadcaster|outlets?|"
                      r"owners?|parent|investors?|billionaire|chipmaker|maker|operator|carrier|telecoms? group|"
                      r"retailer|bank|lender|insurer|airline|publisher|supermarket|chain|"
                      r"stocks|shares|equities|bonds|markets?|economy|currency|exports|imports|"
                      r"tech(?:nology)? (?:company|firm|giant|group))\b", re.I)
_ORG_BEFORE = re.compile(r"\b(?:regulators?|officials|authorities|lawmakers|politicians|government|ministers?|"
                         r"courts?|judges?|police|prosecutors|investors|analysts?|engineers|staff|employees|"
                         r"executives?|scrutiny)\s+(?:\w+\s+)?(?:in|of|from|at)\s+(?:the\s+)?$", re.I)
# ... but staff of the places that use the system are its users: "billing staff in Quezon City could not file claims"
_USER_STAFF = re.compile(r"\b(?:billing|hospital|clinic|clinical|store|shop|branch|airport|school|office)\s+(?:staff|employees)"
                         r"\s+(?:\w+\s+)?(?:in|of|from|at)\s+(?:the\s+)?$", re.I)
_TIME_REF = re.compile(r"^\W*(?:time|local time)\b|^/(?:Pacific|Eastern|Central|Mountain|Alaska|Hawaii|[A-Z][a-z]+_)",
                       re.I)  # "Sydney time", "US/Pacific", "Europe/Paris", "America/New_York"
_USERS = re.compile(r"\b(users?|customers?|subscribers?|people|players?|gamers?|residents?|reports?|complaints?|"
                    r"shopper|viewer|fan|reader|commuter|passenger|caller|listener|streamer|motorist|traveller|traveler|"
                    r"hotspots?|clusters?|peaked|"
                    r"outage|outages|down|offline|disrupt\w*|affected|impacted|hit|across|throughout|parts of|"
                    r"problems|issues|trouble|struggl\w+|unable|could not|couldn't|cut off|lost|failed|"
                    r"knocked|services?|network|apps?|stores?|shops?|businesses|banks|airports|hospitals|"
                    r"flights|travell\w+|commuters|trains|passengers|data cent\w+|region|schools?|students|"
                    r"families|teachers|went blank|blank|stopped|queues?|cash machines|ATMs?|tills|terminals|"
                    r"checkouts|(?:outage )?map|lit up|viewers|fans|shoppers|merchants|retailers|drivers|riders|"
                    r"callers|listeners|developers|hosts|patients|learners|stranded|stuck|spiked?|scrambl\w+|readers?|complain\w*|"
                    r"(?:are|were|is|was|been|started|kept|began) reporting|came (?:in )?from|"
                    r"(?:site|version|page|tracker)\s+(?:showed|logged|recorded|registered|counted|listed|had))\b", re.I)


_CLOCK_IN = re.compile(r"\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?|[A-Z]{2,4})\W*\(?\s*(?:on\s+(?:the\s+)?[A-Z]?[a-z]+day"
                       r"(?:\s+\d{1,2})?\s*,?\s*)?(?:in|at)?\s*$")
_HQ_AFTER = re.compile(r"^(?:,\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)?\s*[-\u2010\u2011](?:based|headquartered|born|"
                       r"listed|registered)\b")
_NAME_GOES_ON = re.compile(r"^\s(?!(?:Public|School|Schools|University|College|County|District|Council|Airport|Hospital|"
                           r"Transit|Metro|Police|City|State|Area|Region)\b)(?-i:[A-Z][a-z]+)\s(?-i:[A-Z][a-z]+)\b")
_EVENT_BEFORE = re.compile(r"\b(?:(?:press|news|media) conference|briefing|summit|hearing|speech|event|speaking|spoke|"
                           r"(?:opening |the )?match|final|concert|tournament|fixture|ceremony|opener|"
                           r"told reporters|interview|meeting|conference|forum|congress|convention|expo|trade show)"
                           r"\s+(?:[\w-]+\s+){0,5}?(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w\u00c0-\u017f'.-]*\s*){0,3}?(?:,\s*)?$",
                           re.I)
# a team, not a place: "Costa Rica v Serbia", "the 2-1 loss to France"
_MATCH_BEFORE = re.compile(r"\b(?:(?:loss|defeat|win|victory|draw|match|game|clash|final) (?:to|against|over|with)|"
                           r"(?:match|game|clash|final|fixture|tie|semi-?final|quarter-?final)\s+between(?=\s)(?:\s+"
                           r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?\s+and(?=\s))?|"
                           r"beat|versus|vs\.?|v|(?:play|plays|played|playing|face|faces|faced|facing|take on|takes on|"
                           r"took on))\s+(?:the\s+)?$", re.I)
_MATCH_AFTER = re.compile(r"^\s+(?:v|vs\.?|versus)\s+[A-Z]")
# a state acting, not users hit: "the morning Russia invaded Ukraine", "Russia's invasion", "blamed Russian special
# services", "the term officials use for Russia, was behind the attack"
_STATE_ACTS_AFTER = re.compile(r"^(?:\s+(?:invaded|invades|invading|attacked|annexed|launched|was behind|is behind|were behind)\b|"
                               r"(?:'s|\u2019s)\s+(?:full-scale\s+)?(?:invasion|war|military|army|troops|"
                               r"intelligence|spy agenc\w+)\b|"
                               r"\s+(?:special services|intelligence|military|army|troops|state hackers|state-backed|"
                               r"state-sponsored|government hackers|spies|spy agenc\w+)\b|,\s+was behind\b)", re.I)
# the place a cut-off one was cut off from: "Shetland was left cut off from the rest of the UK"
_CUT_OFF_FROM = re.compile(r"\bfrom\s+the\s+rest\s+of\s+(?:the\s+)?$", re.I)
# a team named after the place: "the New England Patriots' game", "the Boston Celtics game", "the Gujarat
# Titans-Chennai Super Kings match"
_TEAM_AFTER = re.compile(r"^\s+(?-i:(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+s)(?:'|\u2019|[-\u2013]\s*(?-i:[A-Z])|"
                         r"\s+(?:game|match|fans|win|loss|defeat|victory|season)\b|\s+(?:v|vs|versus)\.?\s)")
# a rule-maker, not affected users: "under EU rules", "UK regulators"
_RULES_AFTER = re.compile(r"^\s+(?:rules?|laws?|regulations?|regulators?|directives?|legislation|competition law|"
                          r"consumer law|commission)\b", re.I)
_SITE_BEFORE = re.compile(r"\b(?:near|off (?:the\s+)?(?:(?:north|south|east|west)(?:ern|-east|-west)?\s+)?coast of|off|"
                          r"miles\s+(?:(?:north|south|east|west)(?:-?east|-?west)?\s+)?(?:of|from))\s+(?:the\s+)?$", re.I)
# a body named after the place, not its people: "Police Scotland declared a major incident", "NHS England"
_NAMED_BODY = re.compile(r"\b(?:Police|NHS|Bank of|Public Health|Transport for|Visit|Historic|Sport|Creative|Natural|"
                         r"Network Rail|Scottish Water|Ofcom|Covered|University of|Port of)\s+$")

# a public body named for its place: "the Nevada Gaming Control Board said", "the Texas Department of Public Safety"
_BODY_AFTER = re.compile(r"^\s+(?:[A-Z][a-z]+\s+){0,3}?(?:Board|Commission|Authority|Department|Agency|Council|Ministry|"
                         r"Regulator|Constabulary|Police|Fire Service)\b")

# where the company's staff are, not its users: "employs tens of thousands of people in Southern Nevada"
_EMPLOYS_IN = re.compile(r"(?<!-)\b(?:employs|employing|employer of)\b[^.;]{0,60}\b(?:in|across)\s+(?:the\s+)?"
                         r"(?:(?:Southern|Northern|Eastern|Western|Central|North|South|East|West)\s+)?$", re.I)


# where a traveller was going, not where the failure was: "a businessman travelling to Bangkok", "bound for Dalaman"
_DESTINATION_BEFORE = re.compile(r"\b(?:travell?ing|heading|headed|flying|bound|en route|on (?:his|her|their|my|our|a|the) way|"
                                 r"due to fly|booked|connecting)\s+(?:back\s+)?(?:to|for|from)\s+(?:the\s+)?$", re.I)


# a person, not a place: "commissioner Chris Jordan said", "Mr Jordan added", "Dr Georgia Lewis"
_HONORIFIC_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lord|Lady)\.?\s+(?:[A-Z][a-z]+\s+)?$")
_GIVEN_NAME_BEFORE = re.compile(r"(?<![\w.])[A-Z][a-z]+\s+$")
_SPEAKS_AFTER = re.compile(r"^,?\s+(?:said|says|told|tells|added|adds|wrote|writes|explained|noted|argued|warned|who)\b")


def _person_name(before: str, after: str) -> bool:
    return bool(_HONORIFIC_BEFORE.search(before) or (_GIVEN_NAME_BEFORE.search(before) and _SPEAKS_AFTER.match(after)))


# The frames, each with how much of the text before the place it reads (None: all that the caller gives), and
# those read from just after the place.
_FRAME_BEFORE: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (_EVENT_BEFORE, None), (_SITE_BEFORE, 40), (_NAMED_BODY, 20), (_MATCH_BEFORE, None), (_CUT_OFF_FROM, 30),
    (_EMPLOYS_IN, 90), (_DESTINATION_BEFORE, 40))
_FRAME_AFTER = (_HQ_AFTER, _MATCH_AFTER, _RULES_AFTER, _TEAM_AFTER, _BODY_AFTER, _STATE_ACTS_AFTER)


def _frame_place(before: str, after: str) -> bool:
    """Places that frame the story rather than its users: "San Jose, California-based Zoom" (a head
    office), "at a press conference in Sydney" (an event), "cables cut near Jeddah" (a site), a person, a team,
    a public body, where staff work, a state that attacked."""
    return _person_name(before, after) \
        or any(rx.search(before[-window:] if window else before) for rx, window in _FRAME_BEFORE) \
        or any(rx.match(after) for rx in _FRAME_AFTER)


_SHARE_FROM = re.compile(r"\b(?:most|many|some|majority|bulk|half|third|quarter|share|rest|\d+(?:\.\d+)?\s*(?:%|per ?cent))"
                         r"\b[^.;]{0,30}\b(?:came|come|coming|originat(?:ed|ing)|were|was)\s+(?:from|in)\s+"
                         r"(?:the\s+)?(?:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|"
                         r"\s+or\s+))*$", re.I)
_REPORTISH = re.compile(r"\b(?:reports?|complaints?|problems|outages?|users|customers)\b", re.I)


def _share_of_reports(s: Sentence, m: Match, prev: Sentence | None) -> bool:
    """"Most came from the US" after a sentence about reports: the place of the users reporting."""
    if not _SHARE_FROM.search(s.text[max(0, m.start - 60):m.start]):
        return False
    return bool(_REPORTISH.search(s.text) or (prev is not None and _REPORTISH.search(prev.text)))


def list_items(sentences: list[Sentence], intro: re.Pattern[str]) -> dict[int, int]:
    """List lines ("- Chicago: about 2,400") that follow a sentence ending in a colon whose words match ``intro``
    ("The worst-hit areas were:"): the position of each line in ``sentences`` mapped to the position of the
    sentence introducing it. (Positions, not ``Sentence.index``: the two halves of a split sentence share one.)"""
    items: dict[int, int] = {}
    if not any(LIST_LINE.match(s.text) for s in sentences):
        return items  # no list in the article (most articles)
    for i, s in enumerate(sentences):
        if s.context or s.is_title or not s.text.rstrip().endswith(":") or not intro.search(s.text):
            continue
        last = s.paragraph
        for k in range(i + 1, min(i + 40, len(sentences))):
            nxt = sentences[k]
            if nxt.paragraph != last + 1 or not LIST_LINE.match(nxt.text):
                break
            items[k] = i
            last = nxt.paragraph
    return items


def choose_regions(sentences: list[Sentence]) -> tuple[list[str], Evidence]:
    found: dict[str, str] = {}
    prev: Sentence | None = None
    listed = list_items(sentences, _USERS)
    for i, s in enumerate(sentences):
        if s.context:
            continue
        intro = sentences[listed[i]] if i in listed else None
        for m in s.regions:
            if intro is not None and not s.in_quote(m.start) and not _NO_REGION.search(s.text) \
                    and not _NO_REGION.search(intro.text):
                found.setdefault(m.label, intro.text + " " + s.text)  # "The worst-hit areas were:" / "- Leeds"
                continue
            if not (_region_affected(s, m) or (_share_of_reports(s, m, prev) and _region_place_ok(s, m))):
                continue
            found.setdefault(m.label, s.text)
        prev = s
    _elided_regions(sentences, found)
    _nationwide(sentences, found)
    regions = list(found)
    return regions, ({"regions": list(dict.fromkeys(found.values()))} if regions else {})


# The whole of the country the story is in: "went down nationwide", "fans across the country"
_NATIONWIDE = re.compile(r"\b(?:nationwide|nation-wide|countrywide|country-wide|across the (?:country|nation)|around the "
                         r"country|throughout the country|all over the country|across (?:the )?(?:whole|entire) country)\b",
                         re.I)


def _nationwide(sentences: list[Sentence], found: dict[str, str]) -> None:
    """An outage "nationwide" or "across the country", in a story whose affected places all lie in one country
    that it does not name: that country was affected."""
    if not found:
        return
    countries = {country_of(name) for name in found}
    if len(countries) != 1 or None in countries:
        return  # a macro region, a place the data cannot put in a country, or places in several countries
    country = countries.pop()
    if country is None or country in found:
        return
    for s in sentences:
        if s.context or not (s.labels("OUTAGE") or s.is_title) or _NO_REGION.search(s.text):
            continue
        if any(not _SIZE_BEFORE.search(s.text, max(0, m.start() - 80), m.start())
               and not any(sv.start <= m.start() < sv.end for sv in s.services)  # "Nationwide's app": the brand
               for m in _NATIONWIDE.finditer(s.text)):
            found[country] = s.text
            return


# How big the company is across the country, not where it failed: "serves about 6.5 million homes ... nationwide"
_SIZE_BEFORE = re.compile(r"\b(?:serv\w*|operat\w*|employ\w*|has|have|had|with|runs?|counts?)\s+(?:about\s+|around\s+|some\s+|"
                          r"nearly\s+|almost\s+|more than\s+|over\s+)?[\d.,]+\s*(?:million|m|thousand|k)?\s+(?:[\w-]+\s+){0,4}$",
                          re.I)


_ELIDED = re.compile(r"\b(North|South|Central|East|West|Eastern|Western|Northern|Southern|Latin)\s+and\s+(?:the\s+)?"
                     r"(North|South|Central|East|West|Eastern|Western|Northern|Southern|Latin)\s+([A-Z][a-z]+)\b")


def _elided_regions(sentences: list[Sentence], found: dict[str, str]) -> None:
    """"across North and South America": the first half names a region too, when the second was affected."""
    surfaces = load_gazetteer().surfaces
    for s in sentences:
        if s.context or " and " not in s.text:
            continue
        for m in _ELIDED.finditer(s.text):
            second = surfaces.get(f"{m.group(2)} {m.group(3)}")
            first = surfaces.get(f"{m.group(1)} {m.group(3)}")
            if first is not None and second is not None and second.name in found:
                found.setdefault(first.name, s.text)


_RANKED_AFTER = re.compile(r"^(?:'s|\u2019s)\s+(?:(?:\w+|one)\s+of\s+the\s+)?(?:biggest|largest|busiest|best[- ]known|"
                           r"most\s+(?:popular|used|visited)|leading|top|main|oldest|richest|second[- ]biggest|"
                           r"second[- ]largest|third[- ]largest)\b", re.I)
_THE_PLACE_FIRM = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_FIRM_AFTER = re.compile(r"^(?:-based)?\s+(?:company|firm|group|giant|startup|start-up|conglomerate|chipmaker|retailer|"
                         r"bank|lender|carrier|operator|airline|insurer|broadcaster|publisher|tech (?:company|firm|giant))\b",
                         re.I)
_DESK_AFTER = re.compile(r"\s+(?:bureau|desk|newsroom|correspondents?|reporters?)\s*$", re.I)
_MARKET_IN = re.compile(r"\b(?:trading|traded|trade|listed|shares|stocks?|futures|exchange)\b[^.;]{0,30}\bin\s+$", re.I)
_COMPARED_BEFORE = re.compile(r"\bthan\s+(?:in\s+|across\s+)?(?:the\s+)?$", re.I)
_BYLINE_PLACE = re.compile(r"^By\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s+(?:and|&)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})?"
                           r"(?:\s+staff)?\s*(?:[|,\u2013\u2014-]|\bin\b)")


def _region_affected(s: Sentence, m: Match) -> bool:
    dateline = DATELINE.match(s.text)
    if dateline and m.start < dateline.end():
        return False  # "LONDON (Reuters) -", "New Delhi:": where the story was filed
    if _BYLINE_PLACE.match(s.text):
        return False  # "By Priya Raghavan | New Delhi", "By Claire Dubois in Paris"
    before = s.text[max(0, m.start - 60):m.start]
    after = s.text[m.end:m.end + 60]
    if s.in_quote(m.start):
        return False
    if any(sv.start <= m.start and m.end <= sv.end and sv.end - sv.start > m.end - m.start for sv in s.services):
        return False  # "Alaska" in "Alaska Airlines"
    if _AIRPORT_OF.match(after) or _airport_named_after(s, m, after):
        return True  # "London's Gatwick Airport", "Kuala Lumpur International Airport": where the airport is
    if _POSSESSIVE_AFTER.match(after) and any(0 <= sv.start - m.end <= 4 for sv in s.services):
        return False  # "Sweden's Klarna": a place naming a service
    if m.text in load_gazetteer().adjectives and _ORG_NOUN.match(after):
        return False  # "the American company", "British regulators": an organisation, not affected users
    if _THE_PLACE_FIRM.search(before) and _FIRM_AFTER.match(after):
        return False  # "the San Francisco company put the disruption down to ...": the firm, by its home town
    if _DESK_AFTER.match(after):
        return False  # "Beijing bureau": the desk that filed the story
    if _MARKET_IN.search(before):
        return False  # "Its shares were down about 2% in pre-market trading in New York"
    if _RANKED_AFTER.match(after) or _COMPARED_BEFORE.search(before):
        return False  # "Europe's biggest cloud provider", "far less used than in Europe": a description, a comparison
    if re.match(r"^\s*(?:East|West) Coast\b", after):
        return False  # "as the US East Coast settled in to work": a time-of-day frame
    if _BASED.search(before) or _TIME_REF.search(after) or (_ORG_BEFORE.search(before) and not _USER_STAFF.search(before)):
        return False
    if m.start == 0 and not s.text[m.end:].strip(" .:|-"):
        return False  # "Europe": a section label over the story, not a place named in it
    if not s.is_title and _NAME_GOES_ON.match(after):
        return False  # "Chennai Super Kings", "Texas Instruments Inc": the start of a longer name
    if _CLOCK_IN.search(before[-40:]) or _frame_place(before, after):
        return False  # "8.05am CET in Berlin", "10.30pm on Wednesday in Perth": clock references
    if re.search(r"\b(?:time in|times in|o'clock in)\s*$", before):
        return False
    clause = _clause(s.text, m.start, m.end)
    if _NO_REGION.search(clause):
        return False
    if m.text.endswith("s") and m.text in load_gazetteer().adjectives:
        return True  # "Thousands of Brits hoping to ...", "Canadians who tried to log in": people there
    return s.is_title or bool(_USERS.search(clause))


_POSSESSIVE_AFTER = re.compile(r"^(?:'s|\u2019s)\s")  # "London's Heathrow", "Sweden's Klarna"
_AIRPORT_OF = re.compile(r"^(?:(?:'s|\u2019s)\s+(?:main\s+|international\s+|busiest\s+|[A-Z][\w-]+\s+){0,3}(?:airports?|Airports?)\b|"
                         r"(?:\s+[A-Z][\w-]+){0,2}\s+(?:International\s+)?Airport\b)")


def _airport_named_after(s: Sentence, m: Match, after: str) -> bool:
    """"London's Heathrow": the place, then an airport the catalog knows."""
    if not _POSSESSIVE_AFTER.match(after):
        return False
    catalog = load_catalog()
    return any(0 <= sv.start - m.end <= 4 and getattr(catalog.get(sv.label), "category", "") == "airport"
               for sv in s.services)


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(sep, 0, start) for sep in (";", ", while", ", but", ", whereas", " but ", " while "))
    rights = [i for i in (text.find(sep, end) for sep in (";", ", while", ", but", ", whereas", " but ", " while "))
              if i >= 0]
    right = min(rights) if rights else len(text)
    return text[max(left, 0):right]


_GLOBAL_RE = re.compile(r"\b(around the (?:world|globe)|worldwide|world-wide|across the (?:globe|world)|"
                        r"all over the world|the world over|global(?:ly)?|internationally|many countries|"
                        r"multiple countries|several countries|dozens of countries)\b", re.I)


def choose_global(sentences: list[Sentence]) -> tuple[bool, Evidence]:
    for s in sentences:
        if s.context:
            continue
        lower = s.text.lower()
        if not any(map(lower.__contains__, ("world", "global", "international", "countries"))):
            continue
        for m in _GLOBAL_RE.finditer(s.text):
            if s.in_quote(m.start()) and _long_quote(s, m.start()):
                continue
            if re.search(r"\b(global(?:ly)? (?:network|company|brand|leader|footprint|markets?|scale|"
                         r"infrastructure|audience|user base|customers)|global network of)\b",
                         s.text[m.start():m.start() + 40], re.I):
                continue
            if re.search(r"\b(not|no|wasn't|isn't|rather than)\W+(?:\w+\W+){0,2}$", s.text[:m.start()][-40:], re.I):
                continue
            return True, {"global": [s.text]}
    return False, {}


def _long_quote(s: Sentence, pos: int) -> bool:
    return any(q.start <= pos < q.end and len(q.text.split()) > 6 for q in s.quotes)


def _region_place_ok(s: Sentence, m: Match) -> bool:
    """Not negated in its clause and not a quoted place."""
    return not s.in_quote(m.start) and not _NO_REGION.search(_clause(s.text, m.start, m.end))

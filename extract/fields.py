"""Services, regions, global scope, causes and features from analysed sentences.

Each chooser returns values plus the evidence sentences they came from.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from extract.catalog import TRACKER_CATEGORIES, Catalog, Service
from extract.document import BOILER_LINE as BOILER
from extract.document import DATELINE, Match, Sentence
from extract.messages import classify_quote
from extract.nlp import SHOUTED
from extract.places import FEW_PROBLEMS, NO_PROBLEMS, choose_global, choose_regions
from extract.unlisted import described_service, headline_unlisted, listed_beside, unlisted_services

__all__ = ["choose_causes", "choose_features", "choose_global", "choose_regions", "choose_services",
           "earlier_outages"]

Evidence = dict[str, list[str]]

_NOT_AFFECTED = re.compile(
    r"\b(not (?:been |be )?(?:affected|impacted|hit|down)|unaffected|(?:stayed|remained) (?:at |near )?(?:normal|usual|background) levels?|"
    r"(?:kept|continued|remained|stayed) "
    r"(?:working|running|up|online|available|unaffected)|were fine|was fine|(?:is|are) (?:still )?fine|worked (?:fine|normally|throughout)|"
    r"continued to (?:work|function|operate)|"
    r"working (?:fine|normally)|(?:operat|function|perform)(?:ing|ed) normally|normal activity|" + FEW_PROBLEMS + "|" + NO_PROBLEMS + r"|"
    r"spared|escaped|(?:was|were) (?:still )?(?:working|up)\b|said (?:it|they) (?:was|were) not|"
    r"did not (?:see|experience|report)|didn't (?:see|experience)|not experiencing|had no|"
    r"not (?:reporting|seeing|having) (?:any\s+)?(?:issues|problems|trouble|outages?|disruptions?))\b", re.I)
_ALT_BEFORE = re.compile(
    r"\b(turned to|flocked to|went to|switched to|fell back on|moved to|migrat\w+ to|took to|on rival|"
    r"(?:move|moving|switch|switching|turn|turning|fall back|falling back|flee|fleeing|jump|jumping|jump ship) (?:to|on)|"
    r"rivals?(?: such as| like)?|competitors?(?: such as| like)?|alternatives?(?: such as| like)?|"
    r"(?:said|wrote|posted|tweeted|confirmed|announced|apologi[sz]ed)(?: \w+){0,3} on|in a post on|"
    r"(?:statement|post|update|tweet|message) on|account on|via|according to|away from|(?:influx|exodus|migration) from|told|owner|parent(?: company)?|"
    r"acquired by|owned by|bought|unlike|(?:which |also )?owns|compared (?:with|to)|instead of|sister company|"
    r"(?:subsidiary|unit|arm|division|offshoot|brand) of|"
    r"such as|including|like|catch(?:ing)? up with|caught up with|compet\w+ with|overt(?:ake|ook)|ahead of|"
    r"rather than|"
    # "moved their morning meetings to Zoom or Google Meet"
    r"(?:moved|moving|switched|switching|shifted|shifting)\s+(?:[\w'-]+\s+){1,3}?(?:to|onto|over to))\b\W*(?:\w+\W+){0,3}$",
    re.I)
_ALT_FAR = re.compile(r"\b(turned to|flocked to|switched to|fell back on|moved to|took to|rivals?|"
                      r"competitors?|alternatives?)\W+(?:[\w&+.'-]+\W+){0,7}$|"
                      r"\b(?:vent\w*|complain\w*|speculat\w*|jok\w*|mock\w*|memes?|shar\w+|post\w*|"
                      r"frustration|anger|outrage|theor\w+|rumou?rs?|chatter|discuss\w*)\b(?:\s+[\w'-]+){0,4}\s+"
                      r"(?:on|across|via)\s+(?:(?:[\w&+.'-]+,?\s+){0,4}(?:and|or)\s+)?$", re.I)
_NONE = Service(name="", company=None, slug="")
_ALT_AFTER = re.compile(
    r"^\W*(?:(?:or|and)\s+[\w&.' -]{1,30}?\s+)?(?:\w+\s+){0,2}(?:is|are|was|were|would be|makes?|remains?)\s+"
    r"(?:the|a|an|your)?\s*(?:\w+\s+)?(?:fallback|alternative|backup|substitute|stand-in)s?\b|"
    # "Moniepoint and OPay became the go-to channels for many who could not pay": where users went instead
    r"^\W*(?:(?:or|and)\s+[\w&.' -]{1,30}?\s+)?(?:became|become|becomes|were|was|are|is)\s+(?:the\s+)?"
    r"(?:go-to|fallback|default|preferred)\b|"
    r"^\W*(?:,\s*(?:a|its|the)\s+(?:\w+\s+)?(?:rival|competitor|alternative)\b|"
    r"'s\s+(?:\w+\s+)?(?:rival|competitor)\b)|"
    r"^\W*(?:'s )?(?:\w+\W+){0,2}(?:account\b|spokes\w+|engineers said|executive|chief|CEO|said it (?:was|had) "
    r"not|as an alternative|users? (?:flocked|signed up)|gained|signed up|which (?:stayed|remained|"
    r"was not)|stayed up|remained up|was not affected|were not affected)", re.I)
_VENUE = re.compile(r"\b(?:in|on|via|through|to)\s+(?:a|an|the|its|their|his|her|one)\s+(?:[\w'\u2019]+\s+)?$", re.I)
# "One NZ, which traded as Vodafone NZ until 2023": a former name is not a second service.
_FORMER_NAME = re.compile(r"\b(?:formerly|previously|once)(?:\s+(?:known as|called|named))?\s*$|"
                          r"\b(?:traded|was known|operated|branded|went by the name) as\s+$|\b(?:rebranded|renamed) from\s+$",
                          re.I)
# "colleagues on Jio and Airtel can browse ... without trouble", "accept Visa and Mastercard cards as usual"
_FINE_CLAUSE = re.compile(r"\b(?:without (?:any |a )?(?:trouble|problems?|issues?|hitch|hiccups?|difficulty)|as usual|"
                          r"as normal|normally|uninterrupted|unaffected)\b", re.I)
# "pushed corrected versions ... through the Play Store", "Viewers on smart TVs and Roku players": a channel or a
# device the story's service reached people through, not a service that failed.
_CHANNEL_BEFORE = re.compile(r"\b(?:pushed|released|rolled out|delivered|distributed|shipped|published|posted)\b[^.;]{0,80}"
                             r"\b(?:through|via)\s+(?:the\s+|its\s+)?$|"
                             # "Staff coordinated the response over WhatsApp", "kept in touch via Signal"
                             r"\b(?:coordinat\w+|communicat\w+|kept in touch|stayed in touch|talk\w*|chatt\w*|organi[sz]\w+|"
                             r"updates?|messag\w+)\b[^.;]{0,40}\b(?:over|via|through|using|on)\s+$", re.I)
_DEVICE_AFTER = re.compile(r"^\s+(?:players?|sticks?|boxes|box|TVs?|devices|speakers?|remotes?|dongles?|consoles?)\b")
_VENUE_NOUN = re.compile(r"^\s+(?:channel|group|chat|post|page|thread|account|feed|profile|livestream|stream|"
                         r"video|message|story|server|handle|update)s?\b", re.I)
_GAINED = re.compile(r"^\W*(?:[\w']+\W+){0,5}(?:signed up|gained|added|welcomed|picked up|saw a (?:surge|spike|jump|"
                     r"rise) in (?:sign-?ups|downloads|new users|traffic))\b", re.I)
_REPORTING = re.compile(r"\b(according to|told|reported by|said|says|writes|wrote|reports)\W*$", re.I)


# "Developers on Hacker News and Mastodon describe failed deployments": where people said it, not what failed.
_POSTERS_ON = re.compile(r"\b(?:users|developers|people|customers|players|fans|gamers|commenters|posters|viewers|"
                         r"subscribers|engineers|admins|administrators|sysadmins|readers|many|others|some)\s+(?:on|across)\s+"
                         r"(?:[\w.&'-]+(?:\s+[\w.&'-]+){0,2}?(?:\s*,\s*|\s+(?:and|or)\s+))*$", re.I)
_POSTED_AFTER = re.compile(r"^(?:(?:\s*,\s*|\s+(?:and|or)\s+)[\w.&'-]+(?:\s+[\w.&'-]+){0,2}?)*\s+(?:have\s+|had\s+|were\s+)?(?:describ|sa(?:id|y)|report|"
                           r"complain|post|shar|wr[io]t|jok|ask|vent|speculat|compar|flag|not(?:ed|e|ing)|swap|trad|"
                           r"mock|meme|lament|grumbl|question|guess|suggest|wonder|claim|theori[sz]|point)\w*", re.I)


# "the bank warned its users on Twitter to carry cash", "piece together what was happening on Twitter": a social
# network named as where something was said or read, not as a service that failed.
_SAID_ON = re.compile(r"\b(?:said|says|wrote|writes|posted|posts|tweeted|warned|warns|told|tells|urged|urges|asked|asks|"
                      r"advised|informed|updated|reassured|announced|confirmed|apologi[sz]ed|complain\w*|vent\w*|"
                      r"joked|shared|sharing|reported|responded|replied|happening|going on|unfolding|chatter|"
                      r"speculat\w*|trend\w*)\b(?:\s+[\w'\u2019-]+){0,6}?\s+(?:on|via|over on)\s+$", re.I)
_SOCIAL = frozenset({"social", "messaging"})
_TRENDS_AFTER = re.compile(r"(?:'s|\u2019s)\s+(?:own\s+)?(?:trending|top trends|trends|most[- ]discussed|most[- ]searched)\b", re.I)


_UNSURE_BEFORE = re.compile(r"\b(?:not (?:yet )?clear|unclear|unknown|too early to (?:say|tell)|no word on)\s+(?:whether|if)\b"
                            r"[^.;]{0,40}$", re.I)


_NO_COMMENT_AFTER = re.compile(r"^(?:'s|\u2019s)?(?:\s+[\w-]+){0,2}?\s+(?:did not|didn't|has not|hasn't|had not|hadn't|"
                               r"could not be|couldn't be|declined to|would not|wouldn't)\s+(?:immediately\s+)?(?:respond|"
                               r"reply|return|comment|reached|be reached|say)\b", re.I)


# A carrier named as the one whose building the story's service ran in, beside that service; a cloud's or a bank's
# own data centre failing is its own outage.
_CARRIERS = frozenset({"telecom"})
_HOST_SITE_AFTER = re.compile(r"^(?:'s|\u2019s)?\s+(?:data[- ]?cent(?:er|re)s?|server (?:room|farm|hall)s?|facilit(?:y|ies)|"
                              r"colocation|co-location)\b", re.I)
_HOST_SITE_BEFORE = re.compile(r"\b(?:data[- ]?cent(?:er|re)s?|server (?:room|farm|hall)s?|facilit(?:y|ies))\s+"
                               r"(?:run|operated|owned|managed|leased)\s+by\s+$", re.I)


# A company named in a deal, as buyer or seller: "Facebook agreed to buy the company", "the $19bn Facebook deal"
_DEAL_AFTER = re.compile(r"^(?:'s|\u2019s)?\s+(?:(?:[$\u00a3\u20ac]?[\d.,]+\s*(?:bn|billion|m|million)\s+)?(?:deal|takeover|"
                         r"acquisition|purchase|buyout|merger|bid)\b|(?:has\s+|had\s+|have\s+)?(?:agreed|agrees|offered|"
                         r"moved|plans?|planned|announced\s+(?:a\s+)?plans?|was\s+set|is\s+set)\s+to\s+(?:buy|acquire|purchase|"
                         r"take\s+over|merge)\b|(?:bought|acquired|purchased|took\s+over)\b)", re.I)


_COMPOUND_AFTER = re.compile(r"^-(?:bound|backed|owned|based|funded|made|style|like|related|branded|"
                             r"rival|compatible|approved|certified|sized|size|inspired|themed|sponsored|linked|"
                             r"focused|friendly)\b", re.I)


_NAME_AS_PLACE = re.compile(r"\b(?:near|(?:north|south|east|west)(?:-?(?:east|west))?\s+of|between)\s+$", re.I)
_AIRPORT_AS_PLACE = re.compile(r"\b(?:from|at|to|into|out of|via|through|in)\s+(?:[A-Z][\w.'\u2019]*\s+){0,2}"
                               r"(?:(?:[A-Z][\w.'\u2019-]*|and|or|,)\s*){0,4}$")


# A clause that opens by naming a social network as where what follows happened: "On Weibo, ...", "Over on X, ..."
_ON_SOCIAL_OPENER = re.compile(r"(?:^|[.;:]\s+|,\s+(?:and|but|while)\s+|\b(?:and|but|meanwhile)\s+)\W*(?:over\s+)?on\s+$", re.I)


def _named_as_venue(before: str, after: str, category: str) -> bool:
    """The service named as where people said or read something: "users on Reddit and Mastodon complained",
    and, for a social network, "the bank warned its users on Twitter" (``_ALT_BEFORE`` covers a few verbs
    for every service; these are the wider forms)."""
    if (" on " in before or " across " in before) and _POSTERS_ON.search(before) and _POSTED_AFTER.match(after):
        return True
    if category in _SOCIAL and _ON_SOCIAL_OPENER.search(before) and after[:1] == ",":
        return True  # "On Weibo, a hashtag about the outage was viewed 100 million times"
    if category in _SOCIAL and _TRENDS_AFTER.match(after):
        return True  # "the hashtag climbed Twitter's trending list"
    return category in _SOCIAL and _SAID_ON.search(before) is not None


def _mention_affected(s: Sentence, m: Match, svc: Service = _NONE) -> bool:
    """Whether a service mention in ``s`` reads as one whose users were affected."""
    before = s.text[max(0, m.start - 70):m.start]
    after = s.text[m.end:m.end + 80]
    if s.in_quote(m.start) and not s.is_title:
        return False
    if _COMPOUND_AFTER.match(after):
        return False  # "Heathrow-bound", "Google-backed", "Facebook-owned WhatsApp"
    if _NOT_AFFECTED.search(after[:70]) or _NOT_AFFECTED.search(before[-50:]):
        clause_after = re.split(r"[;:]| but | while | whereas ", after, maxsplit=1)[0]
        clause_before = re.split(r"[;:]| but | while | whereas ", before)[-1]
        if _NOT_AFFECTED.search(clause_after) or _NOT_AFFECTED.search(clause_before):
            return False
    if (_ALT_BEFORE.search(before) or _ALT_FAR.search(before)) and not _list_with_affected(s, m):
        return False
    if _FORMER_NAME.search(before[-40:]):
        return False
    if _UNSURE_BEFORE.search(before):
        return False  # "It is not clear whether T-Mobile's satellite texting service was affected"
    if _NO_COMMENT_AFTER.match(after):
        return False  # "T-Mobile did not respond to questions": a press contact, not a failing service
    if _DEAL_AFTER.match(after):
        return False  # "days after Facebook agreed to buy the company", "after the $19bn Facebook deal": a buyer
    if svc.category in _CARRIERS and (_HOST_SITE_AFTER.match(after) or _HOST_SITE_BEFORE.search(before)) \
            and any(o.label != m.label for o in s.services):
        return False  # "JetBlue blames a power cut at a Verizon data centre": the carrier whose building failed
    if _named_as_venue(before, after, svc.category):
        return False
    if _CHANNEL_BEFORE.search(s.text[max(0, m.start - 130):m.start]) or (
            _DEVICE_AFTER.match(after) and not s.is_title and re.search(r"\b(?:on|via|through|using)\s+[\w,' -]{0,50}$", before)):
        return False
    if _as_platform(s, m, svc, before):
        return False
    if _fine_clause(s, m):
        return False
    if _ALT_AFTER.search(after) or _GAINED.search(after):
        return False
    if (_VENUE.search(before[-30:]) or re.search(r"(?:'s|\u2019s|\bits|\btheir|\bhis|\bher)\s+$", before)) \
            and _VENUE_NOUN.match(after):
        return False  # "in a Telegram channel", "the airline's Facebook post": where something was posted
    if re.search(r"\binstead\b", after[:40]) and re.search(
            r"\b(?:used|using|switched|turned|moved|opted|went|fell back|relied|resorted|tried)\b", before[-50:]):
        return False
    return True


# Where the users were, not what failed: "opening the app on iPhone and Android", "players on PC, PlayStation and Xbox",
# "if you play FC 25 through Steam"
_ON_PLATFORM = re.compile(r"\b(?:on|via|through|using)\s+(?:an?\s+|the\s+|their\s+|both\s+)?"
                          r"(?:(?:PCs?|Macs?|iPhones?|iPads?|iOS|Android|Windows|Xbox|PlayStation|Switch|Steam|consoles?|"
                          r"mobile|desktop|web)(?:\s+(?:One|Series\s+[XS](?:\s*(?:and|\||/)\s*S)?|X|S|\d{1,2}|Pro|Lite|OLED))?"
                          r"(?:,\s*|\s+(?:and|or)\s+))*$", re.I)
_CONSOLE_BRANDS = frozenset({"Xbox", "PlayStation", "Steam", "Nintendo Switch", "Switch"})


_PLATFORM_FAILED = re.compile(r"\s+(?:(?:was|were|itself|also)\s+)?(?:down|crashed|failed|outage)\b", re.I)


def _as_platform(s: Sentence, m: Match, svc: Service, before: str) -> bool:
    """An operating system or console network named as where the users were, not said to have failed itself."""
    if svc.category != "os" and m.text not in _CONSOLE_BRANDS:
        return False
    return _ON_PLATFORM.search(before) is not None and not _PLATFORM_FAILED.match(s.text, m.end)


def _fine_clause(s: Sentence, m: Match) -> bool:
    """The mention's own clause says things worked ("... without trouble", "... as usual") and names no failure."""
    start = max((k.end() for k in re.finditer(r"[;:]|,\s+(?:so|but|while|and)\b|\b(?:but|while|whereas|although|though)\b",
                                              s.text[:m.start])), default=0)
    stop = re.search(r"[;:.]|,\s+(?:so|but|while|and|which)\b|\b(?:but|while|whereas|although|though)\b", s.text[m.end:])
    end = m.end + stop.start() if stop else len(s.text)
    if not _FINE_CLAUSE.search(s.text[m.end:end]):
        return False
    fine = [(f.start(), f.end()) for f in _FINE_CLAUSE.finditer(s.text)]
    return not any(c.label == "OUTAGE" and start <= c.start < end and not any(a <= c.start < b for a, b in fine)
                   for c in s.cues)


def _owner_of_next(s: Sentence, m: Match) -> bool:
    if not re.match(r"(?:'s|\u2019s)\s", s.text[m.end:m.end + 3]):
        return False
    # "Amazon's Prime Video"; "FedEx's TNT Express" too, where the catalog's "TNT" is another firm's (it names a brand)
    return any(n.start == m.end + 3 and n.label != m.label for n in s.services)


def _list_with_affected(s: Sentence, m: Match) -> bool:
    """"such as X, Y and Z" after an outage verb lists affected sites, not alternatives."""
    before = s.text[max(0, m.start - 70):m.start].lower()
    if re.search(r"(rival|competitor|alternative|turned to|switched to|flocked to|instead)", before):
        return False
    return bool(re.search(r"(such as|including|like)\W*(?:\w+\W+){0,3}$", before)) and bool(s.labels("OUTAGE"))


# A service named only to speak or to own: "Deutsche Bahn blames ...", "NHS England said ...", "Poste Italiane's".
_VOICE_OR_OWNER = re.compile(r"(?:'s|\u2019s)\s(?!(?:own\s+|main\s+|retail\s+|shopping\s+)?(?:website|site|app|store|online store|"
                             r"homepage|services?|platform|network)\b)|(?:\s+[A-Z][a-z]+)?\s+(?:\w+\s+){0,2}?(?:said|says|blamed|blames|confirmed|"
                             r"confirms|apologi[sz]ed|apologi[sz]es|told|tells|announced|added|wrote|stated|explained|"
                             r"acknowledged|admitted)\b|"
                             r"\s+(?:apps|products|tools|software|suite)\b")  # "other Zoho apps": the family, named by its maker


# Market talk ("shares were down 0.4%", "Nasdaq-listed", "the Sensex fell") names an exchange without its systems
# failing; a halt, a glitch or its systems do.
_MARKET_TALK = re.compile(r"-listed\b|\b(?:shares?|stocks?|index|indices|benchmark|Sensex|Nifty|points|per cent|percent|"
                          r"rall(?:y|ied)|traded|trading at|closed (?:up|down|at))\b|\d%", re.I)
_STOCK_BEFORE = re.compile(r"\b(?:shares?|stock|stocks)\s+(?:of|in)\s+(?:[\w-]+\s+){0,2}$", re.I)
_STOCK_AFTER = re.compile(r"(?:'s|\u2019s)?\s+(?:shares?|stock|stocks|share price)\b", re.I)
_EXCHANGE_FAILED = re.compile(r"\b(?:halt\w*|suspend\w*|glitch\w*|outages?|technical (?:issue|problem|fault|glitch)s?|"
                              r"(?:software|hardware|network|technical|IT) (?:faults?|failures?|problems?|issues?|errors?)|"
                              r"disruptions?|froze|frozen|opens? (?:\d+ minutes |an hour |hours )?late|delayed (?:the )?open\w*|"
                              r"systems?|connectivity|could not (?:trade|connect|place)|unable to (?:trade|connect|place))\b",
                              re.I)


# "Downdetector, which many people use ..., was itself unreachable for a time": the tracker failed too.
_TRACKER_DOWN = re.compile(r"^(?:,[^,;]{0,80},)?\s+(?:was|were|went|had)\s+(?:itself\s+|also\s+|briefly\s+)*(?:down|offline|"
                           r"unreachable|unavailable|inaccessible|knocked\s+(?:out|offline)|(?:hit|affected|taken down))\b",
                           re.I)


def choose_services(sentences: list[Sentence], catalog: Catalog, title: str) -> tuple[str | None, list[str], Evidence]:
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    body_seen: set[str] = set()
    spoken_of: set[str] = set()  # named once at least as something that failed, not only as speaker or owner
    headlined: set[str] = set()  # named in a headline as what failed (not its owner: "FedEx's TNT Express")
    for s in sentences:
        if s.context:
            continue
        outage_sentence = bool(s.labels("OUTAGE")) or s.is_title
        for m in s.services:
            svc = catalog.get(m.label)
            if svc is not None and svc.category in TRACKER_CATEGORIES:
                svc = _source_product(s, m, svc, catalog)
            if svc is None or (svc.category in TRACKER_CATEGORIES and not _TRACKER_DOWN.match(s.text[m.end:m.end + 120])):
                continue  # an outage tracker is a source, unless the text says it went down itself
            if (svc.ambiguous or m.text == "X") and not _ambiguous_ok(s, m):
                continue
            if not outage_sentence or not _mention_affected(s, m, svc) or not _outage_in_clause(s, m):
                continue
            if _in_dateline(s, m):
                continue  # "BEIJING (AWS) -": the agency that filed the story
            if _owner_of_next(s, m):
                continue  # "Amazon's Prime Video crashed": the owner, named to say whose service it is
            if svc.category == "news" and _as_source(s, m):
                continue
            if _names_something_else(s, m, svc):
                continue
            counts[svc.name] += 3 if s.is_title else 1
            if s.is_title:
                headlined.add(svc.name)
            if not _VOICE_OR_OWNER.match(s.text, m.end):
                spoken_of.add(svc.name)
            if not s.is_title:
                body_seen.add(svc.name)
            first_seen.setdefault(svc.name, s.index)
            evidence.setdefault(svc.name, [])
            if s.text not in evidence[svc.name]:
                evidence[svc.name].append(s.text)
    _drop_owner_voices(counts, spoken_of, catalog)
    ambiguous = [n for n in counts if (catalog.get(n) or _NONE).ambiguous and n not in body_seen]
    confirmed = _named_mid_sentence(sentences, catalog) | _shouted(sentences) if ambiguous else set()
    for name in [n for n in ambiguous if n not in confirmed]:
        del counts[name]  # an ambiguous word ("Signal", "Nationwide") only in a Title Case headline
    # a headline may say it too: "...; Slack and Zoom say they were never down"
    unaffected = _said_unaffected(sentences)
    for name in (unaffected - headlined) | _said_unaffected(sentences, titles=True):
        counts.pop(name, None)  # "there was no sign that X's own customers were affected"
    heads = _leading_unknowns(sentences, catalog, counts)
    if heads:  # the unknown services lead; catalog services they run on or stand beside follow
        ordered = [name for name, _, _ in heads]
        ev = {"service": heads[0][2], "services": [found[0] for _, _, found in heads]}
        for name in sorted(counts, key=lambda n: first_seen[n]):
            ordered.append(name)
            ev["services"].append(evidence[name][0])
        return ordered[0], ordered, ev
    if not counts:
        unlisted = unlisted_services(sentences, catalog)
        described = None if unlisted else described_service(sentences, catalog)
        if described:
            unlisted = [described]
        if not unlisted:
            named, found = _company_cloud(sentences, catalog)
            if named is None:
                named, found = _operator_named(sentences, catalog, unaffected)
            return (named, [named], {"service": found, "services": found}) if named else (None, [], {})
        return unlisted[0][0], [name for name, _ in unlisted], \
            {"service": unlisted[0][1], "services": [found[0] for _, found in unlisted]}
    _add_owner_api(sentences, catalog, counts, first_seen, evidence)
    _fold_company_into_cloud(sentences, counts, first_seen, evidence)
    primary = _primary(sentences, counts, first_seen, catalog)
    ordered = sorted(counts, key=lambda n: (n != primary, first_seen[n]))
    ev = {"service": evidence.get(primary, [])[:2],
          "services": [t for n in ordered for t in evidence[n][:1]]}
    for name, text in listed_beside(sentences, catalog, set(counts)).items():
        ordered.append(name)  # "sites such as Der Spiegel and Zeit Online, ... bahn.de": listed with one that failed
        ev["services"].append(text)
    return primary, ordered, ev


def _leading_unknowns(sentences: list[Sentence], catalog: Catalog,
                      counts: Counter[str]) -> list[tuple[str, tuple[int, int], list[str]]]:
    """The unknown services a headline names failing ahead of every counted catalog service ("UniSuper members back
    ... as Google Cloud owns up", "Tillpoint card machines fail" over "Apple Pay" in the body), or none."""
    heads = headline_unlisted(sentences, catalog)
    if not heads or _part_of_counted(heads[0][0], counts, catalog):
        return []  # "Southwest halts departures ...; Love Field travelers stuck": a counted service said short leads
    heads = [h for h in heads if not _part_of_counted(h[0], counts, catalog)]
    return [] if _headline_leads_with_listed(sentences, catalog, counts, heads[0][1]) else heads


def _part_of_counted(name: str, counts: Counter[str], catalog: Catalog) -> bool:
    """"Census" beside a counted "ABS Census", "CME" beside "CME Globex": a catalog service's name said short."""
    words = set(name.lower().split())
    return any(words <= set(alias.lower().split()) for n in counts for alias in (catalog.get(n) or _NONE).names)


def _in_dateline(s: Sentence, m: Match) -> bool:
    dateline = DATELINE.match(s.text)
    return dateline is not None and m.end <= dateline.end()


def _headline_leads_with_listed(sentences: list[Sentence], catalog: Catalog, counts: Counter[str],
                                where: tuple[int, int]) -> bool:
    """A counted catalog service that a headline names before ``where`` (sentence index, offset), or anywhere
    unless it is what the unknown service runs on ("UniSuper members back ... as Google Cloud owns up")."""
    for s in sentences:
        if s.is_title and not s.context:
            for m in s.services:
                svc = catalog.get(m.label)
                if svc is not None and svc.name in counts and \
                        ((s.index, m.start) < where or svc.category not in _UNDERNEATH_CATEGORIES):
                    return True
    return False


_UNDERNEATH_CATEGORIES = frozenset({"cloud", "cdn", "dns", "telecom", "security"})


def _source_product(s: Sentence, m: Match, source: Service, catalog: Catalog) -> Service:
    """A news agency named with one of its own products: "Bloomberg says network faults caused Friday's terminal
    blackout" is about the Bloomberg Terminal, not the agency. The product's word must follow within the clause."""
    for word, product in catalog.products_of_source.get(source.name, []):
        if _word_ahead(word).match(s.text, m.end, m.end + 100):
            return product
    return source


@cache
def _word_ahead(word: str) -> re.Pattern[str]:
    """``word`` (or its plural) further on in the same clause."""
    return re.compile(r"[^.;]{0,80}?\b" + re.escape(word) + r"s?\b", re.I)


def _company_cloud(sentences: list[Sentence], catalog: Catalog) -> tuple[str | None, list[str]]:
    """"Google ... took a Frankfurt cloud zone down": the company named with its cloud's parts (region, zone,
    platform, unit) stands for its cloud service."""
    clouds = catalog.cloud_of_company
    for s in sentences:
        if s.context or not (s.is_title or s.labels("OUTAGE")) or "cloud" not in s.text.lower():
            continue
        for m in _COMPANY_CLOUD.finditer(s.text):
            company = catalog.company_of(m.group("company"))
            if company in clouds and not s.in_quote(m.start()):
                return clouds[company], [s.text]
    return None, []


_COMPANY_CLOUD = re.compile(r"\b(?P<company>[A-Z][\w.&-]+)(?:'s|\u2019s)?\b[^.;\"\u201c]{0,60}?\bcloud\s+(?:[\w-]+\s+)?"
                            r"(?:regions?|zones?|data ?cent(?:re|er)s?|platform|services?|computing|unit|division|arm|"
                            r"business|infrastructure|customers)\b")
_OPERATOR_CATEGORIES = frozenset({"telecom", "cloud", "cdn", "dns"})


def _operator_named(sentences: list[Sentence], catalog: Catalog, unaffected: set[str]) -> tuple[str | None, list[str]]:
    """A headline about a failure that names no service ("Shetland cut off as damaged subsea cable knocks out
    broadband"): the story's one catalog service, named in the body as the one running what broke ("BT, which runs
    its services over the link, said the fault was on a third-party cable"). ``unaffected``: the services the body
    says were fine (``_said_unaffected``)."""
    if not any(s.is_title and s.labels("OUTAGE") for s in sentences):
        return None, []
    seen: Counter[str] = Counter()
    evidence: dict[str, str] = {}
    for s in sentences:
        if s.context or s.is_title:
            continue
        for m in s.services:
            svc = catalog.get(m.label)
            if svc is None or svc.category not in _OPERATOR_CATEGORIES or svc.name in unaffected \
                    or s.text.startswith(("-owned", "-backed", "-based"), m.end):
                continue  # "the Comcast-owned provider": its owner
            if svc.ambiguous and (not _ambiguous_ok(s, m) or (m.start == 0 and m.text.istitle())):
                continue  # "Free users who tap the sync button ..."
            if _NOT_AFFECTED.search(s.text, m.end, m.end + 70) or _names_something_else(s, m, svc):
                continue  # "Customers with Virgin Media, BT and EE said their connections were working fine"
            seen[svc.name] += 1
            evidence.setdefault(svc.name, s.text)
    if not seen:
        return None, []
    name = seen.most_common(1)[0][0]
    return name, [evidence[name]]


@cache
def _other_sense(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of a service's ``other_sense`` words (catalog data), as whole words."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I)


def _names_something_else(s: Sentence, m: Match, svc: Service) -> bool:
    """The name stands for a place, a price or another thing of the same name here, not for the service."""
    if svc.category == "airport" and _AIRPORT_AS_PLACE.search(s.text[max(0, m.start - 40):m.start]):
        return True  # "cancelled all its flights from London's Heathrow and Gatwick airports"
    if _NAME_AS_PLACE.search(s.text, max(0, m.start - 30), m.start):
        return True  # "fire damages Telstra cable near Orange", "a pit east of Orange": a town of the same name
    if _STOCK_BEFORE.search(s.text, max(0, m.start - 40), m.start) or _STOCK_AFTER.match(s.text, m.end):
        return True  # "Shares of Mercado Libre were down 0.4%", "Coinbase stock fell": the price, not the service
    if svc.other_sense and _other_sense(svc.other_sense).search(s.text):
        return True  # "a burnt-out UPS", "routers will not work without power unless they have a UPS": a power supply
    if svc.category != "exchange":
        return False
    # "Shares of Nasdaq-listed Mercado Libre were down 0.4%": the market, not the exchange's systems
    others = s.text[:m.start] + " " + s.text[m.end:]  # the talk is around the name, not in it ("London Stock Exchange")
    return bool(_MARKET_TALK.search(others)) and not _EXCHANGE_FAILED.search(s.text)


def _drop_owner_voices(counts: Counter[str], spoken_of: set[str], catalog: Catalog) -> None:
    """An owner named only to speak or to own ("Deutsche Bahn blames faulty update") beside a product of its own
    that failed (DB Navigator) is not affected itself."""
    owners = {n: catalog.company_of(n) for n in counts}
    for name in [n for n in counts if n not in spoken_of]:
        if any(owner == name for other, owner in owners.items() if other != name):
            del counts[name]


# "ChatGPT and its developer API were down", "... for developers using its API": the API of an AI service's maker.
# Only "its": a bare "the API" may be anyone's.
_OWNER_API = re.compile(r"\bits\s+(?:(?:developer|developers'|public|paid|enterprise|business)\s+)?"
                        r"(?:API|APIs|API platform)\b")


def _add_owner_api(sentences: list[Sentence], catalog: Catalog, counts: Counter[str], first_seen: dict[str, int],
                   evidence: dict[str, list[str]]) -> None:
    """Count the maker's API (a catalog entry of category "api") when an affected AI service's story says the
    API failed without naming it: "OpenAI says the outages that hit ChatGPT and its developer API ..."."""
    makers = {svc.company for n in counts if (svc := catalog.get(n)) is not None and svc.category == "ai"}
    if not makers:
        return
    apis = [svc for svc in catalog if svc.category == "api" and svc.company in makers and svc.name not in counts]
    for api in apis:
        for s in sentences:
            if s.context or not (s.is_title or s.labels("OUTAGE")) or "API" not in s.text:
                continue
            if _OWNER_API.search(s.text):
                counts[api.name] += 1
                first_seen.setdefault(api.name, s.index)
                evidence.setdefault(api.name, []).append(s.text)
                break


_LIST_TAIL = r"(?:\s*(?:,|\band\b|\bor\b)\s*[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)?)*"
_OWN_NOUN = (r"(?:'s|\u2019s)?(?:\s+(?:own|other))?(?:\s+(?:users|customers|subscribers|clients|services?|websites?|sites|"
             r"apps?|platforms?|networks?|systems?|products|itself|themselves|calls|accounts|servers|stores?|pages?))?")
# "Twitter, where the hashtag trended, did not report any problems": an aside between name and verb.
_ASIDE = r"(?:,\s+(?:which|where|who|whose|the|a|an|its)\b[^,;]{3,140},)?"
# What the text says of the service after naming it (and any list, "'s own users", aside that follows).
_SUBJECT = r"^" + _LIST_TAIL + _OWN_NOUN + _ASIDE + r"\s+"
# "its own Express network in the United States": whose, which, and where
_THEIR_OWN = (r"(?:their|its)\s+(?:own\s+)?(?:[A-Z][\w-]*\s+)?(?:services?|platforms?|systems?|networks?|apps?|sites?|websites?)\s+"
              r"(?:(?:in|across|outside)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}\s+)?")
_WERE_FINE = (r"(?:was|were|had been|have been|has been|had|has|have|are|is|remained)\s+(?:not\s+(?:been\s+)?(?:affected|impacted|hit|down)|"
              r"unaffected|(?:running|operating|working|functioning)\s+(?:normally|as normal|fine))")
# "..., but both companies said their platforms had been running normally": a denial for the names before it.
_COLLECTIVE_DENIAL = re.compile(
    # "deployments to Heroku and AWS have stalled, but both of those platforms are up"
    # "..., although both host apps kept working"
    r"(?:,\s*|\s+)(?:but|although|though|while)\s+(?:both|all|each|those|these)(?:\s+of)?(?:\s+(?:those|these|them|the))?"
    r"(?:\s+(?:two|three|four))?(?:\s+[\w-]+)?(?:\s+(?:platforms?|services?|sites?|companies|networks?|apps?|providers?))?"
    r"(?:\s+themselves)?\s+(?:(?:are|were|is|was|remain(?:ed)?|stayed)\s+(?:still\s+)?(?:up|fine|online|working|running|unaffected)|"
    r"(?:kept|continued)\s+(?:to\s+)?(?:working|running|work|run)|(?:worked|ran)\s+(?:normally|as usual|fine))\b|"
    r"(?:,\s*|\s+)(?:but|although|though|while|yet|and)\s+(?:both|all|each|they|all (?:two|three|four|five|six)|"
    r"the (?:two|three|four|five) [a-z]+|both [a-z]+|[A-Z][\w&.'-]*(?:,\s+[A-Z][\w&.'-]*)*,?\s+and\s+[A-Z][\w&.'-]*)"
    r"\s+(?:[\w-]+\s+){0,3}?"
    r"(?:said|say|says|insisted|confirmed|reported)\s+(?:that\s+)?" + _THEIR_OWN + _WERE_FINE, re.I)
_COLLECTIVE_HINT = re.compile(r" (?:their|its) |\b(?:but|although|though|while) (?:both|all|each|those|these)\b")
_NOT_HIT_PREDICATES = (
    r"(?:(?:was|were|is|are|had|has|have)\s+(?:not|n't|never)|(?:wasn't|weren't|isn't|aren't|hasn't|haven't|hadn't))"
    r"\s+(?:been\s+)?(?:affected|impacted|hit|disrupted|down)\b",
    r"(?:(?:was|were|remained|stayed)\s+)?unaffected\b",
    r"(?:(?:was|were|is|are|remained|stayed|kept)\s+)?(?:still\s+)?(?:running|working|operating|functioning|loaded|"
    r"loading|ran|worked)\s+(?:normally|as normal|as usual|fine|without (?:a |any )?(?:problems?|issues?|interruption|"
    r"trouble|hiccups?|hitch))\b",
    r"(?:carried on|continued|kept)\s+(?:(?:to\s+)?(?:work|working|run|running|operate|operating)\b|as normal|"
    r"without (?:a |any )?(?:hiccups?|hitch|problems?|issues?|trouble|interruption))",
    r"(?:seem(?:s|ed)?|appear(?:s|ed)?|looked|looks)\s+(?:to be\s+)?(?:fine|normal|unaffected)\b",
    # "Gmail and Drive are fine", "are all marked as working normally", "was showing as green"
    r"(?:is|are|was|were)\s+(?:all\s+|both\s+)?(?:still\s+)?(?:fine|ok|okay|(?:marked|listed|shown|showing)\s+(?:as\s+)?"
    r"(?:working|running|operating|functioning)\s+(?:normally|fine)|(?:marked|listed|shown|showing)\s+(?:as\s+)?"
    r"(?:green|up|operational|healthy))\b",
    r"(?:did not|didn't|does not|doesn't)\s+(?:appear|seem)\s+to\s+(?:be|have been)\s+(?:affected|impacted|hit|down|"
    r"disrupted)\b",
    r"(?:(?:reported|saw|had|showed)\s+no|(?:did not|didn't)\s+(?:report|see|have|show)\s+any|"
    r"(?:(?:had|has|have)\s+not|hadn't|hasn't|haven't)\s+(?:had|seen|reported|shown)\s+any)\s+(?:\w+\s+)?"
    r"(?:problems|issues|disruption|outage|trouble|difficulties|errors)",
    r"(?:say|said|says|insist\w*|confirm\w*)\s+(?:that\s+)?(?:they|it)\s+(?:was|were|had|have|has)\s+(?:never|not)\s+"
    r"(?:been\s+)?(?:down|affected|hit|impacted)",
    r"(?:say|said|says|insist\w*|confirm\w*)\s+(?:that\s+)?" + _THEIR_OWN + _WERE_FINE,
    # "AWS itself played no part", "Okta was not to blame"
    r"(?:itself\s+)?(?:played|had)\s+no\s+(?:part|role)\b",
    r"(?:itself\s+)?(?:was|were|is|are)\s+not\s+(?:to\s+blame|responsible|at\s+fault|the\s+cause)\b",
    # "AWS said there had been no problem with its own infrastructure"
    r"(?:say|said|says|insist\w*|confirm\w*|stress\w*)\s+(?:that\s+)?there\s+(?:had\s+been|has\s+been|was|were|"
    r"have\s+been)\s+no\s+(?:\w+\s+)?(?:problems?|issues?|faults?|outage|failure)\s+(?:with|in|on|at)\s+(?:its|their)\s+",
)
_DENIED_HIT = re.compile(_SUBJECT + "(?:" + "|".join(_NOT_HIT_PREDICATES) + ")", re.I)
# Words every "was not affected" phrasing above needs: a cheap look before the long patterns.
_UNAFFECTED_WORDS = ("not", "n't", "never", "no ", "unaffected", "normal", "fine", "working", "running", "operating",
                     "functioning", "loaded", "loading", "ran ", "worked", "carried", "continued", "kept", "seem",
                     "appear", "looked", "looks", " ok", "okay", "green", "operational", "healthy")


def _unaffected_hint(text: str) -> bool:
    return any(map(text.lower().__contains__, _UNAFFECTED_WORDS))
# "the status dashboard showed no problems with Gmail, Google Drive or YouTube"
_NO_PROBLEMS_WITH = re.compile(r"\b(?:showed|shows|reported|reports|saw|had|found|listed)\s+no\s+(?:\w+\s+)?(?:problems|"
                               r"issues|outages?|disruption|errors)\s+(?:with|for|on|at|in)\s+(?:[\w&+.'-]+(?:\s+[\w&+.'-]+)?"
                               r"\s*(?:,|and|or)\s*)*$", re.I)
_NO_SIGN = re.compile(r"\b(?:no sign|no signs|no indication|no evidence|no suggestion|nothing to (?:suggest|indicate))"
                      r"\s+(?:that\s+)?(?:[\w-]+\s+){0,4}$", re.I)
_HIT_AFTER = re.compile(r"^" + _OWN_NOUN + r"\s+(?:was|were|had been|has been|have been)\s+(?:affected|impacted|hit|"
                        r"disrupted)\b", re.I)


def _said_unaffected(sentences: list[Sentence], titles: bool = False) -> set[str]:
    """Services the text says in so many words were not affected: "X's customers were not affected",
    "X and Y were unaffected", "there was no sign that X users were hit"."""
    found: set[str] = set()
    for s in sentences:
        if s.context or s.is_title != titles:
            continue
        collective = _COLLECTIVE_DENIAL.search(s.text) if _COLLECTIVE_HINT.search(s.text) else None
        if collective:
            found.update(m.label for m in s.services if m.end <= collective.start())
        for m in s.services:
            after = s.text[m.end:m.end + 220]
            before = s.text[max(0, m.start - 60):m.start]
            if s.in_quote(m.start):
                continue
            if not _unaffected_hint(after) and not _unaffected_hint(before):
                continue  # none of the words these phrasings need
            if _DENIED_HIT.match(after) or (_NO_SIGN.search(before) and _HIT_AFTER.match(after)) \
                    or _NO_PROBLEMS_WITH.search(before):
                found.add(m.label)
    return found


_RETAIL_AFTER = re.compile(r"^(?:\.com|'s\s+(?:own\s+)?(?:shopping|retail|store|website|site|app|delivery|"
                           r"warehouses?|services|marketplace|shoppers|customers)|\s+(?:shoppers|store|website|app))",
                           re.I)


def _fold_company_into_cloud(sentences: list[Sentence], counts: Counter[str], first_seen: dict[str, int],
                             evidence: dict[str, list[str]]) -> None:
    """In a cloud story "Amazon" is the company speaking about AWS, not the shop, unless the text says so."""
    cloud, company = "Amazon Web Services", "Amazon"
    if company not in counts:
        return
    if not any(m.label == cloud for s in sentences for m in s.services):
        return
    retail = any(m.label == company and _RETAIL_AFTER.match(s.text[m.end:m.end + 40])
                 for s in sentences for m in s.services)
    if retail:
        return
    counts[cloud] += counts.pop(company)
    first_seen[cloud] = min(first_seen.get(cloud, 10**6), first_seen.pop(company))
    evidence.setdefault(cloud, []).extend(evidence.pop(company, []))
    for s in sentences:
        for m in s.services:
            if m.label == company:
                m.label = cloud


def _outage_in_clause(s: Sentence, m: Match) -> bool:
    """The outage words must reach the mention's own clause ("..., while Telegram gained users" does not)."""
    if s.is_title:
        return True
    start, end = _clause_bounds(s.text, m.start, m.end)
    return any(c.label == "OUTAGE" and c.end > start and c.start < end and not _in_proper_name(s, c)
               for c in s.cues)


def _in_proper_name(s: Sentence, c: Match) -> bool:
    """An outage word capitalised inside a run of capitalised words ("a group calling itself Dark Storm
    Team") is part of a name; at the start of a sentence or in a quoted screen text it is not."""
    text = s.text
    if not c.text[:1].isupper() or c.start == 0 or s.in_quote(c.start) or text[:c.start].rstrip()[-1:] in ".!?:\"\u201c":
        return False
    before = re.search(r"\b([A-Z][\w&'-]*)\s+$", text[max(0, c.start - 40):c.start])
    after = re.match(r"\s+[A-Z][\w&'-]*", text[c.end:])
    return bool(before or after)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    seps = (";", ", while", ", but", ", whereas", " while ", " whereas ", " \u2014 ")
    left = max(text.rfind(sep, 0, start) for sep in seps)
    rights = [i for i in (text.find(sep, end) for sep in seps) if i >= 0]
    return max(left, 0), (min(rights) if rights else len(text))


def _as_source(s: Sentence, m: Match) -> bool:
    """A news outlet named as the source of the story ("told the BBC", "the Guardian reported")."""
    before = s.text[max(0, m.start - 40):m.start]
    after = s.text[m.end:m.end + 40]
    if re.search(r"\b(told|according to|speaking to|interview with|quoted by|reported by|cited by)\s+(?:the\s+)?$",
                 before, re.I):
        return True
    if re.match(r"^\s+(?:says|said)\s+(?:that\s+)?(?:its|their)\s+(?:own\s+)?(?:website|site|app|apps|homepage|e-paper|"
                r"paper|servers?|systems?|pages?)\b", after, re.I):
        return False  # "The Boston Globe says its website and its e-paper app are down": its own outage
    return bool(re.match(r"^(?:'s\s+\w+)?" + _LIST_TAIL + r"\s*(?:(?:first|also|earlier|later|previously)\s+)?"
                         r"(?:reported|reports|said|says|understands|learned|has learned|revealed|quoted|confirmed|"
                         r"spotted|noticed|broke the news)\b", after, re.I))


def _x_is_twitter(s: Sentence, m: Match) -> bool:
    """"X" is Twitter when called so ("X, formerly Twitter") or listed among other services."""
    around = s.text[max(0, m.start - 40):m.end + 40]
    if re.search(r"formerly (?:known as )?Twitter|Twitter/X|X/Twitter|X \(Twitter\)", around):
        return True
    after = s.text[m.end:m.end + 6]
    before = s.text[max(0, m.start - 6):m.start]
    listed = re.match(r"^\s*(?:,|and\b|or\b)", after) or re.search(r"(?:,|\band|\bor)\s*$", before)
    return bool(listed) and len(s.services) > 1


def _named_mid_sentence(sentences: list[Sentence], catalog: Catalog) -> set[str]:
    """Services the body names with a capital inside a sentence ("its Steam gaming store"): there the
    capital marks the brand, so a headline's ambiguous word is confirmed even if the body never says
    in that same sentence that it failed."""
    found = set()
    for s in sentences:
        if s.is_title or s.context:
            continue
        for m in s.services:
            svc = catalog.get(m.label)
            if svc is not None and m.start > 0 and m.text[:1].isupper() and _ambiguous_ok(s, m):
                found.add(svc.name)
    return found


def _shouted(sentences: list[Sentence]) -> set[str]:
    """Services a headline shouts in capitals ("SKY DOWN:"): not the common word, which would not be
    written so."""
    found = set()
    for s in (s for s in sentences if s.is_title):
        for m in s.services:
            after = s.text[m.end:].split(maxsplit=1)
            if len(m.text) > 2 and m.text.isupper() and not m.label.isupper() and after and after[0].strip(":,!") in SHOUTED:
                found.add(m.label)
    return found


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve hundred thousand".split())
_COUNTED_AFTER = re.compile(r"^\s+(?:(?:more|other|extra|whole|long|full|straight)\s+)?(?!(?:customers|users|subscribers|"
                            r"outages|networks|services|masts|bills|apps|stores|shops|signals|plans|contracts)\b)"
                            r"(?:[a-z]+s|of|people|times)\b")


def _ambiguous_ok(s: Sentence, m: Match) -> bool:
    """An ambiguous brand word ("Zoom", "Threads", "Signal") counts only in an outage-ish phrasing."""
    if m.text == "X":
        return _x_is_twitter(s, m)
    if any(r.start <= m.start and m.end <= r.end and (r.end - r.start) > (m.end - m.start) for r in s.regions):
        return False  # "United" inside "United States"
    after = s.text[m.end:m.end + 30]
    before = s.text[max(0, m.start - 30):m.start]
    if m.text.lower() in _NUMBER_WORDS and _COUNTED_AFTER.match(after):
        return False  # "Three hours in the queue": a number, not the network
    if not s.is_title and " " not in m.text and re.match(r"^\s+[A-Z][a-z]", after) and not re.match(
            r"^\s+(?:App|Apps|Airlines|Communications|Mobile|Network|Bank|Store|Online|Wireless|Broadband|Plus|"
            r"Video|Meetings|Pay|Music|TV|Cloud|Web|Desktop|Android|iPhone|Users|Customers|Status)\b", after):
        return False  # part of a longer proper name: "United Nations", "Signal Hill"
    if not s.is_title and m.start > 0 and re.search(r"\b[A-Z][a-z]+\s$", before) and not re.search(
            r"\b(?:Amazon|Google|Meta|Microsoft|Apple|Salesforce|Atlassian|Rogers|Sony|Disney|Users|The|On|In)\s$",
            before):
        return False  # "Manchester United", "Jake Max"
    if m.start == 0 and not s.is_title and " " not in m.text:
        nxt = s.text[m.end:m.end + 40]
        return bool(re.match(r"\W*(?:'s\b|users|app|service|servers|outage|is down|was down|went down|said|says|"
                             r"has|had|customers|subscribers|network|told|blamed|apologi[sz]ed|confirmed)", nxt)
                    or re.match(r",\s+(?:[A-Z][\w&.-]*(?:'s|\u2019s)\s+)?(?:[\w-]+\s+){0,2}(?:app|service|platform|network|"
                                r"site|messenger|game)\b", nxt))  # "Threads, Meta's text-based app, ..."
    return True


_PROVIDER_CATEGORIES = frozenset({"cloud", "cdn", "dns"})  # what other services are built on
# "Amazon data-centre power cut knocks Slack ... offline": the company whose failure took the others down
_KNOCKS_AFTER = re.compile(r"^(?:'s|\u2019s)?[\w\s-]{0,30}?\b(?:outage|power cut|power failure|failure|fault|glitch|"
                           r"problems?|issues?|meltdown|crash)\s+(?:knocks?|takes?|took|hits?|disrupts?|breaks?|brings?|"
                           r"cripples?|downs)\b", re.I)


def _primary(sentences: list[Sentence], counts: Counter[str], first_seen: dict[str, int], catalog: Catalog) -> str:
    for s in sentences:
        if s.is_title:
            for m in s.services:
                if m.label in counts:
                    return m.label
                if _KNOCKS_AFTER.match(s.text[m.end:m.end + 80]):
                    company = catalog.company_of(m.label)
                    provider = [n for n in counts if (svc := catalog.get(n)) is not None
                                and svc.category in _PROVIDER_CATEGORIES and svc.company == company]
                    if provider:
                        return provider[0]  # "Amazon ... outage knocks ..." -> its cloud, counted in the body
    lede = [s for s in sentences if not s.is_title][:2]
    for s in lede:
        for m in s.services:
            if m.label in counts:
                return m.label
    return max(counts, key=lambda n: (counts[n], -first_seen[n]))


_PROBLEM_NOUNS = r"(?:issue|problem|outage|fault|glitch|failure|incident)"  # what a supplier "had"
_CAUSAL = re.compile(r"\b(caus\w*|blam\w*|due to|because|trigger\w*|result(?:ed|ing)? (?:in|from)|as a result|"
                     r"result of|traced|stem\w*|led to|lead to|root|attribut\w*|responsible|after an?|"
                     r"following an?|sparked|brought down|knock\w*|took down|broke|disconnect\w*|interrupt\w*|"
                     r"withdr\w+|went wrong|fault\w*|culprit|source of|linked to|tied to|pinned|prevented|"
                     r"overwhelm\w*|swamp\w*|overload\w*|put\s+(?:[\w-]+\s+){0,3}?down\s+to|(?:was|were|is)\s+down\s+to|"
                     r"(?:began|started)\s+with|took out|took offline|when|meant|failed|failure|malfunction\w*|deleted|"
                     r"explanation|explained|pointed the finger|to blame|lay with|acknowledged|after|post-?mortem|"
                     r"write-?up|incident report|preliminary|root cause analysis|breaks?|prompted|wrongly|mistakenly|accidentally|"
                     r"inadvertently|erroneously|tak(?:ing|es) \w+ (?:offline|down)|(?:behave|work|perform)(?:d|ed)? as (?:expected|intended|"
                     r"designed)|misbehav\w*|stop(?:ped|s)?\s+(?:the|its|their)\s+\w+(?:\s+\w+){0,3}?\s+from|depend\w*\s+on|"
                     r"(?:had|has|suffered|experienced)\s+(?:a|an)\s+(?:technical\s+|major\s+|serious\s+)?"
                     + _PROBLEM_NOUNS + r"|spill(?:s|ed)? over|disrupts|hit by|"
                     r"(?:problem|issue|fault|glitch|outage)s? at)\b", re.I)
_NEGATION = re.compile(r"\b(not|no|n't|never|ruled out|rule out|ruling out|rules out|excluded|denied|denies|deny|denying|dismissed|dismissing|"
                       r"rejecting|rejected|rather than|unrelated|"
                       r"nothing to do|nor|neither|instead of|speculat\w*|suspected|theor(?:y|ies|ised|ized)|feared|rumou?rs?|"
                       r"(?:asking|asked|asks|wondering|wondered|wonder) (?:if|whether)|"
                       r"no evidence|no sign|no indication|nothing to suggest|nothing to indicate|did not|does not|was not|wasn't|were not)\b", re.I)

_CONFIG_WORDS = re.compile(r"\bconfig\w*|settings?\b|maintenance|migration|\bchange\b|upgrade|rotation|planned|"
                           r"routine|deleted|misconfigur\w+", re.I)
_SUPPLIER_WORDS = re.compile(r"provider|supplier|vendor|partner|third[- ]party", re.I)


_PROVIDER_KIND = re.compile(r"\b(?:cloud|hosting|dns|cdn|infrastructure)(?:[- ](?:computing|services?))?\s+providers?$", re.I)


def _provider_is_primary(s: Sentence, c: Match, catalog: Catalog, primary: str) -> bool:
    """A customer's "outage at our cloud service provider" when the story is that provider's own outage."""
    own = catalog.get(primary)
    if own is None or own.category not in _PROVIDER_CATEGORIES or not _PROVIDER_KIND.search(s.text[max(0, c.start - 30):c.end]):
        return False
    others = (catalog.get(m.label) or _NONE for m in s.services)
    return not any(o.category in _PROVIDER_CATEGORIES and o.name != primary for o in others)


_OWNED_BEFORE = re.compile(r"\b(?:the|its)\s+[\w&.'\u2019]+-(?:owned|backed|run|controlled)\s+$", re.I)


def _not_a_supplier(s: Sentence, c: Match, catalog: Catalog | None, primary: str | None) -> bool:
    """"Identity provider Okta" describes the story's own service; "third-party apps" are its customers."""
    if re.match(r"[\s-]*(?:apps?|sites?|websites?|developers?|services?|sellers?|merchants?|software|"
                r"integrations?|clients?)\b", s.text[c.end:c.end + 20], re.I) and c.text.lower().startswith("third"):
        return True
    if not _SUPPLIER_WORDS.search(c.text) or catalog is None or primary is None:
        return False
    if _provider_is_primary(s, c, catalog, primary):
        return True
    if _OWNED_BEFORE.search(s.text, max(0, c.start - 30), c.start):
        return True  # "the Comcast-owned provider", "the state-run operator": the story's own, told by its owner
    if re.search(re.escape(primary) + r",\s+(?:the|a|an|its)\s+(?:[\w-]+\s+){0,3}$", s.text[max(0, c.start - 60 - len(primary)):c.start]):
        return True  # "an attack on Südwestfalen-IT, the public IT provider that ...": what the story's service is
    named_next = {(catalog.get(m.label) or _NONE).name for m in s.services
                  if m.start >= c.end and not s.text[c.end:m.start].strip()}
    if re.match(r"\s+(?:that|which|who)\b", s.text[c.end:c.end + 8]):
        return False  # "a vendor that supports the Ventra app": the service comes in a clause about the supplier
    return primary in named_next or primary in s.text[c.end:c.end + 25]


_ATTACK_WITHDRAWN = re.compile(r"\bthere (?:had|has|have) been no (?:cyber[- ]?)?attacks?\b(?!\s+on\s+(?:the\s+|its\s+|our\s+)?(?:data|information|records))|"
                               r"\bthere was no (?:cyber[- ]?)?attack\b(?!\s+on\s+(?:the\s+|its\s+|our\s+)?(?:data|information|records))|"
                               r"\bno (?:cyber[- ]?)?attack (?:had|has) (?:taken place|occurred|happened)", re.I)
_HEDGED = re.compile(r"\b(?:theor(?:y|ies)|speculat\w*|rumou?r\w*|guess\w*|conspiracy|"
                     # not the noun of an insurer's or a benefits office's forms: "the e-Claims system", "claims portal"
                     r"(?<!-)claim(?:ed|ing)?|(?<!-)claims(?!\s+(?:system|portal|processing|platform|site|website|app|"
                     r"service|backlog)s?\b)|"
                     r"posted on (?:twitter|x|telegram|social media|its \w+ channel) that|thought|assumed|believed|(?:was|were|are|is) convinced|"
                     r"wondered|(?:users|players|gamers|people|customers|fans|some|many|others)(?: \w+){0,2} on social media|"
                     # "Some outside engineers had suggested that a bug ...": a guess from outside the company
                     r"(?:outside|independent|third-party|some|other)\s+(?:engineers|researchers|developers|experts|analysts|"
                     r"observers|programmers|security researchers)\s+(?:\w+\s+){0,3}?(?:suggested|argued|speculated|said|"
                     r"pointed to|wondered|think|thought|believe|believed))\b",
                     re.I)


def _provider_blamed(s: Sentence, catalog: Catalog | None, primary: str | None) -> bool:
    """A cloud/CDN/DNS provider other than the primary service named in a causal sentence."""
    if catalog is None or not s.services:
        return False
    for m in s.services:
        svc = catalog.get(m.label)
        if svc is not None and svc.name != primary and svc.category in _PROVIDER_CATEGORIES \
                and catalog.company_of(svc.name) != catalog.company_of(primary):
            return bool(_CAUSAL.search(s.text))
    return False


def choose_causes(sentences: list[Sentence], catalog: Catalog | None = None,
                  primary: str | None = None) -> tuple[list[str], Evidence]:
    found: dict[str, list[str]] = {}
    for s in sentences:
        if s.context:
            continue
        if _provider_blamed(s, catalog, primary) and not s.is_title:
            found.setdefault("third_party", []).append(s.text)
        cues = _cause_cues(s)
        if not cues:
            continue
        ahead = [d for d in s.dates if d.ahead]  # planned for a day to come: "maintenance on Sunday"
        cues = [c for c in cues if not any(c.start - 40 <= d.start and d.end <= c.end + 40 for d in ahead)]
        causal = _CAUSAL.search(s.text) is not None
        screen: list[tuple[int, int]] | None = None
        either = _alternatives(s, cues)
        for c in cues:
            if c in either:
                continue
            if c.label.startswith("CAUSEWEAK:") and not causal:
                continue
            if _cause_negated(s, c) or _remedy_or_effect(s, c, cues):
                continue
            if s.in_quote(c.start):
                if s.is_title:
                    continue
                screen = _screen_spans(s) if screen is None else screen
                if any(a <= c.start and c.end <= b for a, b in screen):
                    continue  # "Due to maintenance activity, ..." is what the screen said, not the operator's finding
            name = c.label.split(":", 1)[1]
            if name == "third_party" and _not_a_supplier(s, c, catalog, primary):
                continue
            if name == "bgp_routing" and c.label.startswith("CAUSEWEAK:") and (
                    re.search(r"\binternal\s+(?:\w+\s+)?$", s.text[max(0, c.start - 25):c.start])
                    or re.search(r"\b(?:kubernetes|cluster|pods?|containers?|load balanc\w+)\b", s.text, re.I)):
                continue
            found.setdefault(name, [])
            if s.text not in found[name]:
                found[name].append(s.text)
    if "config_change" in found and "software_bug" in found:  # "a bug in an update": the update only carried it
        kept = [t for t in found["config_change"] if t not in found["software_bug"] or _CONFIG_WORDS.search(t)]
        if kept:
            found["config_change"] = kept
        else:
            del found["config_change"]
    if "cyberattack" in found and any(_ATTACK_WITHDRAWN.search(s.text) for s in sentences if not s.context):
        found.pop("cyberattack", None)  # "There had been no attack, he said."
    if "cyberattack" in found and "capacity" in found:  # the attack's flood is the attack, not a lack of capacity
        kept = [t for t in found["capacity"] if _DEMAND.search(t) and not _ATTACK_TRAFFIC.search(t)]
        if kept:
            found["capacity"] = kept
        else:
            del found["capacity"]
    causes = list(found)
    ev = {"causes": list(dict.fromkeys(t for ts in found.values() for t in ts[:1]))} if causes else {}
    return causes, ev


def _alternatives(s: Sentence, cues: list[Match]) -> list[Match]:
    """Causes offered as alternatives, none of them found: "a deployment gone wrong, a failed database or a problem
    with one of its suppliers would have looked much the same" (cues of different kinds, the last after "or")."""
    kinds = sorted(cues, key=lambda c: c.start)
    for a, b in zip(kinds, kinds[1:], strict=False):
        if a.label.split(":")[1] != b.label.split(":")[1] and 0 <= b.start - a.end <= 80 \
                and re.search(r"(?:,|\s)or\s+(?:[\w-]+\s+){0,8}$", s.text[a.end:b.start]) \
                and not re.search(r"[;.]|\b(?:and|but)\b", s.text[a.end:b.start]):
            group = [c for c in kinds if c.start >= a.start - 80 and c.end <= b.end]
            return [c for c in group if re.search(r"\bor\b", s.text[c.start:b.start]) or c is b]
    return []


_ATTACK_TRAFFIC = re.compile(r"\b(?:attack\w*|ddos|denial[- ]of[- ]service|botnet|hackers?)\b", re.I)


def _screen_spans(s: Sentence) -> list[tuple[int, int]]:
    """Where the sentence quotes a screen text; a cause word in there is the message, not a finding."""
    if not s.quotes:
        return []
    return [(q.start, q.end) for q in s.quotes if classify_quote(s, q) == "error"]


# "resident registration certificates", "to demand refunds": the word, not the cause.
_TLS_CONTEXT = re.compile(r"\b(?:expir\w*|TLS|SSL|HTTPS|security|digital|renew\w*|revok\w*|root|signing|chain|"
                          r"browsers?|encrypt\w*|https)\b", re.I)
_DEMAND_VERB = re.compile(r"\b(?:to|would|will|could|did|they|who|and)\s+$", re.I)


# The supplier, as the subject, failed: "... that supports the app had a technical issue", "... went down".
_SUPPLIER_FAILED = re.compile(r"(?:\s+(?:that|which|who)\s+[^.;,]{0,60}?)?\s+(?:had|has|suffered|experienced|hit)\s+(?:a|an)\s+"
                              r"(?:[\w-]+\s+){0,2}?" + _PROBLEM_NOUNS + r"\b|"
                              r"(?:\s+(?:that|which|who)\s+[^.;,]{0,60}?)?\s+(?:went down|failed|crashed|was down)\b", re.I)


# A supplier word that names a role, not a supplier that failed: the company itself ("The cybersecurity vendor
# says ..."), a description ("is the largest cloud provider"), a partner in business ("its merger partner"),
# a comparison ("undercut the big US cloud providers"), a helper or fallback ("worked with its network provider
# to filter ...", "switched traffic to a model from another provider"), or who employed a crew.
_SUBJECT_START = re.compile(r"^\W*(?:the|a|an)\s+(?:[\w-]+\s+){0,2}$", re.I)  # "The cybersecurity vendor ..."
_ROLE_BEFORE = re.compile(r"(?:\b(?:is|was|are|were|as|became|become)\s+(?:the|a|an|"
                          r"one of the)\s+(?:[\w-]+\s+){0,4}|\b(?:merger|business|joint[- ]venture|launch|retail|channel|"
                          r"strategic|commercial)\s+|\b(?:undercut|cheaper than|compared (?:with|to)|rivals?|competitors?|"
                          r"other|relies on)\s+(?:[\w-]+\s+){0,4}|\b(?:pay|paying|paid|payments?\s+to)\s+(?:[\w-]+\s+){0,3}|\b(?:switched|moved|routed|diverted|shifted|turned to)\b"
                          r"[^.;]{0,60}|\bwork(?:ed|ing|s)? (?:closely )?with\s+(?:its|a|the|their)\s+(?:[\w-]+\s+){0,2}|"
                          r"\b(?:working|work|works|contracted|hired)\s+(?:for|by)\s+(?:a|an|the)\s+)$", re.I)
_ROLE_AFTER = re.compile(r"^\s+(?:integrations?|apps?|programs?|programmes?|(?:(?:have|had|has)\s+)?(?:says|say|said|told|tell|"
                         r"reported|report|announced|complained|warned|asked|ask|noted|wrote|posted)\b)", re.I)
# Partners and suppliers that may be named as speakers: one partner, or several of them (not a single provider,
# which is often the one that failed)
_SPEAKING_SUPPLIERS = ("partner", "partners", "providers", "vendors", "suppliers")


_HARDWARE_NEXT = re.compile(r"^\s+(?:[\w-]+\s+)?(?:storage|disks?|drives?|routers?|switch(?:es)?|hardware|equipment|cables?|"
                            r"power supply|power supplies|servers?|network cards?|line cards?|batter(?:y|ies)|"
                            r"transformers?|chips?|memory|fans?|cooling)\b", re.I)


_WORKED_ON = re.compile(r"\b(?:switch(?:ing)?\s+over|swap(?:ping)?\s+out|replac(?:e|ing)|install(?:ing)?|upgrad(?:e|ing)|"
                        r"mov(?:e|ing)|migrat(?:e|ing)|add(?:ing)?|test(?:ing)?)\s+(?:(?:the|its|a|some|new|old)\s+)*$", re.I)


# A crew that damaged a line or made a mistake at work is who did it, not a service the story's service depends on:
# "a contractor excavating beside the highway cut a fibre cable", "a routing error made by a subcontractor".
_CREW_WORD = re.compile(r"^(?:sub)?contractors?$|^third[- ]part(?:y|ies)$", re.I)
_CREW_DID = re.compile(r"\b(?:cut|cuts|severed?|sever(?:ed|ing)|damag\w*|struck|strikes?|dug|digging|excavat\w*|boring|"
                       r"drill\w*|civil works?|road\s?works?|construction|installing|repairing)\b|"
                       r"\b(?:errors?|mistakes?|slip)\s+(?:made\s+)?by\s+(?:a|an|the|one)\s+(?:\w+\s+)?(?:sub)?contractor|"
                       r"\b(?:sub)?contractor(?:'s|\u2019s)\s+(?:[\w-]+\s+)?(?:errors?|mistakes?|slip)\b|"
                       r"\b(?:workers?|employees?|engineers?|technicians?|crews?|staff)\s+(?:from|of|employed by)\s+"
                       r"(?:a|an|the)\s+(?:\w+\s+)?(?:sub)?contractor", re.I)


def _weak_cue_off(s: Sentence, c: Match) -> bool:
    if c.label.endswith(":third_party"):
        if _CREW_WORD.match(c.text) and _CREW_DID.search(s.text):
            return True
        head = s.text[:c.start]
        if _SUBJECT_START.match(head):  # "The cybersecurity vendor says ...", unless it is the one that failed:
            return not _SUPPLIER_FAILED.match(s.text, c.end)  # "A payment-processing vendor ... had a technical issue"
        if _ROLE_BEFORE.search(head[-80:]):
            return True
        # "its merger partner announced ...", "managed service providers said their help desks had been swamped":
        # partners and suppliers named as the ones speaking (a single "the provider said" is often the one that failed)
        return c.label.startswith("CAUSEWEAK") and c.text.lower().endswith(_SPEAKING_SUPPLIERS) \
            and bool(_ROLE_AFTER.match(s.text[c.end:c.end + 40]))
    if c.label == "CAUSEWEAK:software_bug" and _HARDWARE_NEXT.match(s.text[c.end:c.end + 40]):
        return True  # "a defective storage system": a part, not code
    if c.label == "CAUSEWEAK:hardware" and _WORKED_ON.search(s.text, max(0, c.start - 40), c.start):
        return True  # "an attempt to switch over network equipment": the part was worked on, not at fault
    if c.label == "CAUSEWEAK:certificate":
        return _TLS_CONTEXT.search(s.text) is None
    if c.label == "CAUSEWEAK:capacity" and c.text.lower() == "demand":
        return _DEMAND_VERB.search(s.text[max(0, c.start - 12):c.start]) is not None
    if c.label == "CAUSEWEAK:config_change" and c.text.lower() == "maintenance":
        return _SUPPORT_MONEY.search(s.text, max(0, c.start - 12), c.end + 30) is not None
    return False


# "maintenance payments", "child maintenance": money paid to support a child or spouse, not work on systems
_SUPPORT_MONEY = re.compile(r"\b(?:child|spousal|monthly)\s+maintenance\b|\bmaintenance\s+(?:payments?|grants?|orders?|"
                            r"arrears|allowances?|money|loans?)\b", re.I)


def _cause_cues(s: Sentence) -> list[Match]:
    """The sentence's cause cues, a cue inside a longer one dropped ("software update" inside "faulty
    software update"), plus a hardware part said to have failed ("a router ... overloaded and failed")."""
    cues = [c for c in s.cues if c.label.startswith(("CAUSE:", "CAUSEWEAK:")) and not _weak_cue_off(s, c)]
    kept = cues if len(cues) < 2 else [c for c in cues if not any(
        o is not c and o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start for o in cues)]
    present = _hints_in(s.text.lower())
    for hints, rx, labels in _PHRASED_CAUSES:
        if not present.isdisjoint(hints):  # a cheap look for the key words before the regular expression
            for m in rx.finditer(s.text):
                kept.extend(Match(m.group(0), label, m.start(), m.end()) for label in labels)
    return kept


# More demand than the system could take, in the many ways news says it. Each wording is its own expression,
# looked for only when its key words are in the sentence (one expression for all cost a fifth of the time
# spent on causes, since "users" and "people" are in most sentences).
_DEMAND_SURGES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple((hints, re.compile(rx, re.I)) for hints, rx in (
    # "an unprecedented surge in concurrent traffic", "an unexpected increase in traffic"
    (("surge", "spike", "increase", "jump", "rise", "influx", "flood", "deluge", "wave", "rush", "crush"),
     r"\b(?:surge|spike|increase|jump|rise|influx|flood|deluge|wave|rush|crush)\s+(?:in|of)\s+(?:[\w-]+\s+){0,3}?"
     r"(?:traffic|demand|users|visitors|visits|hits|page views|requests|sign-?ups|log-?ins|viewers|fans|shoppers|filers|customers|usage|players|"
     r"gamers|subscribers|students|applicants|people|transactions?|(?:transaction\s+)?volumes?|payments|orders|bookings|"
     r"registrations|queries)\b"),
    # "1,45,000 requests a second, far above what they had been planned for", "way beyond what we expected"
    (("what",), r"\b(?:far\s+|well\s+|way\s+)?(?:above|beyond|more than)\s+what\s+(?:\w+\s+){0,4}?(?:(?:planned|prepared|"
                r"designed|built|provisioned|sized)\s+for|expected|anticipated|forecast)\b"),
    # "our backend can't keep up", "the servers could not keep up with demand"
    (("keep up",), r"\b(?:backend|back end|servers?|systems?|infrastructure|platform|capacity)\s+(?:\w+\s+){0,2}?(?:can't|"
                   r"cannot|couldn't|could not|was unable to|were unable to|struggled to|failed to)\s+keep up\b"),
    # "couldn't cope with that load"
    (("cope",), r"\b(?:could(?:n't|\s+not)|unable\s+to|failed\s+to|struggl\w+\s+to)\s+cope\s+with\s+(?:[\w-]+\s+){0,4}?"
                r"(?:load|traffic|demand|volumes?|requests|numbers)\b"),
    # the fix tells the cause: "adding server capacity to cope with demand", "added servers to keep up with traffic"
    (("cope", "keep up", "deal with", "handle"),
     r"\b(?:add|adding|added|adds|bring(?:ing)? online|brought online)\s+(?:more\s+|extra\s+|additional\s+)?(?:server\s+)?"
     r"(?:capacity|servers)\s+to\s+(?:cope|deal|keep up|handle)\b(?:\s+with)?\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
     r"(?:demand|traffic|load|rush|surge|crowds?|influx|numbers)\b"),
    # "traffic on a scale we have never experienced before", "had never seen such demand"
    (("never",),
     r"\b(?:traffic|demand|load|visitors|users|shoppers|requests)\s+(?:on\s+a\s+scale|at\s+a\s+level|of\s+a\s+kind)\s+"
     r"(?:\w+\s+){0,2}?never\s+(?:\w+\s+){0,2}?(?:seen|experienced|had|handled)\b|"
     r"\bnever\s+(?:before\s+)?(?:seen|experienced|had|handled)\s+(?:such|this much|so much|that much|this kind of|this level of)"
     r"\s+(?:[\w-]+\s+)?(?:traffic|demand|load|interest)\b"),
    # "servers struggled with the rush", "straining under the weight of demand"
    (("struggl", "strain"),
     r"\b(?:struggled|struggling|struggles|strained|straining)\s+(?:with|under)\s+(?:the\s+)?(?:weight\s+of\s+(?:the\s+)?)?"
     r"(?:[\w-]+\s+){0,2}?(?:rush|demand|load|traffic|crowds?|influx|surge)\b"),
    # "failed under the load"
    (("under",), r"\b(?:failed|buckled|collapsed|crashed|fell\s+over|gave\s+way)\s+under\s+(?:the\s+|that\s+)?(?:[\w-]+\s+)?"
                 r"(?:load|weight|strain|pressure|demand|traffic)\b"),
    # "a surge overwhelms the game"
    (("overwhelm",), r"\bsurges?\b[^.;]{0,30}?\boverwhelm\w*"),
    # "the surge caused connection failures", "the spike in logins led to errors"
    (("surge", "spike", "rush", "influx"), r"\b(?:surge|spike|rush|influx)\b[^.;]{0,40}?\b(?:caused|led to|triggered|resulted in|"
                                          r"brought)\s+(?:[\w-]+\s+){0,3}?(?:failures?|errors?|outages?|crash\w*|slowdowns?|"
                                          r"disruptions?|glitches|problems|issues|timeouts?)\b"),
    # "traffic to its video service hit an all-time high", "log-ins reached a record peak"
    (("high", "peak", "record"), r"\b(?:traffic|demand|usage|log-?ins|sign-?ins|requests|visitors|users)\b[^.;]{0,60}?\b(?:hit|reached|"
                                 r"set|touched)\s+(?:an?\s+|its\s+)?(?:all-time|record|new|historic)\s+(?:high|peak|record)\b"),
    # "left part of its infrastructure unready to take traffic, which cut the capacity available"
    (("capacity",), r"\b(?:cut|cutting|reduced|reducing|lowered|halved)\s+(?:the\s+|its\s+)?(?:available\s+|serving\s+)?"
                    r"capacity\b"),
    # "less capacity than", "scaling up capacity", "not enough capacity", "ran out of capacity"
    (("capacity",), r"\bless\s+capacity\s+than\b|\b(?:manually\s+)?scal(?:e|ing) (?:up )?capacity\b|"
                    r"\b(?:(?:not|n't|unable to|failed to)\s+(?:\w+\s+){0,2}?enough|insufficient|lack of|ran out of|run out of|"
                    r"running out of|short of)\s+(?:\w+\s+)?capacity\b"),
    # "unprecedented traffic", "exceptionally high demand"
    (("traffic", "demand", "load", "volume"),
     r"\b(?:unprecedented|unexpected|heavy|huge|massive|record|overwhelming|extraordinary|sheer|(?:exceptionally\s+|very\s+|"
     r"unusually\s+)?high)\s+(?:[\w-]+\s+)?(?:traffic|demand|load|volumes? of (?:traffic|users|requests)|"
     r"(?:transaction|payment|order|call|request|message)s?\s+volumes?)\b"),
    # "traffic had been higher than it had prepared for"
    (("than",), r"\b(?:traffic|demand|load|visitors|users|requests)\b[^.;]{0,40}\b(?:higher|more|greater|bigger|heavier)\s+than\s+"
                r"(?:\w+\s+){0,3}?(?:expected|planned|prepared|anticipated|forecast|designed|built)\b"),
    # "higher than normal traffic", "heavier-than-usual load"
    (("than",), r"\b(?:higher|heavier|greater|bigger)[- ]than[- ](?:normal|usual|expected|average|anticipated)\s+"
                r"(?:[\w-]+\s+)?(?:traffic|demand|load|volumes?|usage)\b"),
    # "an unusually large number of people were setting up new devices at the same time", "due to the very high
    # number of players logging in": many people at once, or given as the reason
    (("number",), r"\b(?:(?:unusually|very|exceptionally|extremely|really)\s+)?(?:large|high|huge|big|massive|record|"
                  r"unprecedented|enormous|sheer)\s+numbers?\s+of\s+(?:[\w-]+\s+){0,2}?(?:users|people|players|gamers|viewers|"
                  r"customers|visitors|fans|shoppers|students|applicants|subscribers|requests|log-?ins|sign-?ins|devices)\b"
                  r"(?=[^.;]{0,60}\b(?:at\s+(?:the\s+same|one)\s+time|at\s+once|simultaneously|all\s+at\s+once)\b)|"
                  r"\b(?:because\s+of|due\s+to|caused\s+by|owing\s+to|blamed\s+on|down\s+to)\s+(?:the\s+|an?\s+)?"
                  r"(?:(?:unusually|very|exceptionally|extremely)\s+)?(?:large|high|huge|big|massive|record|unprecedented|"
                  r"enormous|sheer)\s+numbers?\s+of\b"),
    # "built to handle 6,000"
    (("built to", "designed to", "sized to"), r"\b(?:built|designed|sized)\s+to\s+(?:handle|cope with|serve|support)\s+"
                                              r"(?:only\s+|just\s+)?[\d,]+"),
))
# A fire where the machines are: it cuts the power and damages the equipment.
_FIRE = re.compile(r"\b(?:battery|lithium|electrical)\s+fire\b|\bfire\s+(?:at|in|broke out (?:at|in)|tore through|swept through|"
                   r"gutted|destroy\w*|damag\w*|engulfed|hit|ripped through)\s+(?:a|the|an|its|one of)\s+"
                   r"(?:[\w'\u2019-]+\s+){0,3}?(?:data[- ]?cent(?:er|re)s?|server rooms?|server halls?|facility|facilities)\b|"
                   r"\b(?:data[- ]?cent(?:er|re)|server room)\s+fire\b", re.I)
# A fire where the lines meet, which burns cables and switching gear: "a fire at Telecom Egypt's Ramses exchange",
# "a fire broke out in an underground cable tunnel"
_FIRE_IN_NETWORK = re.compile(r"\b(?:fire|blaze)\s+(?:at|in|broke out (?:at|in)|tore through|swept through|gutted|destroy\w*|"
                              r"damag\w*|engulfed|hit|ripped through)\s+(?:(?:a|the|an|its|one of)\s+)?(?:[\w'\u2019-]+\s+){0,3}?"
                              r"(?:(?:telephone|telecoms?|network|switching)\s+)?(?:exchanges?|cable (?:tunnels?|ducts?|vaults?)|"
                              r"switching (?:cent(?:er|re)s?|stations?)|equipment rooms?|network hubs?)\b", re.I)
# A certificate that ran out: "a security certificate used by one of its suppliers expired overnight"
_CERT_EXPIRED = re.compile(r"\bcertificates?\b[^.;]{0,80}?\b(?:had\s+|has\s+)?(?:expired|lapsed|ran out|run out)\b", re.I)


# A physical part and what happened to it, in either order: "a partial failure of a switch", "a fault in
# the storage hardware", "undersea cables ... were cut", "a router became overloaded and failed",
# "the surge physically damaged servers". Servers count only when physically harmed.
_PART = (r"(?:routers?|(?:network|backup|core|data[- ]cent(?:er|re)|faulty|failed|failing)\s+switch(?:es)?|"
         r"switch(?:es)?(?=\s+(?:failed|failure|broke|malfunction))|(?:undersea|subsea|submarine|fibre[- ]optic|"
         r"fiber[- ]optic|optical|network|power)\s+cables?|cables?|fibre|fiber|hardware|(?:hard\s+)?disks?|"
         r"hard drives?|storage (?:arrays?|devices?|units?|systems?|controllers?)|circuit breakers?|transformers?|line cards?|"
         r"network cards?|generators?|batter(?:y|ies)|chillers?|"
         # what storms, floods and strikes wreck: "flooding that damaged some of its equipment", "masts ... destroyed"
         r"masts?|cell (?:sites?|towers?)|base stations?)")
_BROKE = (r"(?:failed(?!\s+to\b)|failures?|faulty|defective|faults?|broke(?:\s+down)?|broken|damaged?|cut|severed?|burn(?:ed|t)\s+out|"
          r"fried|malfunction(?:ed|ing|s)?|destroyed|wrecked|washed away|flooded|submerged)")
_HARDWARE_FAILED = re.compile(
    r"\b" + _BROKE + r"\s+(?:(?:of|in|to|at|through|into)\s+)?(?:(?:one|two|three|some|several|many|both|all|each|parts?)\s+of\s+)?"
    r"(?:(?:the|a|an|its|one|two|several|some|multiple|\w+'s)\s+)?"
    r"(?:[\w-]+\s+){0,3}?" + _PART + r"\b|"
    r"\b" + _PART + r"\s+(?:[\w-]+\s+){0,12}?(?:was|were|had|has|have|became|got|being)?\s*(?:\w+\s+and\s+)?"
    r"(?:been\s+)?" + _BROKE + r"\b|"
    r"\bphysically\s+damag\w+\s+(?:the\s+|its\s+)?(?:\w+\s+)?servers\b|"
    r"\b(?:piece of\s+|pieces of\s+)?equipment\s+(?:[\w-]+\s+){0,12}?(?:malfunction(?:ed|s)?|failed|broke down|"
    r"overheated|(?:was|were|had been)\s+(?:damaged|destroyed|wrecked|flooded|washed away))\b|"
    # a storm's or a strike's damage: "flooding that damaged some of its equipment", "replace damaged equipment"
    r"\b(?:damaged|destroyed|wrecked|flooded)\s+(?:(?:some|much|most|all|parts?)\s+of\s+)?(?:(?:the|its|their)\s+)?"
    r"(?:[\w-]+\s+)?equipment\b", re.I)

# Power cut to the machines, in either order: "power to the site was shut down as a precaution", "emergency
# crews cut the electricity to the whole site"
_POWER_CUT = re.compile(r"\bpower\s+(?:to|at|in)\s+(?:the|its|their|a)\s+(?:[\w-]+\s+){0,2}?(?:was|were|had been|got)\s+"
                        r"(?:shut|cut|switched|turned)(?:\s+(?:down|off))?\b|"
                        r"\b(?:cut|shut off|switched off|turned off|disconnected)\s+(?:the\s+)?(?:electricity|power|mains)"
                        r"(?:\s+supply)?\s+(?:to|at|in)\b", re.I)
# A release at fault: "a fault in a software update", "a bug in the upgrade", "caused by an update to our systems"
# The words that make an update a routine operation rather than a release of new code
_ROUTINE = r"(?:routine|scheduled|planned|regular|nightly|daily|overnight|weekly)"
_FAULTY_RELEASE = re.compile(r"\b(?:fault|bug|flaw|error|glitch|defect)\s+in\s+(?:a|an|the|its)\s+(?:[\w-]+\s+)?"
                             r"(?:update|upgrade|release|patch)\b|"
                             r"\b(?:caused by|blamed on|due to|because of|traced to|down to)\s+(?:a|an|the|its|our|their)\s+"
                             r"(?:[\w-]+\s+){0,2}?(?:update|upgrade|release|patch)\b|"
                             r"\b(?:botched|buggy|flawed|defective)\s+(?!" + _ROUTINE + r"\b)(?:[\w-]+\s+)?(?:update|release|patch)\b",
                             re.I)
# Software that crashed or hit a programming fault: "the proxy software ... which then crashed", "the
# new code hit a null pointer", "a race condition". A site that "crashed" under load is not this.
_SOFTWARE_CRASH = re.compile(
    r"\b(?:software|code|program|process(?:es)?|binar(?:y|ies)|daemon|module|proxy|firmware)\b[^.;]{0,50}?"
    r"\b(?:crash(?:ed|es|ing)?|panick?(?:ed|s)?|hung|segfault\w*)\b|"
    r"\b(?:null pointer|race condition|unhandled exception|infinite loop|memory leak|stack overflow)\b", re.I)
# "a mistake in how its defences were configured", "an error in the way the routers were set up"
_MISCONFIGURED = re.compile(r"\b(?:mistake|error|flaw|fault|problem)\s+in\s+(?:how|the way)\s+(?:[\w'-]+\s+){0,5}?"
                            r"(?:was|were|had been)\s+(?:configured|set up)\b|"
                            # a person put in a wrong setting: "a technician entered an incorrect routing setting"
                            r"\b(?:entered|typed|keyed in|input|applied|pushed|set)\s+(?:a|an|the)\s+(?:wrong|incorrect|bad|"
                            r"faulty|mistaken|erroneous)\s+(?:[\w-]+\s+)?(?:settings?|values?|parameters?|configurations?|"
                            r"commands?|entr(?:y|ies))\b", re.I)
# A change said to have done the damage: "a small API change had massive ramifications", "a scheduled change
# to its network settings published an incorrect DNS record", "a database change made during overnight
# maintenance had caused sign-ins to fail"
_CHANGE_DID_IT = re.compile(
    r"\b(?:a|an|the|its|one|that)\s+(?:[\w-]+\s+){0,2}?(?:change|changes|tweak|adjustment|switchover|changeover|cutover|"
    r"migration)\b(?:\s+(?:to|in|on|of|made|carried out|applied|pushed)\b[^.;]{0,60}?)?\s+(?:had\s+|has\s+|then\s+)?"
    r"(?:caused|triggered|broke|published|stopped|wiped|deleted|removed|corrupted|set off|sent|disrupted|disabled|"
    r"blocked|prevented|led to|left|knocked|took\s+(?:\w+\s+){0,3}?(?:down|offline|out)|brought\s+(?:\w+\s+){0,3}?down|"
    r"had\s+(?:\w+\s+)?(?:ramifications|consequences|effects|side[- ]effects|knock-on effects)|"
    r"(?:was|were)\s+(?:\w+\s+)?(?:behind|to blame for|the cause of|responsible for))\b", re.I)
# Someone else made the change: "a change to DNS records, made by the company that runs MitID, was behind ..."
_CONTRACTOR_DID_IT = re.compile(
    r"\b(?:made|carried out|caused|introduced|pushed|applied|installed)\s+by\s+(?:the\s+|a\s+|an\s+)?(?:outside\s+|"
    r"external\s+)?(?:company|firm|contractor|supplier|vendor|operator|provider|partner)\s+(?:that|which|who)\s+"
    r"(?:runs|ran|operates|operated|maintains|maintained|manages|managed|hosts|hosted|supplies|supplied)\b", re.I)
# A change that went wrong: "the botched IT migration", "a failed attempt to switch over network equipment",
# "the outage began during maintenance work to swap out a router"
_CHANGE_WENT_WRONG = re.compile(
    r"\b(?:botched|failed|faulty|flawed|bungled|unsuccessful|troubled|disastrous)\s+"
    r"(?:(?!during|in|at|on|after|before|while|when|by)[\w-]+\s+){0,2}?"
    r"(?:switchover|switch-over|changeover|cutover|migration|upgrade|maintenance)\b|"
    r"\b(?:failed|unsuccessful|botched)\s+attempt\s+to\s+(?:switch|migrate|upgrade|move|swap|replace|transfer)\b|"
    # "a botched routine update", "a failed nightly refresh"
    r"\b(?:botched|failed|faulty|flawed|bungled)\s+" + _ROUTINE + r"\s+(?:[\w-]+\s+)?(?:update|refresh|job|run)\b|"
    r"\b(?:began|started|occurred|happened|struck|emerged|arose)\b[^;]{0,80}?\bduring\s+(?:(?:a|an|the|its|routine|"
    r"scheduled|planned|overnight)\s+)*(?:[\w-]+\s+){0,2}?(?:maintenance|upgrade|migration|switchover|changeover)\b"
    r"(?!\s+(?:work\s+)?to\s+(?:replace|repair|fix)\s+(?:[\w-]+\s+)?(?:failing|faulty|failed|broken|damaged|defective))", re.I)
# The part that failed was someone else's: "fibre-optic cables belonging to Deutsche Telekom were cut", "a storage
# system at a data centre operated by an external IT contractor". The story's own ("run by the bank") does not count.
_OTHERS_PART = re.compile(
    r"\b(?:cables?|lines?|fibre|fiber|networks?|data[- ]?cent(?:er|re)s?|systems?|servers?|infrastructure|facility|"
    r"exchanges?|platforms?)\s+(?:[\w-]+\s+){0,2}?(?:belonging to|owned by|operated by|run by|maintained by|managed by)\s+"
    r"(?!(?:the|its|our|their)\s+(?:own\b|company|bank|airline|firm|operator|carrier|agency|government|group)\b)"
    r"(?:(?:an?|another)\s+(?:[\w-]+\s+){0,2}?(?:contractor|company|firm|provider|supplier|vendor|operator|carrier|"
    r"partner)\b|[A-Z][\w&.-]+)")
# A fault in the code itself, or one a change brought in: "a defect in the software of new relay computers", "a recent
# deployment had introduced an error"
_CODE_FAULT = re.compile(r"\b(?:defects?|faults?|bugs?|flaws?|errors?|glitch(?:es)?)\s+in\s+(?:the\s+|its\s+|their\s+|a\s+)?"
                         r"(?:[\w-]+\s+)?(?:software|code|program|firmware|application|app's code)\b|"
                         r"\bintroduc(?:ed|es|ing)\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:error|bug|defect|regression|flaw)\b", re.I)
_PHRASED_CAUSES = (
    (("defect", "fault", "bug", "flaw", "error", "glitch", "introduc"), _CODE_FAULT, ("CAUSE:software_bug",)),
    (("belonging to", "owned by", "operated by", "run by", "maintained by", "managed by"), _OTHERS_PART,
     ("CAUSEWEAK:third_party",)),
    (("fail", "fault", "broke", "damag", "cut", "sever", "burn", "fried", "malfunction", "defective", "destroy",
      "wreck", "washed away", "flooded", "submerged"), _HARDWARE_FAILED,
     ("CAUSE:hardware",)),
    (("electricity", "power", "mains"), _POWER_CUT, ("CAUSE:power",)),
    *((hints, rx, ("CAUSE:capacity",)) for hints, rx in _DEMAND_SURGES),
    (("fire",), _FIRE, ("CAUSE:power", "CAUSE:hardware")),
    (("fire", "blaze"), _FIRE_IN_NETWORK, ("CAUSE:hardware",)),
    (("certificate",), _CERT_EXPIRED, ("CAUSE:certificate",)),
    (("configured", "set up", "wrong", "incorrect", "bad", "faulty", "mistaken", "erroneous"), _MISCONFIGURED,
     ("CAUSE:config_change",)),
    (("change", "tweak", "adjustment", "switchover", "changeover", "cutover", "migration"), _CHANGE_DID_IT,
     ("CAUSE:config_change",)),
    (("switchover", "switch-over", "changeover", "cutover", "migration", "upgrade", "maintenance", "attempt to",
      "routine", "scheduled", "planned", "regular", "nightly", "daily", "overnight", "weekly"),
     _CHANGE_WENT_WRONG, ("CAUSE:config_change",)),
    (("update", "upgrade", "release", "patch"), _FAULTY_RELEASE, ("CAUSE:software_bug",)),
    (("made by", "carried out by", "caused by", "introduced by", "pushed by", "applied by", "installed by"),
     _CONTRACTOR_DID_IT, ("CAUSE:third_party",)),
    (("crash", "panic", "hung", "segfault", "null", "race", "exception", "loop", "leak", "overflow"),
     _SOFTWARE_CRASH, ("CAUSEWEAK:software_bug",)),
)

_HINTS = sorted({h for hints, _, _ in _PHRASED_CAUSES for h in hints}, key=len, reverse=True)


def _hints_in(lower: str) -> set[str]:
    """The key words of the phrased causes that a (lower-case) sentence holds (eighty substring tests cost less
    than one regular expression of eighty alternatives)."""
    return {h for h in _HINTS if h in lower}


_DEMAND = re.compile(r"\b(?:demand|backlog|users|visitors|requests|customers|fans|players|shoppers|gamers|viewers|sign-?ups|"
                     r"log-?ins|load|volumes?|surge|spike|influx|rush|flood of|queues?|interest|popularity|"
                     r"people|applicants|buyers|(?<!passing )(?<!carrying )traffic)\b", re.I)


_USER_POST = re.compile(r"\b(?:posted|tweeted|wrote on|commented|(?:a|one|another) (?:customer|user|reader|viewer|player|"
                        r"subscriber|passenger|commuter)s?)\b", re.I)
_GENERIC = re.compile(r"\b(?:usually|typically|often|generally|sometimes)\b[^.;,]{0,40}$", re.I)
_HABITUAL = re.compile(r"\b(?:every|each) (?:night|day|morning|evening|week|weekend|month|sunday|saturday)\b|"
                       r"\b(?:nightly|usually|normally|typically|routinely|regularly)\b", re.I)


def _clause_fine(s: Sentence, c: Match) -> bool:
    start, end = _clause_bounds(s.text, c.start, c.end)
    return bool(_FINE_CLAUSE.search(s.text[start:end]))


_ROLLBACKS = frozenset({"rolled back", "roll back", "rollback", "rolled it back", "reverted"})


def _remedy_or_effect(s: Sentence, c: Match, cues: list[Match]) -> bool:
    """A cue that names the fix, not the cause ("deployed a fix"), or an overload with no demand behind
    it ("the core routers were overwhelmed" by a routing flood; "overloaded" alone still counts)."""
    name = c.label.split(":", 1)[1]
    after = s.text[c.end:c.end + 25]
    if name == "config_change" and (re.match(r"\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:fix|fixes|patch|"
                                              r"remedy|workaround|rollback|mitigation)\b", after, re.I)
                                     or re.search(r"\b(?:fix|fixes|patch|remedy|workaround)\s+(?:was|were|is|are|had been|"
                                                  r"has been)\s+(?:being\s+)?$", s.text[max(0, c.start - 40):c.start], re.I)):
        return True  # "a fix was being rolled out"
    if name == "config_change" and c.text.lower() in _ROLLBACKS and any(
            o.end <= c.start and o.label.split(":", 1)[1] != name for o in cues):
        return True  # "an internal code change, which its engineers had rolled back": the cause is the change
    if name == "power" and c.text.lower().startswith("storm") and re.search(
            r"\b(?:retry|retries|request|traffic|thundering|packet|broadcast|signal+ing|reconnect\w*|login|log-in)\s+$",
            s.text[max(0, c.start - 20):c.start], re.I):
        return True  # a "retry storm" is load, not weather
    if name == "capacity" and (re.search(r"\b(?:rivals?|competitors?|alternatives?)\b", s.text[:c.start], re.I)
                               or re.match(r"[^.;]{0,40}\bduring the (?:outage|disruption)", s.text[c.end:], re.I)):
        return True  # "Rivals said they saw a jump in viewers during the outage": its effect, not its cause
    if name == "power" and c.text.lower().startswith("generator") and re.search(
            r"\b(?:video|image|text|music|voice|code|content|art|AI|report|password|QR)\s+$", s.text[max(0, c.start - 12):c.start],
            re.I):
        return True  # "its video generator Sora"
    if name in ("dns", "bgp_routing") and _clause_fine(s, c):
        return True  # "its 1.1.1.1 DNS resolver answered queries as usual"
    if name == "config_change" and c.text.lower() == "command" and re.match(r"\s+(?:cent(?:re|er)s?|posts?)\b",
                                                                           s.text[c.end:c.end + 10], re.I):
        return True  # "its technology command centre"
    if name == "third_party" and c.label.startswith("CAUSEWEAK:") and s.in_quote(c.start) and _USER_POST.search(s.text):
        return True  # '"Tried to pay my vegetable vendor ...," a customer posted': a user's words
    if name == "config_change" and _HABITUAL.search(s.text):
        return True  # "IRCTC carries out routine maintenance every night": a schedule, not what broke
    if name == "capacity" and c.text.lower().startswith("overwhelm"):
        return not _DEMAND.search(s.text[max(0, c.start - 80):c.end + 60])
    return False


# "no indication that this was weather-related or the result of any malicious activity": a denial further back
# than the clause window, for as long as the sentence runs on.
_NO_SIGN_BEFORE = re.compile(r"\bno (?:indication|evidence|sign)\b[^.;:]*$", re.I)


# Where the clause holding a cue begins: "...; but", "... and said" ("ruled out an attack and said demand was to blame").
_CLAUSE_BREAK = re.compile(r"[;,]\s+(?:but|and|while|although|though)\b|[;:]|"
                           r"\b(?:and|but)\s+(?:said|says|added|insisted|stressed|explained|noted)\b")
# What users could not do, then why: the "not" is the failure's, not a denial of the cause.
_INABILITY_THEN_WHY = re.compile(r"^.*\b(?:could not|couldn't|cannot|can't|unable to|were not able to|was not able to|"
                                 r"did not work|didn't work)\b.*?\bafter\s+", re.I | re.S)


# Said after the cue: "... was ruled out", "an overloaded server remains a guess"
_DISMISSED_AFTER = re.compile(r"[^.;]{0,30}\b(?:(?:was|were|is|are|had been|has been) (?:ruled out|not|dismissed|no excuse)|"
                              r"(?:remains?|remained|is|was) (?:still |only |just |merely )?(?:a |an )?(?:guess|theory|"
                              r"speculation|unconfirmed|unproven|hypothesis))", re.I)


def _cause_negated(s: Sentence, c: Match) -> bool:
    if re.match(r"^[^.;]{0,60}\b(?:but|although|though|yet)\s+(?:there(?:'s| is| was| has been)|[\w ]{0,30}?\b(?:said|says|"
                r"found|saw|had seen|has seen|seen))\s+(?:\w+\s+){0,3}?no\s+(?:evidence|sign|indication)", s.text[c.end:], re.I):
        return True  # "players were quick to blame a DDoS attack, but there is no evidence for that"
    if _HEDGED.search(s.text[:c.start]) or re.match(r"\s+(?:\w+\s+)?claim(?:ed|s)?\b", s.text[c.end:c.end + 20], re.I):
        return True
    if c.label.endswith("cyberattack") and _HEDGED.search(s.text):
        return True  # "One popular theory is that people ... flocked to Claude and overwhelmed them"
    before = s.text[max(0, c.start - 60):c.start]
    clause = _INABILITY_THEN_WHY.sub("", _CLAUSE_BREAK.split(before)[-1])  # "customers could not make calls after fire damaged a cable"
    if _NEGATION.search(clause) or _GENERIC.search(clause):
        return True
    if _NO_SIGN_BEFORE.search(s.text[max(0, c.start - 140):c.start]):
        return True  # "no indication that this was weather-related or the result of any malicious activity"
    if s.text.rstrip().endswith("?"):
        return True  # "Was LastPass hacked?": a question, not a finding
    return _DISMISSED_AFTER.match(s.text, c.end, c.end + 50) is not None


def choose_features(sentences: list[Sentence]) -> tuple[list[str], Evidence]:
    counts: Counter[str] = Counter()
    ev: dict[str, str] = {}
    for s in sentences:
        if s.context or not s.labels("OUTAGE"):
            continue
        for c in s.labels("FEATURE:"):
            name = c.label.split(":", 1)[1]
            counts[name] += 1
            ev.setdefault(name, s.text)
    features = [f for f, _ in counts.most_common(6)]
    return features, ({"features": list(dict.fromkeys(ev[f] for f in features))} if features else {})


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def earlier_outages(sentences: list[Sentence], catalog: Catalog) -> tuple[list[dict[str, object]], Evidence]:
    """Other outages the article mentions for context, kept apart from this one's facts."""
    from extract.timeparse import find_durations

    found: list[dict[str, object]] = []
    for s in sentences:
        if not s.context or not s.labels("OUTAGE") or BOILER.match(s.text):
            continue
        names = [m.label for m in s.services if catalog.get(m.label) and not catalog.is_tracker(m.label)]
        when = s.dates[0].day.isoformat() if s.dates else (_YEAR.search(s.text) or [None])[0]
        durations = find_durations(s.text)
        found.append({"services": list(dict.fromkeys(names)), "when": when,
                      "duration_minutes": durations[0].minutes if durations else None, "evidence": s.text})
    return found, ({"earlier_outages": [f["evidence"] for f in found]} if found else {})  # type: ignore[misc]

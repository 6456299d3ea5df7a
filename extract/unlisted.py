"""Services the catalog does not list, read from how the text talks about them.

News about a bank, portal or app we have never heard of still names it the way it names any service:
"Telcel outage leaves phones without signal", "OPay users stranded as transfers fail", "the day Government24
went dark", "an outage at Acme Pay". When no catalog service is affected, the name that the headline or the
body puts in such a place, and that the story keeps repeating, is taken as the affected service.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from extract.catalog import Catalog
from extract.document import Match, Sentence
from extract.gazetteer import load_gazetteer
from extract.nlp import LIST_JOIN, SHOUTED

# A brand: capitalised words (or a camel-case word such as "OPay"), with digits and joiners inside.
# "of" may join two capitalised words: "Bank of Valletta", "University of Aberdeen".
_NAME = re.compile(r"(?<![\w@#/.-])(?:[A-Z][\w&+'.\-]*[\w+]|[A-Z])(?:\s+(?:of\s+)?(?:[A-Z0-9][\w&+.\-]*[\w+]|[A-Z0-9]))*(?![\w-])")
_HOLDER = (r"(?:app|apps|website|site|online|mobile|digital|internet|banking|payment|payments|transfer|transfers|service|"
           r"services|system|systems|network|platform|portal|servers?|logins?|log-ins?|bookings?|users|customers|subscribers|"
           r"clients|account|accounts|cards?|wallet|e-wallet|data|calls|players|gamers|fans|viewers|members|tests?|exams?|testing|"
           r"streams?|streaming|computers|PCs|catalogues?|catalogs?|records|machines|terminals|readers|"
           # a chain's shops, tills and shoppers: "Tim Hortons restaurants", "Hannaford shoppers"
           r"stores|shops|branches|restaurants|outlets|pharmacies|tills|registers|checkouts|shoppers|diners|guests|"
           # what a telecom sells: "Hollandsglas internet, TV and phone down"
           r"TV|television|phones?|landlines?|broadband|fibre|fiber|e-?mail|wi-?fi|"
           r"(?<=online\s)(?:orders|ordering|shopping|deliveries))")
# What follows a failing service: "... outage", "... users stranded", "...'s app went down", "... went dark".
# Also after an apposition ("Zalo, the messaging app most Vietnamese use, stopped working"), and an apology
# for the failure ("Viaplay apologises after streams fail").
_FAILS_AFTER = re.compile(
    r"^(?:,\s+(?:the|a|an|its|[A-Z][\w-]*(?:'s|\u2019s))\s[^,;()]{3,90}?,|\s+\([A-Z][\w.&-]{1,10}\))?"
    # after a possessive, up to three words may describe the failure: "J.Crew's five-hour Black Friday crash"
    r"(?:(?:'s|\u2019s)\s*(?:[\w-]+\s+){0,3}?|,?\s*(?:[a-z][\w-]*\s+)?)(?:" + _HOLDER + r"(?:\s+|,\s+|\s+and\s+)){0,2}"
    # "website, accounts and public computers down": one more holder after a describing word
    r"(?:(?:[a-z][\w-]*\s+)?" + _HOLDER + r"\s+)?"
    # where: "Tim Hortons restaurants across Canada were unable to ...", "shoppers in Maine and New Hampshire cannot"
    r"(?:(?<=\s)(?:across|in|throughout|around)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?"
    r"(?:(?:,\s+|\s+and\s+)[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?){0,3}\s+)?"
    # a holder, then one more thing of it listed: "PhilHealth website, e-Claims still down", "X app and website down"
    r"(?:(?<=,\s)[\w-]+\s+|(?<=\sand\s)[\w-]+\s+)?"
    # a relative clause after the holder: "the Salute Lazio portal, which residents use to book jabs, had gone dark"
    r"(?:(?<=,\s)(?:which|that|where)\s[^;()]{3,90}?,\s+)?"
    r"(?:(?:is|was|were|are|has been|have been|had been|has|have|had|went|gone|goes|go|remains?|remained|briefly|still)\s+){0,2}"
    r"(?:down|offline|dark|outages?|glitch\w*|crash\w*|fail\w*|disrupt\w*|faults?|chaos|meltdown|"
    # taking its own app down: "Ocado pulls its app", "switched off its mobile app", "took its website offline"
    r"(?:pull(?:s|ed)?|switch(?:es|ed)? off|shut(?:s)? off|t(?:akes|ook) down|t(?:akes|ook))\s+(?:its|their)\s+"
    r"(?:[\w-]+\s+)?(?:apps?|websites?|site|online\s+\w+|systems?|services?|platform)\b(?!\s+(?:to|into|onto)\b)|"
    r"knocked (?:offline|out)(?!\s+(?:the|a|an|its|their|his|her|most|all|much|many|some|power|\d)\b)|taken offline|"
    r"stranded|stuck|locked out|left without|unable|could not|couldn't|cannot|can't|hit by|suffer\w*|problems|issues|errors?|"
    r"lost (?:service|signal|connection|connectivity|access|mobile|data|internet|calls|their)\b|"
    r"(?:still\s+)?struggl\w+ to|crippled|paralys\w+|paralyz\w+|f[ae]ll apart|falls apart|buckl\w+|stutter\w*|"
    r"(?:among the\s+)?(?:worst|hardest)[- ]hit|"
    r"(?:to |will )?(?:compensat|refund)\w*\b[^;]{0,60}?\bafter\b|gave way|give way|"
    r"not working|stopped (?:working|loading|playing|responding|processing|sending)|(?:goes|go|went|fell|falls) (?:silent|quiet)|"
    r"f[ae]lls? over|blackout|breakdown|apologi[sz]\w* (?:to [\w\s'-]{3,60}?)?(?:after|for)|"
    r"halt(?:s|ed)?|suspend(?:s|ed)|shuts? down|"
    # owning up to its failure: "says attack on its systems behind ...", "said on Tuesday that a glitch had ..."
    r"(?:says?|said|confirm(?:s|ed)?|admit(?:s|ted)?|blames?|blamed)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:an?\s+|the\s+|its\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:(?:cyber-?)?attack|outage|glitch|ransomware|hack(?:ers?|ing)?|disruption|crash|"
    r"(?:technical|system|IT|computer)\s+(?:problem|issue|fault|glitch|failure|incident))|"
    # its staff found its systems failing: "(staff at) X found that the records system was not working", "... Western
    # Health and Labrador-Grenfell Health, found they could not open patient records"
    r",?\s*(?:found|discovered|noticed|realised|realized)\s+(?:that\s+)?(?:(?:its|the|their)\s+(?:[\w-]+\s+){0,3}?(?:systems?|"
    r"network|servers?|website|app|computers|records|files|data)\s+(?:was|were|had been|had|has been)\s+(?:not working|down|"
    r"offline|fail\w*|crash\w*|encrypted|unavailable|inaccessible|locked)|(?:they|it|staff|users|customers)\s+(?:could not|"
    r"couldn't|were unable|was unable|had been locked out))|"
    # "blames identity provider Auth0 for five-hour login failure": the failure is its own, the blame elsewhere
    r"blam(?:es|ed)\s+[^;]{3,60}?\s+for\s+(?:the\s+|its\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?(?:outages?|failures?|crash|"
    r"disruptions?|problems|issues|glitch)|"
    # back after a failure: "reopens after cyberattack", "resumes trading after four-hour halt", "returns ... after"
    r"(?:reopen\w*|resum\w*|back|restor\w*|returns?|returned|recover\w*)\b[^;]{0,60}?\bafter)\b", re.I)
# What comes before one: "an outage at ...", "Is ... down?", "customers of ...".
_FAILS_BEFORE = re.compile(r"(?:\b(?:outages?|disruptions?|glitch|failures?|crash|problems|issues|trouble|blackout|"
                           r"breakdown|fire|(?:cyber)?attack|ransomware|hack)\s+(?:at|of|on|with|against|hit(?:ting|s)?|affecting)\s+"
                           r"(?:the\s+)?|^\W*Is\s+|"
                           # "ransomware hits hosting firm IFX Networks"
                           r"\b(?:hits?|strikes?|struck|cripples?|crippled|knocks? out|knocked out|takes? down|took down|"
                           r"taken down|taking down)\s+(?!(?:on|at|in|against|from)\b)"  # not the noun: "strike on Hodeidah"
                           r"(?:the\s+)?(?:[a-z][\w-]*\s+){0,5}(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}(?:'s|\u2019s)\s+)?|"
                           r"\b(?:users|customers|subscribers|clients) (?:of|on|with|at)\s+(?:the\s+)?|\bthe day\s+)$", re.I)
# Words that open a headline or sentence without being part of a name.
_LEADING = frozenset("""a an the this that these those is are was were it its our their his her my your
breaking live update updated latest exclusive watch explained report why what how when where who
major massive huge widespread nationwide global brief partial fresh new another second third
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
some many most several few both each""".split())
# Who a service's users are: "Customers of YemenNet".
_PEOPLE = frozenset("users customers subscribers clients members residents fans players owners".split())
# Holidays and events: "Christmas shoppers", "Super Bowl pizza orders".
_EVENTS = frozenset(("christmas", "easter", "thanksgiving", "halloween", "diwali", "ramadan", "eid", "hanukkah",
                     "new year", "new year's eve", "super bowl", "world cup", "olympics", "grand final", "prime day",
                     "singles day", "boxing day", "black friday", "cyber monday", "valentine's day", "mother's day"))
# Names that are never a service on their own.
_GENERIC = frozenset("""users customers people internet web online mobile app apps service services outage outages
bank banks government police airport payments digital network power several thousands millions hundreds
downdetector reuters ap afp bloomberg company firm officials ministry minister spokesperson spokesman
spokeswoman ceo i we they he she x brits aussies kiwis yanks americans canadians europeans londoners
fans gamers players shoppers commuters passengers travellers travelers students taxpayers residents citizens
households businesses traders drivers viewers readers parents ddos dns api apis isp isps sms voip vpn cdn bgp ssl
tls covid covid-19 coronavirus tv television phone phones landline landlines broadband fibre fiber wifi wi-fi
email e-mail card cards january february march april may june july august september
october november december""".split())


# An unknown name is an online service only when the sentences that say it failed also say what of it is online.
# What a traveller sees of an airport's or railway's IT failing: counters, boards and screens, bag systems.
TRAVEL_IT = (r"check-?in (?:counters?|desks?|kiosks?|systems?)|boarding pass(?:es)? (?:printed|written|issued) by hand|"
             r"(?:departure|arrivals?|flight|flight information|information|display) (?:boards?|screens?|displays?)|"
             r"baggage (?:systems?|sorting|handling)|ticket (?:machines?|gates?|barriers?)|"
             r"(?:airport|station|rail|signalling|IT|computer|booking|reservation|ticketing) (?:systems?|network)|"
             r"(?<!power )(?<!electricity )(?<!grid )network (?:failure|equipment|fault)")
_ONLINE = re.compile(r"\b(?:" + TRAVEL_IT + r"|apps?|websites?|web ?sites?|site|online|internet|web|log ?ins?|logins?|log in|sign in|"
                     r"(?:would not|wouldn't|won't|failed to|not) load|loading|buffering|"
                     r"digital|portals?|e-filing|cloud|servers?|software|payments?|transfers?|e-?wallets?|"
                     r"mobile (?:data|banking|money|networks?)|(?:mobile |cell )?phones?|calls|texts|cellular|broadband|wi-?fi|streaming|streams?|platform|accounts?|"
                     r"payment systems?|records? systems?|(?:electronic |patient |medical |health )+records|computer networks?|(?:mobile|network|telecoms?|phone|cable|internet) "
                     r"(?:operators?|providers?|carriers?)|subscribers)\b", re.I)


_SEQUEL_BEFORE = re.compile(r"(?<![\w-])([A-Z][\w'.-]*(?:\s+(?:of\s+)?[A-Z][\w'.-]*){0,3}\s+(?:[IVX]{1,4}|\d{1,2})):\s+$")


# Days that are events, not services: "Black Friday", "Cyber Monday", "Patch Tuesday"; "Prime Day", "Boxing Day".
_EVENT_DAY = re.compile(r"^(?:(?:Black|Cyber|Patch|Good|Easter|Super|Giving|Holy|Ash|Blue)\s+"
                        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|.+\s+(?:Day|Eve))$")


def _trim(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in _LEADING and not (words[0] == "My" and len(words) > 2):
        words.pop(0)  # "My School Online", "My Health Record": a portal's name may start with "My"
    if len(words) > 2 and words[0].lower() in _PEOPLE and words[1] == "of":
        words = words[2:]  # "Customers of YemenNet": whose customers, not a name
    while len(words) > 1 and len(words[0]) > 5 and words[0].isupper() and not words[1].isupper():
        words.pop(0)  # "HUNGRY Greggs fans were left ...": a tabloid shouts its first word, an acronym is shorter
    if _EVENT_DAY.match(" ".join(words)) or " ".join(words).lower() in _EVENTS:
        return ""  # "Black Friday", "Christmas", "Super Bowl": when it happened, not what failed
    while words and (words[-1].lower() in _LEADING or len(words) > 1 and (words[-1] == "IT" or words[-1] in SHOUTED)):
        words.pop()  # "University of Aberdeen IT": the name, then what of it failed; "DVSA DOWN": a shouted headline
    if len(words) > 1 and words[-1] == "of":
        words.pop()
    owner = [i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "\u2019s"))]
    if owner:
        words = words[owner[-1] + 1:]  # "Florida's CONNECT", "San Francisco's Muni": whose it is, then the name
    name = " ".join(words)
    if name.endswith(("'s", "\u2019s")) and len(name) > 4:
        name = name[:-2]  # "J.Crew's website": the name, then its possessive
    return name


# A government body's name may hold "and": "Department of Justice and Constitutional Development", "Ministry of
# Housing and Urban Development".
_BODY = re.compile(r"(?:Department|Ministry|Office|Bureau|Agency|Commission|Secretariat) (?:of|for) [A-Z]")
_AND_MORE = re.compile(r"\s+and\s+(?:the\s+)?[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*")


def _names_in(text: str) -> Iterator[tuple[str, int, int]]:
    """The text's capitalised names, trimmed of leading and trailing words that are not part of a name, with
    their spans; not generic words, not the people of a place."""
    skip = 0
    for m in _NAME.finditer(text):
        if m.start() < skip:
            continue
        name = _trim(m.group(0))
        if not name or name.lower() in _GENERIC or len(name) < 2 or name in _MONTHS_DAYS or _people_of_a_place(name):
            continue
        start = m.start() + m.group(0).index(name)
        more = _AND_MORE.match(text, m.end()) if _BODY.search(name) else None
        if more:
            name, skip = name + more.group(0), more.end()
        yield name, start, start + len(name)


def _region_only(s: Sentence, start: int, end: int) -> bool:
    return any(r.start <= start and end <= r.end for r in s.regions)


_COMPASS = frozenset("north south east west central northeast northwest southeast southwest".split())


def _place_like(name: str) -> bool:
    """"East US 2", "West Europe": a cloud region's name, made of compass words, places and numbers."""
    gazetteer = load_gazetteer()
    words = name.split()
    return len(words) > 1 and all(w.lower() in _COMPASS or w.isdigit() or w in gazetteer.surfaces for w in words)


def _people_of_a_place(name: str) -> bool:
    """"Kenyans", "Brits", "Filipinos": the people of a place, not a service."""
    gazetteer = load_gazetteer()
    if not name.endswith("s"):
        return False
    if name[:-1] in gazetteer.adjectives or name[:-2] in gazetteer.adjectives or name[:-1] in gazetteer.surfaces:
        return True
    # "Swedes", "Danes", "Finns", "Scots": a people named from the stem of the adjective ("Swedish", "Scottish")
    stems = (name[:-1], name[:-2]) if name.endswith("es") else (name[:-1],)
    return any(len(stem) > 2 and stem + tail in gazetteer.adjectives for stem in stems for tail in ("ish", "tish"))


def _spelled_out(sentences: list[Sentence], short: str) -> str | None:
    """"Bank Syariah Indonesia (BSI)": the full name an acronym stands for."""
    if not short.isupper() or len(short) > 6:
        return None
    for s in sentences:
        m = re.search(r"((?:[A-Z][\w&'.-]*\s+){1,6})\(\s*" + re.escape(short) + r"\s*\)", s.text)
        if m:
            words = m.group(1).split()
            initials = "".join(w[0] for w in words if w[0].isupper())
            if initials.endswith(short[:1]) or short[0] in initials:
                return _trim(" ".join(words[-max(len(short), 2):] if len(words) > len(short) + 1 else words))
    return None


# The words that end an organisation's full name: "Patelco Credit Union", "CenterPoint Energy", "Scripps Health".
_ORG_TAIL = re.compile(r"(?:\s+[A-Z][\w&'.-]*){0,2}?\s+(?:Credit Union|Building Society|Energy|Power|Electric|Water|Gas|Health|"
                       r"Healthcare|Health System|Hospitals?|Bank|Banking Group|Financial|Insurance|Airlines|Airways|Air|"
                       r"Telecom|Telecoms|Communications|Networks|Broadband|Fibre|Fiber|Railways?|Transit|Council|"
                       r"Authority|University|College|Schools)\b")


def _display_name(sentences: list[Sentence], name: str) -> str:
    """The name as the story gives it in full: an acronym spelled out, a short firm name with its tail."""
    return _spelled_out(sentences, name) or (None if _ORG_TAIL.search(name) else _full_name(sentences, name)) or name


def _full_name(sentences: list[Sentence], short: str) -> str | None:
    """"Patelco" after "Patelco Credit Union members ...": a story names a firm in full once, then short; the full
    name is the service's."""
    word = re.compile(r"(?<![\w-])" + re.escape(short))
    for s in sentences:
        for m in word.finditer(s.text):
            tail = _ORG_TAIL.match(s.text, m.end())
            if tail and not s.in_quote(m.start()):
                return short + tail.group(0)
    return None


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z0-9&.-]{1,9})\)")


_INSTITUTION = re.compile(r"^(?:City|County|Town|Borough|Municipality|State|Province|Republic) of [A-Z]|^" + _BODY.pattern + "|"
                          r"\s(?:Council|County|City Council|Health|Hospital|Health System|Health Service|Medical Cent(?:er|re)|University|College|"
                          r"Public Library|Library|Public Schools|School District|Schools)$")


class _Found:
    """Unknown names said to fail, gathered over the sentences: how often, where in a headline, and the evidence."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.titled: dict[str, tuple[int, int]] = {}  # name -> (sentence, offset) of the first headline naming it failing
        self.in_body: set[str] = set()
        self.evidence: dict[str, list[str]] = {}
        self.subjects: set[str] = set()  # named in a headline as the subject of its failure ("Tillpoint machines fail")

    def add(self, name: str, s: Sentence, start: int, subject: bool) -> None:
        self.hits[name] += 1
        if s.is_title:
            self.titled.setdefault(name, (s.index, start))
            if subject:
                self.subjects.add(name)
        else:
            self.in_body.add(name)
        texts = self.evidence.setdefault(name, [])
        if s.text not in texts:  # a page may repeat its headline
            texts.append(s.text)


def _fails_at(text: str, start: int, end: int) -> int:
    """2 when the failure follows the name (its subject), 1 when it comes before ("an outage at"), else 0."""
    if _FAILS_AFTER.match(text[end:end + 180]):
        return 2
    return 1 if _FAILS_BEFORE.search(text[max(0, start - 60):start]) else 0


def _unknown_names(s: Sentence, catalog: Catalog) -> list[tuple[str, int, int]]:
    """The sentence's capitalised names that are no catalog service, region or quoted words."""
    found = []
    for name, start, end in _names_in(s.text):
        sequel = _SEQUEL_BEFORE.search(s.text, max(0, start - 60), start)
        if sequel:  # "Diablo II: Resurrected": a numbered title and its subtitle are one name
            name, start = f"{sequel.group(1)}: {name}", sequel.start(1)
        if s.in_quote(start) or _region_only(s, start, end) or _place_like(name):
            continue
        if catalog.get(name) is not None or catalog.company_of(name) is not None \
                or any(sv.start < end and start < sv.end and not _inside(sv, start, end, catalog) for sv in s.services):
            continue  # "McDonald's": a catalog name the possessive-trimmed word is part of
        found.append((name, start, end))
    return found


def _inside(m: Match, start: int, end: int, catalog: Catalog) -> bool:
    """"Super" in "Kaurna Super": an ambiguous catalog word that is only a part of a longer name."""
    svc = catalog.get(m.label)
    return svc is not None and svc.ambiguous and start <= m.start and m.end <= end and (m.start, m.end) != (start, end)


def _failing_names(s: Sentence, catalog: Catalog) -> list[tuple[str, int, int, bool]]:
    """The unknown names the sentence says failed, each with whether it is the failure's subject. Items of one
    list share its failure: "StockNest, Paisaplan apps down", "an outage at Zaka Pay and Mzansi Eats"."""
    names = _unknown_names(s, catalog)
    fails = [_fails_at(s.text, start, end) for _, start, end in names]
    for i in range(len(names) - 2, -1, -1):  # a failure said after the list reaches back over its joiners
        if fails[i + 1] == 2 and LIST_JOIN.match(s.text[names[i][2]:names[i + 1][1]]):
            fails[i] = 2
    for i in range(1, len(names)):  # and one said before it reaches forward
        if fails[i - 1] and not fails[i] and LIST_JOIN.match(s.text[names[i - 1][2]:names[i][1]]):
            fails[i] = 1
    return [(*n, failed == 2) for n, failed in zip(names, fails, strict=True) if failed]


_STORM = re.compile(r"\b(?:Hurricane|Storm|Cyclone|Typhoon|Tropical Storm|Superstorm|Winter Storm|Ex-Hurricane)\s+"
                    r"([A-Z][a-z\u00e0-\u00ff]+)\b")


def _gather(sentences: list[Sentence], catalog: Catalog) -> _Found:
    found = _Found()
    storms = {m.group(1) for s in sentences for m in _STORM.finditer(s.text)}  # "Maria knocked out ...": a storm
    for s in sentences:
        if s.context or (not s.is_title and not s.labels("OUTAGE")):
            continue
        for name, start, end, subject in _failing_names(s, catalog):
            if name in storms:
                continue
            if s.is_title and name.isupper() and len(name) > 3:
                name = _as_written(sentences, name)
            short = _ACRONYM_AFTER.match(s.text, end)
            if short:  # "State Public Employment Service (SEPE) was still struggling": the story goes on with "SEPE"
                name = short.group(1)
            found.add(name, s, start, subject)
    return found


def _as_written(sentences: list[Sentence], shouted: str) -> str:
    """A name a headline shouts ("GREGGS CHAOS") as the body writes it ("Greggs"), if it does."""
    word = re.compile(r"(?<![\w-])" + re.escape(shouted) + r"(?![\w-])", re.I)
    for s in (s for s in sentences if not s.is_title):
        for m in word.finditer(s.text):
            if m.group(0)[:1].isupper() and not m.group(0).isupper():
                return m.group(0)
    return shouted


@lru_cache(maxsize=4096)  # names met across a crawl are many: keep the recent ones
def _whole_word(name: str) -> re.Pattern[str]:
    """``name`` as a whole word: not inside a longer word or a hyphenated compound."""
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")


def _accepted(sentences: list[Sentence], found: _Found) -> list[tuple[str, str, list[str]]]:
    """The names the body too says failed, best first, each as (name, the name in full, evidence); the list stops
    at the first name whose failing sentences say nothing of anything online."""
    body = [s for s in sentences if not s.context and not s.is_title]
    mentions: Counter[str] = Counter()
    told: dict[str, list[str]] = {}  # body sentences that name it and tell of a failure ("Zorbapay said transfers failed")
    lede_failure = any(s.labels("OUTAGE") for s in body[:5])
    hits, titled, evidence = found.hits, found.titled, found.evidence
    in_body = set(found.in_body)
    for n in hits:
        word = _whole_word(n)
        told[n] = []
        for s in body:
            count = len(word.findall(s.text))
            mentions[n] += count
            if count and (s.labels("OUTAGE") or n in titled and lede_failure):
                # a name the headline says failed needs only to be named again in a story that tells of a failure
                told[n].append(s.text)
        if told[n]:
            in_body.add(n)
    ranked = sorted(hits, key=lambda n: (n in titled, hits[n] + mentions[n]), reverse=True)
    accepted = []
    for best in ranked:  # a headline's first word ("Welfare portal still offline") is capitalised anyway: the next
        if best not in in_body or (best not in titled and hits[best] + mentions[best] < 3 and not _INSTITUTION.search(best)
                                   and not _described(best, evidence[best])):
            continue  # the body too must say it failed, not only a headline (a city, council or hospital group by its
            # full name is a name even when said once: "a ransomware attack has taken down the City of Dallas's network")
        if not any(_ONLINE.search(text) for text in evidence[best] + told[best]):
            break  # "Endesa outage leaves Madrid in the dark": a utility, not an online service
        accepted.append((best, _display_name(sentences, best), evidence[best][:2]))
    return accepted


# A name the story says what it is: "YemenNet, the state provider that serves ...", "Zalo, a messaging app".
_WHAT_IT_IS = re.compile(r",\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,4}?(?:provider|operator|carrier|network|app|"
                         r"platform|bank|lender|service|portal|website|exchange|retailer|chain|grocer|supermarket|airline|"
                         r"broadcaster|streamer)\b")


# ... or names it in a list of what they are: "the country's three mobile operators, Mauritel, Mattel and Chinguitel"
_WHAT_THEY_ARE = re.compile(r"\b(?:providers|operators|carriers|networks|banks|lenders|apps|platforms|airlines|retailers|"
                            r"chains|grocers|supermarkets|broadcasters|streamers|services)(?:,|:)\s+"
                            r"(?:[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*(?:,\s+(?:and\s+)?|\s+and\s+))*$")


def _described(name: str, evidence: list[str]) -> bool:
    return any(_WHAT_IT_IS.match(text, m.end()) or _WHAT_THEY_ARE.search(text, max(0, m.start() - 120), m.start())
               for text in evidence for m in _whole_word(name).finditer(text))


def unlisted_services(sentences: list[Sentence], catalog: Catalog) -> list[tuple[str, list[str]]]:
    """The affected services the catalog does not know, each with its evidence: the best one, then the others
    its failing sentence lists with it ("four regional health authorities, Eastern Health, Central Health, Western
    Health and Labrador-Grenfell Health, found they could not open patient records")."""
    accepted = _accepted(sentences, _gather(sentences, catalog))
    if not accepted:
        return []
    return [(accepted[0][1], accepted[0][2])] + [(full, accepted[0][2][:1]) for full in _listed_with(accepted)]


def _listed_with(accepted: list[tuple[str, str, list[str]]]) -> list[str]:
    """The full names of the others that the first's failing sentence lists with it, in the list's order."""
    lead = accepted[0][2][0]
    spans: list[tuple[int, int, str, str]] = []
    for name, full, evidence in accepted:
        m = _whole_word(name).search(lead) if evidence[:1] == [lead] else None
        if m:
            spans.append((m.start(), m.end(), name, full))
    spans.sort()
    first = next((i for i, span in enumerate(spans) if span[2] == accepted[0][0]), None)
    if first is None:
        return []
    lo = hi = first
    while lo > 0 and LIST_JOIN.match(lead[spans[lo - 1][1]:spans[lo][0]]):
        lo -= 1
    while hi + 1 < len(spans) and LIST_JOIN.match(lead[spans[hi][1]:spans[hi + 1][0]]):
        hi += 1
    return [full for i, (_, _, _, full) in enumerate(spans[lo:hi + 1], start=lo) if i != first]


def headline_unlisted(sentences: list[Sentence], catalog: Catalog) -> list[tuple[str, tuple[int, int], list[str]]]:
    """The unknown services a headline makes the subject of a failure and the body confirms and names again
    mid-sentence (a headline's capitalised first word may be any word: "Airline check-in systems fail"), in the
    headline's order, each with where the headline names it (sentence index, offset) and its evidence:
    "Zaka Pay, Mzansi Eats down for almost three hours"."""
    if not _gather([s for s in sentences if s.is_title], catalog).subjects:
        return []  # most headlines name no unknown service failing: the body is not read for them
    found = _gather(sentences, catalog)
    accepted = {name: (full, evidence) for name, full, evidence in _accepted(sentences, found)}
    return [(accepted[name][0], offset, accepted[name][1])
            for name, offset in sorted(found.titled.items(), key=lambda item: item[1])
            if name in accepted and name in found.subjects and _named_mid_sentence(sentences, name)]


def _named_mid_sentence(sentences: list[Sentence], name: str) -> bool:
    word = re.compile(r"(?<=[\w,;:)\u2014\u2013-] )" + re.escape(name) + r"(?![\w-])")
    return any(word.search(s.text) for s in sentences if not s.is_title and not s.context)


# Between two items of one list: a joiner, then at most a short description of the next item ("Der Spiegel and
# Zeit Online, the train-booking pages of bahn.de or the online retailer Otto"), with no verb in it.
_LIST_GAP = re.compile(r"^(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:(?:the|its|their)\s+)?(?:[a-z][\w-]*\s+){0,4}$")
_NOT_DESCRIPTION = re.compile(r"\b(?:is|was|were|are|be|been|went|go|goes|said|says|say|had|has|have|did|do|does|also|"
                              r"but|while|which|who|that|when|where|then|not|than|after|before|because|as|to|in|on|at|"
                              r"for|from|with|by)\b")


def listed_beside(sentences: list[Sentence], catalog: Catalog, affected: set[str]) -> dict[str, str]:
    """Names the catalog does not know, listed beside an affected catalog service in a sentence that tells of the
    failure: "news sites such as Der Spiegel and Zeit Online, the pages of bahn.de or the online retailer Otto
    got error pages". Name -> the sentence."""
    found: dict[str, str] = {}
    for s in sentences:
        if s.context or s.is_title or not s.labels("OUTAGE") or not s.services \
                or not any(map(s.text.__contains__, _LIST_INTRO_WORDS)):
            continue  # a name is taken only after a list-opening word (``_take``)
        anchors = [(m.start, m.end) for m in s.services if (svc := catalog.get(m.label)) is not None and svc.name in affected]
        if not anchors:
            continue
        names = [(a, b, None) for a, b in anchors] + _candidate_names(s, catalog)
        names.sort(key=lambda x: x[0])
        chain: list[tuple[int, int, str | None]] = []
        for item in names:
            if chain and not _joined(s.text, chain[-1][1], item[0]):
                _take(chain, found, s.text)
                chain = []
            chain.append(item)
        _take(chain, found, s.text)
    return found


def _joined(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return start >= end and bool(_LIST_GAP.match(gap)) and not _NOT_DESCRIPTION.search(gap)


# A list that says its items are examples of what failed: "sites such as", "including", "from ... to".
_LIST_INTRO = re.compile(r"\b(?:such\s+as|including|included|like|among\s+them|from)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}$")
_LIST_INTRO_WORDS = ("such", "includ", "like", "among", "from")  # one of them is in every match of _LIST_INTRO


def _take(chain: list[tuple[int, int, str | None]], found: dict[str, str], text: str) -> None:
    if len(chain) > 1 and any(name is None for _, _, name in chain) \
            and _LIST_INTRO.search(text, max(0, chain[0][0] - 50), chain[0][0]):
        for _, _, name in chain:
            if name is not None:
                found.setdefault(name, text)


# A brand named in a list: no digits, not a possessive, not an all-capitals abbreviation (time zones, codes).
_BRAND_LIKE = re.compile(r"^(?!.*\d)(?!.*(?:'s|\u2019s)$)(?![A-Z]{2,5}$)[A-Z][\w&+.' -]*$")
_MONTHS_DAYS = frozenset((*calendar.month_name[1:], *calendar.day_name))


def _candidate_names(s: Sentence, catalog: Catalog) -> list[tuple[int, int, str | None]]:
    """Capitalised names in the sentence that may be a service: not the catalog's, not a place or a people, not a
    word a catalog name ends with ("Drive", "Classroom", "Sounds": the short form of one the list already gave)."""
    endings = catalog.name_endings
    out: list[tuple[int, int, str | None]] = []
    for name, start, end in _names_in(s.text):
        if len(name) < 3 or start == 0 or s.in_quote(start) or _region_only(s, start, end) \
                or any(sv.start < end and start < sv.end for sv in s.services):
            continue  # a sentence's first word is capitalised anyway; a quote, a place, a catalog service
        if catalog.get(name) is not None or catalog.company_of(name) is not None or not _BRAND_LIKE.match(name) \
                or name in endings or name.split()[0] in _MONTHS_DAYS:
            continue  # "Microsoft's", "AEST", "WS-116420-4", "May 27"; "Drive" of "Google Drive"
        out.append((start, end, name))
    return out


# What a story may call the thing that failed before it names it: "ordering platform behind restaurant apps crashes",
# "the State Department's broken visa database", "new school admin system stumbles".
_KINDS = (r"system|platform|app|database|portal|website|network|software|service|provider|exchange|"
          r"marketplace|register|registry")
_KIND = re.compile(r"\b(" + _KINDS + r")\b", re.I)
# Where the story names it: "The platform, Orderly, runs ...", "X is the State Department system that ...",
# "the fourth generation of NEIS, the system every school uses", "a booking system called Vaxi".
_NAMING = (
    re.compile(r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}?(?P<kind>" + _KINDS + r"),\s+(?P<name>[A-Z][^,]{1,60}),"),
    re.compile(r"^(?:The\s+)?(?P<name>[A-Z][\w&+.'\s-]{1,60}?)\s+(?:is|was)\s+(?:the|a|an)\s+(?:[\w'.-]+\s+){0,4}?"
               r"(?P<kind>" + _KINDS + r")\b"),
    re.compile(r"(?P<name>[A-Z][\w&+.'-]*(?:\s+[A-Z][\w&+.'-]*){0,4}),\s+(?:the|a|an)\s+(?:[\w'.-]+\s+){0,4}?"
               r"(?P<kind>" + _KINDS + r")\b(?!\s+(?:of|for|in|at|on)\b)"),
    re.compile(r"\b(?P<kind>" + _KINDS + r"),?\s+(?:called|named|known as|dubbed)\s+(?P<name>[A-Z][\w&+.'-]*"
               r"(?:\s+[A-Z][\w&+.'-]*){0,4})"),
)


def described_service(sentences: list[Sentence], catalog: Catalog) -> tuple[str, list[str]] | None:
    """A service the headline describes without naming ("ordering platform ... crashes") and the opening of the
    story then names by that description ("The platform, Orderly, runs ..."), with the headline and the naming
    sentence as evidence."""
    title = next((s for s in sentences if s.is_title), None)
    body = [s for s in sentences if not s.is_title and not s.context][:5]
    if title is None or not body or not any(s.labels("OUTAGE") for s in [title, *body[:3]]):
        return None
    kinds = {k.lower() for s in [title, body[0]] for k in _KIND.findall(s.text)}
    if not kinds:
        return None
    for s in body:
        unknown: list[tuple[str, int, int]] | None = None  # the sentence's unknown names, read once it names a kind
        for rx in _NAMING:
            for m in rx.finditer(s.text):
                if m.group("kind").lower() not in kinds or s.in_quote(m.start("name")):
                    continue
                unknown = _unknown_names(s, catalog) if unknown is None else unknown
                name = _named(unknown, m.group("name"), m.start("name"))
                if name:
                    return name, [title.text, s.text]
    return None


def _named(unknown: list[tuple[str, int, int]], text: str, offset: int) -> str | None:
    """The one unknown name ``text`` (at ``offset`` in its sentence) is, else None."""
    names = [n for n, a, b in unknown if offset <= a and b <= offset + len(text)]
    if len(names) != 1 or names[0] != _trim(text.strip()) or _INSTITUTION.search(names[0]) or _BODY.search(names[0]):
        return None
    return names[0]

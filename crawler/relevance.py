"""Is a news page about an internet service outage? A transparent keyword/pattern score in [0, 1].

``score(title, text) >= 0.5`` means "about a service outage". The signals:

* outage words (outage, down, disruption, not loading, error, restored ...) in the title weigh most;
  in the body they count per sentence, but a sentence that puts them in the past ("last year's
  outage", "in 2021", "previous outage") counts as a mention in passing;
* an internet-service context (app, website, servers, users, login, a known service name) is needed;
* electricity-grid stories (power outage, blackout, utility, substation, without power) are held out
  unless a digital service is the subject;
* launch/announcement headlines with no outage word are pushed down.
"""

from __future__ import annotations

import re

OUTAGE = re.compile(
    r"\b(outages?|blackout|glitch|failure|knock(?:s|ed)? (?:out|offline)|takes? down|down(?:time)?|went down|goes down|is down|are down|disrupt(?:ion|ions|ed)|"
    r"degraded|not (?:loading|working)|stopped working|unable to (?:access|log ?in|connect|load)|"
    r"can(?:no|')t (?:access|log ?in|connect|load)|error(?:s| messages?)?|crash(?:ed|es)?|"
    r"went dark|knocked offline|offline|back online|restored|service (?:issues?|problems?)|"
    r"connectivity issues?|status page|downdetector|elevated error rates?|"
    r"investigating (?:reports|an issue|issues)|mitigat(?:ed|ion)|resolved the issue)\b", re.I)
STRONG_TITLE = re.compile(r"\b(outages?|down|disruption|not working|offline|went dark|crash(?:ed|es)?|"
                          r"issues? (?:with|hit|for)|problems? (?:with|hit|for)|restored|back online|"
                          r"errors?|knocks? (?:out|offline)|knocked (?:out|offline)|takes? down|"
                          r"broke the internet|failure|glitch|blackout|comes back|is back|back after|"
                          r"locked out|logged out|unable to)\b", re.I)
TECH = re.compile(
    r"\b(app|apps|website|site|servers?|users?|log ?in|sign ?in|api|cloud|platform|online|internet|"
    r"network|dns|data ?cent(?:er|re)s?|service|streaming|email|messages?|accounts?|customers? reported|"
    r"github|slack|discord|aws|amazon web services|azure|microsoft|teams|outlook|office 365|google|gmail|"
    r"youtube|instagram|facebook|whatsapp|meta|twitter|x\.com|netflix|cloudflare|zoom|playstation|psn|"
    r"xbox|steam|reddit|spotify|chatgpt|openai|icloud|apple|tiktok|snapchat|twitch|fastly|akamai|"
    r"telecoms?|telco|mobile|phones?|broadband|wireless|carriers?|software|it systems?|computers?|pcs|"
    r"windows|banking apps?|payments?|websites|sites|"
    r"crowdstrike|gitlab|bitbucket|heroku|vercel|shopify|paypal|stripe|roblox|fortnite|telegram|signal)\b",
    re.I)
POWER = re.compile(
    r"\b(power (?:outages?|cuts?|lines?|grid|failure|restored)|electricity|electric|utility|"
    r"utilities|substations?|grid|without power|lost power|transformers?|storm|hurricane|heat ?wave|"
    r"rolling outages|load.?shedding|kilowatt|megawatts?)\b", re.I)
LAUNCH = re.compile(r"\b(launch(?:es|ed)?|unveil(?:s|ed)?|announc(?:es|ed)|introduc(?:es|ed)|"
                    r"new features?|releases?|rolls? out|now available|pricing|preview|beta|review)\b",
                    re.I)
PAST = re.compile(r"\b(last (?:year|month|week|summer|winter|spring|fall)|years? ago|months? ago|"
                  r"earlier this year|in (?:19|20)\d\d|previous(?:ly)?|past outages?|a similar|"
                  r"remember(?:ed)?|recall(?:ed|s)?|history of|back in|since the|after the \w+ outage|"
                  r"infamous|once)\b", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(" ".join(text.split())) if s]


def _body_signals(text: str) -> tuple[int, int]:
    """(outage mentions about now, outage mentions in passing about the past)."""
    current = past = 0
    for sentence in _sentences(text)[:200]:
        hits = len(OUTAGE.findall(sentence))
        if not hits:
            continue
        if PAST.search(sentence):
            past += hits
        else:
            current += hits
    return current, past


def score(title: str, text: str) -> float:
    """Outage relevance of a page in [0, 1]; >= 0.5 means it is about a service outage."""
    title = " ".join((title or "").split())
    text = text or ""
    lead = " ".join(_sentences(text)[:6])
    title_outage = bool(STRONG_TITLE.search(title))
    current, past = _body_signals(text)
    tech = len(TECH.findall(title)) * 3 + len(TECH.findall(lead)) + min(len(TECH.findall(text)), 20) // 4
    power = len(POWER.findall(title)) * 3 + len(POWER.findall(lead)) + min(len(POWER.findall(text)), 20) // 4
    value = 0.0
    if title_outage:
        value += 0.45
    value += min(0.35, 0.06 * current)
    if current and not past:
        value += 0.05
    value += 0.15 if tech >= 2 else (0.05 if tech else -0.2)
    if power >= 2 and power >= tech:
        value -= 0.55
    if LAUNCH.search(title) and not title_outage:
        value -= 0.3
    if not title_outage and past and past >= current:
        value -= 0.35
    return round(max(0.0, min(1.0, value)), 3)


def is_relevant(title: str, text: str, threshold: float = 0.5) -> bool:
    return score(title, text) >= threshold

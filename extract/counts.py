"""User-report figures ("more than 10,000 reports on Downdetector in the UK")."""

from __future__ import annotations

import re

from archive.records import ReportCount
from extract.catalog import Catalog
from extract.document import LIST_MARK, Match, Sentence
from extract.places import list_items
from extract.timeparse import HAS_DIGIT

Evidence = dict[str, list[str]]

_QUALIFIERS = {
    "more than": "more than", "over": "over", "just over": "over", "in excess of": "more than",
    "upwards of": "more than", "topped": "more than", "surpassed": "more than", "exceeded": "more than",
    "above": "more than", "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "some": "about", "an estimated": "about", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "just under": "nearly", "up to": "up to", "as many as": "up to", "peaked at": "up to", "at least": "at least",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than", "past": "more than",
    "north of": "more than", "shy of": "nearly",
}
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_VAGUE = {"tens of thousands": 20000, "hundreds of thousands": 200000, "thousands": 2000, "hundreds": 200,
          "a few hundred": 200, "several hundred": 200, "a few thousand": 2000, "several thousand": 2000,
          "millions": 2000000, "dozens": 20, "a thousand": 1000, "a million": 1000000,
          "half a million": 500000, "a quarter of a million": 250000, "a hundred": 100}
_VAGUE_RE = "|".join(sorted((re.escape(v) for v in _VAGUE), key=len, reverse=True))
NUMBER = re.compile(
    r"(?:(?P<qual>" + _QUAL_RE + r")\s+(?:(?P<qual2>more than|over|about|around|nearly|almost|just over|"
    r"just under)\s+)?)?"
    r"(?:(?P<vague>" + _VAGUE_RE + r")\b|(?<![\w.$£€])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<mult>million|thousand|billion|m\b|k\b))?)(?!\s*%|\s*percent|[\d,]*\s*(?:years?|hours?|minutes?|"
    r"days?|seconds?|[ap]\.?m\b|GMT|UTC|BST|ET|PT|EST|EDT|PST|PDT|CET|IST)|[:.]\d\d)",
    re.I)
_REPORT_AFTER = re.compile(
    r"^\s*(?:(?:more|new|user|outage|problem|individual|separate|such|additional|fresh|of|the|[A-Z][\w+&.'-]*)\s+){0,3}"
    r"(?:reports?|complaints?|problem reports?|outage reports?|alerts? from users|"
    r"(?:users?|people|customers|players|subscribers) (?:had )?(?:report|flag|complain|log)\w*)\b", re.I)
_REPORT_BEFORE = re.compile(
    r"\b(?:reports?|complaints?|reported (?:outages|problems|issues)|outages reported)\b(?:[^.;]|(?<=\b\w)\.|\.(?!\s+[A-Z])){0,100}?\b(?:peak\w*|top\w*|reach\w*|climb\w*|surg\w*|"
    r"hit|hitting|ros\w|spik\w*|jump\w*|soar\w*|stood|totall?ed|numbered|exceed\w*|passed|past|was|were|at|"
    r"f[ae]ll\w*|dropp\w*|declin\w*|eas\w*|remain\w*|stay\w*|hover\w*|sat|sitting|still|peak of|high of|"
    r"more than|over)\s*(?:at|to|above|over|of|from|past|below|under|around)?\s*(?:a\s+(?:peak|high)\s+of\s+)?"
    r"(?:" + _QUAL_RE + r")?\s*$",
    re.I)
_TRACKER_VERB_BEFORE = re.compile(
    r"\b(?:downdetector|tracker|tracking site|the site)\b[^.;]{0,30}?\b(?:showed|logged|recorded|received|"
    r"registered|counted|tallied|saw|had)\s*$", re.I)
_AFTER_NON_REPORT = re.compile(r"^\s*(?:[\w-]+\s+){0,2}(?:users|customers|employees|staff|devices|subscribers|"
                               r"people|players|accounts|businesses|tweets|posts|members|downloads)\b", re.I)


# "25,000 users (in the United States) reported problems"
_PEOPLE_REPORTED = re.compile(r"^\s*(?:[\w-]+\s+){0,2}\w+(?:,?\s+(?:in|from|across|on|of)\s+[^.;:]{1,45}?,?)?\s+"
                              r"(?:had\s+|have\s+|were\s+)?(?:report|flag|complain|log)", re.I)
# Posts, not reports: "more than 2,000 tweets tagging PhonePe", "drew 4,000 comments", "posted 40,000 times on X",
# "hundreds of complaints were posted on Twitter" (an outage tracker's count is told with its name, which these lack).
_POSTS_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:tweets|retweets|posts|comments|messages|replies|mentions|likes|"
                          r"views|times)\b", re.I)
_ON_SOCIAL = re.compile(r"^[^.;]{0,50}?\b(?:posted|made|shared|tweeted|aired|vented|appeared|flooded)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:on|to|across)\s+(?:Twitter|X|Facebook|Instagram|Reddit|LinkedIn|Weibo|TikTok|Threads|"
                        r"Bluesky|social media|social networks?)\b", re.I)
_TRACKER_WORDS = re.compile(r"down ?detector|tracker|outage (?:site|monitor|map)|allestoringen|isitdownrightnow", re.I)


def _value(m: re.Match[str]) -> int | None:
    if m.group("vague"):
        return _VAGUE[m.group("vague").lower()]
    raw = m.group("num").replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    mult = (m.group("mult") or "").lower()
    value *= {"million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "billion": 1e9}.get(mult, 1)
    if 1900 <= value <= 2100 and not mult and "," not in m.group("num"):
        return None  # a year
    return int(round(value))


_ELLIPSIS_AFTER = re.compile(r"^\s*(?:more\s+)?(?:(?:for|in|from|on|at|within|by|across|with|about|against|"
                             r"regarding|concerning|did so|did the same|were logged|came)\b|[.,;]|$)", re.I)


_REPORT_WORDS = re.compile(r"report|complain|downdetector|tracker|flagg|logged|registered", re.I)  # a sentence about reports
_COUNT_AGAIN = re.compile(r"\b(?:the|that|this)\s+(?:count|tally|figure|number|total)\s+(?:had\s+|has\s+|was\s+)?"
                          r"(?:eased|fell|dropped|declined|decreased|subsided|shrank|rose|climbed|grew|jumped|stood|"
                          r"hovered|peaked|reached|was down)\b", re.I)


def _is_report_count(s: Sentence, m: re.Match[str], earlier_count: bool = False) -> bool:
    after = s.text[m.end():m.end() + 60]
    core = m.start("vague") if m.group("vague") else m.start("num")
    before = s.text[max(0, core - 140):core]
    if re.search(r"[$£€]\s*$", before):
        return False
    if _POSTS_AFTER.match(after) or (_ON_SOCIAL.match(after) and not _TRACKER_WORDS.search(s.text)):
        return False
    if _REPORT_AFTER.match(after):
        return True
    if _AFTER_NON_REPORT.match(after):
        return bool(_PEOPLE_REPORTED.match(after))
    if _REPORT_BEFORE.search(before) or _TRACKER_VERB_BEFORE.search(before):
        return True
    if earlier_count and _ELLIPSIS_AFTER.match(after):
        return True
    return bool(re.match(r"^\s*more\b", after)) and bool(re.search(r"\breports?\b", s.text, re.I))


def _regions_for(s: Sentence, m: re.Match[str], next_start: int) -> list[str]:
    after = [r for r in s.regions if m.end() <= r.start < min(next_start, m.end() + 90)
             and not re.search(r"[;]", s.text[m.end():r.start])]
    if after:
        first = after[0]
        chain = [first]
        for r in after[1:]:
            gap = s.text[chain[-1].end:r.start]
            if re.fullmatch(r"\s*(?:,|and|, and|or)\s*(?:the\s+)?", gap):
                chain.append(r)
        lead = s.text[m.end():first.start]
        if re.search(r"\b(?:most|many|mainly|mostly|majority|largely|much)\b", lead, re.I):
            return []  # "most of them from the United States" does not place the figure
        if re.search(r"\b(?:from|in|across|for|by)\b", lead) and "," not in lead:
            return list(dict.fromkeys(r.label for r in chain))
    before = [r for r in s.regions if r.end <= m.start() and m.start() - r.end < 70
              and not re.search(r"[;]|,\s+(?:and|but|while|as|where)\b|\b(?:while|whereas|but)\b", s.text[r.end:m.start()])
              and not NUMBER.search(s.text[r.end:m.start()])]
    if before:
        r = before[-1]
        lead = s.text[max(0, r.start - 12):r.start]
        gap = s.text[r.end:m.start()]
        if re.search(r"\b(?:in|across|from|for)\s+(?:the\s+)?$", lead, re.I) and re.match(r"^\s*,", gap) \
                or re.match(r"^(?:'s)?\s*(?:users?|site|page|reports?|version)?\s*(?:of\s+)?(?:downdetector\b.*)?$",
                            gap.strip().lower()) or len(gap) < 30:
            return [r.label]
    return []


def _service_for(s: Sentence, m: re.Match[str], catalog: Catalog) -> str | None:
    window = s.text[m.end():m.end() + 60]
    for svc in s.services:
        if m.end() <= svc.start < m.end() + 60 and catalog.get(svc.label) and not catalog.is_tracker(svc.label):
            lead = window[:svc.start - m.end()]
            if re.search(r"\b(?:for|about|with|on|of|against)\b", lead):
                return svc.label
    for svc in s.services:  # "reports for Spotify peaked at 46,000"
        if svc.end <= m.start() < svc.end + 45 and catalog.get(svc.label) and not catalog.is_tracker(svc.label) \
                and re.search(r"\b(?:reports?|complaints?|problems?|issues?)\s+(?:for|about|of|on|with|regarding)\s+$",
                              s.text[max(0, svc.start - 30):svc.start], re.I) \
                and not NUMBER.search(s.text[svc.end:m.start()]):
            return svc.label
    return None


def _source(s: Sentence, prev: Sentence | None) -> str | None:
    for c in s.cues:
        if c.label == "TRACKER":
            return _tracker_name(c)
    if prev is not None and re.match(r"^(?:its|the (?:site|tracker|tracking site))\b", s.text, re.I):
        for c in prev.cues:
            if c.label == "TRACKER":
                return _tracker_name(c)
    if re.search(r"\bits (?:\w+ )?(?:site|page|tracker)\b", s.text) and prev is not None:
        for c in prev.cues:
            if c.label == "TRACKER":
                return _tracker_name(c)
    return None


def _tracker_name(c: Match) -> str:
    return "Downdetector" if "down" in c.text.lower() and "detector" in c.text.lower() else c.text


def _same_page_region(s: Sentence, counts: list[ReportCount]) -> list[str]:
    """'... drew 1,100 complaints on the same page' keeps the region of the figure before it."""
    if counts and counts[-1].region and re.search(r"\b(?:same|that) (?:page|site|tracker|map|website)\b", s.text, re.I):
        return [counts[-1].region]
    return []


_EDITION_AFTER = re.compile(r"^\s*(?:'s|\u2019s)?\s*(?:\w+\s+)?$")


def _edition_region(s: Sentence) -> list[str]:
    """A tracker's country edition names the figures' region: "Downdetector India now shows ...", "its UK
    site showed about 4,000", "the tracker's Kenya page"."""
    found = []
    for r in s.regions:
        after = s.text[r.end:r.end + 20]
        before = s.text[max(0, r.start - 30):r.start]
        tracker_first = any(c.label == "TRACKER" and 0 <= r.start - c.end <= 12 and _EDITION_AFTER.match(s.text[c.end:r.start])
                            for c in s.cues)
        page_after = re.match(r"^\s*(?:site|page|edition|version|website|map)\b", after, re.I) and \
            re.search(r"\b(?:its|the tracker's|the tracker\u2019s|the site's|the site\u2019s|downdetector's|"
                      r"downdetector\u2019s|the)\s+$", before, re.I)
        if tracker_first or page_after:
            found.append(r.label)
    return found[:1] if len(set(found)) == 1 else []


def _after_name(text: str, m: re.Match[str]) -> bool:
    """The number belongs to a name ("Windows 11", "iPhone 15"), not a count: it follows a capitalised word."""
    if m.group("qual"):
        return False
    return bool(re.search(r"\b[A-Z][\w+]*\s$", text[max(0, m.start() - 20):m.start()]))


_LISTED_COUNT = re.compile(r"^\s*" + LIST_MARK + r"\s+(?P<place>[^:()\d]{2,40}?)\s*(?::|\(|[-\u2013\u2014,])\s*"
                           r"(?:(?P<qual>" + _QUAL_RE + r")\s+)?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]*\s*%)", re.I)
_REPORTS_INTRO = re.compile(r"\b(?:reports?|complaints?|downdetector)\b", re.I)


def _listed_counts(sentences: list[Sentence], counts: list[ReportCount], seen: set[tuple[int, str | None]],
                   evidence: list[str]) -> None:
    """Counts by place listed under a sentence about reports: "The cities with the most reports:" / "- Chicago:
    about 2,400"."""
    for at_item, at in list_items(sentences, _REPORTS_INTRO).items():
        s, intro = sentences[at_item], sentences[at]
        m = _LISTED_COUNT.match(s.text)
        if m is None:
            continue
        place = [r for r in s.regions if m.start("place") <= r.start and r.end <= m.end("place")]
        value = int(m.group("num").replace(",", ""))
        if not place or value < 10 or (value, place[0].label) in seen:
            continue
        seen.add((value, place[0].label))
        prev = sentences[at - 1] if at else None
        text = intro.text + " " + s.text
        counts.append(ReportCount(count=value, region=place[0].label, service=None,
                                  qualifier=_QUALIFIERS.get((m.group("qual") or "").lower()),
                                  source=_source(intro, prev), evidence=text))
        evidence.append(text)


def choose_counts(sentences: list[Sentence], catalog: Catalog) -> tuple[list[ReportCount], Evidence]:
    counts: list[ReportCount] = []
    seen: set[tuple[int, str | None]] = set()
    evidence: list[str] = []
    _listed_counts(sentences, counts, seen, evidence)
    last_counted = -2
    for i, s in enumerate(sentences):
        if s.context or s.is_title:
            continue
        # "By 5 p.m. the count had eased to around 1,100": the figure of the sentence before, told again
        told_again = last_counted == i - 1 and _COUNT_AGAIN.search(s.text) is not None
        if not told_again and not _REPORT_WORDS.search(s.text):
            continue
        lower = s.text.lower()
        if HAS_DIGIT.search(s.text) is None and not any(map(lower.__contains__, ("hundred", "thousand", "million", "dozen"))):
            continue  # no figure at all
        matches = [m for m in NUMBER.finditer(s.text) if not s.in_quote(m.start())
                   and not any(sv.start <= m.start() < sv.end for sv in s.services)
                   and not _after_name(s.text, m)]
        accepted = told_again
        for j, m in enumerate(matches):
            value = _value(m)
            if not value or value < 10 or not _is_report_count(s, m, accepted):
                continue
            accepted = True
            last_counted = i
            next_start = matches[j + 1].start() if j + 1 < len(matches) else len(s.text)
            qual = _QUALIFIERS.get((m.group("qual2") or m.group("qual") or "").lower())
            if qual is None:
                pre = s.text[max(0, m.start() - 25):m.start()].lower()
                hit = re.search(r"(" + _QUAL_RE + r")\s*(?:at\s+)?$", pre)
                qual = _QUALIFIERS.get(hit.group(1)) if hit else None
            regions = (_regions_for(s, m, next_start) or _same_page_region(s, counts) or _edition_region(s)
                       or [None])  # type: ignore[list-item]
            prev = sentences[i - 1] if i else None
            for region in regions:
                key = (value, region)
                if key in seen:
                    continue
                seen.add(key)
                counts.append(ReportCount(count=value, region=region, service=_service_for(s, m, catalog),
                                          qualifier=qual, source=_source(s, prev), evidence=s.text))
                if s.text not in evidence:
                    evidence.append(s.text)
    return counts, ({"report_counts": evidence} if counts else {})

"""When the outage began and ended, and how long it lasted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from extract import timeparse as tp
from extract.document import UPDATE_STAMP, Sentence, began_on, title_text
from extract.messages import classify_quote

Evidence = dict[str, list[str]]

_START_CUES = re.compile(
    r"\b(began|begin|beginning|begun|start\w*|first|since|from|went down|go down|stopped|hit|broke|"
    r"struggl\w+|failed|failing|fail|crash\w*|spik\w+|surg\w+|flood\w*|started|kicked off|emerged|"
    r"onset|went dark|went offline|disappear\w*|vanish\w*|cut off|knocked|dropped|down|outage|disrupt\w*|"
    r"reports? (?:of|began|rose|climbed)|unable|could not|couldn't|trouble|problems?|issues?|errors?|"
    r"detected|noticed|impact\w*|affect\w*|interrupt\w*)\b", re.I)
_END_CUES = re.compile(
    r"\b(restor\w+|back|resolv\w+|recover\w*|fix\w*|return\w*|working again|up and running|normal\w*|"
    r"ended|end|until|till|came back|mitigat\w+|lifted|reconnect\w*|online again|cleared|resum\w+|"
    r"repair\w*|stabili[sz]\w+|stable|steadied|settled down|subsided|all clear|was over|over by|"
    r"(?:declared|called|pronounced)\s+(?:the\s+)?(?:\w+\s+)?over|"
    r"(?:showed|shows|turned|went|was|were|back to|returned to)\s+(?:[\w-]+\s+){0,4}?green|"
    r"(?:loading|connecting|available|online|up|usable|accessible|reachable|responsive|functional)\s+again|"
    r"(?:could|can|were able to|was able to)\s+(?:\w+\s+){0,5}again)\b", re.I)
_STRONG_END = re.compile(r"\b(restored|resolved|fixed|back online|back up|recovered|working again|back to normal|"
                         r"fully operational|up and running|running again|operating again|available again|"
                         r"(?:usable|accessible|reachable|responsive|functional) again|"
                         r"(?:was|were) back|resumed|working normally|running normally|working as (?:normal|usual)|"
                         r"steadied|stabili[sz]ed)\b", re.I)
_CLAUSE_CUT = re.compile(r"[;,]\s+|\s+(?:but|and|while|whereas)\s+", re.I)
_NOT_OUTAGE_TIME = re.compile(r"\b(upgrade|maintenance|update was|deploy\w*|push\w*|scheduled|planned|"
                              r"statement|announce\w*|press conference|tweet\w*|posted|published|"
                              r"blog|report(?:ed)? (?:to|that)|filed|revert\w*|rolled back)\b", re.I)
_STAMP_ONLY = re.compile(r"^\W*(?:last\s+)?updated?\b[\w\s:.,/-]{0,40}$", re.I)  # "Updated 1:05 p.m. ET, Tuesday"
_RANGE = re.compile(r"(?<![\d.:])(?P<h>\d{1,2})(?:[:.](?P<m>\d\d))?\s*(?:[ap]\.?m\.?\s*)?(?:-|–|to|and|until)\s*$", re.I)


@dataclass
class TimePoint:
    moment: datetime
    precision: str  # minute | day
    sentence: str
    role: str  # start | end | unknown
    order: int = 0
    stamp: bool = False  # an update's own time ("UPDATE, 11:58 p.m. ET:"): when it was written
    names: frozenset[str] = frozenset()  # the services the sentence names


@dataclass
class Timeline:
    start: datetime | None = None
    start_precision: str = "none"
    end: datetime | None = None
    end_precision: str = "none"
    duration: int | None = None
    evidence: Evidence = field(default_factory=dict)


_BACK_SINCE = re.compile(r"\b(?:again|(?:working|running|operating|functioning) normally|back(?: up| online| to normal)?|"
                         r"restored|resolved|up and running)\s+(?:\w+\s+){0,4}?(?:since|from)\s+(?:about\s+|around\s+|roughly\s+)?$",
                         re.I)


_BACK_BY = re.compile(r"\b(?:restor|back|fix|resolv|working|recover|normal|online|steadi|stabili|subsid|eased|abated|"
                      r"cleared)\w*\s+(?:\w+\s+){0,3}"
                      r"by\s+(?:about\s+|around\s+)?$", re.I)


# The time something was meant to open or start, in a story of it not doing so: "the order book, which normally opens
# at 8 a.m., did not start matching orders until 9.40 a.m.", "the sale, due to begin at 10am": the outage's start.
_DUE_AT = re.compile(r"\b(?:normally|usually|typically|ordinarily|was due to|were due to|is due to|scheduled to|set to|"
                     r"supposed to|meant to|should have)\s+(?:have\s+)?(?:opens?|opened|begins?|begun|starts?|started|go live|"
                     r"gone live)\s+(?:trading\s+)?at\s+(?:about\s+|around\s+)?$", re.I)
_DID_NOT = re.compile(r"\b(?:did not|didn't|failed to|could not|couldn't|not until|until|delayed|late|postponed|held up)\b",
                      re.I)


# an end word that says the opposite after these: "stopped resolving", "no longer working", "failed to recover"
_STOPPED_BEFORE = re.compile(r"\b(?:stopped|stops?|ceased|failed to|fails? to|not|n't|no longer|no|unable to|"
                             r"(?:working|work|works|worked)\s+on\s+(?:a|the)|(?:looking|searching)\s+for\s+(?:a|the)|"
                             r"(?:find|finding)\s+(?:a|the))\s+$", re.I)


# "didn't confirm what was going on until 10:24 a.m.": when the company spoke, not when it ended
_SPOKE_UNTIL = re.compile(r"(?:\bnot|n't|\bnever)\b[^.;]{0,15}?\b(?:confirm|acknowledg|comment|respond|say|speak|post|"
                          r"announc|explain|update|tweet)\w*\b[^.;]{0,50}$", re.I)


# a clock that opens the sentence ("At 2:25 p.m. PT ...", "By around 4:15 p.m. ET ...", "Update, 11:40 a.m. ET: ...")
# takes its role from what the clause after it says happened then
_OPENING_CLOCK = re.compile(r"^\W*(?:(?:at|by|around|about|roughly|shortly after|just after|as of|updated?)\b[\s,:]*)+$", re.I)
_CLAUSE_END = re.compile(r"[;]|,\s+(?:but|while|although|though|whereas)\b|\s(?:but|while|whereas)\s", re.I)

# Working by then: "most students could log in", "classes were running", "the site was up and running"
_WORKING_BY = re.compile(r"^(?:(?!\b(?:not|no|n't|never|unable|still)\b)[^;])*?(?:\b(?:could|were able to|was able to|can)\s+"
                         r"(?:\w+\s+){0,2}?(?:log|sign|get|use|access|connect|stream|play|pay|load|open|watch|book|send|make)\b|"
                         r"\b(?:was|were|had been|are|is)\s+(?:up and |back |largely |mostly )?(?:running|working|operating|"
                         r"functioning|available|online|accessible)\b)", re.I)
_SAID = re.compile(r"\b(?:said|says|told|wrote|posted|tweeted|announced|confirmed)\b", re.I)
_NOT_OVER = re.compile(r"\b(?:still|remain(?:s|ed)?|continu\w+ to)\b", re.I)


def _end_words(text: str) -> list[re.Match[str]]:
    """End words that mean an end: not "stopped resolving" or "no longer working" (but "not until 10.40pm"), nor
    when the company spoke ("didn't confirm what was going on until ...")."""
    return [m for m in _END_CUES.finditer(text) if not _SPOKE_UNTIL.search(text, 0, m.start())
            and (m.group(0).lower() in ("until", "till") or not _STOPPED_BEFORE.search(text, 0, m.start()))]


def _clause_role(after: str, by: bool = False) -> str:
    """An end word in the clause makes it the end ("Google said the problem had been fixed"), unless the sentence
    goes on to say it was not over ("..., but many users were still unable to upload"). After "By <clock>", a
    clause that says it worked then is an end too ("By about 11 a.m., the district said, most students could log in")."""
    clause, *rest = _CLAUSE_END.split(after, 1)
    if _end_words(clause):
        return "unknown" if rest and _NOT_OVER.search(rest[0]) else "end"
    if by and _WORKING_BY.search(clause):
        return "end"
    start = _START_CUES.search(clause)
    said = _SAID.search(clause)
    return "start" if start and (said is None or start.start() < said.start()) else "unknown"


def _role(s: Sentence, clock: tp.Clock, prev_end: int) -> str:
    before = s.text[max(prev_end, clock.start - 70):clock.start]
    before = _CLAUSE_CUT.split(before)[-1]
    after = s.text[clock.end:clock.end + 25]
    end_before = _end_words(before)
    start_before = list(_START_CUES.finditer(before))
    window = s.text[max(0, clock.start - 60):clock.start]
    if _BACK_BY.search(window):
        return "end"  # "had steadied by around 9.30 pm"
    if _BACK_SINCE.search(window):
        return "end"  # "working normally again since 18:10": the time it came back
    if _DUE_AT.search(window) and _DID_NOT.search(s.text):
        return "start"  # "which normally opens at 8 a.m., did not start ... until 9.40 a.m.": when it should have opened
    if end_before and (not start_before or end_before[-1].start() > start_before[-1].start()):
        return "end"
    if start_before:
        return "start"
    if re.match(r"^\W*(?:when|as)\b", after) and _START_CUES.search(s.text[clock.end:]):
        return "start"
    opening = _OPENING_CLOCK.match(s.text[:clock.start])
    if opening:
        return _clause_role(s.text[clock.end:clock.end + 110], by=re.search(r"\bby\b", opening.group(0), re.I) is not None)
    if _end_words(after[:20]) and not _START_CUES.search(after[:20]):
        return "end"
    return "unknown"


_CLAUSE_BREAK = re.compile(r"[;]|,\s+(?:and|but|while|although|though)\b|\s(?:and|but|while)\s+(?:\w+\s+){0,3}?"
                           r"(?:were|was|had|have|has|are|is|said|says|still)\b", re.I)


def _same_clause(text: str, d: tp.DateMention, clock: tp.Clock) -> bool:
    """A date names the clock time's day when it sits close by in the same clause."""
    if d.end <= clock.start:
        gap = text[d.end:clock.start]
        return len(gap) <= 60 and not _CLAUSE_BREAK.search(gap)
    gap = text[clock.end:d.start]
    return len(gap) <= 30 and not _CLAUSE_BREAK.search(gap)


# A sentence about what is still to come, whose clock time after publication is not the day before's.
_LOOKS_AHEAD = re.compile(r"\b(?:expect(?:s|ed)? (?:it |the \w+ |\w+ )?to|will|is due to|are due to|scheduled to|"
                          r"set to|plans? to|by the time)\b", re.I)


def _zone_and_day(s: Sentence, clock: tp.Clock, state: dict[str, object], outage_day: date,
                  published: datetime) -> tuple[datetime, str | None] | None:
    zone = clock.zone or state.get("zone")  # type: ignore[assignment]
    if zone is None:
        return None
    # the sentence's own place when the zone database knows it ("Des Moines" it does not: Iowa, said before, it does)
    place = next((r.label for r in s.regions if tp.place_zone(r.label)), None) or state.get("place")
    tz = tp.zone_for(zone, place)  # type: ignore[arg-type]
    if tz is None:
        return None
    near = [d for d in s.dates if _same_clause(s.text, d, clock)]
    if clock.converted:  # "1:35 a.m. on Saturday (1635 GMT on Friday)": the day in the brackets goes with it
        near = [d for d in near if d.start >= clock.end and ")" not in s.text[clock.end:d.start]] or near
    day = min(near, key=lambda d: abs(d.start - clock.start)).day if near else outage_day
    if day > published.date():
        return None  # a time on a day still to come: "maintenance on Monday from 9 a.m."
    moment = tp.to_utc(day, clock.hour, clock.minute, tz)
    if not near and moment > published + timedelta(hours=1):
        if _LOOKS_AHEAD.search(s.text):
            return None  # "expected the app to be stable by the time their 9 p.m. PT broadcast began": still to come
        moment -= timedelta(days=1)
    return moment, zone  # type: ignore[return-value]


def collect_points(sentences: list[Sentence], outage_day: date, published: datetime) -> list[TimePoint]:
    points: list[TimePoint] = []
    state: dict[str, object] = {"zone": None, "place": None, "local_place": None}
    home = next((r.label for s in sentences if not s.context for r in s.regions if tp.place_zone(r.label)), None)
    # an update's paragraph was written after the story was first published: its times may be later
    updates = {s.paragraph for s in sentences if not s.is_title and UPDATE_STAMP.match(s.text)}
    for s in sentences:
        if s.is_title:
            continue
        clocks = tp.find_clocks(s.text, bare=True)
        sentence_zone = next((c.zone for c in clocks if c.zone), None)
        running_zone = next((c.zone for c in clocks if c.zone and not c.converted), None)
        if sentence_zone is None and state["zone"] is None and home is None:
            clocks = [c for c in clocks if c.has_ampm]  # a bare "22:54" needs a zone stated or a place to take it from
        # "between 11:15 and 11:45 p.m.": the bare first half is the range's start, read with the second
        clocks = [c for c, nxt in zip(clocks, [*clocks[1:], None], strict=False)
                  if c.has_ampm or c.zone or nxt is None or not _RANGE.search(s.text[c.start:nxt.start])]
        if s.regions:
            state["place"] = s.regions[0].label
        if running_zone:  # a zone given only to convert a local time ("(0610 GMT)") does not carry on
            state["zone"] = running_zone
            if running_zone == "LOCAL":  # "local time" means the place in view when it was said
                state["local_place"] = _zone_place(s, state, home)
        if s.context or not clocks:
            continue
        written = published + timedelta(hours=36) if s.paragraph in updates else published
        _sentence_points(s, clocks, running_zone, state, home, outage_day, written, points)
    return points


def _zone_place(s: Sentence, state: dict[str, object], home: str | None) -> str | None:
    here = next((r.label for r in s.regions if tp.place_zone(r.label)), None)
    last = state.get("place")
    return here or (last if isinstance(last, str) and tp.place_zone(last) else None) or home


def _sentence_points(s: Sentence, clocks: list[tp.Clock], sentence_zone: str | None, state: dict[str, object],
                     home: str | None, outage_day: date, published: datetime, points: list[TimePoint]) -> None:
    prev_end = 0
    stamp = _STAMP_ONLY.match(s.text) is not None  # "Updated 1:05 p.m. ET, Tuesday": when the story changed
    update = UPDATE_STAMP.match(s.text)  # "UPDATE, 11:58 p.m. ET: ...": the clocks inside it are when it was written
    stamp_end = update.end() if update else -1
    names = frozenset(m.label for m in s.services)
    for k, clock in enumerate(clocks):
        if clock.zone is None and sentence_zone:
            clock.zone = sentence_zone
        if s.in_quote(clock.start) and not _restored_in_own_words(s, clock):
            continue
        if clock.zone is None and state["zone"] is None and home is not None:
            clock.zone = "LOCAL"  # no zone anywhere: the clock of the place the story is about
            resolved = _zone_and_day(s, clock, {"zone": "LOCAL", "place": home}, outage_day, published)
        elif (clock.zone or state["zone"]) == "LOCAL" and not s.regions:
            local = {"zone": "LOCAL", "place": state.get("local_place") or state.get("place")}
            resolved = _zone_and_day(s, clock, local, outage_day, published)
        else:
            resolved = _zone_and_day(s, clock, state, outage_day, published)
        if resolved is None:
            continue
        moment, _zone = resolved
        role = _role(s, clock, prev_end)
        rng = _RANGE.search(s.text[max(0, clock.start - 14):clock.start])
        if rng and k == 0:
            h = int(rng.group("h"))
            h = h + 12 if clock.hour >= 12 and h < 12 and h + 12 <= clock.hour else h
            first = moment - timedelta(hours=clock.hour - h, minutes=clock.minute - int(rng.group("m") or 0))
            points.append(TimePoint(first, "minute", s.text, "start", len(points)))
            role = "end"
        elif k > 0 and _range_end(s.text, clocks[k - 1], clock):
            role = "end"
            if points and points[-1].sentence == s.text and points[-1].role in ("unknown", "skip"):
                points[-1].role = "start"
        if _NOT_OUTAGE_TIME.search(s.text[max(prev_end, clock.start - 60):clock.start]) and role != "end":
            role = "skip"
        if stamp:
            role = "skip"
        if role in ("unknown", "skip") and _STRONG_END.search(s.text) and not _BEGAN.search(_SINCE_BEGAN.sub("", s.text)):
            role = "end"
        prev_end = clock.end
        points.append(TimePoint(moment, "minute", s.text, role, len(points), clock.end <= stamp_end, names))


def _restored_in_own_words(s: Sentence, clock: tp.Clock) -> bool:
    """The company's own words on when service came back ('"The app was fully restored at about 9:40 a.m. We
    apologize ..."'): a statement quote, in the first person or a spokesperson's, that says it was restored."""
    quote = next((q for q in s.quotes if q.start <= clock.start < q.end), None)
    if quote is None or not _RESTORED_AT.search(quote.text[:clock.start - quote.start]):
        return False
    return classify_quote(s, quote) == "statement" and bool(_OWN_VOICE.search(s.text))


_RESTORED_AT = re.compile(r"\b(?:fully |completely )?(?:restored|back (?:up|online|to normal)|resolved|up and running|"
                          r"(?:running|working|operating|functioning) (?:normally|again))\b[^.;]{0,40}$", re.I)
_OWN_VOICE = re.compile(r"\b(?:we|our|us|spokes\w+|statement)\b", re.I)
_BEGAN = re.compile(r"\b(began|started|start)\b", re.I)
_SINCE_BEGAN = re.compile(r"\b(?:after|since)\s+(?:\w+\s+){0,3}(?:began|started)\b", re.I)  # "hours after it began"


def _range_end(text: str, prev: tp.Clock, clock: tp.Clock) -> bool:
    """"from 9:10 to 11:40", "between 21:52 and 22:54": the second clock ends the range."""
    return bool(re.search(r"\b(?:to|until|and|till)\s*(?:about|around|roughly)?\s*$", text[prev.end:clock.start])) \
        and bool(re.search(r"\b(?:from|between)\b", text[max(0, prev.start - 30):prev.start], re.I))


# The word before "a day" when it is a rate: a count or a thing counted, not "for", "almost", "most of" ...
_A_RATE = re.compile(r"(?:\d|\b(?!(?:for|about|around|nearly|almost|than|over|of|after|within|roughly|some|just|lasting|lasted|"
                     r"half|whole|entire|full|most|the|took|take|takes|spent|spend|another|only|barely|under|least|in|"
                     r"past|last|first|close|once|by|into|to|until|till)\b)[a-z]+)\s+$", re.I)
_ONE_UNIT = re.compile(r"an?\s", re.I)  # "a day", "an hour": the length a rate is counted per
_STILL_FOR = re.compile(r"\b(?:have|has)\s+(?:now\s+)?been\s+(?:down|offline|out|unavailable|unreachable|disrupted|"
                        r"inaccessible|dark)\b[^.;]{0,80}?\bfor\s+(?:more than\s+|over\s+|nearly\s+|almost\s+|about\s+|"
                        r"around\s+|roughly\s+|some\s+)?$", re.I)


_WAITED = re.compile(r"\b(?:waited|waiting|stood in (?:line|a queue|the queue)|queued|queuing|queueing|in line|"
                     r"in (?:a|the) queue|on hold)\b[^.;]{0,30}$", re.I)


def _duration(sentences: list[Sentence]) -> tuple[int | None, str | None]:
    best: tuple[int, int, str] | None = None
    for s in sentences:
        if s.context:
            continue
        for d in tp.find_durations(s.text):
            before = s.text[max(0, d.start - 45):d.start].lower()
            after = s.text[d.end:d.end + 30].lower()
            recovery = re.search(r"\b(again|normally|restored|back|recovered|resolved|fixed|returned|online)\s+"
                                 r"(?:within|after|in)\s*(?:about\s+|roughly\s+|around\s+|nearly\s+|almost\s+|"
                                 r"more than\s+|some\s+)?$", before)
            if not recovery and re.search(r"\b(within|in|in the (?:first|past|last)|every|per|each|after|before|ahead|earlier|"
                         r"up to|next|later|at least once|over the past|over the last|the first)\s*(?:the\s+)?"
                         r"(?:about\s+|roughly\s+)?$", before):
                continue
            if re.search(r"\bagain\s+(?:about\s+|roughly\s+|around\s+)?$|\bonly to\b", before) \
                    and re.match(r"^\s*later\b", after):
                continue  # "back at 10am, only to fall over again half an hour later": the relapse, not the length
            later_end = bool(re.match(r"^\s*later\b", after)) and bool(
                re.search(r"\b(?:restor\w+|back|resolv\w+|fix\w*|recover\w*|working again|returned|normal)\b",
                          s.text, re.I))
            if not later_end and re.match(r"^\s*(?:later|earlier|ago|of (?:work|video|content|footage)|a day|"
                                          r"per|from now|behind|into)\b", after):
                continue
            if re.match(r"^\s*(?:before|after)\b", after) and not re.search(r"\b(lasted|lasting|for)\b", before):
                continue
            if _WAITED.search(s.text, max(0, d.start - 50), d.start):
                continue  # "We stood in line for almost three hours": how long someone waited, not the outage
            if d.minutes <= 2 and re.match(r"^\s*or\s+(?:more|longer)\b", after):
                continue  # "apps bounced in the Dock for a minute or more": how long each try took, not the outage
            if _ONE_UNIT.match(s.text, d.start) and _A_RATE.search(s.text, max(0, d.start - 30), d.start):
                continue  # "50 times a day", "$30 million a day", "13,500 vehicles a day": a rate, not a length
            if not recovery and _STILL_FOR.search(s.text, max(0, d.start - 120), d.start):
                continue  # "have been down for more than 24 hours": how long so far, while it goes on
            score = 0
            if re.search(r"\b(for|lasted|lasting|outage|down|offline|disruption|totall?\w*|stretch\w*|"
                         r"some|nearly|almost|about|roughly|around|more than|over|after)\b", before):
                score += 2
            if re.match(r"^[\s-]*(?:long\s+)?(?:outage|disruption|blackout|shutdown|downtime|of "
                        r"(?:disruption|downtime|outage))", after):
                score += 3
            if s.is_title:
                score += 1
            if recovery or later_end:
                score += 2
            if score and (best is None or score > best[0]):
                best = (score, d.minutes, s.text)
    return (best[1], best[2]) if best else (None, None)


def build_timeline(sentences: list[Sentence], outage_day: date, published: datetime | None,
                   primary: str | None = None) -> Timeline:
    pub = published or datetime.combine(outage_day, datetime.max.time(), tzinfo=UTC)
    points = collect_points(sentences, outage_day, pub)
    tl = Timeline()
    starts = [p for p in points if p.role == "start" and not p.stamp] or \
        [p for p in points if p.role == "unknown" and not p.stamp]  # an update's time is not when it began
    if starts:
        near = [p for p in starts if abs((p.moment - starts[0].moment).total_seconds()) < 12 * 3600]
        first = min(near, key=lambda p: p.moment)  # live blogs list the newest update first
        tl.start, tl.start_precision = first.moment, "minute"
        tl.evidence["start"] = [first.sentence]
        ends = [p for p in points if p.role == "end" and p.order != first.order]
        ends = [p for p in ends if not p.stamp] or ends  # a time the update gives beats the update's own time
        # "Swedbank's app was working again by 10am ... Telia said its network was back at 11.05am": the story's own
        # service's return, not one that leaned on it
        ends = [p for p in ends if not p.names or primary is None or primary in p.names] or ends
        ends = [p for p in ends if first.moment < p.moment < first.moment + timedelta(days=3)] or \
            [p for p in ends if p.moment + timedelta(days=1) > first.moment
             and (p.order > first.order or p.moment.date() < first.moment.date())]  # a live blog's later stamp, put
        # on the day before by a publication time older than the update
        if ends:
            end = ends[0] if ends[0].order > first.order else max(ends, key=lambda p: p.moment)
            # "most was back by about 15:30, ... and the last clusters at 16:41": the sentence's latest end
            end = max((p for p in ends if p.sentence == end.sentence), key=lambda p: p.moment)
            end = _full_return(end, ends)
            moment = end.moment if end.moment > first.moment else end.moment + timedelta(days=1)
            tl.end, tl.end_precision = moment, "minute"
            tl.evidence["end"] = [end.sentence]
        if tl.end is None:
            _day_end(sentences, first.moment.date(), pub.date(), tl)
    else:
        _day_only(sentences, outage_day, pub.date(), tl)
        ends = [p for p in points if p.role == "end" and tl.start is not None
                and tl.start.date() <= p.moment.date() <= tl.start.date() + timedelta(days=3)]
        if ends and tl.end_precision != "minute":  # "failed on Monday morning ... resolved at 11:45 a.m. ET"
            tl.end, tl.end_precision = ends[0].moment, "minute"
            tl.evidence["end"] = [ends[0].sentence]
    minutes, sentence = _duration(sentences)
    if minutes is not None:
        tl.duration = minutes
        tl.evidence["duration_minutes"] = [sentence or ""]
    if tl.start is not None and tl.end is not None and tl.start_precision == tl.end_precision == "minute":
        computed = int((tl.end - tl.start).total_seconds() // 60)
        if tl.duration is None:
            tl.duration = computed
    elif tl.start is not None and tl.end is None and tl.duration and tl.start_precision == "minute":
        tl.end, tl.end_precision = tl.start + timedelta(minutes=tl.duration), "minute"
        tl.evidence["end"] = tl.evidence.get("duration_minutes", [])
    return tl


# A return in part: "the website was partly back shortly before 10pm", "most services were restored by 4.50am".
_PARTIAL_RETURN = re.compile(r"\b(?:partly|partially|in part|part of|some of|some services|some users|some customers|most|"
                             r"many|began to|begun to|started to|starting to|gradually|slowly|limited|in stages|"
                             r"reduced|stripped-down|basic|first|briefly|flicker\w*|only to|"
                             # a relapse: "flickered back to life at around 10am, only to fall over again"
                             r"(?:fell|fall|falls|went|go|goes|gone|crashed|failed|dropped)\s+(?:over|down|offline|out)\s+again)\b",
                             re.I)


def _full_return(end: TimePoint, ends: list[TimePoint]) -> TimePoint:
    """When the chosen end is a return in part, the later end a sentence gives without such words (the full return:
    "both were working normally again at around 1am"), within a day of it; else ``end``."""
    if not _PARTIAL_RETURN.search(end.sentence):
        return end
    later = [p for p in ends if end.moment < p.moment <= end.moment + timedelta(hours=24)
             and not _PARTIAL_RETURN.search(p.sentence)]
    return max(later, key=lambda p: p.moment) if later else end


def _day_only(sentences: list[Sentence], outage_day: date, latest: date, tl: Timeline) -> None:
    title = title_text(sentences)
    first = min((d.day for s in sentences if not s.context for d in s.dates
                 if d.day < outage_day and began_on(s, d.start, title)), default=outage_day)
    for s in sentences:
        if s.context:
            continue
        for d in s.dates:
            if d.day == first and (s.labels("OUTAGE") or _START_CUES.search(s.text)):
                tl.start = datetime.combine(d.day, datetime.min.time(), tzinfo=UTC)
                tl.start_precision = "day"
                tl.evidence["start"] = [s.text]
                break
        if tl.start is not None:
            break
    if tl.start is None:
        return
    _day_end(sentences, outage_day, latest, tl)


# "The bank said on Sunday that most of its systems were back to normal": the day it said so.
_SAID_ENDED = re.compile(r"\b(?:said|says|confirmed|announced|reported|statement)\b[^.;]{0,90}?" +
                         _STRONG_END.pattern, re.I)


def _day_end(sentences: list[Sentence], outage_day: date, latest: date, tl: Timeline) -> None:
    """A later day named as the end ("not working again until early Tuesday", "restored on Friday"), up to
    the day of publication (a day still to come is a forecast)."""
    for s in sentences:
        if s.context:
            continue
        for d in s.dates:
            if outage_day < d.day <= latest and (_END_CUES.search(s.text[max(0, d.start - 40):d.start])
                                       or _SAID_ENDED.search(s.text[max(0, d.start - 30):d.end + 100])):
                tl.end = datetime.combine(d.day, datetime.min.time(), tzinfo=UTC)
                tl.end_precision = "day"
                tl.evidence["end"] = [s.text]
                return

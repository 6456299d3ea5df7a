"""A parsed article as a list of sentences with their matches and a few flags.

Flags: ``context`` (the sentence is about an earlier, different outage), ``quotes`` (quoted stretches,
with a guess whether a quote is an on-screen message or a statement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Doc

from extract import timeparse as tp
from extract.nlp import span_rows


@dataclass
class Match:
    text: str
    label: str
    start: int  # character offsets within the sentence
    end: int


@dataclass
class Quote:
    text: str
    start: int  # offsets of the inner text within the sentence
    end: int
    closed: bool = True


@dataclass
class Sentence:
    text: str
    index: int
    paragraph: int
    is_title: bool = False
    services: list[Match] = field(default_factory=list)
    regions: list[Match] = field(default_factory=list)
    cues: list[Match] = field(default_factory=list)
    dates: list[tp.DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    context: bool = False
    split: bool = False  # the head of a sentence whose tail was about another outage

    def labels(self, prefix: str) -> list[Match]:
        return [c for c in self.cues if c.label.startswith(prefix)]

    def has(self, label: str) -> bool:
        return any(c.label == label for c in self.cues)

    def cue_near(self, label: str, start: int, end: int, before: int = 60, after: int = 60) -> bool:
        return any(c.label == label and c.end >= start - before and c.start <= end + after for c in self.cues)

    def in_quote(self, pos: int) -> bool:
        return any(q.start <= pos < q.end for q in self.quotes)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH_ALT = "|".join(_MONTHS)
# "after a November incident that Microsoft blamed on a code change": another month's incident
_MONTH_INCIDENT_RE = r"(?:a|an|the) (?:" + _MONTH_ALT + r") (?:outage|incident|disruption|failure|crash)"

# The mark a list line opens with once lists become "- item" paragraphs (``extract.article``): a dash, bullet or
# number ("- Chicago: about 2,400", "2) Leeds").
LIST_MARK = r"(?:[-*\u2022\u2013]|\d{1,2}[.)])"
LIST_LINE = re.compile(r"^\s*" + LIST_MARK + r"\s+\S")

CONTEXT_CUES = re.compile(
    r"\b(last year|last month|a year ago|years ago|months ago|weeks ago|earlier this (?:year|month)|"
    r"previous (?:outage|incident|disruption)|earlier (?:outage|incident)|a similar (?:[\w.&'-]+ ){0,3}(?:outage|incident|disruption|failure)|"
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+) (?:days?|weeks?) after "
    r"(?:a|an|the|its|another|rival|its rival|competitor)|"
    # "less than three weeks after Windows Azure storage went down"
    r"(?:(?:less than|under|just over|more than|nearly|barely|only|just) )?(?:a|one|two|three|four|five|six|several|few|\d+) "
    r"weeks? after (?:[\w.&'-]+ ){1,4}(?:went|was|were|had|suffered|crashed|failed|collapsed)|"
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|several|\d+|(?:a )?few) "
    r"(?:months?|years?) (?:after|before)|"
    r"(?:no connection|not connected|unconnected|unrelated|not related|nothing to do) (?:with|to) (?:the|a|an|another) "
    r"(?:[\w.&'-]+ ){0,4}(?:outage|incident|disruption|failure)|"
    r"not the first time|the last time|separate (?:outage|incident|issue)|unrelated (?:outage|incident)|"
    # not the last minutes or hours of this one: "1,200 reports in the past quarter of an hour"
    r"in the past(?!\s+(?:[\w-]+\s+){0,3}?(?:minutes?|hours?)\b)|history of|previously(?! un\w+| hidden| latent)|last week|last weekend|"
    # "came on the same day that a separate fault at Cloudflare ...": another event told after it; not "as districts
    # went back to school on the same day, and ..."
    r"the same day that|on the same day(?!\s*(?:[,.;:)]|$))|"
    r"(?:had|suffered|saw) (?:their|its) own|an unrelated|days (?:earlier|before)|a (?:week|month|year) (?:earlier|before)|"
    r"weeks (?:earlier|before)|the previous (?:day|week|month)|reminiscent of|echo(?:es|ed)? of|recall(?:s|ed|ing)|"
    r"(?:biggest|largest|worst|longest) (?:outage )?since|"
    # "much smaller than the one on December 7, when ... took down Disney+": the comparison tells the earlier one
    r"(?:smaller|bigger|larger|shorter|longer|worse|milder|briefer|less severe|more severe|less serious) than "
    r"(?:the|that|last) (?:one|outage|incident|disruption|failure)|"
    r"last (?:" + _MONTH_ALT + r")|the year before|a day earlier|the day before|last time|" + _MONTH_INCIDENT_RE +
    # "the second disruption in four months"
    r"|(?:second|third|fourth|fifth|another) (?:[\w-]+ ){0,3}?(?:outage|incident|"
    r"disruption|failure)s? (?:\w+ ){0,3}?in (?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|\d+|"
    r"less than a|under a|just over a|the past|the last) )?(?:days?|weeks?|months?|years?))\b", re.I)

# Where the story was filed, not a place or day of the outage: "LONDON (Reuters) -", "SAN FRANCISCO, March 14
# (Wire) -", "FORT WORTH, Texas (CW) -", "New Delhi:".
DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][a-z]+\.?(?: [A-Z][a-z]+)?(?=\s*\(|,\s*[A-Z][a-z]{2,8}\.? \d))?"
                      r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?(?:\s*\([^)]{1,30}\))?\s*[\u2014\u2013-]+\s|"
                      r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?:\s")


def title_text(sentences: list[Sentence]) -> str:
    """The headline (and dek) as one string."""
    return " ".join(s.text for s in sentences if s.is_title)


def title_services(sentences: list[Sentence]) -> set[str]:
    """The catalog labels the headline (and dek) name."""
    return {m.label for s in sentences if s.is_title for m in s.services}


_CONTEXT_ANCHORS = ("last", "ago", "earlier", "previous", "similar", "after", "before", "first time", "separate",
                    "unrelated", "past", "history", "same day", "own", "reminiscent", "echo", "recall", "since",
                    "connect", "related", "nothing to do", "second", "third", "fourth", "fifth", "another", " incident",
                    "than the", "than that", "than last")

_OPEN_CLOSE = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "\u00ab": "\u00bb", "'": "'", "\u201e": "\u201c\u201d",
               "\u300c": "\u300d", "\u300e": "\u300f", "\u2039": "\u203a"}
QUOTE_RE = re.compile(r"(\u201c[^\u201d\u201c\n]{1,400}(?:\u201d|$|(?=\u201c))|(?<![\w])\"[^\"\n]{1,400}(?:\"(?![A-Za-z0-9])|$|(?=\"[A-Za-z0-9]))|"
                      r"(?<![\w\u2019])\u2018.{2,300}?\u2019(?![\w])|\u00ab[^\u00bb\n]{1,400}\u00bb|\u201e[^\u201c\u201d\n]{1,400}[\u201c\u201d]|"
                      r"\u300c[^\u300d\n]{1,400}\u300d|\u300e[^\u300f\n]{1,400}\u300f|\u2039[^\u203a\n]{1,400}\u203a|"
                      r"(?<![\w'])'(?=[A-Z0-9\u0370-\u1fff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])[^\n]{1,300}?(?:'(?![\w])|$)|"
                      r"(?<![\w'])'(?=[a-z][a-z ])[^\n']{2,80}'(?![\w]))")  # lowercase: only when it closes


_OPEN_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z][a-z])")


_QUOTE_CHAR = re.compile("[\"'\u2018\u201c\u201e\u00ab\u300c\u300e\u2039]")


def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    if _QUOTE_CHAR.search(text) is None:
        return quotes
    for m in QUOTE_RE.finditer(text):
        raw = m.group(0)
        close = _OPEN_CLOSE[raw[0]]
        closed = len(raw) > 1 and raw[-1] in close
        inner_end = m.end() - (1 if closed else 0)
        if not closed and m.end() < len(text) and text[m.end()] in "\"\u201c":
            # a quote left open before another quote's opening mark ends with its own sentence
            stop = _OPEN_SENTENCE_END.search(text, m.start() + 1, inner_end)
            inner_end = stop.end() if stop else inner_end
        quotes.append(Quote(text[m.start() + 1:inner_end], m.start() + 1, inner_end, closed))
    return quotes


def _span_rows(doc: Doc, text: str) -> dict[str, list[tuple[int, int, str, str]]]:
    """(start_char, end_char, text, label) of every span group, read once."""
    rows: dict[str, list[tuple[int, int, str, str]]] = {}
    bounds: list[list[int]] = []
    for key in ("services", "regions", "cues"):
        tokens = span_rows(doc, key)
        if not tokens:
            continue
        if not bounds:  # character offsets from the token arrays, not from Span/Token objects
            bounds = doc.to_array(["IDX", "LENGTH"]).tolist()
        found = []
        for a, b, label in tokens:
            start, end = bounds[a][0], bounds[b - 1][0] + bounds[b - 1][1]
            found.append((start, end, text[start:end], label))
        rows[key] = sorted(found)
    return rows


def sentence_offsets(doc: Doc) -> list[tuple[int, int]]:
    """Character (start, end) of each sentence, from token arrays (no Token objects are made)."""
    if len(doc) == 0:
        return []
    arr = doc.to_array(["SENT_START", "IDX", "LENGTH"]).tolist()
    bounds = [i for i, row in enumerate(arr) if row[0] == 1 or i == 0]
    bounds.append(len(arr))
    return [(arr[a][1], arr[b - 1][1] + arr[b - 1][2]) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def build_sentences(doc: Doc, published: date, title: str = "", text: str | None = None) -> list[Sentence]:
    """Split ``doc`` (title line first when given) into :class:`Sentence` records. ``text`` is the string
    the doc was made from (``doc.text`` rebuilds it token by token)."""
    full = doc.text if text is None else text
    sentences: list[Sentence] = []
    rows = _span_rows(doc, full)
    cursor = dict.fromkeys(rows, 0)
    paragraph = 0
    title_end = len(title)
    for start_char, end_char in sentence_offsets(doc):
        text = full[start_char:end_char]
        trailing = full[end_char:end_char + 2]
        if not text.strip():
            if "\n" in text or "\n" in trailing[:1]:
                paragraph += 1
            continue
        if "\n" in text.strip():
            paragraph += 1
        stripped = text.strip()
        offset = start_char + len(text) - len(text.lstrip())
        s = Sentence(stripped, len(sentences), paragraph, is_title=bool(title) and start_char < title_end)
        for key, items in rows.items():
            i = cursor[key]
            while i < len(items) and items[i][0] < start_char:
                i += 1
            found = []
            while i < len(items) and items[i][0] < end_char:
                a, b, t, label = items[i]
                if b <= end_char:
                    found.append(Match(t, label, a - offset, b - offset))
                i += 1
            cursor[key] = i
            setattr(s, key, found)
        s.dates = tp.find_dates(stripped, published)
        s.quotes = find_quotes(stripped)
        sentences.append(s)
        _mark_dek(s, sentences)
        if "\n" in trailing[:1] or text.endswith("\n"):
            paragraph += 1
    return sentences


def _mark_dek(s: Sentence, sentences: list[Sentence]) -> None:
    """A standfirst/dek (short unpunctuated line under the headline) is treated like the headline."""
    if s.is_title or s.paragraph > 4 or s.index > 4 or s.text[-1:] in ".!?:\"\u201d\u2019'" or s.quotes:
        return  # a line ending in a colon introduces what follows ("the cities with the most reports:")
    if LIST_LINE.match(s.text):
        return  # a list line ("- Chicago: about 2,400")
    if len(s.text.split()) > 35 or any(x.paragraph == s.paragraph for x in sentences[:-1]):
        return
    s.is_title = True


_START_BEFORE = re.compile(r"\b(?:start\w*|began|begun|beginning|since|broke out|first (?:hit|struck|appeared|reported))"
                           r"\b(?:[^.;]|(?<=\d)\.(?=\d)|(?<=\b[ap])\.|(?<=\b[ap]\.m)\.){0,60}$", re.I)


def _after_start_word(s: Sentence, d: tp.DateMention) -> bool:
    """The date follows "started/began/since" ("a fault that started on Thursday")."""
    return bool(_START_BEFORE.search(s.text[max(0, d.start - 70):d.start]))


_SAID_ON = re.compile(r"\b(?:said|says|announced|confirmed|told \w+|explained|blamed|admitted|apologi[sz]ed|"
                      r"revealed|disclosed|wrote|found|concluded|ruled|published|released)"
                      r"(?:\s+to\s+(?:its\s+|their\s+|the\s+)?[\w-]+)?\s+(?:late\s+|early\s+)?(?:on\s+)?$|"  # "apologised to customers on"
                      r"\b(?:in|with) (?:an?|its|their|the) (?:[\w-]+\s+)?(?:explanation|statement|update|post|review|report|"
                      r"briefing|interview|filing|letter|email|message|note|postmortem|post-mortem)\s+(?:published\s+|posted\s+|"
                      r"issued\s+)?(?:late\s+|early\s+)?on\s+$", re.I)


def rebase_weekdays(sentences: list[Sentence], day: date, published: date) -> None:
    """A look back at an outage weeks before publication tells its hours by the weekdays of that week ("back to
    normal by 11:45 UTC on Wednesday" after "started on Tuesday, November 18"): such a weekday, in a sentence with a
    clock time, is the one on or after the outage's day, not the one before publication. Days people spoke on
    ("the agency said on Thursday") keep the publication week."""
    if (published - day).days <= 6:
        return
    for s in sentences:
        if s.context or not tp.find_clocks(s.text, bare=True):
            continue
        for d in s.dates:
            if d.kind == "weekday" and not d.ahead and not _speech_date(s, d) and d.day > day + timedelta(days=6):
                d.day = day + timedelta(days=(d.day.weekday() - day.weekday()) % 7)


def _speech_date(s: Sentence, d: tp.DateMention) -> bool:
    """"Facebook said on Thursday that ...": the day it spoke (or filed), not the day of the outage."""
    dateline = DATELINE.match(s.text)
    if dateline and d.start < dateline.end():
        return True  # "SAN FRANCISCO, March 14 (Wire) -": the dateline's filing day
    return bool(_SAID_ON.search(s.text[max(0, d.start - 30):d.start]))


def _start_first(s: Sentence) -> list[tp.DateMention]:
    """The sentence's dates, the one after "started/began/since" first."""
    return sorted(s.dates, key=lambda d: not _after_start_word(s, d))


def _title_year(heads: list[Sentence], published: date) -> int | None:
    """An earlier year named in an outage headline ("over 2018 IT meltdown", "the 2021 outage")."""
    for h in heads:
        if not h.labels("OUTAGE") and not _OUTAGE_NOUN.search(h.text):
            continue
        for m in re.finditer(r"\b((?:19|20)\d\d)\b", h.text):
            if int(m.group(1)) < published.year:
                return int(m.group(1))
    return None


# A lede about an outage that is still going on: the day it names is not the day it began.
_STILL = re.compile(r"\bstill\b|\bremain(?:s|ed)? (?:down|offline|out|unavailable|shut|disrupted)\b|"
                    r"\b(?:second|third|fourth|fifth|sixth) (?:straight |consecutive |full )?day\b", re.I)


_RETURNED = re.compile(r"\b(?:back to normal|back online|back up and running|(?:were|was|been|being) restored|"
                       r"came back|returned to (?:normal|service)|fully recovered|"
                       r"(?:working|running|operating|functioning)(?: normally)? again)\b", re.I)


# "still offline on Sunday, two days after the insurer was hit by ...": the lede counts back to the first day
_DAYS_AFTER = re.compile(r"^,?\s+(?:some\s+|about\s+|nearly\s+|almost\s+|more than\s+)?(?P<n>\d+|an?|one|two|three|four|five|"
                         r"six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>days?|weeks?)\s+(?:after|since)\b", re.I)


def _days_after(s: Sentence, d: tp.DateMention) -> date | None:
    """The first day a still-down or returned lede counts back to from the day it names."""
    m = _DAYS_AFTER.match(s.text[d.end:d.end + 40])
    if m is None:
        return None
    n = tp.word_number(m.group("n").lower())
    if not n:
        return None
    return d.day - timedelta(days=n * (7 if m.group("unit").lower().startswith("week") else 1))


def _began_before(sentences: list[Sentence], day: date) -> date | None:
    """An earlier first day that a sentence soon after the lede gives ("the problems began ... on Tuesday")."""
    for s in sentences:
        for d in s.dates:
            if d.day < day and _after_start_word(s, d) and s.labels("OUTAGE") and not CONTEXT_CUES.search(s.text):
                return d.day
    return None


# A line a story updated as it went opens with: "UPDATE, 11:58 p.m. ET:", "Update 3 (Tuesday, Feb. 28):",
# "LATEST:". Its time is when it was written, and the story's own lede comes after the updates.
UPDATE_STAMP = re.compile(tp.UPDATE_OPENING + r"{0,60}?:(?!\d)")
# Where the first version begins under the updates: "ORIGINAL STORY: If you could not ..."
_ORIGINAL_STAMP = re.compile(r"^\W*(?:ORIGINAL (?:STORY|POST|ARTICLE|REPORT)|Original (?:story|post|article|report)|"
                             r"EARLIER|Earlier)\s*:")


def story_order(body: list[Sentence]) -> list[Sentence]:
    """The body with a live story's updates put after its own lede: the paragraphs from "ORIGINAL STORY:", or
    else from the first paragraph after the last update at the top, come first. Other bodies are unchanged."""
    if not body or not UPDATE_STAMP.match(body[0].text):
        return body
    for i, s in enumerate(body):
        if _ORIGINAL_STAMP.match(s.text):
            return body[i:] + body[:i]
    last = max(i for i, s in enumerate(body[:80]) if UPDATE_STAMP.match(s.text))
    for i in range(last + 1, len(body)):
        if body[i].paragraph != body[last].paragraph:
            return body[i:] + body[:i]
    return body


def main_date(sentences: list[Sentence], published: date) -> date:
    """The day the outage is about: the title's or lede's date, else the first dated outage sentence."""
    plain = [s for s in sentences if not s.is_title]
    body = story_order(plain)
    heads = [x for x in sentences if x.is_title]
    story_year = _title_year(heads, published)
    if story_year is not None:  # "TSB fined over 2018 IT meltdown": the story's outage is in that year
        for s in body[:25]:
            for d in _start_first(s):
                if d.day.year == story_year and d.explicit_year:
                    return d.day
    head_dates = [d for h in heads for d in h.dates]
    if head_dates and all(d.kind == "relative" for d in head_dates):
        # "overnight"/"today" in a headline is vaguer than a weekday or date in the lede: a follow-up
        # story headlined "overnight outage" may date it "late on Wednesday" two days earlier.
        for d in (_start_first(body[0]) if body else []):
            if d.kind != "relative" and d.day <= published and not _speech_date(body[0], d):
                return d.day
    for s in heads + body[:1]:
        for d in _start_first(s):
            if d.day <= published and not _speech_date(s, d):
                if (_STILL.search(s.text) or _RETURNED.search(s.text)) and not _after_start_word(s, d):
                    # "still down on Thursday ...", "back to normal on Wednesday, two days after ...": the
                    # first day comes further down ("The fire broke out on Monday")
                    return _began_before(body[1:8], d.day) or _days_after(s, d) or d.day
                return d.day  # "a second day without ... on Friday, after a fault that started on Thursday"
    for s in body[1:8]:  # a follow-up: "The failure began at about 9.30am on Saturday, May 27"
        for d in s.dates:
            if d.day <= published and _after_start_word(s, d) and s.labels("OUTAGE") \
                    and not CONTEXT_CUES.search(s.text):
                return d.day
    lede = sentences if body is plain else heads + body
    for s in lede[:6]:
        if s.dates and (s.labels("OUTAGE") or s.is_title):
            for d in s.dates:
                if d.day <= published and not _speech_date(s, d):
                    return d.day
    for s in lede[:6]:
        for d in s.dates:
            if d.day <= published and not _speech_date(s, d):
                return d.day
    named = title_services(heads)
    for s in body[:20]:  # a look back ("Outage of the year: ...") dates its subject further down
        if named & {m.label for m in s.services}:
            for d in s.dates:
                if d.day <= published:
                    return d.day
    return published


BOILER_LINE = re.compile(r"^\W*(?:related(?: stories| articles| coverage)?|read more|more like this|more on this|"
                         r"see also|also read|read next|read also|recommended|sign up|subscribe|follow us|"
                         r"share this|click here|watch|listen|copyright|\u00a9|advertisement|most read|"
                         r"trending|you may also like|up next)\b", re.I)


# The outlet talking to its readers: "Got a tip? Hit us up on ...", "Follow us on ...", "Email us at ...".
READER_PROMO = re.compile(r"\b(?:got|have) a (?:news )?tip\b|\b(?:hit|follow|find|reach|contact|message|email|"
                          r"e-mail|ping|tip|write to|dm) us\b|\bdownload (?:our|the \w+ news) app\b",
                          re.I)
# "last week's slide", "the previous day's announcement": a past event that is not an outage.
_OUTAGE_NOUN = re.compile(r"\W*(?:[\w-]+\s+)?(?:outages?|disruptions?|incidents?|crash(?:es)?|failures?|problems|"
                          r"issues|downtime|blackouts?|glitch(?:es)?|breakdowns?|interruptions?|meltdown)\b", re.I)


def mark_context(sentences: list[Sentence], outage_day: date, published: date) -> None:
    """Flag sentences about an earlier outage (dated before this one, or cued as in the past), and
    link/promo lines that survived boilerplate removal ("Related: ...", "Read more ...")."""
    marked: list[Sentence] = []
    sure: set[int] = set()  # ids of sentences whose earlier outage is certain (a cue, another year, days before)
    title = title_text(sentences)
    reach = outage_day - timedelta(days=_days_long(sentences))  # the outage's own first days, if it lasted days
    for s in sentences:
        marked.append(s)
        if s.is_title:
            continue
        if BOILER_LINE.match(s.text) or _reader_promo(s) or _other_outage_that_day(s, sentences):
            s.context = True
            continue
        earlier = [d.start for d in s.dates if d.day < reach and not _ZONE_DAY.search(s.text, 0, d.start)]
        if earlier and not _only_start_day(s, outage_day) and not _began_earlier(s, outage_day, title):
            at: int | None = min(earlier)
            certain = any(d.day < outage_day - timedelta(days=1) for d in s.dates)  # not a zone's day apart
        else:
            certain = True
            at = tp.other_year_at(s.text, published, outage_day)
            if at is None:
                at = _context_cue(s.text, published, outage_day)
        if at is None:
            continue
        cut = _clause_before(s, at)
        if cut is None:
            s.context = True
        else:  # "Slack went down on Tuesday, a week after rival Teams had its own problems": only the tail
            head, tail = split_sentence(s, cut)
            head.split, tail.context = True, True
            marked[-1:] = [head, tail]
        if certain:
            sure.add(id(marked[-1]))
    sentences[:] = marked
    _carry_context(sentences, sure)
    _roundup_items(sentences)


_NOT_HOW_LONG = re.compile(r"\s+(?:after|before|ago|later|earlier|of|since|on|into|from|in a row|early|late)\b", re.I)


def _days_long(sentences: list[Sentence]) -> int:
    """How many days the headline or the lede says the outage lasted ("back online after two days cut off", "a
    four-day blackout", "about 48 hours"): its first days are then part of it, not an earlier outage. 0 if not said."""
    opening = [s for s in sentences if s.is_title] + [s for s in sentences if not s.is_title][:2]
    minutes = max((d.minutes for s in opening for d in tp.find_durations(s.text)
                   # "two days after a fire", "2 days of free data": a gap or an amount, not how long it lasted
                   if not _NOT_HOW_LONG.match(s.text, d.end)), default=0)
    return min(-(-minutes // 1440) if minutes >= 1440 else 0, 14)


# The same moment told in another zone's day: "in the United States, where it was still Wednesday evening"
_ZONE_DAY = re.compile(r"\b(?:where|when|while)\s+it\s+was\s+(?:still\s+|already\s+|only\s+)?(?:late\s+|early\s+)?(?:on\s+)?$|"
                       r"\bit\s+was\s+(?:still|already)\s+(?:late\s+|early\s+)?(?:on\s+)?$", re.I)

_THAT_DAY_OPENING = re.compile(r"^(?:Earlier|Later)\s+(?:on|that)\s+(?:day|morning|afternoon|evening|(?:Mon|Tues|Wednes|Thurs|"
                               r"Fri|Satur|Sun)day)\b|^(?:On\s+)?(?:The|the)\s+same\s+(?:day|weekend|week|night|morning|"
                               r"afternoon|evening),|^(?:Separately|Elsewhere|In (?:a |an )?(?:separate|unrelated) "
                               r"(?:incident|outage|problem)),", re.I)


def _other_outage_that_day(s: Sentence, sentences: list[Sentence]) -> bool:
    """"Earlier on Wednesday, United Airlines grounded all of its flights ...": another service's trouble that
    day, told for context, when the sentence names no service of the headline."""
    if not s.services or not _THAT_DAY_OPENING.match(s.text):
        return False
    named = title_services(sentences)
    if not named:  # a headline service the catalog does not know: none of this sentence's names is in the headline
        title = title_text(sentences)
        return not any(m.text in title for m in s.services)
    return not named & {m.label for m in s.services}


_ITEM_MARK = re.compile(r"^(?:no\.\s*)?\d{1,2}[.)]$", re.I)


def _roundup_items(sentences: list[Sentence]) -> None:
    """A numbered roundup ("1." ... "2." ... "3."): the items not about the headline's service are
    other outages, context for this one."""
    marks = [i for i, s in enumerate(sentences) if not s.is_title and _ITEM_MARK.match(s.text.strip())]
    if len(marks) < 2:
        return
    named = title_services(sentences)
    bounds = list(zip(marks, marks[1:] + [len(sentences)], strict=True))
    items = [sentences[a + 1:b] for a, b in bounds]
    main = next((k for k, item in enumerate(items) if any(named & {m.label for m in x.services} for x in item[:3])),
                None)
    if main is None:
        return
    for k, item in enumerate(items):
        if k != main:
            for x in item:
                x.context = True


_FRESH_TURN = re.compile(r"^(?:this|today|now|but|however|meanwhile|the latest|this time|by contrast|unlike)\b", re.I)


def _carry_context(sentences: list[Sentence], sure: set[int]) -> None:
    """A sentence that goes on about the earlier outage of the sentence before it (same paragraph, no date
    or service of its own, no turn back to the story: "Downdetector recorded more than 70,000 reports at
    the peak") is context too."""
    named = title_services(sentences)
    for prev, s in zip(sentences, sentences[1:], strict=False):
        if id(prev) not in sure or not prev.context or prev.is_title or s.context or s.is_title \
                or s.paragraph != prev.paragraph:
            continue
        if BOILER_LINE.match(prev.text) or _reader_promo(prev) or s.dates or _FRESH_TURN.match(s.text):
            continue
        if named & {m.label for m in s.services} or (s.services and not prev.services):
            continue
        s.context = True


# Where a sentence turns to something else: "...; the game was down for three days in 2021",
# "..., a week after rival Teams had its own problems", "... - the second time this year".
_CLAUSE_TURN = re.compile(r"[;:]\s+|,\s+|\s+[\u2013\u2014-]+\s+|\s+(?:while|whereas|just)\s+")


def _clause_before(s: Sentence, at: int) -> int | None:
    """The clause break before position ``at`` when the clause before it already reports the outage
    (an outage word and a service or date of its own); None to treat the sentence as one."""
    found = [m for m in _CLAUSE_TURN.finditer(s.text, 0, at) if m.start() >= 20]
    strong = [m for m in found if not m.group(0).startswith(",")]
    if not found:
        return None
    cut = (strong or found)[-1].start()
    if s.in_quote(cut):
        return None
    head_outage = any(c.label == "OUTAGE" and c.end <= cut for c in s.cues)
    head_facts = any(m.end <= cut for m in s.services) and any(d.end <= cut for d in s.dates)
    return cut if head_outage and head_facts else None


def split_sentence(s: Sentence, cut: int) -> tuple[Sentence, Sentence]:
    """Two sentences from one, at character ``cut``; every mention keeps its own half."""
    tail_text = s.text[cut:]
    skip = len(tail_text) - len(tail_text.lstrip(" ,;:\u2013\u2014-"))
    off = cut + skip

    def part(items: list, lo: int, hi: int, shift: int) -> list:  # type: ignore[type-arg]
        return [replace(x, start=x.start - shift, end=x.end - shift) for x in items if lo <= x.start and x.end <= hi]

    n = len(s.text)
    head = Sentence(s.text[:cut].rstrip(), s.index, s.paragraph, s.is_title,
                    part(s.services, 0, cut, 0), part(s.regions, 0, cut, 0), part(s.cues, 0, cut, 0),
                    part(s.dates, 0, cut, 0), part(s.quotes, 0, cut, 0), s.context)
    tail = Sentence(s.text[off:], s.index, s.paragraph, s.is_title,
                    part(s.services, off, n, off), part(s.regions, off, n, off), part(s.cues, off, n, off),
                    part(s.dates, off, n, off), part(s.quotes, off, n, off), s.context)
    return head, tail


def _reader_promo(s: Sentence) -> bool:
    """A short line addressed to the outlet's readers (not a quoted screen message saying "contact us")."""
    lower = s.text.lower()
    if not any(map(lower.__contains__, (" us ", " us.", " us,", " us:", " us!", "tip", "download"))):
        return False  # every promo phrasing holds one of these
    m = READER_PROMO.search(s.text)
    return m is not None and not s.in_quote(m.start()) and len(s.text.split()) <= 25


# Another month's incident, looked for apart (case-sensitive here), as month names are too common to gate the
# long pattern below
_MONTH_INCIDENT = re.compile(r"\b" + _MONTH_INCIDENT_RE + r"\b")


_MONTH_NAMES = tuple(m + " " if m == "May" else m for m in _MONTHS)  # "May " not "Mayor"


_BACK_AFTER = re.compile(r"\b(?:came back|come back|back to normal|reopen(?:s|ed)?|restored|returned|back online|resum(?:es|ed)|"
                         r"recovered|brought back|"
                         # still fighting it: "was still struggling to bring its systems back, two days after ..."
                         r"still (?:struggling|down|offline|crippled|disrupted|recovering|unavailable|unable|working|"
                         r"cannot|can't|could not|couldn't|without|have no|had no|has no|waiting)|"
                         r"remain(?:s|ed)? (?:down|offline|unavailable|disrupted))\b", re.I)
_WHAT_STOPPED_IT = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:cyber-?attack|attack|ransomware|hack|fire|flood|storm|outage|"
                              r"failure|crash|breach|shutdown|fault|glitch|bug|breakdown|meltdown)\b|"
                              # "two days after the state health insurer was hit by what ... was a ransomware attack"
                              r"\s+[^.;]{0,50}?\b(?:was|were|had been|got)\s+(?:hit|struck|crippled|knocked|taken|brought|"
                              r"targeted|attacked|hacked|breached)\b", re.I)


_ANCHOR_RX = re.compile("|".join(map(re.escape, _CONTEXT_ANCHORS)))


def _context_cue(text: str, published: date, outage_day: date) -> int | None:
    """A cue of an earlier outage; a possessive past ("the previous week's slide") counts only when what
    it owns is an outage ("last week's outage"), and a follow-up's "two weeks ago" is not a cue when it
    points at this outage's own day."""
    anchor = _ANCHOR_RX.search(text.lower())  # the leftmost anchor word: the first any of them occurs
    firsts = [anchor.start()] if anchor else []
    month = _MONTH_INCIDENT.search(text) if any(map(text.__contains__, _MONTH_NAMES)) else None
    if month is not None:
        firsts.append(month.start() + 32)  # the search below starts 32 characters before an anchor
    if not firsts:
        return None  # every cue holds one of these words: skip the long pattern for most sentences
    # and no cue starts more than a few words before its anchor word: begin the search there
    for m in CONTEXT_CUES.finditer(text, max(0, min(firsts) - 32)):
        if tp.HISTORY_NEAR.search(text, max(0, m.start() - 40), m.start()):
            continue  # "BeReal was bought last year by Voodoo": the company's history, not an earlier outage
        if _BACK_AFTER.search(text, 0, m.start()) and _WHAT_STOPPED_IT.match(text, m.end()) \
                and not m.group(0).lower().endswith(("rival", "another", "competitor")):
            continue  # "came back on Monday, 11 weeks after a ransomware attack knocked it out": this outage's own run
        possessive = re.match(r"(?:'s|\u2019s)\s", text[m.end():m.end() + 3])
        if possessive and not _OUTAGE_NOUN.match(text[m.end() + 2:m.end() + 40]):
            continue
        if outage_day < published - timedelta(days=2) and _points_at(text, m, published, outage_day):
            continue
        return m.start()
    return None


_AGO = re.compile(r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|few)\s+"
                  r"(?P<unit>day|week|month)s?\s+ago$", re.I)
_UNIT_DAYS = {"day": (1, 1), "week": (7, 4), "month": (30, 12)}


def _points_at(text: str, cue: re.Match[str], published: date, outage_day: date) -> bool:
    """Does a relative cue ("two weeks ago", "last week", "last month", "earlier this month") name the
    period that holds this outage's own day? Then the sentence looks back at this outage, not another."""
    word = cue.group(0).lower()
    ago = _AGO.search(text[max(0, cue.start() - 12):cue.end()])
    if ago:
        n = ago.group("n").lower()
        count = 3 if n in ("a few", "few", "several") else tp.word_number(n)
        step, slack = _UNIT_DAYS[ago.group("unit").lower()]
        return count is not None and abs((published - outage_day).days - count * step) <= slack + (step if count > 2 else 0)
    if word == "last week":
        monday = published - timedelta(days=published.weekday())
        return monday - timedelta(days=7) <= outage_day < monday
    if word == "last weekend":
        return 0 < (published - outage_day).days <= 9 and outage_day.weekday() >= 4
    if word in ("last month", "earlier this month"):
        first = published.replace(day=1)
        target = first if word == "earlier this month" else (first - timedelta(days=1)).replace(day=1)
        return (outage_day.year, outage_day.month) == (target.year, target.month)
    if word == "earlier this year":
        return outage_day.year == published.year
    if word.startswith("last ") and word[5:8] in tp.MONTHS:
        return outage_day.month == tp.MONTHS[word[5:8]] and (published - outage_day).days < 366
    return False


BEGAN_ON = re.compile(r"^(?:It|The (?:outage|problems?|trouble|disruption|issues?|incident|failure|fault|"
                      r"glitch|blackout)|(?P<name>[A-Z][\w.&'-]*(?:\s+(?:of\s+)?[A-Z][\w.&'-]*){0,3})(?:,[^,;]{3,120},)?)"
                      r"\s+(?:(?:had\s+|first\s+)?(?:began|begun|started|emerged|appeared)\s+"
                      r"(?:(?:struggling|failing|slowing|crashing|buckling|faltering|going down|to (?:fail|struggle|falter))\s+)?"
                      r"(?:on\s+|late\s+|early\s+|late on\s+|early on\s+)?|"
                      # "MGM said it discovered the problem on Sunday": when the company found its own outage
                      r"(?:said\s+(?:that\s+)?it\s+)?(?:had\s+|first\s+)?(?:discovered|detected|identified|noticed|spotted|"
                      r"became aware of)\s+(?:the|a|an|its)\s+(?:[\w-]+\s+)?(?:problem|issue|incident|outage|attack|breach|"
                      r"intrusion|fault|disruption)\s+(?:late\s+|early\s+)?(?:on\s+)?|"
                      # "Chess.com has been struggling since early Monday": still failing, from that day on
                      r"(?:has|have|had)\s+been\s+(?:struggling|failing|down|offline|unavailable|crashing|disrupted|patchy|"
                      r"slow|unreachable|out)\s+(?:[\w-]+\s+){0,4}?since\s+(?:early\s+|late\s+)?(?:on\s+)?)$")


def began_on(s: Sentence, at: int, title: str) -> bool:
    """"It began on Monday evening", "ELSTER, the tax portal, began struggling on Saturday": the text before
    ``at`` tells when this outage began. A name as the subject must be the headline's, so that another service's
    earlier outage is not taken for this one's start."""
    m = BEGAN_ON.match(s.text[:at])
    return m is not None and (m.group("name") is None or m.group("name") in title)


def _began_earlier(s: Sentence, outage_day: date, title: str) -> bool:
    """"It began on Monday evening" after a lede about Tuesday: this outage's own first day, not an
    earlier outage (the subject refers back to the story's outage). So is the evening before a day-long stop: "a
    failure in the IT system, which went down late on Saturday evening"."""
    return any(outage_day - timedelta(days=3) <= d.day < outage_day and began_on(s, d.start, title)
               or _went_down_the_evening_before(s, d, outage_day) for d in s.dates)


def _went_down_the_evening_before(s: Sentence, d: tp.DateMention, outage_day: date) -> bool:
    """"..., which went down late on Saturday evening": the evening before the outage's day, said of what broke."""
    return d.day == outage_day - timedelta(days=1) and _WENT_DOWN_THE_EVENING_BEFORE.search(s.text, 0, d.start) is not None \
        and _EVENING.match(s.text, d.end) is not None


_WENT_DOWN_THE_EVENING_BEFORE = re.compile(r"\b(?:which|that)\s+(?:went down|failed|crashed|broke down|stopped working|"
                                           r"went offline)\s+(?:late\s+|early\s+)?(?:on\s+)?$")
_EVENING = re.compile(r"\s*(?:evening|night)\b")


def _only_start_day(s: Sentence, outage_day: date) -> bool:
    """A multi-day outage names its own first day ("began on Thursday ... until Sunday")."""
    return any(d.day >= outage_day for d in s.dates)

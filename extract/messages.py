"""On-screen error messages vs. official statements, from quotes and HTTP status texts."""

from __future__ import annotations

import re

from extract.document import LIST_MARK, Quote, Sentence, find_quotes

Evidence = dict[str, list[str]]

HTTP_STATUS = re.compile(
    r"\b(?:(?:Error|HTTP)\s+)?[45]\d\d\s+(?:Service Unavailable|Bad Gateway|Internal Server Error|"
    r"Gateway Time-?out|Not Found|Forbidden|Too Many Requests|Bad Request|Unauthori[sz]ed|Request Timeout|"
    r"Server Error|Service Temporarily Unavailable|Backend fetch failed|Origin Error|Connection timed out)\b|\b(?:Service Unavailable|Bad Gateway|Internal Server Error|Gateway Timeout)\s+\(?[45]\d\d\)?",
    re.I)

_SCREEN_BEFORE = re.compile(
    r"\b(error(?: message| page| screen| code| notice)?s?|messages?|notices?|notifications?|prompts?|screens?|"
    r"(?<!status )pages?|warnings?|pop-?ups?|banners?|displayed|displaying|displays|display|showed|showing|shown|shows|saw|see|seeing|"
    r"seen|greeted (?:\w+ ){0,3}?(?:by|with)|met (?:by|with)|(?:by|with) the (?:same )?words|brought up|brings up|bringing up|pulled up|faced|reading|read|reads|stating|with the words|box|"
    r"returned|returning|(?:that|which|it|app|site|screen|(?<!status )page|feed|timeline|inbox|player)(?: just| only| simply| still| now)? (?:said|says|shows)|told (?:users|them|people|"
    r"customers|players|visitors)(?: it| that)?|received|receiving|got|getting|label(?:led)?|appeared|"
    r"spinning|loading|dialog|alert|status (?:of|read)|(?:then|were|was|being) told|replying|responding with|"
    r"responded with|answering|hit with|presented with|served(?: up)?|popped up|pops up|flashed|flashing|"
    r"prompting|prompted|telling (?:them|users|people|customers)|warning(?: that)?|notif\w+ (?:that|saying)|"
    r"read(?:ing)? simply|screenshots? of|(?:kept|keeps|kept on|was|were|is|are) saying|stuck on|froze on|hung on|"
    r"(?:with|and|from|but|except) the (?:same )?(?:line|words|text)|the same (?:two |three |four )?words|listed as|marked(?: as)?|"
    r"shown as|flagged as|(?:answered|replied|responded)(?: \w+){0,3} with|just (?:says|said)|simply (?:says|said)|"
    r"frozen on|crash\w* with|fail\w*(?: to \w+)? with|greets? (?:\w+ )?with|greeting (?:\w+ )?with|(?:ended|stopped|died|quit|closed)(?: \w+)? with|(?:before|then) reporting|"
    r"headed|titled|output|(?:in|from) (?:the )?screenshots?|c(?:a|o)me up with|coming up with|throw(?:s|ing)? up|threw up|spat out|"
    r"spit(?:s|ting)? out|(?:kept|keeps) telling (?:me|us)|(?:errors?|messages?) like|(?:speakers?|devices?|assistant|app|site|screen|(?<!status )page|phone|ipad|iphone|tablet|till|terminal|machine|laptop|computer|tv|console)s?(?: just| only| simply| kept| still)? (?:said|says|replied|showed|displayed|warned|warns|told|tells|informed))\b[^\"\u201c\u2018]{0,40}$", re.I)
_STATEMENT_BEFORE = re.compile(
    r"\b(statement|spokes\w+|said in|wrote|tweet\w*|posted|post|told reporters|according to|added|"
    r"explained|apologi[sz]\w*|acknowledg\w*|chief|CEO|executive|founder|president|minister|official|"
    r"account|update (?:on|said|read)|status page|status update|status dashboard|blog|engineers? wrote|"
    r"analyst|expert|researcher|professor|cheeky|joked|quipped|replied|responded|urged|warned|described|"
    r"called it|dubbed|as the|so-called|the phrase|headline|hashtag)\b[^\"\u201c\u2018]{0,60}$", re.I)
_SPEECH = re.compile(r"^(said|says|wrote|writes|tweeted|posted|added|explained|told|stated|announced|"
                     r"acknowledged|confirmed|continued|noted|according|insisted|replied|joked)$", re.I)
_DEVICES = frozenset({"app", "apps", "site", "website", "page", "screen", "message", "phone", "phones", "device",
                      "devices", "error", "banner", "notice", "prompt", "popup", "pop-up", "speaker", "speakers",
                      "assistant", "console", "browser", "tv", "router", "hub", "terminal", "terminals"})
_NOT_SUBJECT = frozenset({"while", "and", "but", "or", "as", "when", "because", "others", "other", "some",
                          "many", "users", "people", "which", "that", "simply", "then"})


def _statement_after(after: str) -> bool:
    """The quote is followed by its speaker: '..., the company said' / '... Musk wrote'."""
    words = re.findall(r"[\w.'\-]+", after[:80])
    for word in words[:6]:
        if word.lower() in _DEVICES:
            return False  # '..." the app told users': the screen speaking
        if _SPEECH.match(word):
            return True
        if word.lower() in _NOT_SUBJECT:
            return False
    return False
_STATUS_SOURCE = re.compile(r"\b(status page|status dashboard|status update|status account|statement|"
                            r"spokes\w+|said|wrote|posted|tweeted|update)\b", re.I)


def clean_message(text: str) -> str:
    value = " ".join(text.split()).strip()
    value = value.strip("\"'\u201c\u201d\u2018\u2019 ")
    if value.endswith(("...", "\u2026")) and len(value.rstrip(".\u2026 ")) > 0:
        return value  # "Connecting\u2026", "Waiting for network...": the dots are on the screen
    return value.rstrip(".,;: \u3002\uff01").strip()


_SCREEN_NOUN = (r"(?:app|apps|site|website|homepage|screen|page|message|error(?: message)?|banner|notice|prompt|"
                r"pop-?up|alert|notification|console|tv|device|speaker|assistant)s?")
_SCREEN_AFTER = re.compile(
    r"^[\s,.!?]*(?:(?:the|an?|its|their)\s+(?:\w+\s+){0,2}?" + _SCREEN_NOUN + r"\s+(?:told|tells|said|says|read|reads|"
    r"displayed|showed|shows|warned|informed)\b|(?:read|reads|said|says)\s+(?:the|an?)\s+(?:\w+\s+){0,2}?"
    + _SCREEN_NOUN + r"\b|(?:appeared|appears|popped up|pops up|flashed|showed up|shows up|came up|was displayed|"
    r"were displayed|was shown|were shown|(?:printed|written|shown|displayed)\s+(?:underneath|beneath|below|under)|"
    r"underneath|beneath it|below it|(?:in|on|across) (?:the|their|its) (?:status bar|screens?|displays?|"
    r"notification bar|top bar|lock screen))\b)", re.I)


_PHYSICAL = re.compile(r"\b(?:whiteboards?|signs?|placards?|posters?|t-?shirts?|mugs?|notes?|stickers?|headlines?|"
                       r"billboards?|banners? (?:at|outside|held))\b\W*(?:\w+\W+){0,2}$", re.I)
# A screen noun as the subject of the verb that follows it: "A pop-up in the Fortnite app on Monday warned".
_SCREEN_SUBJECT = re.compile(r"\b(?:pop-?ups?|banners?|notices?|notifications?|prompts?|alerts?|error (?:message|page|"
                             r"screen)s?|screens?)\b(?:\s+(?:in|on|from|at)\s+(?:the\s+)?[\w' -]{1,30})?"
                             r"(?:\s+on\s+\w+)?\s+(?:\w+\s+)?$", re.I)
# "the spokesman said users saw": a screen cue inside someone's account keeps its speaker.
_SPEAKER_SCREEN = re.compile(r"\b(?:spokes\w+|statement|tweet\w*|wrote|analyst)\b", re.I)


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The match of ``pattern`` whose keyword (group 1) is nearest the end of ``text``."""
    found = pattern.search(text)
    while found is not None:
        nxt = pattern.search(text, found.end(1))
        if nxt is None:
            break
        found = nxt
    return found


_STATUS_PAGE_SAID = re.compile(r"^\W*(?:the|its|their|\w+'s)\s+(?:status|service health|health|incident)\s+(?:page|"
                               r"dashboard|site|account|history)\s+(?:said|says|read|reads|stated|noted|added)\b", re.I)


# "The service status page now reads: ...", "the System Status page listed X with a notice that read: ..."
_STATUS_PAGE_BEFORE = re.compile(r"\bstatus (?:page|dashboard|site)\b[^\"\u201c\u2018.;]{0,80}$|"
                                 r"\b(?:later|latest|next|final|further|new|another) (?:status )?update\s+(?:\w+\s+)?"
                                 r"(?:read|reads|said|says|stated)\s*:?\s*$", re.I)
# 'tapping the "Shop all deals" banner': a control the user pressed, not a text shown in place of the service
_CONTROL_BEFORE = re.compile(r"\b(?:tap|tapped|tapping|click|clicked|clicking|press|pressed|pressing|select|selected|"
                             r"selecting|hit|hitting)\s+(?:the|a|an|on)\s*$", re.I)


# The machines as the ones that received or saw something: what they got was load, not a screen text.
_LOAD_RECEIVED = re.compile(r"\b(?:systems?|servers?|platform|infrastructure|network|site|website|backend)\s+(?:had\s+|has\s+|have\s+)?"
                            r"(?:received|got|seen|saw|faced|experienced|handled)\s+(?:an?\s+|the\s+)?$", re.I)

# The company telling what it went through: 'Bluesky said it was seeing "record-high traffic"', 'the bank said it had
# faced "instability in some of its digital channels"': its own words about the trouble, not a text on a screen.
_SAID_IT_SAW = re.compile(r"\b(?:said|says|wrote|writes|told|added|stated|confirmed|explained|acknowledged|admitted)\b[^\"\u201c]{0,50}?"
                          r"\b(?:it|we|the (?:company|firm|bank|exchange|platform|operator|service|site|app))\s+"
                          r"(?:was|were|is|are|had|has|had been|has been)?\s*(?:seeing|experiencing|facing|faced|experienced|"
                          r"seen|saw|suffered|suffering)\s+(?:an?\s+|the\s+|some\s+)?$", re.I)


def classify_quote(s: Sentence, q: Quote) -> str:
    """'error' (text shown to users), 'statement' (someone's words) or 'other'."""
    before = s.text[:max(0, q.start - 1)]
    after = s.text[q.end + (1 if q.closed else 0):]
    words = len(q.text.split())
    if words == 0:
        return "other"
    if _STATUS_PAGE_SAID.match(after) or _STATUS_PAGE_BEFORE.search(before):
        return "statement"  # '"We have identified the cause ...," the status page said'
    statement_after = _statement_after(after)
    window = before[-110:]
    screen = _last(_SCREEN_BEFORE, window)  # the cue nearest the quote: 'got an error stating that "..."'
    stated = _last(_STATEMENT_BEFORE, before[-90:])
    if screen and stated and screen.start(1) < len(window) - len(before[-90:]) + stated.start(1) < screen.end(1):
        stated = None  # 'the app warned them "..."': the device named in the cue is the one speaking
    stated_gap = len(before[-90:]) - stated.end(1) if stated else 999
    screen_gap = len(window) - screen.end(1) if screen else 999
    relayed = bool(screen and re.fullmatch(r"(?:that|which|it) (?:said|says)", screen.group(1), re.I))
    if re.fullmatch(r"[A-Z][\w']*(?: [\w']+){0,3}\s?(?:\.\.\.|\u2026)", q.text.strip()) and not statement_after:
        return "error"  # 'Connecting\u2026', 'Waiting for network...': a status line on screen
    if re.match(r"^(?:error(?: code)?\s*[:\d-]|err[_!]|error\s+\d)", q.text, re.I) and not statement_after and words <= 12:
        return "error"  # 'Error code: PB-1107'
    if _CONTROL_BEFORE.search(before[-25:]) or _LOAD_RECEIVED.search(before[-60:]) \
            or (q.text[:1].islower() and _SAID_IT_SAW.search(before[-120:])):
        return "other"  # 'its systems had received "unprecedented traffic"': a volume, not a screen
    if re.match(r"\s*If\b[^,;]*$", before):
        return "other"  # 'If Hinge shows "No internet connection" on an ordinary day, ...': advice, not this outage
    if _SCREEN_AFTER.match(after) and words <= 25:
        return "error"  # '"Couldn't refresh feed," read the message' / '"..." appeared on screens'
    if screen and re.match(r"(?:that |which )?read", screen.group(1), re.I) and _PHYSICAL.search(window[:screen.start(1)][-40:]):
        return "other"  # "a whiteboard that read 'IT IS NOT SLACK'": not a screen
    if screen and screen_gap <= 2 and words <= 15 and not relayed and (stated is None or stated_gap > 40) \
            and not _SPEAKER_SCREEN.search(window[:screen.start(1)]):
        return "error"  # 'were told "Your account is locked", the company confirmed': the cue sits on the quote
    if stated and _SCREEN_SUBJECT.search(before[-90:][:stated.start(1)]):
        stated = None  # 'A pop-up in the app warned: "..."': the screen is the one speaking
    if stated and (stated_gap <= screen_gap or relayed and stated_gap - screen_gap < 30) \
            and not re.search(r"\berror\b", before[-40:], re.I):
        return "statement"  # "..., the status page, which said: ..." is the page's statement
    if re.match(r"^\W{0,2}\s*(?:error(?: message| page| screen| code)?|message|notice|page|screen|warning|banner|"
                r"prompt|pop-?up|alert|label|indicator|notification|dialog(?:ue)?|splash)s?\b", after, re.I) \
            and not statement_after and len(q.text.split()) <= 20:
        return "error"  # '"Couldn't refresh feed" error'
    if screen and not statement_after:
        if q.text[:1].islower() and screen_gap > 12 and not HTTP_STATUS.search(q.text):
            return "other"  # a scare quote ("the 'vast majority' of customers")
        return "error"
    if re.search(r"\b(?:others?|some|many)\s+(?:simply\s+)?(?:said|saw|showed|got|read)\s*$", before, re.I):
        return "error"
    if statement_after or words >= 8 or q.start <= 2:
        return "statement"
    if HTTP_STATUS.search(q.text):
        return "error"
    return "other"


_CLAUSE_BREAK = re.compile(r"\s+(?:and|but|while|whereas|as|when|so|before|after|until)\s+(?:the|a|an|its|their|his|"
                           r"her|they|it|he|she|users|people|some|many|others)\b|\s+[\u2013\u2014-]\s+", re.I)


def _unclosed(text: str, sentences: list[Sentence], index: int) -> str:
    """A quote whose closing mark is missing: run on through the paragraph, stop at a new clause."""
    para = sentences[index].paragraph
    parts = [text]
    for nxt in sentences[index + 1:index + 3]:
        if nxt.paragraph != para or nxt.quotes:
            break
        parts.append(nxt.text)
    joined = " ".join(parts)
    close = re.search("[\"'\u201d\u2019](?![\\w])", joined[len(text):])
    if close:
        return joined[:len(text) + close.start()]  # the closing mark sits in a later sentence
    cut = _CLAUSE_BREAK.search(joined)
    if cut:
        return joined[:cut.start()]
    extra = joined[len(text):]
    if len(extra.split()) <= 12 and not _NARRATION.search(extra):
        return joined  # '... saw "Something went wrong. Please try again later.' (the mark never closes)
    return text


_NARRATION = re.compile(r"\b(?:according to|said|says|told|reported|which|were|was|had|began|started|"
                        r"ended|users|customers|people)\b")


_COLON_CUE = re.compile(
    r"\b(?:displayed|displays|displaying|showed|shows|shown|showing|read|reads|reading|said|says|saying|saw|see|greeted (?:by|with)|"
    r"met (?:by|with)|presented with|error(?: message| page| screen)?|message|notice|screen|prompt|pop-?up|banner|warned|"
    r"warning|alert|notification|(?:ended|stopped|failed|crashed)(?: \w+)? with|output(?: \w+){0,4}|"
    r"(?:the )?(?:same )?(?:\w+ )?(?:line|words|text|reply|response)|(?:answered|replied|responded)(?: \w+){0,3} with|"
    r"told (?:users|viewers|visitors|customers|players|people|them|subscribers|listeners|shoppers)|(?:were|was|being|got) told)"
    r"(?: (?:this|the following|the message|a message|an error|something like this|simply))?\s*:\s*", re.I)


_PROMO_READ = re.compile(r"^\W*(?:also\s+|see\s+also\s*)?read(?:\s+more)?\s*:", re.I)
_RECORD_BEFORE = re.compile(r"\b(?:timeline|report|statement|update|post|blog|log|chronology|schedule|filing|notice to)\b"
                            r"[^:]{0,40}$", re.I)


def _after_colon(sentences: list[Sentence], index: int) -> str | None:
    """Unquoted screen text introduced by a colon: 'the app displayed: Bank server not responding', or a
    sentence ending 'they were met with this:' followed by the message as its own short paragraph."""
    s = sentences[index]
    if ":" not in s.text:
        return None
    cue = _COLON_CUE.search(s.text)
    if cue is None or any(q.end >= cue.start() for q in s.quotes) or _STATEMENT_BEFORE.search(s.text[:cue.start()][-60:]) \
            or not _SCREEN_BEFORE.search(s.text[:cue.end()].rstrip(": ")):
        return None
    if _PROMO_READ.match(s.text) or _RECORD_BEFORE.search(s.text[:cue.start()]):
        return None  # "READ: How to file a dispute", "Viasat's timeline for February 24 reads:"
    rest = s.text[cue.end():].strip()
    if rest:
        nxt_s = sentences[index + 1] if index + 1 < len(sentences) else None
        if nxt_s is not None and nxt_s.paragraph == s.paragraph and len(nxt_s.text.split()) <= 10 \
                and _IMPERATIVE.match(nxt_s.text) and not nxt_s.quotes:
            rest = rest + " " + nxt_s.text  # "...: Payment failed. Please try another payment method."
        return clean_message(rest) if rest[:1].isupper() and 1 <= len(rest.split()) <= 20 else None
    nxt = [x for x in sentences[index + 1:index + 4] if x.paragraph == s.paragraph + 1]
    if not nxt or nxt[0].quotes or sentences[index + 1] is not nxt[0]:
        return None
    text = " ".join(x.text for x in nxt)
    return clean_message(text) if len(text.split()) <= 30 else None


_LIST_CUE = re.compile(r"\b(?:errors?|messages?|notices?|warnings?|screens?|screenshots?|pop-?ups?|prompts?|texts?)\b"
                       r"[^.!?\"\u201c]{0,60}"
                       r"\b(?:included|include|includes|such as|like|were|was|are|is|read|reading|said|saying|showing|shown)"
                       r"(?: (?:these|this|the following))?\s*:\s*$", re.I)
_BULLET = re.compile(r"^\s*(?:" + LIST_MARK + r"|\u2014)\s*")


def _list_cue(s: Sentence) -> bool:
    """A sentence that introduces screen texts listed as paragraphs of their own ('..., with the app
    showing:' / 'The errors people saw included:')."""
    if not s.text.rstrip().endswith(":"):
        return False
    head = s.text.rstrip().rstrip(":")
    if _STATEMENT_BEFORE.search(head[-60:]):
        return False
    return bool(_LIST_CUE.search(s.text) or (_COLON_CUE.search(s.text) and _SCREEN_BEFORE.search(head)))


def _listed_quotes(s: Sentence) -> list[Quote]:
    """The quotes a list line opens with ('- "Messages failed to send"', '- "No Service" or "SOS" in the corner
    of the screen'): the first starts the line, the others are joined to it by "or", "and" or commas."""
    if not s.quotes or _BULLET.sub("", s.text[:max(0, s.quotes[0].start - 1)]).strip():
        return []
    found = [s.quotes[0]]
    for q in s.quotes[1:]:
        if not _LIST_JOIN.fullmatch(s.text[found[-1].end + 1:q.start - 1]):
            break
        found.append(q)
    return [q for q in found if q.closed and len(q.text.split()) <= 25]


def _more_output_lines(sentences: list[Sentence], index: int, first: str) -> list[str]:
    """Terminal output shown as lines of their own after a colon ("npm ERR! code E503" / "npm ERR! 503 ..."):
    the following short paragraphs that start like the first line are lines of the same output."""
    s = sentences[index]
    head = first.split(" ", 1)[0]
    if not s.text.endswith(":") or len(head) < 3 or not first.startswith(head + " "):
        return []
    lines: dict[int, list[str]] = {}
    for x in sentences[index + 1:index + 12]:
        if x.paragraph > s.paragraph + 6:
            break
        lines.setdefault(x.paragraph, []).append(x.text)
    found = []
    for para in sorted(lines)[1:]:
        text = " ".join(lines[para])
        if not text.startswith(head + " ") or len(text.split()) > 30:
            break
        found.append(clean_message(text))
    return found


_IMPERATIVE = re.compile(r"^(?:Please|Try|Tap|Check|Contact|Retry|Restart|Go|Visit|Sign|Log|Update|Click|Use)\b")
_TITLE_SCREEN = re.compile(r"^\W{0,2}\s*(?:[\w-]+\s+)?(?:error|message|screen|notice|warning|banner|pop-?up|prompt|"
                           r"page)s?\b", re.I)


def _screen_cued(before: str, text: str) -> bool:
    """A screen cue before a headline quote; one a few words back ("reading caps hit only 'a small percentage'")
    counts only for a quote that starts as a message does, with a capital."""
    cue = _last(_SCREEN_BEFORE, before)
    return cue is not None and (len(before) - cue.end(1) <= 12 or text[:1].isupper())


def _title_messages(s: Sentence, errors: list[str], ev: list[str]) -> None:
    """A headline quote counts only when a screen noun follows it: 'users see "Something went wrong" error'."""
    previous: tuple[bool, int] = (False, -1)
    found: list[str] = []
    for q in reversed(s.quotes):  # right to left: 'hit "Code:leaf" and "Code:net" errors' lists the first too
        after = s.text[q.end + (1 if q.closed else 0):]
        text = clean_message(q.text)
        listed = previous[0] and _LIST_JOIN.fullmatch(s.text[q.end + 1:previous[1] - 1]) is not None
        shown = q.closed and bool(text) and len(text.split()) <= 12 and (
            _TITLE_SCREEN.match(after) is not None or listed or _screen_cued(s.text[:max(0, q.start - 1)][-60:], text))
        if shown:
            found.append(text)
        previous = (shown, q.start)
    for text in reversed(found):
        _add_error(errors, ev, text, s.text)


def _add_error(errors: list[str], evidence: list[str], text: str, sentence: str) -> None:
    """Record ``text`` once (case-insensitively) with the sentence it came from."""
    if text.lower() not in (e.lower() for e in errors):
        errors.append(text)
        evidence.append(sentence)


def _inner_messages(text: str) -> list[str]:
    """Screen text quoted inside someone's quote, introduced by a screen cue within it."""
    found = []
    for q in find_quotes(text):
        before = text[:q.start - 1][-110:]
        if q.start > 1 and q.closed and len(q.text.split()) <= 15 and (
                _SCREEN_BEFORE.search(before) or re.search(r"\b[A-Z][\w-]+ (?:just |simply |only )?(?:says|said|shows|showed)\s*$",
                                                            before)
                or q.text[:1].isupper() and re.search(r"\b(?:says|said|shows|showed|gives me|giving me)\s*$", before)):
            value = clean_message(q.text)
            if value:
                found.append(value)
    return found


# The operator talking about the incident (a status page or post), not a text shown in place of the service.
# (A banner may well say "we're aware of an issue"; only a report that it is over reads as the operator's.)
_OPERATOR_VOICE = re.compile(r"\b(?:has been|have been|is now|are now) (?:resolved|restored|mitigated)\b", re.I)
_LIST_JOIN = re.compile(r"\s*(?:in (?:big|bold|red|large|small|capital|block) \w+\s*)?"
                        r"(?:,|or|and|,\s*or|,\s*and|and\s*,|or\s*,|/|with|plus|along with|followed by|then|,\s*then)\s*"
                        r"(?:(?:at|on|in|when|after|during|for)\s+[\w' -]{1,25},\s*)?")  # '..., and, at checkout, "..."'
# Screen codes printed bare: "the error code 0x87DD0003", Chrome's "ERR_TUNNEL_CONNECTION_FAILED".
_CODE_HINTS = ("code", "type", "err_", "net_", "dns_probe", "error ")
# Words every HTTP status text holds: a cheap look before the long pattern.
_STATUS_HINTS = ("unavailable", "gateway", "server error", "not found", "forbidden", "too many", "bad request",
                 "unauthori", "timeout", "time-out", "timed out", "backend", "origin error")
_BARE_CODE = re.compile(r"\b(?i:error\s+(?:codes?|types?))\s*(?:of\s+|was\s+|is\s+|:\s*)?"
                        r"(?P<code>(?=[\w-]*[\d_])[A-Za-z0-9][\w-]{3,}\b|[A-Z][a-z]{5,}\b(?!\s+[A-Z]))"  # 0x87DD0003, Lavenderbeard
                        r"|\b(?i:(?:saw|shown|showed|got|displayed|printed|(?:underneath|below|beneath)(?: it)?|along with|alongside|"
                        r"followed by|with)\s+(?:the|a|an)\s+code)\s+(?P<shown>(?=[\w-]*\d)(?=[\w-]*[A-Z])[A-Z0-9][\w-]{3,}\b)"
                        r"|(?<![\w:])(?P<chrome>(?:NET::)?(?:ERR|NET|DNS_PROBE)_[A-Z_]{4,})\b"
                        # a numbered error shown on its own: "bounced back to the title screen with Error 3003"
                        r"|\b(?i:with|saw|seeing|got|getting|received|receiving|hit|hitting|showed|showing|shown|displayed|"
                        r"displaying|returned|returning|threw|throwing)\s+(?i:an?\s+|the\s+)?(?i:(?:dreaded|infamous|same|"
                        r"cryptic|new)\s+)?(?P<numbered>Error\s+\d{2,6})\b(?![.:,]?\d|\s+[A-Z][a-z])")


# Unquoted screen texts inside the sentence: "a pop-up reading 通信エラー (a communication error)",
# "a screen reading Keine Verbindung zum Server", "a status line, Connecting to chat..., that never went".
_READING = re.compile(r"\b(?:screens?|pop-?ups?|messages?|notices?|banners?|errors?|pages?|prompts?|alerts?|"
                      r"dialog(?:ue)?s?|boxe?s?|status lines?|displays?)\s+(?:that\s+)?(?:read|reading|reads)\s+"
                      r"(?P<text>[A-Z\u0370-\u1fff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^.!?(\n\"'\u2018-\u201f\u00ab\u00bb\u300c-\u300f]{0,80}?)"
                      r"\s*(?=\(|[.,;!?]\s|[.!?]?$)")
_DOTS_LINE = re.compile(r"(?:^|[\s,:;(])(?P<text>[A-Z][\w']*(?:\s+[\w'-]+){0,5}?(?:\.\.\.|\u2026))(?=[\s,;)]|$)")
_STATUS_CUE = re.compile(r"\b(?:status (?:line|message|bar)|spinner|loading screen|screens?|messages?|notices?|"
                         r"showed|shows|displayed|stuck (?:on|at)|hung on|froze on)\b", re.I)


_CAPS_SHOWN = re.compile(r"\b(?i:displayed|displaying|displays|showed|showing|shows|flashed(?: up)?|flashing(?: up)?|"
                         r"read|reading|reads)\s+(?:(?i:simply|just|only)\s+)?(?P<text>[A-Z]{4,}(?:\s+[A-Z]{2,}){0,4})\b(?![\w'])")


def _unquoted_screen(s: Sentence) -> list[str]:
    lower = s.text.lower()
    found: list[str] = []
    if any(map(lower.__contains__, ("display", "show", "flash", "read"))):
        found = [m.group("text") for m in _CAPS_SHOWN.finditer(s.text) if not s.in_quote(m.start("text"))]
    if "read" in s.text:
        for m in _READING.finditer(s.text):
            if not s.in_quote(m.start("text")):
                found.append(clean_message(m.group("text")))
    if "..." in s.text or "\u2026" in s.text:
        for m in _DOTS_LINE.finditer(s.text):
            before = s.text[:m.start("text")]
            if not s.in_quote(m.start("text")) and _STATUS_CUE.search(before[-40:]) and not _STATEMENT_BEFORE.search(before[-40:]):
                found.append(clean_message(m.group("text")))
    return found


def _drop_fragments(errors: list[str], evidence: list[str]) -> tuple[list[str], list[str]]:
    """A text found inside a fuller one ("network error" in a dek, "Sorry" in "Sorry! The service is ...")
    is a reference to it, not a second message."""
    lowered = [e.lower() for e in errors]
    keep = [i for i, e in enumerate(lowered) if not any(e != o and e in o for o in lowered)]
    return [errors[i] for i in keep], [evidence[i] for i in keep]


def choose_messages(sentences: list[Sentence]) -> tuple[list[str], list[str], Evidence]:
    errors: list[str] = []
    statements: list[str] = []
    ev_err: list[str] = []
    ev_stat: list[str] = []
    listing: tuple[int, str] | None = None  # (paragraph, cue sentence) of a list of screen texts being read
    for i, s in enumerate(sentences):
        if s.is_title:
            _title_messages(s, errors, ev_err)
            continue
        if listing is not None:
            lines = _listed_quotes(s) if s.paragraph > listing[0] and not s.context else []
            if s.paragraph > listing[0] and not lines:
                listing = None
            elif lines:
                for line in lines:
                    _add_error(errors, ev_err, clean_message(line.text), listing[1])
                listing = (s.paragraph, listing[1])
                if len(lines) == len(s.quotes):
                    continue
        if not s.context and _list_cue(s):
            listing = (s.paragraph, s.text)
        taken: list[tuple[int, int]] = []
        previous: tuple[str, int] = ("", -1)
        kinds = [classify_quote(s, q) for q in s.quotes]
        for k in range(len(kinds) - 2, -1, -1):  # '... switched to 'Emergency calls only' or 'No Service' in the status bar'
            q, nxt = s.quotes[k], s.quotes[k + 1]
            if kinds[k] == "other" and kinds[k + 1] == "error" and q.closed \
                    and _LIST_JOIN.fullmatch(s.text[q.end + 1:nxt.start - 1]):
                kinds[k] = "error"
        for q, kind in zip(s.quotes, kinds, strict=True):
            if kind == "error" and _OPERATOR_VOICE.search(q.text) and len(q.text.split()) >= 8:
                kind = "statement"  # "The issue ... has been resolved ... We apologise for the inconvenience"
            if kind != "error" and previous[0] == "error" and _LIST_JOIN.fullmatch(s.text[previous[1]:q.start - 1]):
                kind = "error"  # 'error messages such as "Request failed" and "Unable to load tweets"'
            if previous[0] == "error" and s.text[previous[1]:q.start - 1].strip() == "(":
                kind = "gloss"  # '「...」 ("We are busy, please try again")': the reporter's translation
            previous = (kind, q.end + (1 if q.closed else 0))
            runs_on = not q.closed and not s.text[q.end:].strip()
            text = clean_message(_unclosed(q.text, sentences, i) if runs_on else q.text)
            if not text:
                continue
            if kind == "error" and not s.context and len(text.split()) <= 30:
                _add_error(errors, ev_err, text, s.text)
                taken.append((q.start, q.end))
            elif kind != "error" and not s.context:
                for inner in _inner_messages(q.text):  # a user's quote: 'Our iPads just said 'Error''
                    _add_error(errors, ev_err, inner, s.text)
            if kind == "statement" and len(text.split()) >= 3 and _STATUS_SOURCE.search(s.text):
                statements.append(text)
                ev_stat.append(s.text)
        if s.context:
            continue
        colon = _after_colon(sentences, i)
        for shown in (colon, *(_more_output_lines(sentences, i, colon) if colon else ()), *_unquoted_screen(s)):
            if shown:
                _add_error(errors, ev_err, shown, s.text)
        lower = s.text.lower()
        for m in (_BARE_CODE.finditer(s.text) if any(map(lower.__contains__, _CODE_HINTS)) else ()):
            if not s.in_quote(m.start()) and not any(q.start <= m.end() <= q.end for q in s.quotes):
                _add_error(errors, ev_err, m.group("code") or m.group("shown") or m.group("chrome") or m.group("numbered"),
                           s.text)
        for m in (HTTP_STATUS.finditer(s.text) if any(map(lower.__contains__, _STATUS_HINTS)) else ()):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if any(q.start <= m.start() < q.end for q in s.quotes):
                continue
            _add_error(errors, ev_err, clean_message(re.sub(r"^HTTP\s+(?=\d)", "", m.group(0))), s.text)
    errors, ev_err = _drop_fragments(errors, ev_err)
    ev: Evidence = {}
    if errors:
        ev["error_messages"] = list(dict.fromkeys(ev_err))
    if statements:
        ev["status_messages"] = list(dict.fromkeys(ev_stat))
    return errors, statements, ev

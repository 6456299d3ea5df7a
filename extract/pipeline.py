"""Article -> OutageReport: the extraction pipeline, and the hook used by ``outages reprocess``."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from archive.records import Article, OutageReport, RawPage, iso, now_utc
from extract import counts, fields, messages, timeline
from extract.article import extract_article
from extract.catalog import Catalog, load_catalog
from extract.document import Sentence, build_sentences, main_date, mark_context, rebase_weekdays
from extract.unlisted import TRAVEL_IT

log = logging.getLogger(__name__)

_OUTAGE_WORDS = re.compile(
    r"\b(outages?|down|offline|went dark|disrupt\w*|unreachable|unavailable|inaccessible|not working|"
    r"stopped (?:working|loading|responding)|crash\w*|buckl(?:es|ed|ing)|glitch\w*|errors?|problems|issues|fail\w*|knocked|restored|back online|"
    r"blackout|interruption|breakdown|halt(?:s|ed)? (?:all )?trading(?! in (?:\w+ )?(?:shares|stocks?)\b)|trading halt|"
    r"degrad\w*|slow(?:er|ed|s|ing|downs?)?|sluggish|patchy|spotty|crawl(?:s|ed|ing)?|jammed|latency|buffering|stutter(?:s|ed|ing)?|freez(?:es|ing)|frozen|goes dark|go dark|struggl\w+|trouble|broke|broken|brought down|"
    r"logged out|locked out|cut(?:s|ting)? (?:off|access)|lost access|los(?:e|ing) access|no access|"
    r"los(?:e|es|t|ing) (?:their |all |mobile |phone |cell |home )?(?:signal|service|connection|connectivity|internet|"
    r"data|coverage|broadband)|"
    r"can't|cannot|could not|couldn't|unable|sos|ransomware|hackers? (?:hit|cripple|knock)\w*|"
    r"(?:cyber-?)?attack (?:hits?|cripples?|knocks?)|"
    r"(?:wouldn't|would not|won't|will not|didn't|did not|doesn't|does not) (?:load|download|open|work|connect|start|launch|play|"
    r"stream|sync|update|send|respond|install|post|refresh))\b", re.I)
_NOT_SERVICE_STORY = re.compile(
    r"\b(earnings|quarterly results|revenue|launch(?:es|ed)? (?:a|its|new)|unveil\w*|announc\w+ (?:a|new)|"
    r"power grid|grid operator|electricity (?:supply|grid)|acquisition|acquire|lawsuit|fined|"
    r"layoffs?|ipo|stock split|review:|forecast|profits?|shares (?:fall|rise|jump|drop)|sign(?:s|ed)? up|"
    r"rais(?:es|ed|ing) (?:[$\u20ac\u00a3]\s?)?[\d.,]+\s?(?:m|bn|million|billion)|funding round|"  # "raises $42 million"
    r"shut(?:s|ting)? down .* (?:service|app)|to close|closures?|plans to|"
    r"(?:offline|down|closed|gone|dark|silent|quiet) for good|pull(?:s|ed|ing)? the plug|"
    r"switch(?:es|ed|ing)? off (?:its |the |their )?servers|without power|in the dark|will be (?:down|offline|unavailable)|"
    r"(?:planned|scheduled) maintenance|maintenance window|to (?:launch|add|remove|end|retire|stop|switch off|phase out)|"
    r"to be (?:down|offline|unavailable|suspended|shut)|during (?:a |the )?(?:planned |scheduled )?(?:system )?upgrade)\b", re.I)
_BYLINE = re.compile(r"^(?:by|from)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\b(?:,.*)?$|^(?:technology|tech|business|news)$",
                     re.I)
# An outage in general, not one that happened: "drafts the updates customers read during an outage"
_ANY_OUTAGE = re.compile(r"\b(?:during|if|when|whenever|in case of)\s+(?:an?|any)\s+(?:[\w-]+\s+)?$", re.I)
_EXPLAINER_TITLE = re.compile(r"\bhow to (?:check|tell|fix|find)\b|^\s*review\b|\bexplained:|\bwhat to do\b", re.I)

# "Capital One outage: what to do if your bank app goes down": a news head, then the advice.
_NEWS_THEN_ADVICE = re.compile(r"^[^:|\u2013\u2014]*\b(?:outages?|(?:(?:is|are|was|were|went)\s+)?(?:down|offline)|crash(?:ed|es)?|"
                               r"glitch)\b[^:|\u2013\u2014]*(?::|\s[|\u2013\u2014-]\s)|"
                               r"^\W*(?:(?:is|are)\s+)?[^?]{1,40}\s+(?:down|not working|offline)\s*\?\s+\S", re.I)

_TITLE_FINE = re.compile(r"\b(?:stay(?:s|ed)?|remain(?:s|ed)?|kept|keeps) (?:online|up|running|working)\b|"
                         r"\b(?:held|holds) up (?:under|through|during|despite)\b|\b(?:withst(?:ood|ands)|weather(?:s|ed)|"
                         r"cop(?:es|ed) with)\b.{0,40}\b(?:traffic|demand|surge|rush|record)|"
                         r"\bwithout (?:a |any |the |major )?(?:[\w-]+ ){0,2}?(?:hitch|glitch|outage|interruption|downtime|"
                         r"meltdown|breakdown|tech failure|IT failure|system failure)e?s?\b|"
                         r"\b(?:smooth|glitch-free|trouble-free|hitch-free|problem-free) (?:start|launch|sale|day|night|"
                         r"rollout|debut|opening)\b|"
                         r"\bno (?:instability|outage|disruption|downtime|interruption)s?\b|"
                         r"(?:\bis ?n[o\u2019']t|\bare ?n[o\u2019']t|\bnot) (?:down|an outage|broken|offline)\b[^?]*$|"  # "No, Heroku isn't down"
                         r"\b(?:den(?:y|ies|ied)|rul(?:es|ed) out) (?:an? |any )?(?:outage|disruption|shutdown)", re.I)
_FUTURE = re.compile(r"\b(?:will|won't|(?:is|are) set to|(?:is|are) scheduled to|(?:is|are) due to)\b", re.I)
_NEGATED_BEFORE = re.compile(r"\b(?:not|no|never|without|nor|denie[sd]|false|rumou?r\w*|hoax)\b[^.;]{0,30}$", re.I)


def _asserted_outage_words(text: str) -> list[str]:
    """Outage words the text does not deny ("had not disrupted its services" does not count)."""
    return [m.group(0) for m in _OUTAGE_WORDS.finditer(text) if not _NEGATED_BEFORE.search(text[max(0, m.start() - 40):m.start()])]


# An outage word the clause puts in the future or in doubt: "he will shut the app down on June 30"
_NOT_YET = re.compile(r"\b(?:will|would|could|might|may|shall|\w'll|plans? to|going to|threaten\w* to|vow\w* to|whether)\b"
                      r"[^,.;]{0,25}$", re.I)


_LIVE_TITLE = re.compile(r"(?:^|\W)live(?:\W|$)|[-\u2013\u2014:]\s*(?:live\s+)?updates\s*$", re.I)


def _told_outage(s: Sentence) -> bool:
    """The sentence tells of a failure, not of one to come or one that may be."""
    return any(not _NOT_YET.search(s.text, max(0, c.start - 40), c.start) for c in s.labels("OUTAGE"))


_OFFLINE_CATEGORIES = frozenset({"airline", "airport", "retail", "logistics", "government", "news", "health",
                                  "travel", "transport"})
_ONLINE_WORDS = re.compile(r"\b(?:websites?|web ?sites?|apps?|online|internet|web|log ?in|login|sign in|digital|portals?|e-filing|"
                           r"cloud|servers?|IT (?:outage|failure|glitch)|software|payment systems?|card payments?|"
                           r"down ?detector|crowdstrike|microsoft|windows|" + TRAVEL_IT + r")\b", re.I)


class Extractor:
    """Loads the spaCy pipeline and the catalog once; ``report()`` per article."""

    def __init__(self, catalog: Catalog | None = None):
        from extract.nlp import load_nlp

        self.nlp = load_nlp()
        self.catalog = catalog or load_catalog()

    def report(self, article: Article) -> OutageReport:
        published = article.published
        pub_day = (published or datetime.now(UTC)).date()
        title = " ".join((article.title or "").split())
        text = (article.text or "")[:100_000]
        if title and text.startswith(title) and text[len(title):].strip():
            text = text[len(title):].lstrip()
        body = (title + "\n" + text) if title else text
        doc = self.nlp(body)
        sentences = build_sentences(doc, pub_day, title + "\n" if title else "", text=body)
        day = main_date(sentences, pub_day)
        rebase_weekdays(sentences, day, pub_day)
        mark_context(sentences, day, pub_day)
        report = OutageReport(source_url=article.url, source_kind="news", service=None, title=article.title,
                              publisher=article.publisher, published=published, fetched_at=article.fetched_at)
        service, services, ev = fields.choose_services(sentences, self.catalog, title)
        if service is None or not self._is_outage(title, text, sentences) or not self._online(service, title, text):
            report.is_outage = False
            return report
        report.service, report.services = service, services
        report.company = self.catalog.company_of(service)
        evidence: dict[str, list[str]] = dict(ev)
        report.regions, e = fields.choose_regions(sentences)
        evidence.update(e)
        report.global_, e = fields.choose_global(sentences)
        evidence.update(e)
        tl = timeline.build_timeline(sentences, day, published, service)
        report.start, report.start_precision = tl.start, tl.start_precision
        report.end, report.end_precision = tl.end, tl.end_precision
        report.duration_minutes = tl.duration
        evidence.update({k: v for k, v in tl.evidence.items() if v})
        report.error_messages, report.status_messages, e = messages.choose_messages(sentences)
        evidence.update(e)
        report.report_counts, e = counts.choose_counts(sentences, self.catalog)
        evidence.update(e)
        report.causes, e = fields.choose_causes(sentences, self.catalog, service)
        evidence.update(e)
        report.features, e = fields.choose_features(sentences)
        evidence.update(e)
        report.earlier_outages, e = fields.earlier_outages(sentences, self.catalog)
        evidence.update(e)
        report.evidence = evidence
        return report

    def _online(self, service: str, title: str, text: str) -> bool:
        """An airline, shop or bank is news here only when its online side (site, app, systems) failed."""
        svc = self.catalog.get(service)
        if svc is None or svc.category not in _OFFLINE_CATEGORIES:
            return True  # a name the catalog does not know passed its own online test (extract.unlisted)
        return bool(_ONLINE_WORDS.search(title + " " + text[:1500]))

    @staticmethod
    def _is_outage(title: str, text: str, sentences: list[Sentence]) -> bool:
        """Is the story about a current outage of an online service (not a launch, review, how-to ...)?"""
        if _EXPLAINER_TITLE.search(title) and not _NEWS_THEN_ADVICE.search(title):
            return False
        body = [s for s in sentences if not s.is_title and not _BYLINE.match(s.text)]
        titled = {m.label for s in sentences if s.is_title and s.labels("OUTAGE") for m in s.services}
        reach = 8 if any(s.is_title and s.labels("OUTAGE") for s in sentences) else 5  # a column's slow intro
        if _LIVE_TITLE.search(title):
            reach = 20  # a live blog: the newest updates come first, the story of the outage further down
        if not any(_told_outage(s) and not s.context and (not s.split or titled & {m.label for m in s.services})
                   for s in body[:reach]):
            return False
        if _NOT_SERVICE_STORY.search(title):
            return any(s.services and not s.context and not _FUTURE.search(s.text) and any(
                not _ANY_OUTAGE.search(s.text, max(0, o.start - 30), o.start) for o in s.labels("OUTAGE"))
                for s in body[:2])
        if _TITLE_FINE.search(title):
            return False  # "... platform stayed online throughout", "central bank reports no instability"
        return bool(_asserted_outage_words(title) or len(_asserted_outage_words(text[:1200])) >= 2)


_EXTRACTOR: Extractor | None = None


def get_extractor() -> Extractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def extract_report(article: Article) -> OutageReport:
    """Convenience: the shared :class:`Extractor`'s report for ``article``."""
    return get_extractor().report(article)


def _when(value: datetime | None, precision: str) -> str | None:
    if value is None:
        return None
    if precision == "day":
        return value.date().isoformat()
    return iso(value)


def report_json(report: OutageReport) -> dict[str, Any]:
    """The ``outages extract --format json`` object for one report."""
    data = report.as_dict()
    data["global"] = data.pop("global_")
    data["start"] = _when(report.start, report.start_precision)
    data["end"] = _when(report.end, report.end_precision)
    data["report_counts"] = [{k: c[k] for k in ("count", "region", "service", "qualifier", "source", "evidence")}
                             for c in data["report_counts"]]
    for key in ("id", "status_updates", "external_id"):
        data.pop(key, None)
    return data


def empty_report(url: str = "", title: str = "") -> OutageReport:
    return OutageReport(source_url=url, source_kind="news", service=None, title=title, is_outage=False)


def _relevance(title: str, text: str) -> float:
    try:
        from crawler.relevance import score
    except ImportError:  # the crawler's scorer is optional for extraction
        words = len(_OUTAGE_WORDS.findall(title)) * 2 + len(_OUTAGE_WORDS.findall(text[:2000]))
        return min(1.0, words / 6)
    return float(score(title, text))


def process_article_page(store: Any, page: RawPage, summary: Any, min_relevance: float) -> None:
    """RawPage -> Article (stored) -> OutageReport (stored when the article is about an outage)."""
    article = extract_article(page.body, url=page.final_url or page.url, fetched_at=page.fetched_at,
                              source_name=page.source_name)
    if article is None:
        summary.skipped["no article text"] += 1
        return
    article.url = page.url or article.url
    article.raw_page_id = page.id
    article.source_name = page.source_name
    article.fetched_at = page.fetched_at or now_utc()
    article.relevance = _relevance(article.title, article.text)
    article_id = store.upsert_article(article)
    summary.articles += 1
    if article.relevance < min_relevance:
        return
    summary.relevant_articles += 1
    report = extract_report(article)
    report.source_kind = "news"
    report.source_url = article.url
    report.publisher = article.publisher or page.source_name
    report.published = article.published
    report.fetched_at = article.fetched_at
    report.company = get_extractor().catalog.company_of(report.service) if report.service else None
    store.upsert_report(report, article_id=article_id)
    summary.reports += 1

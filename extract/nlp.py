"""The spaCy pipeline: ``spacy.blank("en")`` plus our own registered components.

Components (all patterns are data files):

* ``outage_paragraphs`` – a paragraph break always starts a sentence;
* ``outage_services`` – service names and aliases from the catalog (``data/services.jsonl``) into
  ``doc.spans["services"]`` (label = canonical name);
* ``outage_regions`` – place names from the gazetteer (pycountry + ``data/regions.jsonl``) into
  ``doc.spans["regions"]`` (label = canonical region);
* ``outage_cues`` – cue phrases (``extract/patterns/*.jsonl``: causes, negation, outage words,
  trackers, features), matched on lower-case text.

Every component also records its matches as (start token, end token, label) rows, read back with
:func:`span_rows`; the cues are kept only there.

If an English statistical model happens to be installed its entities may add candidates later, but it
is never required.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import LOWER, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from extract.catalog import Catalog, load_catalog
from extract.gazetteer import Gazetteer, load_gazetteer, load_towns

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"
_TEXT_KEY = "outage_text"  # doc.user_data key of the text a doc was made from


def read_patterns(*names: str) -> list[dict[str, object]]:
    """Rows of the pattern files. A row with "slots" (a list of word lists, "" meaning the slot may be
    empty) stands for every phrase built by taking one word from each slot: phrase patterns, which the
    ruler matches far faster than a token pattern with optional tokens."""
    rows: list[dict[str, object]] = []
    for name in names:
        with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    rows.extend(_expand(row) if "slots" in row else [row])
    return rows


def _expand(row: dict[str, object]) -> list[dict[str, object]]:
    slots: list[list[str]] = row["slots"]  # type: ignore[assignment]
    phrases = {" ".join(w for w in words if w) for words in itertools.product(*slots)}
    return [{"label": row["label"], "pattern": p} for p in sorted(phrases) if p]


def _longest(spans: Iterable[Span]) -> list[Span]:
    """Keep the longest non-overlapping spans (ties: earlier first)."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


# Double-quote pairs as news in many languages prints them: "...", “...”, „...“ (German),
# «...» (French), 「...」 and 『...』 (Japanese), ‹...›.
_DOUBLE_PAIRS = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb", "\u300c": "\u300d",
                 "\u300e": "\u300f", "\u2039": "\u203a"}
_QUOTE_MARKS = frozenset(_DOUBLE_PAIRS) | frozenset(_DOUBLE_PAIRS.values())
_SINGLE_OPEN = frozenset({"'", "\u2018"})
_SINGLE_CLOSE = frozenset({"'", "\u2019"})
_SINGLE_MARKS = _SINGLE_OPEN | _SINGLE_CLOSE
_ENDERS = frozenset({".", "!", "?", "...", "\u2026", "!?", "?!"})
_CLOSERS = frozenset({'"', "\u201d", "\u2019", "'", ")", "]"})
_GOES_ON = frozenset({",", ";", ":"})  # no sentence starts with these: the mark before was part of a name


_AFTER_CLOCK = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu",
     "fri", "sat", "sun", "january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
     "nov", "dec", "eastern", "pacific", "central", "mountain", "local", "et", "pt", "ct", "mt", "est", "edt",
     "pst", "pdt", "cst", "cdt", "mst", "mdt", "gmt", "utc", "bst", "cet", "cest", "ist", "jst", "aest", "aedt",
     "today", "tonight", "yesterday", "tomorrow", "(", "-", "\u2013", "\u2014"})


@Language.component("outage_sentences")
def sentences(doc: Doc) -> Doc:
    """Sentence starts after . ! ? (and any closing quote or bracket), worked out on the ORTH array and
    written back in one go: no Token object is made."""
    if len(doc) == 0:
        return doc
    orth = doc.to_array("ORTH").tolist()
    _write_starts(doc, _sentence_starts(orth, doc.vocab.strings))
    return doc


# Kinds of token strings by ORTH id (ids are hashes of the text, so they hold across documents).
_SENT_KINDS: dict[int, str] = {}
_MARK_KINDS: dict[int, str] = {}


def _sentence_starts(orth: list[int], strings: StringStore) -> list[int]:
    """SENT_START values (1 start, 0 unset) for a token sequence."""
    kind = _SENT_KINDS
    for o in set(orth).difference(kind):  # a string's kind never changes: worked out once per process
        text = strings[o]
        kind[o] = ("end" if text in _ENDERS else "close" if text in _CLOSERS else
                   "letter" if len(text) == 2 and text[0].isupper() and text[1] == "." else
                   "clock" if text.lower() in ("a.m.", "p.m.") else "")
    n = len(orth)
    starts = [0] * n
    starts[0] = 1
    done = -1
    for i in [k for k, o in enumerate(orth) if kind[o]]:
        if i <= done or i >= n - 1:
            continue
        what = kind[orth[i]]
        if what == "letter":
            # "posted updates on X. Developers ...": a one-letter name ending a sentence, not an initial
            # ("Donald J. Trump": there the word before is a capitalised name).
            before, after = strings[orth[i - 1]] if i else "", strings[orth[i + 1]]
            if before.isalpha() and before.islower() and after[:1].isupper():
                starts[i + 1] = 1
        elif what == "clock":
            # "... by 11:45 p.m. On X, posts ..." ends a sentence; "3 p.m. Tuesday", "p.m. ET", "p.m. Moscow
            # time" do not.
            after = strings[orth[i + 1]]
            later = strings[orth[i + 2]].lower() if i + 2 < n else ""
            if after[:1].isupper() and after.lower() not in _AFTER_CLOCK and later != "time":
                starts[i + 1] = 1
        elif what == "end":
            j = i + 1
            while j < n and kind[orth[j]] in ("end", "close"):
                j += 1
            # but '"A network error occurred." underneath' goes on, and so does "Kahoot!, the company ..."
            if j < n and not (j > i + 1 and kind[orth[j - 1]] == "close" and strings[orth[j]][:1].islower()) \
                    and strings[orth[j]] not in _GOES_ON:
                starts[j] = 1
            done = j - 1
    return starts


def _write_starts(doc: Doc, starts: list[int]) -> None:
    """SENT_START for every token at once (1 start, -1 not a start, 0 unset), as the uint64 spaCy stores."""
    doc.from_array([SENT_START], numpy.asarray(starts, dtype="int64").astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]


def _marks(orth: list[int], strings: StringStore) -> list[tuple[int, str]]:
    """(token index, kind) of line breaks ("nl") and quote marks (the mark itself)."""
    kinds = _MARK_KINDS
    for o in set(orth).difference(kinds):
        text = strings[o]
        kinds[o] = "nl" if "\n" in text else text if text in _QUOTE_MARKS or text in _SINGLE_MARKS else ""
    return [(i, kinds[o]) for i, o in enumerate(orth) if kinds[o]]


def _keep_quotes_whole(starts: list[int], marks: list[tuple[int, str]]) -> None:
    """No sentence break inside a short quotation closed within the same paragraph."""
    open_at: int | None = None
    closer = ""
    for i, kind in marks:
        if kind == "nl":
            open_at = None
        elif open_at is None:
            if kind in _DOUBLE_PAIRS:
                open_at, closer = i, _DOUBLE_PAIRS[kind]
        elif kind == closer:
            if i - open_at <= 60:
                for j in range(open_at + 2, i + 1):
                    starts[j] = -1
            open_at = None


def _keep_single_quotes_whole(starts: list[int], marks: list[tuple[int, str]], orth: list[int], space: list[int],
                              strings: StringStore) -> None:
    """The same for a short single-quoted text ('Something went wrong. Please try again later'): an
    opening mark before a capital, a closing mark attached to the word before it, within 40 tokens of
    the same paragraph."""
    rows = [(i, kind) for i, kind in marks if kind == "nl" or kind in _SINGLE_MARKS]
    done = -1
    n = len(orth)
    for k, (i, kind) in enumerate(rows):
        if i <= done or kind not in _SINGLE_OPEN or i >= n - 1:
            continue
        if space[i] or (i > 0 and not space[i - 1]) or not strings[orth[i + 1]][:1].isupper():
            continue
        for j, later in rows[k + 1:]:
            if later == "nl" or j >= i + 40:
                break
            if j > i + 1 and later in _SINGLE_CLOSE and not space[j - 1] and strings[orth[j - 1]] not in _SINGLE_OPEN:
                for t in range(i + 2, j + 1):
                    starts[t] = -1
                done = j
                break


@Language.component("outage_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Force a sentence start after every line break (trafilatura gives one paragraph per line);
    keep an opening quote with the sentence it opens and short quotations in one sentence."""
    if len(doc) < 2:
        return doc
    rows = doc.to_array([ORTH, SENT_START, SPACY])
    orth = rows[:, 0].tolist()
    starts = rows[:, 1].astype("int64").tolist()  # -1 is stored as 2**64 - 1
    space = rows[:, 2].tolist()
    strings = doc.vocab.strings
    marks = _marks(orth, strings)
    _keep_quotes_whole(starts, marks)
    _keep_single_quotes_whole(starts, marks, orth, space, strings)
    last = len(orth) - 1
    for i, kind in marks:
        if i >= last:
            continue
        if kind == "nl":
            starts[i + 1] = 1
        elif kind in ('"', "\u201c") and i > 0:
            if space[i - 1] and not space[i] and starts[i + 1] == 1 and "\n" not in strings[orth[i - 1]]:
                starts[i] = 1
                starts[i + 1] = -1
    _write_starts(doc, starts)
    return doc


class _PhraseComponent:
    """Base: a case-sensitive PhraseMatcher whose match ids are canonical labels."""

    spans_key = ""

    def __init__(self, nlp: Language, surfaces: dict[str, str]):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[str]] = {}
        for surface, label in surfaces.items():
            by_label.setdefault(label, []).append(surface)
        for label, names in by_label.items():
            self.matcher.add(label, [nlp.make_doc(n) for n in names])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        chosen = _longest(spans)
        doc.spans[self.spans_key] = chosen
        record_spans(doc, self.spans_key, [(sp.start, sp.end, sp.label_) for sp in chosen])
        return doc


def record_spans(doc: Doc, key: str, rows: list[tuple[int, int, str]]) -> None:
    """Keep (start token, end token, label) rows in ``doc.user_data``: reading them back costs nothing,
    where iterating a SpanGroup makes a Span object (and three Token lookups) for each."""
    doc.user_data.setdefault("outage_spans", {})[key] = rows


def doc_text(doc: Doc) -> str:
    """The text ``doc`` was made from: kept by :class:`ChunkCachedTokenizer`, since ``doc.text`` rebuilds it
    token by token (a Token object per word) on every read."""
    text = doc.user_data.get(_TEXT_KEY)
    return text if isinstance(text, str) else doc.text


def span_rows(doc: Doc, key: str) -> list[tuple[int, int, str]]:
    """The rows a component recorded under ``key`` (else read from ``doc.spans``)."""
    recorded = doc.user_data.get("outage_spans", {})
    if key in recorded:
        return recorded[key]  # type: ignore[no-any-return]
    if key in doc.spans:
        return [(sp.start, sp.end, sp.label_) for sp in doc.spans[key]]
    return []


class CueMatcher:
    """Cue phrases (``extract/patterns/*.jsonl``: causes, negation, outage words, trackers, features),
    matched on lower-case text; every match is kept (cues may overlap). They go to ``doc.user_data``
    only: there are fifty or so per article and nothing needs them as Span objects."""

    spans_key = "cues"

    def __init__(self, nlp: Language, rows: list[dict[str, object]]):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_label: dict[str, list[str]] = {}
        for row in rows:
            by_label.setdefault(str(row["label"]), []).append(str(row["pattern"]))
        for label, phrases in by_label.items():
            self.matcher.add(label, [nlp.make_doc(p) for p in phrases])
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        strings = self.strings
        record_spans(doc, self.spans_key, sorted((start, end, strings[match_id]) for match_id, start, end in self.matcher(doc)))
        return doc


#: words a tabloid headline shouts after a name: "SKY DOWN", "DVSA OUTAGE"
SHOUTED = frozenset("DOWN OFFLINE OUTAGE CRASH CRASHES CHAOS FAIL FAILS FAILURE GLITCH MELTDOWN LIVE UPDATE".split())


class ServiceMatcher(_PhraseComponent):
    """Catalog names; in a list after a branded product the brand carries over: "Google Search and
    Maps" names Google Maps, "Microsoft Teams, Outlook and Word" the Microsoft products. A short name in
    capitals ("SKY", "MAX": common words too) counts only when a shouted outage word follows it."""

    spans_key = "services"

    def __init__(self, nlp: Language, surfaces: dict[str, str]):
        super().__init__(nlp, surfaces)
        self.surfaces = surfaces
        self.shouting = PhraseMatcher(nlp.vocab, attr="ORTH")
        for name, label in surfaces.items():
            if len(name) <= 3 and " " not in name and name.upper() != name and name.upper() not in surfaces:
                self.shouting.add(label, [nlp.make_doc(f"{name.upper()} {word}") for word in SHOUTED])

    def __call__(self, doc: Doc) -> Doc:
        super().__call__(doc)
        spans = list(doc.spans[self.spans_key])
        taken = {i for sp in spans for i in range(sp.start, sp.end)}
        for match_id, start, _end in self.shouting(doc):
            if start not in taken:
                spans.append(Span(doc, start, start + 1, label=match_id))
                taken.add(start)
        for sp in list(spans):
            brand = sp[0].text
            if len(sp) < 2 or not brand[:1].isupper():
                continue
            i = sp.end
            while i + 1 < len(doc) and doc[i].text in (",", "and", "or", "&") and not doc[i].is_sent_start:
                j = i + 1
                if doc[j].text in ("and", "or"):
                    j += 1
                label = self.surfaces.get(f"{brand} {doc[j].text}") if j < len(doc) else None
                if label is None or j in taken or not doc[j].text[:1].isupper():
                    break
                spans.append(Span(doc, j, j + 1, label=label))
                taken.add(j)
                i = j + 1
        spans.sort(key=lambda x: x.start)
        doc.spans[self.spans_key] = spans
        record_spans(doc, self.spans_key, [(sp.start, sp.end, sp.label_) for sp in spans])
        return doc


class RegionMatcher(_PhraseComponent):
    """Gazetteer places, and towns (``data/towns.tsv``) where the text frames them as places: after "in",
    "across", "from" ... ("customers in Ames"), in a list with another place ("Braga and Coimbra", "Decatur,
    Illinois"), or alone on a list line ("- Kumasi"). A town's name is often a surname or a word too, so
    without such a frame it is not taken ("Gilbert said")."""

    spans_key = "regions"

    def __init__(self, nlp: Language, surfaces: dict[str, str], towns: dict[str, str] | None = None):
        super().__init__(nlp, surfaces)
        self.towns = towns or {}
        self.town_words: dict[str, int] = {}  # a town name's first word -> the most words a town starting so has
        for name in self.towns:
            first, *rest = name.split()
            self.town_words[first] = max(self.town_words.get(first, 1), 1 + len(rest))

    def __call__(self, doc: Doc) -> Doc:
        super().__call__(doc)
        if not self.towns:
            return doc
        candidates = _town_candidates(doc_text(doc), self.towns, self.town_words)
        if not candidates:
            return doc  # most articles: no capitalised word that starts a town's name
        rows = span_rows(doc, self.spans_key)
        found = _framed_towns(doc, candidates, _char_spans(doc, rows), _char_spans(doc, span_rows(doc, "services")))
        if found:
            kept = [r for r in rows if not any(a <= r[0] and r[1] <= b for a, b, _ in found)]
            rows = sorted(kept + found)
            doc.spans[self.spans_key] = [Span(doc, a, b, label=lab) for a, b, lab in rows]
            record_spans(doc, self.spans_key, rows)
        return doc


_CAPITAL_WORD = re.compile(r"(?<![\w.'’-])[A-Z][^\W\d_]+(?:[-'’][A-Za-z][^\W\d_]*)*\.?")
_MORE_WORDS = re.compile(r"(?: [A-Z][^\W\d_]+(?:[-'’][A-Za-z][^\W\d_]*)*){1,2}")
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|across|around|throughout|near|outside|from|of|including|"
                           r"towns? (?:like|such as)|cities (?:like|such as))\s+(?:the\s+)?|(?:^|\n)\s*[-•*]\s*)$")
_TOWN_NAME_GOES_ON = re.compile(r"\s+(?:[A-Z][a-z]|(?:de|du|del|la|le)\s+[A-Z])|(?:(?:,\s*|,?\s+and\s+|\s+or\s+)"
                                r"[A-Z][\w'-]*)*\s+(?:count(?:y|ies)|parish(?:es)?|boroughs?|districts?|townships?)\b")
_TOWN_SITE_BEFORE = re.compile(r"\b(?:data[- ]?cent(?:er|re)s?|sites?|facilit(?:y|ies)|campus(?:es)?|plants?|factor(?:y|ies)|"
                          r"offices?|headquarters|HQ|warehouses?|servers?)\s+"
                          # not what users had there: "home and office connections in Nouakchott"
                          r"(?:(?!(?:connections|customers|users|lines|phones|workers|staff)\b)\w+\s+)?"
                          r"(?:in|at|near|outside)\s+(?:the\s+)?$", re.I)
_HQ_TOWN_AFTER = re.compile(r"(?:,\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?,)?\s+(?:[\w-]+\s+){0,2}?(?:company|firm|group|"
                            r"giant|startup|maker|manufacturer|headquarters|offices|campus)\b|\s*-(?:based|headquartered)\b")
_COUNTY = re.compile(r" (?:County|Parish|Borough)$")
# Between two items of one list of names: ", ", " and ", ", or ", " & ", "/"
LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+|&\s+)?|and\s+|or\s+|&\s+|/\s*)$")


def _char_spans(doc: Doc, rows: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    return [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)) for a, b, _ in rows]


def _town_candidates(text: str, towns: dict[str, str], town_words: dict[str, int]) -> list[tuple[int, int, str]]:
    """Capitalised runs that are a town's name, the longest first ("West Des Moines" before "Des Moines"), as
    (start, end, name) character spans; not a town that only starts a longer name ("Metro Manila", "Essex
    County")."""
    found: list[tuple[int, int, str]] = []
    free = 0
    for m in _CAPITAL_WORD.finditer(text):
        word = m.group(0)
        most = town_words.get(word) or town_words.get(word.rstrip("."))  # "St. Augustine", "Ames."
        if most is None or m.start() < free:
            continue
        ends = [m.start() + len(word.rstrip("."))]
        if most > 1:
            more = _MORE_WORDS.match(text, m.end())
            if more:
                ends += [m.end() + len(w) for w in itertools.accumulate(re.findall(r" \S+", more.group(0))[:most - 1])]
        for end in reversed(ends):
            name = towns.get(text[m.start():end])
            if name is not None:
                if not _TOWN_NAME_GOES_ON.match(text, end):
                    found.append((m.start(), end, name))
                free = end
                break
    return found


def _framed_towns(doc: Doc, candidates: list[tuple[int, int, str]], places: list[tuple[int, int]],
                  services: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The candidates the text frames as places, as (start token, end token, name) rows; not inside a place
    already found, nor a word of a service's name ("Delta, United and American Airlines")."""
    text = doc_text(doc)
    candidates = [(start, end, name) for start, end, name in candidates
                  if not any(a <= start and end <= b for a, b in places)
                  and not any(a < end and start < b for a, b in services)]
    accepted: list[tuple[int, int, str]] = []
    known = list(places)
    while candidates:  # a town listed beside an accepted town counts too: "in Lisbon, Braga and Coimbra"
        framed = [c for c in candidates if _town_framed(text, c[0], c[1], known)]
        if not framed:
            break
        accepted += framed
        known += [(start, end) for start, end, _ in framed]
        candidates = [c for c in candidates if c not in framed]
    rows = []
    for start, end, name in accepted:
        span = doc.char_span(start, end)
        if span is not None:
            rows.append((span.start, span.end, name))
    return rows


def _town_framed(text: str, start: int, end: int, places: list[tuple[int, int]]) -> bool:
    if _TOWN_SITE_BEFORE.search(text, max(0, start - 40), start) or _HQ_TOWN_AFTER.match(text, end):
        return False  # "its data centres in Ashburn", "The Cupertino, California, company": not where users were
    if _PLACE_BEFORE.search(text, max(0, start - 30), start) or _COUNTY.search(text, start, end):
        return True  # "customers in Ames"; "Buncombe County" says what it is
    for a, b in places:
        if 0 <= start - b <= 8 and LIST_JOIN.match(text[b:start]):
            return True  # "Iowa, Ames", "Braga and Coimbra"
        if 0 <= a - end <= 8 and LIST_JOIN.match(text[end:a]):
            return True  # "Decatur, Illinois", "Meridian and Boise"
    return False


def service_surfaces(catalog: Catalog) -> dict[str, str]:
    surfaces: dict[str, str] = {}
    for svc in catalog.services:
        for name in svc.names:
            surfaces.setdefault(name, svc.name)
            if name.lower() != name and len(name) > 3 and " " not in name:
                surfaces.setdefault(name.upper(), svc.name)  # a tabloid's "SNAPCHAT DOWN", "NATIONWIDE DOWN"
        for domain in svc.domains:
            if "." in domain and "/" not in domain:
                surfaces.setdefault(domain, svc.name)
    return surfaces


def region_surfaces(gaz: Gazetteer) -> dict[str, str]:
    surfaces = {surface: region.name for surface, region in gaz.surfaces.items()}
    for surface, region in gaz.adjectives.items():
        surfaces.setdefault(surface, region.name)
    return surfaces


@Language.factory("outage_services")
def make_service_matcher(nlp: Language, name: str) -> ServiceMatcher:
    return ServiceMatcher(nlp, service_surfaces(load_catalog()))


@Language.factory("outage_regions")
def make_region_matcher(nlp: Language, name: str) -> RegionMatcher:
    return RegionMatcher(nlp, region_surfaces(load_gazetteer()), load_towns())


@Language.factory("outage_cues")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    return CueMatcher(nlp, read_patterns("cues.jsonl", "features.jsonl"))


_RUNS = re.compile(r"\S+|\s+")


class ChunkCachedTokenizer:
    """spaCy's English tokenizer, with its results kept per space-separated chunk.

    spaCy caches how it split each chunk ("outage.", "Facebook's"), but stops saving to that cache for the
    rest of a text once any chunk hit one of its special cases ("'s", "n't", "a.m."): on news text that
    is nearly every article, so most chunks were split afresh each time (3-5x the cached cost). This
    wrapper runs the same tokenizer on each chunk once, reuses the words, and rebuilds the Doc; the
    whitespace is handled as spaCy does (a single space after a token is its trailing space, any other
    run of whitespace is a token of its own). If the rebuilt Doc does not spell the text exactly, the
    plain tokenizer's Doc is returned instead."""

    def __init__(self, tokenizer: Any, limit: int = 200_000):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.limit = limit
        self._cache: dict[str, tuple[tuple[str, ...], tuple[bool, ...]]] = {}

    def _words(self, chunk: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
        got = self._cache.get(chunk)
        if got is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            words = tuple(t.text for t in self.tokenizer(chunk))
            got = self._cache[chunk] = (words, (False,) * len(words))
        return got

    def _fill(self, chunks: list[str]) -> None:
        """Split the chunks not seen before with one tokenizer call (space-separated chunks are split
        independently by spaCy, so joining them with single spaces gives each chunk's own split)."""
        if len(self._cache) + len(chunks) >= self.limit:
            self._cache.clear()
        doc = self.tokenizer(" ".join(chunks))
        found: list[list[str]] = [[] for _ in chunks]
        k, end = 0, len(chunks[0])
        for token in doc:
            while token.idx >= end and k + 1 < len(chunks):
                k += 1
                end += 1 + len(chunks[k])
            found[k].append(token.text)
        for chunk, words in zip(chunks, found, strict=True):
            if "".join(words) == chunk:
                self._cache[chunk] = (tuple(words), (False,) * len(words))

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        runs = _RUNS.findall(text)
        ws_parity = 0 if text[:1].isspace() else 1  # runs alternate: whitespace at even or at odd places
        unseen = set(runs[1 - ws_parity::2]).difference(self._cache)  # the words not split before (order is free:
        if len(unseen) > 1:  # each chunk is split on its own)
            self._fill(list(unseen))
        cache = self._cache
        add_words, add_spaces = words.extend, spaces.extend
        for k, run in enumerate(runs):
            if k % 2 == ws_parity:
                if k and run[0] == " ":
                    spaces[-1] = True  # one space after a token is its trailing space
                    if len(run) == 1:
                        continue
                    run = run[1:]
            got = cache.get(run) or self._words(run)
            add_words(got[0])
            add_spaces(got[1])
        if "".join([w + " " if sp else w for w, sp in zip(words, spaces, strict=True)]) != text:
            doc = self.tokenizer(text)
        else:
            doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[_TEXT_KEY] = text
        return doc

    def __getattr__(self, name: str) -> Any:  # rules, prefix_search ...: the wrapped tokenizer's
        return getattr(self.tokenizer, name)


def _lean_lexemes(nlp: Language) -> None:
    """Compute only the lexical attribute our components read (LOWER, for the cue matcher) when a word
    is first seen. The blank English vocabulary computes twenty-three (shape, stop word, like_num ...)
    for every new word, about seven times the cost, and nothing here reads them."""
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # set by spaCy's Cython class, not in its stubs
    nlp.vocab.lex_attr_getters = {LOWER: getters[LOWER]}  # type: ignore[attr-defined]


def build_nlp() -> Language:
    """A fresh pipeline (blank English tokenizer + our components)."""
    nlp = spacy.blank("en")
    _lean_lexemes(nlp)
    nlp.tokenizer = ChunkCachedTokenizer(nlp.tokenizer)
    nlp.add_pipe("outage_sentences")
    nlp.add_pipe("outage_paragraphs")
    nlp.add_pipe("outage_services")
    nlp.add_pipe("outage_regions")
    nlp.add_pipe("outage_cues")
    return nlp


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The shared pipeline (built once per process)."""
    return build_nlp()

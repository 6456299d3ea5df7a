"""The spaCy pipeline: ``spacy.blank("en")`` plus our own registered components.

Components (all patterns are data files):

* ``outage_paragraphs`` – a paragraph break always starts a sentence;
* ``outage_services`` – service names and aliases from the catalog (``data/services.jsonl``) into
  ``doc.spans["services"]`` (label = canonical name);
* ``outage_regions`` – place names from the gazetteer (pycountry + ``data/regions.jsonl``) into
  ``doc.spans["regions"]`` (label = canonical region);
* a ``span_ruler`` with cue phrases (``extract/patterns/*.jsonl``: causes, negation, outage words,
  trackers, features) into ``doc.spans["cues"]``.

If an English statistical model happens to be installed its entities may add candidates later, but it
is never required.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extract.catalog import Catalog, load_catalog
from extract.gazetteer import Gazetteer, load_gazetteer

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"


def read_patterns(*names: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name in names:
        with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def _longest(spans: Iterable[Span]) -> list[Span]:
    """Keep the longest non-overlapping spans (ties: earlier first)."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


_OPENERS = {"\u201c": "\u201d", '"': '"'}


def _keep_quotes_whole(doc: Doc) -> None:
    """No sentence break inside a short quotation closed within the same paragraph."""
    open_at: int | None = None
    closer = ""
    for i, token in enumerate(doc):
        if "\n" in token.text:
            open_at = None
            continue
        if open_at is None:
            if token.text in _OPENERS:
                open_at, closer = i, _OPENERS[token.text]
            continue
        if token.text == closer or (closer == '"' and token.text == '"'):
            if i - open_at <= 60:
                for j in range(open_at + 2, i + 1):
                    doc[j].is_sent_start = False
            open_at = None
        elif i - open_at > 60:
            open_at = None


@Language.component("outage_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Force a sentence start after every line break (trafilatura gives one paragraph per line)."""
    _keep_quotes_whole(doc)
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
        elif token.text in {'"', "\u201c"} and i > 0 and doc[i - 1].whitespace_ and not token.whitespace_ \
                and doc[i + 1].is_sent_start and "\n" not in doc[i - 1].whitespace_:
            token.is_sent_start = True  # an opening quote belongs to the sentence it opens
            doc[i + 1].is_sent_start = False
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
            self.matcher.add(label, list(nlp.tokenizer.pipe(names)))

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        doc.spans[self.spans_key] = _longest(spans)
        return doc


class ServiceMatcher(_PhraseComponent):
    spans_key = "services"


class RegionMatcher(_PhraseComponent):
    spans_key = "regions"


def service_surfaces(catalog: Catalog) -> dict[str, str]:
    surfaces: dict[str, str] = {}
    for svc in catalog.services:
        for name in svc.names:
            surfaces.setdefault(name, svc.name)
            if name.lower() != name and not svc.ambiguous and len(name) > 3:
                surfaces.setdefault(name.upper() if name.isupper() else name, svc.name)
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
    return RegionMatcher(nlp, region_surfaces(load_gazetteer()))


def build_nlp() -> Language:
    """A fresh pipeline (blank English tokenizer + our components)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("outage_paragraphs")
    nlp.add_pipe("outage_services")
    nlp.add_pipe("outage_regions")
    ruler = nlp.add_pipe("span_ruler", name="outage_cues",
                         config={"spans_key": "cues", "phrase_matcher_attr": "LOWER", "validate": False,
                                 "overwrite": True})
    ruler.add_patterns(read_patterns("cues.jsonl", "features.jsonl"))  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The shared pipeline (built once per process)."""
    return build_nlp()

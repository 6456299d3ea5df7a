"""What the full-text index holds: its Whoosh schemas, fields and the constants shared by the search modules.

Two indexes live side by side in one directory, ``incidents`` and ``articles``; ``SCHEMA_VERSION`` is
written next to each, and an index of another version counts as missing (it is rebuilt, never read).
"""

from __future__ import annotations

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from archive.query import FastPositions, FastStemAnalyzer

SCHEMA_VERSION = "7"
NO_DATE = NO_VALUE = -(2**62)  # column value of documents without a start time / duration
SEPARATOR = "\n\n"
INCIDENT_FACETS = ("service", "company", "region", "cause", "year")
ARTICLE_FACETS = ("publisher", "year")
INCIDENT_FIELDS = ("service", "company", "region", "cause", "status", "year", "after", "before",
                   "duration", "error", "title")
ARTICLE_FIELDS = ("publisher", "year", "after", "before", "title")
# Searchable text fields: "" is the default (everything), the others answer ``error:`` and ``title:``.
INCIDENT_TEXT = {"": "text", "error": "errors", "title": "title"}
ARTICLE_TEXT = {"": "text", "title": "title"}
KINDS = ("incident", "article")  # one index of each


class SearchError(Exception):
    """The query (or the index) cannot be searched at all; the message says why."""


# -- schemas -----------------------------------------------------------------------------------
def _facet_field() -> KEYWORD:
    # Exact display values (facets), separated by commas; commas inside values are escaped.
    return KEYWORD(commas=True, lowercase=False, scorable=False)


def _sort_column() -> COLUMN:
    # Numbers read as whole-index arrays (start time, duration); documents without one get NO_VALUE.
    return COLUMN(NumericColumn("q", default=NO_DATE))


def _text_field(analyzer: FastStemAnalyzer, stored: bool = False) -> TEXT:
    text = TEXT(analyzer=analyzer, stored=stored)
    text.format = FastPositions(field_boost=text.format.field_boost)
    return text


def incident_schema() -> Schema:
    ana = FastStemAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True), version=ID(sortable=True), slug=STORED,
        service_name=STORED,
        text=_text_field(ana), title=_text_field(ana, stored=True), errors=_text_field(ana, stored=True),
        body=STORED, body_sources=STORED,
        service=KEYWORD(commas=True, scorable=False), company=KEYWORD(commas=True, scorable=False),
        region=KEYWORD(commas=True, scorable=False), cause=KEYWORD(commas=True, scorable=False),
        status=ID, year=ID,
        f_service=_facet_field(), f_company=_facet_field(), f_region=_facet_field(), f_cause=_facet_field(),
        start=STORED, sort_start=_sort_column(), minutes=_sort_column(),
    )


def article_schema() -> Schema:
    ana = FastStemAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True), version=ID(sortable=True), url=STORED,
        text=_text_field(ana), title=_text_field(ana, stored=True), body=STORED, publisher=KEYWORD(commas=True, scorable=False),
        f_publisher=_facet_field(), year=ID,
        start=STORED, sort_start=_sort_column(),
    )


SCHEMAS = {"incident": incident_schema, "article": article_schema}


# -- facet values --------------------------------------------------------------------------------
def _escape(value: str) -> str:
    return value.replace(",", "\u201a").strip()


def _unescape(value: str) -> str:
    return value.replace("\u201a", ",")


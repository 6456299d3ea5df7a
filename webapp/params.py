"""Request parameters, checked: anything malformed is a 400 with a message saying what is wrong."""

from __future__ import annotations

from flask import abort, current_app, request

from webapp.queries import FACET_FIELDS, Filters
from webapp.searching import SORTS

MAX_TEXT = 200


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"“{name}” must be a whole number, not “{raw[:40]}”.")
    if not low <= value <= high:
        abort(400, description=f"“{name}” must be between {low} and {high}.")
    return value


def text_arg(name: str, limit: int = MAX_TEXT) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if len(raw) > limit:
        abort(400, description=f"“{name}” is too long (at most {limit} characters).")
    if any(ord(ch) < 32 and ch not in "\t" for ch in raw):
        abort(400, description=f"“{name}” contains control characters.")
    return raw.strip() or None


def query_arg() -> str:
    return text_arg("q", current_app.config["MAX_QUERY_LENGTH"]) or ""


def filters_arg() -> Filters:
    """Facet filters (service, company, region, cause, year) from the query string."""
    values = {name: text_arg(name) for name in FACET_FIELDS if name != "year"}
    year = int_arg("year", 0, 1970, 2100) if request.args.get("year") else None
    return Filters(year=year, **values)


def sort_arg(default: str = "relevance") -> str:
    sort = request.args.get("sort") or default
    if sort not in SORTS:
        abort(400, description=f"“sort” must be one of: {', '.join(SORTS)}.")
    return sort

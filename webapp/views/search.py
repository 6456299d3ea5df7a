"""``/search?q=``: results with highlights, facets as filters, sorting and pagination."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, url_for

from webapp import params
from webapp.db import page_size
from webapp.queries import FACET_FIELDS, Filters
from webapp.searching import SORTS, QueryError, SearchPage, search

bp = Blueprint("search", __name__)

FACET_LABELS = {"service": "Service", "company": "Company", "region": "Region", "cause": "Cause",
                "year": "Year"}


def search_url(args: dict[str, Any], **changes: Any) -> str:
    """The search URL with ``changes`` applied (None removes a parameter; page resets unless given)."""
    merged = {k: v for k, v in args.items() if v not in (None, "")}
    merged.pop("page", None)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return url_for("search.search_page", **merged)


def current_args(query: str, filters: Filters, sort: str, page: int, size: int) -> dict[str, Any]:
    args: dict[str, Any] = {"q": query or None, **filters.as_dict()}
    if size != page_size():
        args["page_size"] = size
    if sort != "relevance":
        args["sort"] = sort
    if page > 1:
        args["page"] = page
    return args


@bp.get("/search")
def search_page() -> Any:
    query = params.query_arg()
    filters = params.filters_arg()
    sort = params.sort_arg()
    page = params.int_arg("page", 1, 1, 10_000)
    size = params.int_arg("page_size", page_size(), 1, current_app.config["MAX_PAGE_SIZE"])
    args = current_args(query, filters, sort, page, size)
    error = None
    result: SearchPage | None = None
    try:
        result = search(query, filters, sort=sort, page=page, page_size=size)
    except QueryError as exc:
        error = str(exc)
    active = [(f, FACET_LABELS[f], v) for f, v in filters.as_dict().items()]
    status = 400 if error else 200
    return render_template("search.html", query=query, filters=filters, sort=sort, sorts=SORTS, page=page,
                           result=result, error=error, args=args, active=active,
                           facet_fields=FACET_FIELDS, facet_labels=FACET_LABELS, search_url=search_url,
                           feed_url=url_for("feeds.search_feed", **{k: v for k, v in args.items()
                                                                    if k not in ("page", "sort", "page_size")})), status

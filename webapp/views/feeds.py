"""Atom feeds: every new incident, one company or service, and any saved search."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, request, url_for

from webapp import params, queries
from webapp.atom import TAG, build_feed
from webapp.searching import QueryError, search
from webapp.views.company import find_subject

bp = Blueprint("feeds", __name__)

ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _atom(body: bytes) -> Response:
    return Response(body, mimetype="application/atom+xml", content_type=ATOM_TYPE)


@bp.get("/feed.atom")
def all_feed() -> Response:
    size = current_app.config["FEED_SIZE"]
    incidents = queries.recent_incidents(size)
    return _atom(build_feed(f"{TAG}feed/all", "Outage Archive: new incidents",
                            request.url, url_for("main.home", _external=True), incidents,
                            "Every outage the archive has put together, newest first."))


@bp.get("/company/<slug>/feed.atom")
def company_feed(slug: str) -> Response:
    subject = find_subject(slug)
    incidents = queries.subject_incidents(subject)[:current_app.config["FEED_SIZE"]]
    return _atom(build_feed(f"{TAG}feed/company/{slug}",
                            f"Outage Archive: {subject.name} outages", request.url,
                            url_for("company.company_page", slug=slug, _external=True), incidents))


@bp.get("/search.atom")
def search_feed() -> Response:
    query = params.query_arg()
    filters = params.filters_arg()
    try:
        result = search(query, filters, sort="newest", page=1, page_size=current_app.config["FEED_SIZE"],
                        with_facets=False)
    except QueryError as exc:
        abort(400, description=str(exc))
    args = {"q": query or None, **filters.as_dict()}
    args = {k: v for k, v in args.items() if v is not None}
    label = " ".join([query, *(f"{k}:{v}" for k, v in filters.as_dict().items())]).strip() or "everything"
    return _atom(build_feed(f"{TAG}feed/search?" + urlencode(sorted(args.items())),
                            f"Outage Archive: search “{label}”", request.url,
                            url_for("search.search_page", _external=True, **args),
                            [h.incident for h in result.hits]))

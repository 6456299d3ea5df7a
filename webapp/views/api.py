"""JSON API under ``/api`` (described by ``/api/openapi.json``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from webapp import params, queries, stats
from webapp.db import page_size
from webapp.openapi import openapi_document
from webapp.searching import QueryError, SearchPage, search, search_slice
from webapp.views.incident import find_incident

bp = Blueprint("api", __name__, url_prefix="/api")


def _facets_json(result: SearchPage) -> dict[str, list[dict[str, Any]]]:
    return {name: [{"value": v, "count": n} for v, n in values] for name, values in result.facets.items()}


def _hit_json(hit: Any) -> dict[str, Any]:
    return {**queries.incident_summary(hit.incident), "score": round(hit.score, 4), "snippet": hit.snippet}


@bp.get("/incidents")
def incidents() -> Any:
    query = params.query_arg()
    filters = params.filters_arg()
    limit = params.int_arg("limit", page_size(), 1, current_app.config["MAX_API_LIMIT"])
    offset = params.int_arg("offset", 0, 0, 1_000_000)
    sort = params.sort_arg("relevance" if query else "newest")
    warnings: list[str] = []
    if not query and set(filters.as_dict()) <= queries.SQL_FILTERS and sort in {"newest", "oldest"}:
        total, items = queries.sql_page(filters, sort == "newest", offset, limit)  # paging straight in SQL
    else:
        try:
            result = search_slice(query, filters, sort, offset, limit)
        except QueryError as exc:
            abort(400, description=str(exc))
        total, items, warnings = result.total, [h.incident for h in result.hits], result.warnings
    return jsonify({"total": total, "limit": limit, "offset": offset, "sort": sort,
                    "filters": filters.as_dict(), "query": query, "warnings": warnings,
                    "items": [queries.incident_summary(inc) for inc in items]})


@bp.get("/incidents/<key>")
def incident(key: str) -> Any:
    inc = find_incident(key)
    body = inc.as_dict()
    body["url"] = f"/incident/{inc.slug}"
    body["severity"] = stats.severity(inc)
    return jsonify(body)


@bp.get("/services")
def services() -> Any:
    rows = queries.service_rows()
    for row in rows:
        row["url"] = f"/company/{row['slug']}"
    return jsonify({"total": len(rows), "items": rows})


@bp.get("/search")
def search_api() -> Any:
    query = params.query_arg()
    filters = params.filters_arg()
    sort = params.sort_arg()
    page = params.int_arg("page", 1, 1, 10_000)
    size = params.int_arg("page_size", page_size(), 1, current_app.config["MAX_PAGE_SIZE"])
    try:
        result = search(query, filters, sort=sort, page=page, page_size=size)
    except QueryError as exc:
        abort(400, description=str(exc))
    return jsonify({"query": query, "filters": filters.as_dict(), "sort": sort, "page": page,
                    "page_size": size, "pages": result.pages, "total": result.total, "engine": result.engine,
                    "warnings": result.warnings, "facets": _facets_json(result),
                    "results": [_hit_json(h) for h in result.hits]})


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document(request.host_url.rstrip("/")))

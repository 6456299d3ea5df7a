"""Dataset export from any listing by URL suffix: ``/company/<slug>.csv``, ``/search.jsonl?q=...``.

Rows come from ``archive.export`` (the same tables and columns as ``outages export``) and are streamed;
``?table=`` picks another table of the dataset (incident_sources, incident_events, report_counts,
incident_facts, services).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, request, stream_with_context

from archive.dataset import TABLE_BY_NAME
from archive.export import ExportFilters, stream_table
from webapp import params
from webapp.db import get_store
from webapp.searching import QueryError, search
from webapp.views.company import find_subject

bp = Blueprint("exports", __name__)

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
         "json": "application/json; charset=utf-8"}
MAX_SEARCH_EXPORT = 100_000


def _table() -> str:
    table = request.args.get("table", "incidents")
    if table not in TABLE_BY_NAME:
        abort(400, description=f"unknown table {table[:40]!r}; choose one of {', '.join(TABLE_BY_NAME)}")
    return table


def _stream(filters: ExportFilters, fmt: str, basename: str) -> Response:
    table = _table()
    store = get_store()
    body = stream_with_context(stream_table(store, table, fmt, filters))
    name = f"{basename}-{table}.{fmt}" if table != "incidents" else f"{basename}.{fmt}"
    return Response(body, mimetype=MEDIA[fmt].split(";")[0], headers={
        "Content-Type": MEDIA[fmt], "Content-Disposition": f'attachment; filename="{name}"'})


def company_export(slug: str, fmt: str) -> Response:
    subject = find_subject(slug)
    if subject.kind == "company":
        filters = ExportFilters(company=subject.name)
    else:
        filters = ExportFilters(service=subject.name)
    return _stream(filters, fmt, subject.slug)


def search_export(fmt: str) -> Response:
    query = params.query_arg()
    filters = params.filters_arg()
    try:
        result = search(query, filters, sort="newest", page=1, page_size=MAX_SEARCH_EXPORT, with_facets=False)
    except QueryError as exc:
        abort(400, description=str(exc))
    ids = frozenset(str(hit.incident.id) for hit in result.hits)
    return _stream(ExportFilters(ids=ids), fmt, "search")


def _register(fmt: str) -> None:
    def company_view(slug: str) -> Any:
        return company_export(slug, fmt)

    def search_view() -> Any:
        return search_export(fmt)

    bp.add_url_rule(f"/company/<slug>.{fmt}", f"company_{fmt}", company_view, methods=["GET"])
    bp.add_url_rule(f"/search.{fmt}", f"search_{fmt}", search_view, methods=["GET"])


for _fmt in MEDIA:
    _register(_fmt)

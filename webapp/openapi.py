"""The OpenAPI 3.1 description served at ``/api/openapi.json`` (schemas are plain JSON Schema 2020-12)."""

from __future__ import annotations

from typing import Any

from webapp.searching import SORTS

NULL_STR = {"type": ["string", "null"]}
NULL_TIME = {"type": ["string", "null"], "format": "date-time"}
STR_LIST = {"type": "array", "items": {"type": "string"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _param(name: str, description: str, schema: dict[str, Any], where: str = "query",
           required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


FILTER_PARAMS = [
    _param("q", "Search query in the archive's query language (see /search).", {"type": "string", "maxLength": 500}),
    _param("service", "Only incidents of this service.", {"type": "string"}),
    _param("company", "Only incidents of this company.", {"type": "string"}),
    _param("region", "Only incidents affecting this region.", {"type": "string"}),
    _param("cause", "Only incidents with this cause.", {"type": "string"}),
    _param("year", "Only incidents starting in this year.", {"type": "integer", "minimum": 1970, "maximum": 2100}),
    _param("sort", "Result order.", {"type": "string", "enum": list(SORTS)}),
]

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error", "message", "status"], "properties": {
        "error": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"}}},
    "IncidentSummary": {"type": "object", "additionalProperties": False, "required": [
        "id", "slug", "title", "service", "company", "status", "started_at", "ended_at", "duration_minutes",
        "regions", "global", "causes", "sources", "url"], "properties": {
        "id": {"type": "string"}, "slug": {"type": "string"}, "title": {"type": "string"},
        "service": {"type": "string"}, "company": NULL_STR, "status": {"type": "string"},
        "started_at": NULL_TIME, "ended_at": NULL_TIME, "duration_minutes": {"type": ["integer", "null"]},
        "regions": STR_LIST, "global": {"type": "boolean"}, "causes": STR_LIST,
        "sources": {"type": "integer", "description": "number of sources"}, "url": {"type": "string"}}},
    "IncidentList": {"type": "object", "required": ["total", "limit", "offset", "items"], "properties": {
        "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
        "sort": {"type": "string"}, "query": {"type": "string"}, "filters": {"type": "object"},
        "warnings": STR_LIST, "items": {"type": "array", "items": _ref("IncidentSummary")}}},
    "Source": {"type": "object", "required": ["url", "kind"], "properties": {
        "url": {"type": "string"}, "kind": {"type": "string", "enum": ["news", "status"]},
        "publisher": {"type": "string"}, "published": NULL_TIME, "title": {"type": "string"},
        "fetched_at": NULL_TIME}},
    "TimelineEvent": {"type": "object", "required": ["at", "kind", "text"], "properties": {
        "at": {"type": "string", "format": "date-time"}, "kind": {"type": "string"}, "text": {"type": "string"},
        "source_url": {"type": "string"}, "state": NULL_STR}},
    "Evidence": {"type": "object", "required": ["text"], "properties": {
        "text": {"type": "string", "description": "the sentence the fact was read from"},
        "source_url": {"type": "string"}}},
    "Incident": {"type": "object", "required": [
        "id", "slug", "service", "title", "status", "started_at", "ended_at", "sources", "timeline", "evidence",
        "figures", "url"], "properties": {
        "id": {"type": "string"}, "slug": {"type": "string"}, "service": {"type": "string"},
        "company": NULL_STR, "title": {"type": "string"}, "status": {"type": "string"},
        "started_at": NULL_TIME, "ended_at": NULL_TIME, "duration_minutes": {"type": ["integer", "null"]},
        "official_start": NULL_TIME, "reported_start": NULL_TIME, "ack_lag_minutes": {"type": ["integer", "null"]},
        "services": STR_LIST, "regions": STR_LIST, "global_": {"type": "boolean"}, "error_messages": STR_LIST,
        "report_counts": {"type": "array", "items": {"type": "object"}}, "causes": STR_LIST,
        "features": STR_LIST, "sources": {"type": "array", "items": _ref("Source")},
        "timeline": {"type": "array", "items": _ref("TimelineEvent")},
        "figures": {"type": "object", "description": "every source's value per fact, the chosen value and rule"},
        "evidence": {"type": "object", "additionalProperties": {"type": "array", "items": _ref("Evidence")}},
        "report_ids": {"type": "array", "items": {"type": "integer"}}, "url": {"type": "string"},
        "severity": {"type": "string", "enum": ["minor", "major", "critical"]}}},
    "Service": {"type": "object", "additionalProperties": False, "required": [
        "name", "slug", "company", "company_slug", "incidents", "last_started_at", "url"], "properties": {
        "name": {"type": "string"}, "slug": {"type": "string"}, "company": NULL_STR, "company_slug": NULL_STR,
        "incidents": {"type": "integer"}, "last_started_at": NULL_TIME, "url": {"type": "string"}}},
    "ServiceList": {"type": "object", "required": ["total", "items"], "properties": {
        "total": {"type": "integer"}, "items": {"type": "array", "items": _ref("Service")}}},
    "SearchHit": {"allOf": [{"$ref": "#/components/schemas/IncidentSummaryBase"}], "type": "object",
                  "required": ["score", "snippet"], "properties": {
                      "score": {"type": "number"}, "snippet": {"type": "string"}}},
    "SearchResponse": {"type": "object", "required": [
        "query", "total", "page", "page_size", "pages", "warnings", "facets", "results"], "properties": {
        "query": {"type": "string"}, "filters": {"type": "object"}, "sort": {"type": "string"},
        "page": {"type": "integer"}, "page_size": {"type": "integer"}, "pages": {"type": "integer"},
        "total": {"type": "integer"}, "engine": {"type": "string", "enum": ["index", "database"]},
        "warnings": STR_LIST,
        "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
            "type": "object", "required": ["value", "count"],
            "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}}}},
        "results": {"type": "array", "items": _ref("SearchHit")}}},
}
# Search hits are summaries plus score and snippet: the summary's fields without its closed-ness.
SCHEMAS["IncidentSummaryBase"] = {k: v for k, v in SCHEMAS["IncidentSummary"].items()
                                  if k != "additionalProperties"}


def _get(summary: str, schema: str, params: list[dict[str, Any]] | None = None,
         errors: tuple[int, ...] = (400,)) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {
        "application/json": {"schema": _ref(schema)}}}}
    for code in errors:
        responses[str(code)] = {"description": "Bad request" if code == 400 else "Not found",
                                "content": {"application/json": {"schema": _ref("Error")}}}
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}


def openapi_document(server: str = "") -> dict[str, Any]:
    paging = [_param("limit", "How many incidents (default: the page size).",
                     {"type": "integer", "minimum": 1, "maximum": 500}),
              _param("offset", "How many to skip.", {"type": "integer", "minimum": 0})]
    pages = [_param("page", "Page number.", {"type": "integer", "minimum": 1}),
             _param("page_size", "Results per page.", {"type": "integer", "minimum": 1, "maximum": 100})]
    key = [_param("key", "Incident slug or id.", {"type": "string"}, where="path", required=True)]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Outage Archive API", "version": "1.0",
                 "description": "Read-only access to the archive's incidents, services and search. Every "
                                "fact carries its source URL and the sentence it was read from."},
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/incidents": _get("Incidents, newest first (or by relevance with q)", "IncidentList",
                                   FILTER_PARAMS + paging),
            "/api/incidents/{key}": _get("One incident with timeline, sources, figures and evidence",
                                         "Incident", key, errors=(404,)),
            "/api/services": _get("Every service with its company and incident count", "ServiceList", [], ()),
            "/api/search": _get("Search with facets, warnings and snippets", "SearchResponse",
                                FILTER_PARAMS + pages),
        },
        "components": {"schemas": SCHEMAS},
    }

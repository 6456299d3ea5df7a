"""The Frictionless Data Package descriptor (``datapackage.json``): the export's data dictionary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archive.dataset import TABLE_BY_NAME, TABLES, TableSpec
from archive.records import iso, now_utc

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = (
    "Facts were extracted by Outage Archive from the news articles and public status pages listed in "
    "incident_sources; every fact in incident_facts and report_counts names its source URL, fetch time "
    "and the sentence it came from. The sources' own texts remain their publishers' and are not included."
)
MEDIA = {"csv": "text/csv", "jsonl": "application/x-ndjson", "json": "application/json",
         "parquet": "application/vnd.apache.parquet", "sqlite": "application/vnd.sqlite3"}


def field_descriptor(spec: TableSpec) -> dict[str, Any]:
    fields = []
    for f in spec.fields:
        desc: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
        if f.required:
            desc["constraints"] = {"required": True}
        fields.append(desc)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(spec.primary_key)}
    if spec.foreign_key:
        schema["foreignKeys"] = [{"fields": [spec.foreign_key],
                                  "reference": {"resource": "incidents", "fields": ["id"]}}]
    return schema


def resource_descriptor(spec: TableSpec, fmt: str, path: str) -> dict[str, Any]:
    res: dict[str, Any] = {"name": spec.name, "path": path, "description": spec.description,
                           "format": fmt, "mediatype": MEDIA[fmt], "schema": field_descriptor(spec)}
    if fmt in {"csv", "jsonl", "json"}:
        res["encoding"] = "utf-8"
    if fmt == "sqlite":
        res["dialect"] = {"table": spec.name}
    return res


def build_descriptor(fmt: str, files: list[Path], filters: dict[str, str]) -> dict[str, Any]:
    if fmt == "sqlite":
        resources = [resource_descriptor(spec, fmt, files[0].name) for spec in TABLES]
    else:
        resources = [resource_descriptor(TABLE_BY_NAME[f.stem], fmt, f.name) for f in files
                     if f.stem in TABLE_BY_NAME]
    return {
        "name": "outage-archive",
        "title": "Outage Archive: internet service outages with their sources",
        "description": "Outages of internet services fused from news reports and status pages, with "
                       "timelines, user-report counts and the provenance of every fact.",
        "version": "1.0.0",
        "created": iso(now_utc()),
        "licenses": [LICENSE],
        "sources": [{"title": "News articles and public status pages (see incident_sources)"}],
        "x_attribution": ATTRIBUTION,
        "x_filters": filters,
        "resources": resources,
    }


def write_datapackage(directory: Path, fmt: str, files: list[Path], filters: dict[str, str]) -> Path:
    path = directory / "datapackage.json"
    path.write_text(json.dumps(build_descriptor(fmt, files, filters), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path

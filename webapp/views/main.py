"""Home, about/data and the list of companies and services."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, current_app, render_template, send_from_directory
from werkzeug.exceptions import NotFound

from webapp import charts, queries
from webapp.db import archive_config, get_store

bp = Blueprint("main", __name__)

EXPORT_SUFFIXES = (".csv", ".jsonl", ".json", ".parquet", ".sqlite", ".zip")


@bp.get("/")
def home() -> str:
    cfg = current_app.config
    recent = queries.recent_incidents(cfg["RECENT_ON_HOME"])
    latest = recent[0].started_at if recent and recent[0].started_at else datetime.now(UTC)
    this_year = datetime.now(UTC).year
    top_year = this_year
    top = queries.top_services(this_year, cfg["TOP_SERVICES_ON_HOME"])
    if not top and latest.year != this_year:  # an archive of past years: show its latest year
        top_year = latest.year
        top = queries.top_services(top_year, cfg["TOP_SERVICES_ON_HOME"])
    months = queries.monthly_counts(24, latest)
    chart = charts.bar_chart("chart-monthly", [(m[2:], n) for m, n in months],
                             "Incidents per month", label_every=3, height=180)
    return render_template("home.html", recent=recent, top=top, top_year=top_year,
                           this_year=this_year, months=months, chart=chart)


@bp.get("/companies")
def companies() -> str:
    rows = queries.service_rows()
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row["company"] or row["name"]
        group = groups.setdefault(key, {"name": key, "slug": row["company_slug"] or row["slug"],
                                        "services": [], "incidents": 0})
        group["services"].append(row)
        group["incidents"] += row["incidents"]
    ordered = sorted(groups.values(), key=lambda g: g["name"].lower())
    return render_template("companies.html", groups=ordered)


def export_files() -> list[dict[str, Any]]:
    """Dataset exports already written to the archive's exports directory (``outages export``)."""
    root = archive_config().exports_path
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in EXPORT_SUFFIXES:
            files.append({"name": path.relative_to(root).as_posix(), "size": path.stat().st_size})
    return files[:200]


@bp.get("/about")
def about() -> str:
    counts = get_store().counts()
    return render_template("about.html", counts=counts, exports=export_files())


@bp.get("/exports/<path:name>")
def export_file(name: str) -> Any:
    if not name.endswith(EXPORT_SUFFIXES):
        raise NotFound()
    return send_from_directory(archive_config().exports_path, name, as_attachment=True)

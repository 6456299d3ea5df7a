"""Atlassian Statuspage public API v2 (``/api/v2/incidents.json``, ``/api/v2/incidents/<code>.json``)
and the ``/history.json?page=N`` index used to reach incidents older than the newest 50."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from archive.records import StatusIncident, StatusUpdate
from crawler.parsers.timeutil import safe_iso as parse_iso

log = logging.getLogger(__name__)
CODE_RE = re.compile(r"^[a-z0-9]{8,16}$")


class PayloadError(ValueError):
    """A status payload that is not what its kind promises."""


def load_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"malformed JSON: {exc}") from exc


def _names(items: Any, key: str = "name") -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i[key]) for i in items if isinstance(i, dict) and i.get(key)]


def _update(raw: dict[str, Any]) -> StatusUpdate | None:
    at = parse_iso(raw.get("display_at") or raw.get("created_at"))
    if at is None:
        return None
    return StatusUpdate(at=at, status=str(raw.get("status") or ""), text=str(raw.get("body") or "").strip(),
                        external_id=str(raw.get("id") or ""),
                        components=_names(raw.get("affected_components")))


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def incident_from_api(raw: dict[str, Any], service: str, base_url: str = "") -> StatusIncident:
    """One API incident object to a ``StatusIncident`` (updates newest first)."""
    code = str(raw.get("id") or "")
    if not code:
        raise PayloadError("incident without id")
    raw_updates = raw.get("incident_updates")
    updates = [u for u in (_update(r) for r in raw_updates if isinstance(r, dict))
               if u is not None] if isinstance(raw_updates, list) else []
    updates.sort(key=lambda u: u.at, reverse=True)
    components = _names(raw.get("components"))
    for upd in reversed(updates):
        components.extend(upd.components)
    started = parse_iso(raw.get("started_at")) or parse_iso(raw.get("created_at"))
    if started is None and updates:
        started = updates[-1].at
    resolved = parse_iso(raw.get("resolved_at"))
    if resolved is None and raw.get("status") in {"resolved", "postmortem", "completed"} and updates:
        resolved = updates[0].at
    url = f"{base_url.rstrip('/')}/incidents/{code}" if base_url else str(raw.get("shortlink") or "")
    return StatusIncident(
        platform="statuspage", service=service, external_id=code, title=str(raw.get("name") or "").strip(),
        impact=str(raw.get("impact") or "none"), started_at=started, resolved_at=resolved,
        created_at=parse_iso(raw.get("created_at")), url=url, updates=updates,
        components=_unique(components))


def parse_statuspage_json(body: bytes, service: str) -> list[StatusIncident]:
    """``incidents.json`` (many), a single-incident payload, or ``history.json`` (an index: none)."""
    data = load_json(body)
    if not isinstance(data, dict):
        raise PayloadError("expected a JSON object")
    page_info = data.get("page")
    base = str(page_info.get("url") or "") if isinstance(page_info, dict) else ""
    if isinstance(data.get("incidents"), list):
        raws = data["incidents"]
    elif isinstance(data.get("incident"), dict):
        raws = [data["incident"]]
    elif "incident_updates" in data and "id" in data:
        raws = [data]
    elif "months" in data:
        return []
    else:
        raise PayloadError("no incidents in Statuspage payload")
    incidents = []
    for raw in raws:
        if not isinstance(raw, dict):
            continue
        try:
            incidents.append(incident_from_api(raw, service, base))
        except Exception as exc:  # noqa: BLE001 - one bad record must not hide the others
            log.warning("skipping Statuspage incident %r: %s", raw.get("id"), exc)
    if raws and not incidents:
        raise PayloadError("no readable incident in Statuspage payload")
    return incidents


@dataclass(frozen=True)
class HistoryEntry:
    code: str
    year: int | None
    month: str | None


def _walk_codes(node: Any, year: int | None, month: str | None) -> Iterator[HistoryEntry]:
    if isinstance(node, dict):
        year = node.get("year") if isinstance(node.get("year"), int) else year
        month = node.get("name") if "incidents" in node and isinstance(node.get("name"), str) else month
        code = node.get("code")
        if isinstance(code, str) and CODE_RE.match(code):
            yield HistoryEntry(code, year, month)
        for value in node.values():
            if isinstance(value, dict | list):
                yield from _walk_codes(value, year, month)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_codes(value, year, month)


def history_codes(body: bytes) -> list[HistoryEntry]:
    """Incident codes listed on a ``history.json`` page, with the month they are filed under."""
    data = load_json(body)
    return list(dict.fromkeys(_walk_codes(data, None, None)))


def listed_codes(body: bytes) -> list[tuple[str, datetime | None]]:
    """(code, updated_at) for every incident in an ``incidents.json`` payload."""
    data = load_json(body)
    raws = data.get("incidents") if isinstance(data, dict) else None
    if not isinstance(raws, list):
        return []
    return [(str(r["id"]), parse_iso(r.get("updated_at"))) for r in raws if isinstance(r, dict) and r.get("id")]

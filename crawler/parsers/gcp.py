"""Google Cloud status ``incidents.json``.

``begin`` is when the impact started, ``created`` when the record was opened (often later), ``end``
when it was over; ``updates[]`` hold the posts with their ``affected_locations``.
"""

from __future__ import annotations

import logging
from typing import Any

from archive.records import StatusIncident, StatusUpdate
from crawler.parsers.statuspage import PayloadError, load_json
from crawler.parsers.timeutil import safe_iso as parse_iso

log = logging.getLogger(__name__)

BASE_URL = "https://status.cloud.google.com/"
# Google's update states, said in the words our timelines use.
STATES = {"AVAILABLE": "resolved", "SERVICE_OUTAGE": "outage", "SERVICE_DISRUPTION": "disruption",
          "SERVICE_INFORMATION": "information"}
# Google's incident impact, on the Statuspage scale used elsewhere in the archive.
IMPACTS = {"SERVICE_OUTAGE": "major", "SERVICE_DISRUPTION": "minor", "SERVICE_INFORMATION": "none"}


def _locations(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i.get("id") or i.get("title")) for i in items if isinstance(i, dict)]


def _updates(raw: dict[str, Any], incident_id: str) -> list[StatusUpdate]:
    updates: list[StatusUpdate] = []
    raw_updates = raw.get("updates")
    if not isinstance(raw_updates, list):
        return updates
    for item in raw_updates:
        if not isinstance(item, dict):
            continue
        at = parse_iso(item.get("when") or item.get("created"))
        if at is None:
            continue
        status = str(item.get("status") or "")
        updates.append(StatusUpdate(at=at, status=STATES.get(status, status.lower()),
                                    text=str(item.get("text") or "").strip(),
                                    external_id=f"{incident_id}@{item.get('created') or item.get('when')}",
                                    components=_locations(item.get("affected_locations"))))
    updates.sort(key=lambda u: u.at, reverse=True)
    return updates


def incident_from_gcp(raw: dict[str, Any], service: str) -> StatusIncident:
    incident_id = str(raw.get("id") or "")
    if not incident_id:
        raise PayloadError("Google Cloud incident without id")
    updates = _updates(raw, incident_id)
    regions: list[str] = []
    for upd in reversed(updates):
        regions.extend(upd.components)
    regions.extend(_locations(raw.get("previously_affected_locations")))
    regions.extend(_locations(raw.get("currently_affected_locations")))
    raw_products = raw.get("affected_products")
    products = [str(p.get("title")) for p in raw_products
                if isinstance(p, dict) and p.get("title")] if isinstance(raw_products, list) else []
    if not products and raw.get("service_name"):
        products = [str(raw["service_name"])]
    uri = str(raw.get("uri") or f"incidents/{incident_id}")
    return StatusIncident(
        platform="gcp", service=service, external_id=incident_id,
        title=str(raw.get("external_desc") or "").strip(),
        impact=IMPACTS.get(str(raw.get("status_impact")), str(raw.get("severity") or "none")),
        started_at=parse_iso(raw.get("begin")), resolved_at=parse_iso(raw.get("end")),
        created_at=parse_iso(raw.get("created")), url=BASE_URL + uri.lstrip("/"), updates=updates,
        components=list(dict.fromkeys(products)), regions=list(dict.fromkeys(regions)))


def parse_gcp(body: bytes, service: str) -> list[StatusIncident]:
    data = load_json(body)
    if isinstance(data, dict) and isinstance(data.get("incidents"), list):
        data = data["incidents"]
    if not isinstance(data, list):
        raise PayloadError("Google Cloud incidents.json must be a list")
    incidents = []
    for raw in data:
        if not isinstance(raw, dict):
            continue
        try:
            incidents.append(incident_from_gcp(raw, service))
        except Exception as exc:  # noqa: BLE001 - one bad record must not hide the others
            log.warning("skipping Google Cloud incident %r: %s", raw.get("id"), exc)
    if data and not incidents:
        raise PayloadError("no readable incident in Google Cloud payload")
    return incidents

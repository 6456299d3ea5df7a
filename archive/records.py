"""Typed records handed from stage to stage.

RawPage -> Article / StatusIncident -> OutageReport -> Incident.
Every datetime is timezone-aware UTC; ``as_dict()`` gives JSON-ready values (ISO 8601 strings).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def utc(dt: datetime | None) -> datetime | None:
    """Return ``dt`` as an aware UTC datetime (naive values are taken as UTC)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a trailing Z, or None."""
    value = utc(dt)
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str | datetime | None) -> datetime | None:
    """Parse an ISO 8601 string (``Z`` allowed) to aware UTC; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return utc(value)
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return utc(datetime.fromisoformat(text))


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, bytes):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in getattr(value, "_private", ())}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class Record:
    """Mixin: ``as_dict()`` for every record."""

    _private: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        result = _plain(self)
        assert isinstance(result, dict)
        return result


@dataclass
class RawPage(Record):
    """One HTTP response exactly as fetched."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    headers: dict[str, str]
    body: bytes
    source_name: str = ""
    source_kind: str = ""
    id: int | None = None

    _private = ("body",)

    @property
    def content_hash(self) -> str:
        return content_hash(self.body)

    @property
    def content_type(self) -> str:
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return value
        return ""


@dataclass
class Article(Record):
    """Main text and metadata of a news page."""

    url: str
    title: str
    published: datetime | None
    publisher: str
    text: str
    language: str = "en"
    source_name: str = ""
    fetched_at: datetime | None = None
    raw_page_id: int | None = None
    relevance: float = 0.0
    id: int | None = None


@dataclass
class StatusUpdate(Record):
    """One update posted on a status page (investigating, identified, monitoring, resolved ...)."""

    at: datetime
    status: str
    text: str
    external_id: str = ""
    components: list[str] = field(default_factory=list)


@dataclass
class StatusIncident(Record):
    """An incident as published by a status page (Statuspage, Google Cloud, AWS)."""

    platform: str
    service: str
    external_id: str
    title: str
    impact: str = "none"
    started_at: datetime | None = None
    resolved_at: datetime | None = None
    created_at: datetime | None = None
    url: str = ""
    updates: list[StatusUpdate] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    source_name: str = ""
    fetched_at: datetime | None = None
    id: int | None = None

    @property
    def status(self) -> str:
        if self.resolved_at is not None:
            return "resolved"
        return self.updates[0].status if self.updates else "investigating"


@dataclass
class ReportCount(Record):
    """A user-report figure ("more than 10,000 reports in the US")."""

    count: int
    region: str | None = None
    service: str | None = None
    qualifier: str | None = None
    source: str | None = None
    as_of: datetime | None = None
    evidence: str = ""


@dataclass
class OutageReport(Record):
    """What one source (an article or a status incident) says about one outage."""

    source_url: str
    source_kind: str  # "news" | "status"
    service: str | None
    services: list[str] = field(default_factory=list)
    company: str | None = None
    title: str = ""
    publisher: str = ""
    published: datetime | None = None
    fetched_at: datetime | None = None
    is_outage: bool = True
    regions: list[str] = field(default_factory=list)
    global_: bool = False
    start: datetime | None = None
    start_precision: str = "none"  # "minute" | "day" | "none"
    end: datetime | None = None
    end_precision: str = "none"
    duration_minutes: int | None = None
    error_messages: list[str] = field(default_factory=list)
    status_messages: list[str] = field(default_factory=list)
    report_counts: list[ReportCount] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    earlier_outages: list[dict[str, Any]] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    status_updates: list[StatusUpdate] = field(default_factory=list)
    external_id: str | None = None
    id: int | None = None


@dataclass
class IncidentSource(Record):
    url: str
    kind: str  # "news" | "status"
    publisher: str = ""
    published: datetime | None = None
    title: str = ""
    fetched_at: datetime | None = None


@dataclass
class TimelineEvent(Record):
    at: datetime
    kind: str  # "first_report" | "status_update" | "news" | "report_peak" | "start" | "end"
    text: str
    source_url: str = ""
    state: str | None = None  # investigating / identified / monitoring / resolved


@dataclass
class Incident(Record):
    """One real outage fused from many reports, with one timeline."""

    id: str
    slug: str
    service: str
    company: str | None
    title: str
    status: str  # "ongoing" | "resolved"
    started_at: datetime | None
    ended_at: datetime | None
    duration_minutes: int | None = None
    official_start: datetime | None = None
    reported_start: datetime | None = None
    ack_lag_minutes: int | None = None
    services: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    global_: bool = False
    error_messages: list[str] = field(default_factory=list)
    report_counts: list[dict[str, Any]] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    sources: list[IncidentSource] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)  # every source's figure + chosen value + rule
    evidence: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    report_ids: list[int] = field(default_factory=list)

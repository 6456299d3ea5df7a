"""Reports and status incidents written in code for the incident-builder tests (our own wording)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from archive.records import OutageReport, ReportCount, StatusIncident, StatusUpdate


def t(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def news(url: str, service: str | None, published: datetime, start: datetime | None = None,
         precision: str = "minute", **extra: Any) -> OutageReport:
    counts = [ReportCount(**c) for c in extra.pop("counts", [])]
    return OutageReport(source_url=url, source_kind="news", service=service,
                        services=extra.pop("services", [service] if service else []),
                        title=extra.pop("title", f"{service} is down"), publisher=extra.pop("publisher", "Test Wire"),
                        published=published, start=start, start_precision=precision if start else "none",
                        report_counts=counts, **extra)


def status(code: str, service: str, start: datetime, end: datetime | None, title: str = "Degraded service",
           updates: list[tuple[datetime, str, str]] | None = None, host: str = "status.example.test",
           platform: str = "statuspage", external_id: str | None = None, **extra: Any) -> StatusIncident:
    ups = [StatusUpdate(at=at, status=state, text=text) for at, state, text in (updates or [])]
    ups.sort(key=lambda u: u.at, reverse=True)
    return StatusIncident(platform=platform, service=service, external_id=external_id or code, title=title,
                          impact="major", started_at=start, resolved_at=end, created_at=start,
                          url=f"https://{host}/incidents/{code}", updates=ups, **extra)


def facebook_week() -> tuple[list[OutageReport], list[StatusIncident]]:
    """Two Meta outages four days apart: 4 October 2021 (many sources) and 8 October 2021."""
    reports = [
        news("https://wire-a.test/fb-down", "Facebook", t(2021, 10, 4, 16, 30), t(2021, 10, 4, 15, 40),
             services=["Facebook", "Instagram", "WhatsApp"], regions=["United States", "United Kingdom"],
             global_=True, publisher="Wire A", error_messages=["Sorry, something went wrong"],
             counts=[{"count": 50000, "region": "United States", "source": "Downdetector"}]),
        news("https://wire-b.test/meta-apps-dark", "Facebook", t(2021, 10, 4, 23, 10), t(2021, 10, 4, 15, 45),
             end=t(2021, 10, 4, 21, 45), end_precision="minute", duration_minutes=360,
             services=["Facebook", "Instagram", "WhatsApp", "Messenger"], regions=["India", "Brazil"],
             global_=True, publisher="Wire B", causes=["bgp_routing", "dns"],
             counts=[{"count": 10_600_000, "region": None, "source": "Downdetector"},
                     {"count": 120000, "region": "United States", "source": "Downdetector",
                      "as_of": t(2021, 10, 4, 17, 0)}]),
        news("https://wire-c.test/whatsapp-down", "WhatsApp", t(2021, 10, 4, 19, 0), t(2021, 10, 4),
             precision="day", regions=["India"], publisher="Wire C"),
        news("https://wire-d.test/why-facebook-vanished", "Facebook", t(2021, 10, 5, 9, 0),
             t(2021, 10, 4, 15, 39), end=t(2021, 10, 4, 21, 50), end_precision="minute",
             causes=["config_change", "bgp_routing"], publisher="Wire D"),
        news("https://wire-b.test/instagram-down-again", "Instagram", t(2021, 10, 8, 21, 0),
             t(2021, 10, 8, 19, 0), services=["Instagram", "Facebook"], publisher="Wire B",
             earlier_outages=[{"service": "Facebook", "start": "2021-10-04", "duration_minutes": 360}],
             error_messages=["Couldn't refresh feed"],
             counts=[{"count": 35000, "region": None, "service": "Instagram", "source": "Downdetector"}]),
        news("https://wire-a.test/insta-second-outage", "Instagram", t(2021, 10, 9, 1, 0), t(2021, 10, 8),
             precision="day", publisher="Wire A"),
        news("https://wire-a.test/meta-earnings", None, t(2021, 10, 6, 12, 0), is_outage=False,
             title="Meta shares fall", publisher="Wire A"),
    ]
    incidents = [status("fb20211004", "Facebook", t(2021, 10, 4, 15, 51), t(2021, 10, 4, 21, 40),
                        title="Facebook apps unavailable", host="metastatus.test", updates=[
                            (t(2021, 10, 4, 16, 5), "investigating", "We are aware some people cannot reach our apps."),
                            (t(2021, 10, 4, 19, 30), "identified", "A configuration change caused the issue."),
                            (t(2021, 10, 4, 21, 20), "monitoring", "Apps are coming back."),
                            (t(2021, 10, 4, 21, 40), "resolved", "Service is back to normal.")])]
    return reports, incidents


def slack_day() -> list[OutageReport]:
    """Two Slack outages on one day, morning and afternoon, plus a day-only article written at night."""
    return [
        news("https://wire-a.test/slack-morning", "Slack", t(2022, 2, 22, 9, 30), t(2022, 2, 22, 8, 0),
             end=t(2022, 2, 22, 9, 10), end_precision="minute", publisher="Wire A"),
        news("https://wire-b.test/slack-morning-2", "Slack", t(2022, 2, 22, 10, 0), t(2022, 2, 22, 8, 5),
             publisher="Wire B"),
        news("https://wire-a.test/slack-afternoon", "Slack", t(2022, 2, 22, 16, 0), t(2022, 2, 22, 15, 0),
             end=t(2022, 2, 22, 16, 30), end_precision="minute", publisher="Wire A"),
        news("https://wire-c.test/slack-again", "Slack", t(2022, 2, 22, 18, 0), t(2022, 2, 22), precision="day",
             publisher="Wire C"),
        news("https://wire-c.test/slack-next-week", "Slack", t(2022, 3, 1, 12, 0), t(2022, 3, 1, 11, 0),
             publisher="Wire C"),
    ]

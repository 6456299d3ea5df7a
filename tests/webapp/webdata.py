"""A small, realistic archive for the web tests: real SQLite store, real Flask app, no network.

The incidents are written by hand after public outages (Facebook/BGP 2021, AWS us-east-1 2021,
Fastly 2021, Slack 2021) plus one whose scraped error message carries script injection.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from archive.config import Config
from archive.records import Incident, IncidentSource, TimelineEvent, iso
from archive.store import Store

XSS_SCRIPT = "<script>window.__pwned=1</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=2">'


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def count(n: int, region: str | None, when: str, url: str, source: str = "Downdetector",
          evidence: str = "") -> dict[str, Any]:
    return {"count": n, "region": region, "service": None, "qualifier": "more than", "source": source,
            "as_of": when, "source_url": url, "publisher": "Uptime Daily", "evidence": evidence}


def facebook() -> Incident:
    news1 = "https://uptime-daily.example/facebook-instagram-whatsapp-down"
    news2 = "https://packet-ledger.example/facebook-outage-bgp"
    status = "https://metastatus.example/incidents/2021-10-04"
    counts = [count(14_000, "United States", "2021-10-04T16:10:00Z", news1,
                    evidence="Downdetector showed more than 14,000 reports in the United States."),
              count(80_000, "United States", "2021-10-04T17:30:00Z", news2,
                    evidence="By 17:30 UTC more than 80,000 users in the US had reported problems."),
              count(9_000, "United Kingdom", "2021-10-04T16:20:00Z", news1),
              count(22_000, "United Kingdom", "2021-10-04T18:00:00Z", news2)]
    return Incident(
        id="inc-fb-20211004", slug="facebook-2021-10-04", service="Facebook", company="Meta",
        title="Facebook outage also hitting Instagram and WhatsApp, 4 October 2021", status="resolved",
        started_at=at("2021-10-04T15:39:00"), ended_at=at("2021-10-04T21:45:00"), duration_minutes=366,
        official_start=at("2021-10-04T15:51:00"), reported_start=at("2021-10-04T15:39:00"),
        ack_lag_minutes=12, services=["Facebook", "Instagram", "WhatsApp"],
        regions=["United States", "United Kingdom", "India", "Europe"], global_=True,
        error_messages=["Sorry, something went wrong. We're working on it and we'll get it fixed as soon as we can."],
        report_counts=[counts[1], counts[3]], causes=["BGP", "DNS", "configuration change"],
        features=["login", "messaging"],
        sources=[IncidentSource(news1, "news", "Uptime Daily", at("2021-10-04T16:05:00"),
                                "Facebook, Instagram and WhatsApp down worldwide"),
                 IncidentSource(news2, "news", "Packet Ledger", at("2021-10-04T19:00:00"),
                                "Facebook outage explained: BGP routes withdrawn"),
                 IncidentSource(status, "status", "Meta Status", at("2021-10-04T15:51:00"),
                                "Facebook apps unavailable")],
        timeline=[TimelineEvent(at("2021-10-04T15:39:00"), "start", "Outage began (earliest report)", news1),
                  TimelineEvent(at("2021-10-04T15:51:00"), "status_update",
                                "We're aware that some people are having trouble accessing our apps.", status,
                                "investigating"),
                  TimelineEvent(at("2021-10-04T16:05:00"), "first_report",
                                "First news report. Uptime Daily: Facebook, Instagram and WhatsApp down", news1),
                  TimelineEvent(at("2021-10-04T17:30:00"), "report_peak", "80,000 user reports in United States",
                                news2),
                  TimelineEvent(at("2021-10-04T21:45:00"), "end", "Service restored (status page)", status)],
        figures={"start": {"values": [{"value": "2021-10-04T15:39:00Z", "source_url": news1, "kind": "news",
                                       "publisher": "Uptime Daily", "precision": "minute"},
                                      {"value": "2021-10-04T15:51:00Z", "source_url": status, "kind": "status",
                                       "publisher": "Meta Status", "precision": "minute"}],
                           "official": "2021-10-04T15:51:00Z", "reported": "2021-10-04T15:39:00Z",
                           "chosen": "2021-10-04T15:39:00Z", "rule": "earliest clock-time start among sources"},
                 "end": {"values": [{"value": "2021-10-04T21:45:00Z", "source_url": status, "kind": "status",
                                     "publisher": "Meta Status"}], "chosen": "2021-10-04T21:45:00Z",
                         "rule": "resolution time on the status page"},
                 "report_counts": {"values": counts, "chosen": [counts[1], counts[3]],
                                   "rule": "highest figure per region from any source (peak)"}},
        evidence={"start": [{"source_url": news1, "text": "The problems began at about 15:39 UTC on Monday."}],
                  "causes": [{"source_url": news2, "text": "Engineers traced the outage to a faulty "
                                                          "configuration change that withdrew BGP routes."}],
                  "regions": [{"source_url": news1, "text": "Users in the US, the UK and India reported failures."}]},
    )


def aws() -> Incident:
    news = "https://byte-courier.example/aws-us-east-1-outage"
    status = "https://health.aws.example/2021-12-07"
    return Incident(
        id="inc-aws-20211207", slug="amazon-web-services-2021-12-07", service="Amazon Web Services",
        company="Amazon", title="Amazon Web Services outage also hitting Disney+ and Netflix, 7 December 2021",
        status="resolved", started_at=at("2021-12-07T15:30:00"), ended_at=at("2021-12-07T22:35:00"),
        duration_minutes=425, official_start=at("2021-12-07T15:30:00"), reported_start=at("2021-12-07T15:45:00"),
        ack_lag_minutes=-15, services=["Amazon Web Services", "Disney+", "Netflix", "Ring"],
        regions=["us-east-1", "United States"], error_messages=["503 Service Unavailable"],
        report_counts=[count(24_000, "United States", "2021-12-07T17:00:00Z", news)],
        causes=["network device impairment"],
        sources=[IncidentSource(news, "news", "Byte Courier", at("2021-12-07T18:00:00"),
                                "AWS us-east-1 outage takes down Disney+, Netflix and Ring"),
                 IncidentSource(status, "status", "AWS Health Dashboard", at("2021-12-07T15:30:00"),
                                "Increased API error rates in US-EAST-1")],
        timeline=[TimelineEvent(at("2021-12-07T15:30:00"), "status_update",
                                "We are investigating increased error rates for the EC2 APIs in US-EAST-1.", status,
                                "investigating"),
                  TimelineEvent(at("2021-12-07T22:35:00"), "end", "Service restored", status)],
        evidence={"error_messages": [{"source_url": news, "text": "Visitors saw \"503 Service Unavailable\"."}]},
    )


def fastly() -> Incident:
    news = "https://uptime-daily.example/fastly-outage-gov-uk"
    return Incident(
        id="inc-fastly-20210608", slug="fastly-2021-06-08", service="Fastly", company="Fastly",
        title="Fastly outage, 8 June 2021", status="resolved", started_at=at("2021-06-08T09:47:00"),
        ended_at=at("2021-06-08T10:36:00"), duration_minutes=49, services=["Fastly"],
        regions=["United Kingdom", "Japan"], global_=True, error_messages=["Error 503 Service Unavailable"],
        causes=["software bug", "customer configuration"],
        sources=[IncidentSource(news, "news", "Uptime Daily", at("2021-06-08T11:00:00"),
                                "Fastly outage takes down gov.uk and news sites")],
        timeline=[TimelineEvent(at("2021-06-08T09:47:00"), "start", "Outage began", news)],
    )


def slack_xss() -> Incident:
    news = "https://uptime-daily.example/slack-outage-europe"
    return Incident(
        id="inc-slack-20210104", slug="slack-2021-01-04", service="Slack", company="Salesforce",
        title="Slack outage, 4 January 2021", status="resolved", started_at=at("2021-01-04T15:00:00"),
        ended_at=at("2021-01-04T18:00:00"), duration_minutes=180, services=["Slack"], regions=["Europe"],
        error_messages=[XSS_SCRIPT, XSS_IMG, "Messages not loading"], causes=["capacity"],
        report_counts=[count(3_000, "Europe", "2021-01-04T15:30:00Z", news)],
        sources=[IncidentSource(news, "news", "Uptime Daily <b>bold</b>", at("2021-01-04T16:00:00"),
                                "Slack down: messages not loading " + XSS_SCRIPT),
                 IncidentSource("javascript:alert(1)", "news", "Evil", at("2021-01-04T16:30:00"), "bad link")],
        timeline=[TimelineEvent(at("2021-01-04T15:00:00"), "start", "Outage began " + XSS_IMG, news),
                  TimelineEvent(at("2021-01-04T15:20:00"), "news", "Report", "javascript:alert(2)")],
        evidence={"error_messages": [{"source_url": news, "text": "Users saw " + XSS_SCRIPT}]},
    )


def sample_incidents() -> list[Incident]:
    return [facebook(), aws(), fastly(), slack_xss()]


def many_incidents(n: int, service: str = "Statusly", company: str = "Statusly Inc",
                   start: datetime = datetime(2015, 1, 1, tzinfo=UTC), years: int = 6) -> list[Incident]:
    """``n`` varied incidents of one service, spread over ``years`` years (for paging and big pages)."""
    step = years * 8760 / max(n, 1)
    regions = ["United States", "Germany", "Japan", "Brazil", "India", "United Kingdom"]
    causes = ["DNS", "power failure", "configuration change", "database", "network"]
    result = []
    for k in range(n):
        begin = start + timedelta(hours=round(step * k) + (k % 7) * 3)
        minutes = [5, 20, 45, 90, 240, 600, None][k % 7]
        result.append(Incident(
            id=f"gen-{k:05d}", slug=f"{service.lower()}-{k:05d}", service=service, company=company,
            title=f"{service} outage number {k}", status="resolved", started_at=begin,
            ended_at=begin + timedelta(minutes=minutes) if minutes else None, duration_minutes=minutes,
            services=[service], regions=[regions[k % 6], regions[(k + 2) % 6]][: 1 + k % 2],
            causes=[causes[k % 5]], global_=k % 50 == 0,
            error_messages=[f"Error {500 + k % 4}"],
            report_counts=[count(100 * (k % 40 + 1), regions[k % 6], iso(begin) or "", "https://x.example/")],
            sources=[IncidentSource(f"https://news.example/{k}", "news", "Example News", begin, f"Outage {k}")],
            timeline=[TimelineEvent(begin, "start", f"Outage {k} began", f"https://news.example/{k}")]))
    return result


def build_archive(config: Config, incidents: list[Incident]) -> None:
    with Store.open(config) as store:
        for inc in incidents:
            store.save_incident(inc)

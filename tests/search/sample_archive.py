"""A small, demo-like archive written for the search tests: incidents with news sources and texts.

The incidents resemble real outages (services, causes, error messages, durations); the article texts
are our own short summaries. ``build_sample_archive`` saves them through the real Store.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from archive.records import Article, Incident, IncidentSource, TimelineEvent
from archive.store import Store


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# key, service, company, services, start, minutes, regions, causes, errors, title, article texts
SAMPLES: list[dict[str, Any]] = [
    dict(key="fb-2021-10-04", service="Facebook", company="Meta", services=["Instagram", "WhatsApp"],
         start="2021-10-04T15:40", minutes=360, regions=["Global"], causes=["BGP", "DNS"],
         errors=["Sorry, something went wrong"], title="Facebook, Instagram and WhatsApp down for six hours",
         texts=["Facebook, Instagram and WhatsApp were unreachable for about six hours on Monday after a "
                "change to the backbone routers withdrew the BGP routes to Facebook's DNS servers.",
                "Users around the world saw the message 'Sorry, something went wrong' and engineers had "
                "to reach data centres in person to restore the configuration."]),
    dict(key="fb-2021-10-08", service="Instagram", company="Meta", services=["Facebook"],
         start="2021-10-08T19:00", minutes=120, regions=["United States", "United Kingdom"],
         causes=["configuration change"], errors=[], title="Instagram and Facebook stumble again on Friday",
         texts=["A configuration change caused a second, shorter disruption on Friday evening; Instagram "
                "feeds would not refresh for roughly two hours."]),
    dict(key="fastly-2021-06-08", service="Fastly", company="Fastly", services=["Reddit", "GOV.UK"],
         start="2021-06-08T09:47", minutes=60, regions=["Global", "United Kingdom"], causes=["software bug"],
         errors=["Error 503 Service Unavailable"], title="Fastly CDN outage takes news sites offline",
         texts=["Visitors to many news sites and GOV.UK got an 'Error 503 Service Unavailable' page for "
                "about an hour while the Fastly content delivery network was down.",
                "Fastly said a customer pushed a valid configuration that triggered a latent software bug."]),
    dict(key="aws-2021-12-07", service="AWS", company="Amazon", services=["Disney+", "Netflix", "Ring"],
         start="2021-12-07T15:30", minutes=420, regions=["United States"], causes=["network congestion"],
         errors=[], title="AWS us-east-1 outage hits Disney+, Netflix and Ring",
         texts=["An impairment of internal network devices in the us-east-1 region of Amazon Web Services "
                "left Disney+, Netflix and Ring doorbells struggling for about seven hours.",
                "Amazon explained that an automated scaling activity caused congestion between networks."]),
    dict(key="slack-2021-01-04", service="Slack", company="Salesforce", services=[],
         start="2021-01-04T15:00", minutes=180, regions=["Europe", "United States"], causes=["capacity"],
         errors=["Slack is having trouble connecting"],
         title="Slack outage on the first working day of the year",
         texts=["Messages would not load for three hours as Slack's infrastructure ran out of capacity "
                "when everyone came back from the holidays. The app showed 'Slack is having trouble "
                "connecting'."]),
    dict(key="twitter-2021-02-jp", service="Twitter", company="Twitter", services=[],
         start="2021-02-11T03:10", minutes=200, regions=["Japan"], causes=["DNS"],
         errors=["Something went wrong. Try reloading."], title="Twitter down for users in Japan",
         texts=["Users in Japan could not load timelines for more than three hours; Twitter traced the "
                "problem to a DNS misconfiguration. The app displayed 'Something went wrong. Try reloading.'"]),
    dict(key="twitter-2021-08-jp", service="Twitter", company="Twitter", services=[],
         start="2021-08-20T11:00", minutes=45, regions=["Japan"], causes=["DNS"], errors=[],
         title="Brief Twitter outage in Japan",
         texts=["A short DNS problem left Twitter unreachable in Japan for forty-five minutes."]),
    dict(key="twitter-2020-10-15", service="Twitter", company="Twitter", services=[],
         start="2020-10-15T21:30", minutes=120, regions=["Global"], causes=["internal systems change"],
         errors=["Something went wrong, but don't fret"], title="Twitter goes down worldwide",
         texts=["Twitter stopped working worldwide for two hours after an inadvertent change to internal "
                "systems; the company said there was no sign of a security breach."]),
    dict(key="google-2020-12-14", service="Google", company="Alphabet", services=["Gmail", "YouTube"],
         start="2020-12-14T11:47", minutes=47, regions=["Global"], causes=["authentication"],
         errors=["Something went wrong"], title="Gmail and YouTube fail as Google login breaks",
         texts=["Gmail, YouTube and Google Docs returned errors for 47 minutes because the system "
                "authenticating users ran out of storage quota."]),
    dict(key="cloudflare-2022-06-21", service="Cloudflare", company="Cloudflare", services=["Discord"],
         start="2022-06-21T06:27", minutes=90, regions=["Global"], causes=["BGP", "configuration change"],
         errors=["500 Internal Server Error"], title="Cloudflare data centres drop traffic",
         texts=["Nineteen Cloudflare data centres stopped serving traffic for ninety minutes after a change "
                "to BGP advertisements during a network upgrade; many sites showed '500 Internal Server "
                "Error'."]),
    dict(key="teams-2023-01-25", service="Microsoft Teams", company="Microsoft", services=["Outlook"],
         start="2023-01-25T07:05", minutes=300, regions=["Europe", "Japan"], causes=["network"],
         errors=[], title="Microsoft Teams and Outlook disrupted by WAN router change",
         texts=["A command run on a wide area network router caused packets to be dropped across the "
                "Microsoft network, so Teams calls and Outlook mail failed for five hours in Europe and "
                "Japan."]),
    dict(key="roblox-2021-10-28", service="Roblox", company="Roblox", services=[],
         start="2021-10-28T13:37", minutes=4380, regions=["Global"], causes=["database"],
         errors=[], title="Roblox offline for three days",
         texts=["Roblox was offline for 73 hours; a new streaming feature overloaded the Consul cluster "
                "that the service uses to find its database backends."]),
    dict(key="zoom-2020-08-24", service="Zoom", company="Zoom", services=[],
         start="2020-08-24T13:00", minutes=240, regions=["United States", "United Kingdom"], causes=[],
         errors=["Unable to join meeting"], title="Zoom outage on the first day of school",
         texts=["Pupils and office workers could not join meetings for four hours; the Zoom client "
                "reported 'Unable to join meeting'."]),
    dict(key="whatsapp-2022-10-25", service="WhatsApp", company="Meta", services=[],
         start="2022-10-25T07:00", minutes=None, regions=["India", "United Kingdom"], causes=[],
         errors=["Connecting..."], title="WhatsApp messages stuck on one tick",
         texts=["WhatsApp messages stayed on a single grey tick while the app kept showing 'Connecting...'."]),
    dict(key="discord-2022-03-08", service="Discord", company="Discord", services=[],
         start="2022-03-08T17:30", minutes=75, regions=["United States", "Europe"], causes=["DNS"],
         errors=[], title="Discord voice chat fails",
         texts=["Voice channels on Discord would not connect for over an hour; the status page blamed DNS "
                "resolution inside the company's network."]),
    dict(key="psn-undated", service="PlayStation Network", company="Sony", services=[],
         start=None, minutes=None, regions=[], causes=[], errors=[],
         title="PlayStation Network sign-in problems",
         texts=["Players reported they could not sign in to the PlayStation Network."]),
]


def sample_incident(sample: dict[str, Any], base_url: str = "https://news.example") -> Incident:
    start = _at(sample["start"]) if sample["start"] else None
    minutes = sample["minutes"]
    end = start + timedelta(minutes=minutes) if start is not None and minutes is not None else None
    urls = [f"{base_url}/{sample['key']}/{i}" for i in range(len(sample["texts"]))]
    timeline = [TimelineEvent(at=start, kind="start", text="Outage began", source_url=urls[0])] if start else []
    return Incident(
        id=f"inc-{sample['key']}", slug=sample["key"], service=sample["service"], company=sample["company"],
        title=sample["title"], status="resolved" if end else "ongoing", started_at=start, ended_at=end,
        duration_minutes=minutes, services=list(sample["services"]), regions=list(sample["regions"]),
        error_messages=list(sample["errors"]), causes=list(sample["causes"]),
        sources=[IncidentSource(url=u, kind="news", publisher="Example News", published=start, title=sample["title"])
                 for u in urls],
        timeline=timeline)


def sample_articles(sample: dict[str, Any], base_url: str = "https://news.example") -> list[Article]:
    start = _at(sample["start"]) if sample["start"] else None
    return [Article(url=f"{base_url}/{sample['key']}/{i}", title=sample["title"], published=start,
                    publisher="Example News" if i == 0 else "Other Wire", text=text, relevance=1.0)
            for i, text in enumerate(sample["texts"])]


def build_sample_archive(store: Store) -> list[Incident]:
    incidents = []
    for sample in SAMPLES:
        for article in sample_articles(sample):
            store.upsert_article(article)
        incident = sample_incident(sample)
        store.save_incident(incident)
        incidents.append(incident)
    return incidents

"""Deterministic generator of synthetic-but-realistic incidents for the search benchmark.

Each incident has a service (with its company), affected services, regions, causes, a start date
between 2015 and 2025, a duration, sometimes quoted error messages, a headline and the text of two
or three "sources": sentences built from outage-reporting patterns plus Zipf-distributed everyday
words, so the vocabulary and term frequencies look like news text rather than a handful of templates.
Same ``seed`` and ``n`` give the same incidents on every machine (``random.Random`` only).

``python -m bench.incident_gen --n 5`` prints a few as JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from archive.records import Incident, IncidentSource

SERVICES: list[tuple[str, str]] = [
    ("Twitter", "Twitter"), ("Facebook", "Meta"), ("Instagram", "Meta"), ("WhatsApp", "Meta"),
    ("YouTube", "Alphabet"), ("Gmail", "Alphabet"), ("Google Cloud", "Alphabet"), ("AWS", "Amazon"),
    ("Amazon", "Amazon"), ("Azure", "Microsoft"), ("Microsoft Teams", "Microsoft"), ("Outlook", "Microsoft"),
    ("Xbox Live", "Microsoft"), ("Slack", "Salesforce"), ("Zoom", "Zoom"), ("Discord", "Discord"),
    ("Reddit", "Reddit"), ("Netflix", "Netflix"), ("Spotify", "Spotify"), ("Cloudflare", "Cloudflare"),
    ("Fastly", "Fastly"), ("Akamai", "Akamai"), ("GitHub", "Microsoft"), ("GitLab", "GitLab"),
    ("PlayStation Network", "Sony"), ("Steam", "Valve"), ("Roblox", "Roblox"), ("Fortnite", "Epic Games"),
    ("iCloud", "Apple"), ("Apple Music", "Apple"), ("App Store", "Apple"), ("TikTok", "ByteDance"),
    ("Snapchat", "Snap"), ("LinkedIn", "Microsoft"), ("Dropbox", "Dropbox"), ("Shopify", "Shopify"),
    ("Stripe", "Stripe"), ("PayPal", "PayPal"), ("Visa", "Visa"), ("Mastercard", "Mastercard"),
    ("Barclays", "Barclays"), ("Lloyds Bank", "Lloyds"), ("Monzo", "Monzo"), ("Revolut", "Revolut"),
    ("BT", "BT Group"), ("Vodafone", "Vodafone"), ("O2", "Virgin Media O2"), ("Verizon", "Verizon"),
    ("AT&T", "AT&T"), ("T-Mobile", "Deutsche Telekom"), ("Comcast", "Comcast"), ("Docomo", "NTT"),
    ("KDDI", "KDDI"), ("LINE", "LY Corporation"), ("Disney+", "Disney"), ("Hulu", "Disney"),
    ("Twitch", "Amazon"), ("Ring", "Amazon"), ("ChatGPT", "OpenAI"), ("Notion", "Notion"),
    ("Salesforce", "Salesforce"), ("Workday", "Workday"), ("Atlassian Jira", "Atlassian"),
    ("Heroku", "Salesforce"), ("DigitalOcean", "DigitalOcean"), ("OVHcloud", "OVH"),
]
REGIONS = ["Global", "United States", "United Kingdom", "Japan", "Germany", "France", "India", "Brazil",
           "Canada", "Australia", "Spain", "Italy", "Netherlands", "Ireland", "Mexico", "South Korea",
           "Singapore", "South Africa", "Europe", "Asia", "Sweden", "Poland", "Turkey", "Argentina"]
CAUSES = ["DNS", "BGP", "configuration change", "software bug", "power failure", "capacity", "DDoS attack",
          "database", "network", "certificate expiry", "storage", "authentication", "fibre cut",
          "cooling failure", "deployment", "third-party provider", "cyberattack", "hardware failure"]
ERRORS = ["Something went wrong. Try reloading.", "Error 503 Service Unavailable", "502 Bad Gateway",
          "Sorry, something went wrong", "Rate limit exceeded", "We're having trouble connecting",
          "Unable to join meeting", "Login failed, please try again later", "Connection timed out",
          "Payment declined", "An error occurred while loading this video", "Server error (500)",
          "Cannot connect to server", "Your session has expired", "Too many requests"]
FEATURES = ["login", "payments", "messages", "video streaming", "uploads", "search", "notifications",
            "the mobile app", "the website", "voice calls", "the API", "checkout", "sign-in", "downloads"]
SENTENCES = [
    "{service} users in {region} reported problems with {feature} from {time} on {day}.",
    "Outage trackers recorded more than {count} reports as {service} went down in {region}.",
    "{company} said the disruption was caused by {cause} and that engineers were working on a fix.",
    "The company blamed {cause} for the outage, which lasted about {hours} hours.",
    "Customers saw the message \"{error}\" when they tried to use {feature}.",
    "By {time} {company} said {feature} had been restored for most users.",
    "{service} acknowledged the problem on its status page, citing {cause}.",
    "Some users could not reach {feature} at all, while others saw slow responses and timeouts.",
    "It was the second {service} outage this {period}, after a shorter disruption in {region}.",
    "Services that depend on {service}, including {other}, were also affected.",
    "Engineers rolled back a change after the {cause} left {feature} unavailable.",
]


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Pronounceable pseudo-words (stand-ins for everyday news vocabulary), in Zipf rank order."""
    onsets = ["b", "br", "c", "ch", "d", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "r",
              "s", "sh", "st", "t", "tr", "v", "w"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
    codas = ["", "n", "r", "s", "t", "l", "nd", "st", "ck", "ng"]
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 3))
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables)))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered


class IncidentGenerator:
    def __init__(self, seed: int = 42):
        self.seed = seed
        rng = random.Random(seed)
        self.vocab = _vocabulary(rng)
        self.cum_weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(self.vocab))))
        self.service_cum = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(SERVICES))))

    def _filler(self, rng: random.Random, k: int) -> str:
        words = rng.choices(self.vocab, cum_weights=self.cum_weights, k=k)
        return " ".join(words).capitalize() + "."

    def incident(self, i: int) -> tuple[Incident, dict[str, str]]:
        """Incident number ``i`` and its source texts (URL -> text)."""
        rng = random.Random(self.seed * 1_000_003 + i)
        service, company = rng.choices(SERVICES, cum_weights=self.service_cum)[0]
        others = [s for s, _ in rng.sample(SERVICES, rng.choice((0, 0, 1, 2)))] if rng.random() < 0.5 else []
        regions = rng.sample(REGIONS, rng.choice((1, 1, 2, 3)))
        causes = rng.sample(CAUSES, rng.choice((0, 1, 1, 2)))
        errors = rng.sample(ERRORS, rng.choice((0, 0, 1, 2)))
        start = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(11 * 365 * 24 * 60))
        minutes = None if rng.random() < 0.1 else int(rng.lognormvariate(4.5, 1.0)) + 5
        feature = rng.choice(FEATURES)
        values = dict(service=service, company=company, region=regions[0], feature=feature,
                      cause=causes[0] if causes else "an internal issue", error=errors[0] if errors else "Error",
                      count=f"{rng.randrange(1, 90) * 1000:,}", hours=max(1, (minutes or 60) // 60),
                      time=f"{rng.randrange(24):02d}:{rng.randrange(60):02d}", period=rng.choice(("week", "month", "year")),
                      day=start.strftime("%A"), other=", ".join(others) or "several apps")
        texts: dict[str, str] = {}
        for n in range(rng.choice((2, 2, 3))):
            parts = [rng.choice(SENTENCES).format(**values) for _ in range(rng.randrange(2, 5))]
            parts.insert(rng.randrange(len(parts) + 1), self._filler(rng, rng.randrange(20, 45)))
            texts[f"https://news{n}.example/{service.lower().replace(' ', '-')}/{i}"] = " ".join(parts)
        title = f"{service} outage: {feature} down in {regions[0]}"
        incident = Incident(
            id=f"inc-{i:07d}", slug=f"{service.lower().replace(' ', '-')}-{start:%Y-%m-%d}-{i}", service=service,
            company=company, title=title, status="resolved" if minutes else "ongoing", started_at=start,
            ended_at=start + timedelta(minutes=minutes) if minutes else None, duration_minutes=minutes,
            services=others, regions=regions, global_="Global" in regions, error_messages=errors, causes=causes,
            sources=[IncidentSource(url=u, kind="news", publisher=u.split("/")[2], published=start, title=title)
                     for u in texts])
        return incident, texts

    def incidents(self, n: int) -> Iterator[tuple[Incident, dict[str, str]]]:
        for i in range(n):
            yield self.incident(i)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    for incident, texts in IncidentGenerator(args.seed).incidents(args.n):
        print(json.dumps({"incident": incident.as_dict(), "texts": texts}, indent=1))


if __name__ == "__main__":
    main()

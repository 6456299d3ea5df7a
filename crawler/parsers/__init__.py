"""Status-page payload parsers: pure functions from bytes to ``StatusIncident`` records.

``parse_status_page`` dispatches on the page role kept in ``RawPage.source_kind``.
"""

from __future__ import annotations

from collections.abc import Callable

from archive.records import RawPage, StatusIncident
from crawler.parsers.aws import parse_aws_legacy, parse_aws_rss
from crawler.parsers.gcp import parse_gcp
from crawler.parsers.statuspage import PayloadError, parse_statuspage_json
from crawler.parsers.statuspage_feed import parse_statuspage_atom, parse_statuspage_rss

__all__ = ["PayloadError", "parse_status_page", "parse_status_body", "PARSERS"]

PARSERS: dict[str, Callable[[bytes, str], list[StatusIncident]]] = {
    "statuspage": parse_statuspage_json,
    "statuspage-atom": parse_statuspage_atom,
    "statuspage-rss": parse_statuspage_rss,
    "gcp": parse_gcp,
    "aws-rss": parse_aws_rss,
    "aws": parse_aws_legacy,
}


def parse_status_body(body: bytes, kind: str, service: str) -> list[StatusIncident]:
    try:
        parser = PARSERS[kind]
    except KeyError as exc:
        raise PayloadError(f"no status parser for kind {kind!r}") from exc
    return parser(body, service)


def parse_status_page(page: RawPage, service: str) -> list[StatusIncident]:
    """Every incident in a kept status payload, stamped with its source and fetch time."""
    incidents = parse_status_body(page.body, page.source_kind, service)
    for incident in incidents:
        incident.source_name = page.source_name
        incident.fetched_at = page.fetched_at
    return incidents

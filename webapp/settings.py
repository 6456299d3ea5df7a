"""Web app settings (a config object; any of them can be overridden by ``FLASK_<NAME>``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DefaultSettings:
    """Defaults for the Flask app. ``OUTAGES_CONFIG`` (an ``archive.config.Config``) names the archive."""

    OUTAGES_CONFIG: Any = None
    SITE_NAME = "Outage Archive"
    PAGE_SIZE = 20  # results per page when the archive config does not say
    MAX_PAGE_SIZE = 100
    MAX_API_LIMIT = 500
    FEED_SIZE = 50
    RECENT_ON_HOME = 10
    TOP_SERVICES_ON_HOME = 8
    MAX_QUERY_LENGTH = 500
    JSON_SORT_KEYS = False
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    CONTENT_SECURITY_POLICY = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )


def security_headers(config: Mapping[str, Any]) -> dict[str, str]:
    """Headers sent with every response (the site is read-only and shows scraped text)."""
    return {
        "Content-Security-Policy": str(config["CONTENT_SECURITY_POLICY"]),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    }

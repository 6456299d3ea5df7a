"""Scrapy settings built from ``archive.config`` (politeness, limits, retries)."""

from __future__ import annotations

from typing import Any

from archive.config import Config


def scrapy_settings(config: Config, log_level: str = "WARNING", crawl_key: str | None = None) -> dict[str, Any]:
    """Settings for our crawl: polite by default, every knob taken from the project config.

    With ``redis_url`` set, the crawl is one process of a distributed run sharing its request queue and
    dupe filter in Redis under ``crawl_key`` (see ``crawler.distributed``); otherwise Scrapy's own
    in-memory scheduler is used.
    """
    settings = _local_settings(config, log_level)
    redis_url = str(config.get("redis_url") or "").strip()
    if redis_url:
        from crawler.distributed import KEY_PREFIX, distributed_settings

        settings.update(distributed_settings(redis_url, crawl_key or f"{KEY_PREFIX}:default",
                                             float(config.download_timeout)))
    return settings


def _local_settings(config: Config, log_level: str) -> dict[str, Any]:
    delay = float(config.download_delay)
    return {
        "BOT_NAME": "outage-archive",
        "USER_AGENT": config.user_agent,
        "ROBOTSTXT_OBEY": bool(config.obey_robots),
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0,
        "AUTOTHROTTLE_ENABLED": bool(config.autothrottle),
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(max(1, int(config.concurrent_per_domain)) / 2),
        "CONCURRENT_REQUESTS": int(config.concurrent_requests),
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(config.concurrent_per_domain),
        "DOWNLOAD_TIMEOUT": float(config.download_timeout),
        "DOWNLOAD_MAXSIZE": int(config.max_page_bytes),
        "DOWNLOAD_WARNSIZE": 0,
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": int(config.retry_times),
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
        "REDIRECT_MAX_TIMES": 5,
        "HTTPERROR_ALLOW_ALL": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_INSTALL_ROOT_HANDLER": True,
        "LOGSTATS_INTERVAL": 0,
        "DEFAULT_DROPITEM_LOG_LEVEL": "DEBUG",
        # Scrapy starts this many asyncio workers for *each* callback's output; our callbacks yield one
        # item (pages) or a list of requests, so a small pool saves ~100 task creations per response.
        "CONCURRENT_ITEMS": 8,
        "ITEM_PIPELINES": {"crawler.pipelines.ArchivePipeline": 300},
        "OUTAGES_WRITE_BATCH": max(1, int(config.write_batch)),
        "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.KeepRobotsMiddleware": 150},
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

"""All settings in one table: name, default, help.

Precedence (lowest to highest): defaults, a TOML file (``outages.toml`` in the data directory or the
file named by ``OUTAGES_CONFIG``), environment variables ``OUTAGES_<NAME>``, explicit overrides
(CLI flags).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_ROOT = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "./var", "Directory holding one archive: database, index, raw WARC files, exports."),
    Setting("db_url", "", "SQLAlchemy URL; empty means <data_dir>/archive.sqlite3 (postgresql:// works too)."),
    Setting("user_agent", "OutageArchiveBot/0.1 (+https://github.com/outage-archive/outage-archive)",
            "User-Agent sent by the crawler."),
    Setting("obey_robots", True, "Obey robots.txt."),
    Setting("download_delay", 0.5, "Seconds between requests to one domain (AutoThrottle start delay)."),
    Setting("autothrottle", True, "Adapt the delay to server latency (Scrapy AutoThrottle)."),
    Setting("concurrent_per_domain", 4, "Concurrent requests per domain."),
    Setting("concurrent_requests", 16, "Concurrent requests overall."),
    Setting("download_timeout", 30, "Seconds before a request times out."),
    Setting("max_page_bytes", 10 * 1024 * 1024, "Responses larger than this are dropped and logged."),
    Setting("retry_times", 2, "Retries for timeouts and 5xx responses."),
    Setting("write_batch", 50, "Article pages written to the archive per transaction; a crawl killed "
            "mid-way fetches at most this many pages again on its next run."),
    Setting("redis_url", "", "Redis URL (redis://host:6379/0) for distributed crawling: crawl processes given "
            "the same URL, archive and sources share one request queue and dupe filter; empty means off."),
    Setting("sources_file", "data/sources.toml", "Default TOML file listing the sources to crawl."),
    Setting("min_relevance", 0.5, "Articles below this outage-relevance score produce no reports."),
    Setting("jobs", 1, "Worker processes for extraction."),
    Setting("merge_window_hours", 12, "Reports of one service closer than this in time may fuse."),
    Setting("host", "127.0.0.1", "Address the web app listens on."),
    Setting("port", 5000, "Port the web app listens on."),
    Setting("page_size", 20, "Results per page in the web app and API."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    default = setting.default
    if isinstance(value, str):
        if isinstance(default, bool):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    return value


class Config:
    """Resolved settings; attribute access (``cfg.data_dir``) and ``cfg.get(name)``."""

    def __init__(self, values: dict[str, Any]):
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    @property
    def data_path(self) -> Path:
        return Path(self._values["data_dir"]).expanduser().resolve()

    @property
    def database_url(self) -> str:
        if self._values.get("db_url"):
            return str(self._values["db_url"])
        return f"sqlite:///{self.data_path / 'archive.sqlite3'}"

    @property
    def index_path(self) -> Path:
        return self.data_path / "index"

    @property
    def raw_path(self) -> Path:
        return self.data_path / "raw"

    @property
    def exports_path(self) -> Path:
        return self.data_path / "exports"

    def replace(self, **overrides: Any) -> Config:
        values = dict(self._values)
        values.update({k: _coerce(_BY_NAME[k], v) if k in _BY_NAME else v for k, v in overrides.items()})
        return Config(values)


def load_config(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> Config:
    """Resolve settings from defaults, file, environment and explicit overrides."""
    env = os.environ if environ is None else environ
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    data_dir = overrides.get("data_dir") or env.get("OUTAGES_DATA_DIR") or values["data_dir"]
    config_file = env.get("OUTAGES_CONFIG") or str(Path(data_dir) / "outages.toml")
    if Path(config_file).is_file():
        with open(config_file, "rb") as fh:
            for key, value in tomllib.load(fh).items():
                if key in _BY_NAME:
                    values[key] = _coerce(_BY_NAME[key], value)
    for setting in SETTINGS:
        env_value = env.get(f"OUTAGES_{setting.name.upper()}")
        if env_value is not None:
            values[setting.name] = _coerce(setting, env_value)
    for key, value in overrides.items():
        values[key] = _coerce(_BY_NAME[key], value) if key in _BY_NAME else value
    values["data_dir"] = str(data_dir if "data_dir" in overrides else values["data_dir"])
    return Config(values)

"""Crawl sources: one ``[[source]]`` table each in a TOML file.

```toml
[[source]]
name = "githubstatus"
kind = "statuspage"
url = "https://www.githubstatus.com/api/v2/incidents.json"
service = "GitHub"
```

Any key other than ``name``, ``kind``, ``url`` and ``service`` is kept in ``Source.options``
(for example ``timezone = "America/New_York"`` for a feed whose times carry no zone, or
``max_history_pages = 5``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PLACEHOLDER = "__BASE__"

#: kinds that lead to article pages
NEWS_KINDS = frozenset({"news-feed", "sitemap"})
#: kinds whose payloads are status incidents (parsed by ``crawler.parsers``)
STATUS_KINDS = frozenset({"statuspage", "statuspage-atom", "statuspage-rss", "gcp", "aws-rss", "aws"})
KINDS = NEWS_KINDS | STATUS_KINDS


class SourceError(ValueError):
    """A sources file that cannot be used (bad TOML, missing key, unknown kind)."""


@dataclass
class Source:
    name: str
    kind: str
    url: str
    service: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "url": self.url, "service": self.service,
                "options": dict(self.options)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(name=data["name"], kind=data["kind"], url=data["url"], service=data.get("service"),
                   options=dict(data.get("options") or {}))


def _source_from_table(table: Any, index: int, where: str, base_url: str | None) -> Source:
    if not isinstance(table, dict):
        raise SourceError(f"{where}: source #{index} is not a table")
    missing = [key for key in ("name", "kind", "url") if not table.get(key)]
    if missing:
        raise SourceError(f"{where}: source #{index} lacks {', '.join(missing)}")
    name, kind, url = str(table["name"]), str(table["kind"]), str(table["url"])
    if kind not in KINDS:
        raise SourceError(f"{where}: source {name!r} has unknown kind {kind!r} "
                          f"(known: {', '.join(sorted(KINDS))})")
    if PLACEHOLDER in url:
        if not base_url:
            raise SourceError(f"{where}: source {name!r} uses {PLACEHOLDER} but no base URL was given")
        url = url.replace(PLACEHOLDER, base_url.rstrip("/"))
    if not url.startswith(("http://", "https://")):
        raise SourceError(f"{where}: source {name!r} has a non-HTTP url {url!r}")
    service = table.get("service")
    options = {k: v for k, v in table.items() if k not in {"name", "kind", "url", "service"}}
    return Source(name=name, kind=kind, url=url, service=str(service) if service else None, options=options)


def parse_sources(text: str, base_url: str | None = None, where: str = "<sources>") -> list[Source]:
    """Sources from TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{where}: invalid TOML: {exc}") from exc
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise SourceError(f"{where}: no [[source]] tables")
    sources = [_source_from_table(t, i + 1, where, base_url) for i, t in enumerate(tables)]
    seen: set[str] = set()
    for src in sources:
        if src.name in seen:
            raise SourceError(f"{where}: duplicate source name {src.name!r}")
        seen.add(src.name)
    return sources


def load_sources(path: Path | str, base_url: str | None = None) -> list[Source]:
    """Read a sources TOML file; ``__BASE__`` in urls becomes ``base_url``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read sources file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text") from exc
    return parse_sources(text, base_url=base_url, where=str(path))


def select_sources(sources: list[Source], names: list[str] | tuple[str, ...]) -> list[Source]:
    """The sources named (all when ``names`` is empty); unknown names are an error."""
    if not names:
        return list(sources)
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise SourceError(f"unknown source(s): {', '.join(unknown)} (known: {', '.join(by_name)})")
    return [by_name[n] for n in names]

"""The service catalog: canonical names, companies, aliases, domains and status pages.

The data lives in ``data/services.jsonl`` (one service per line). ``load_catalog()`` reads it once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from archive.slugs import slugify  # noqa: F401 - part of the catalog's API

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SERVICES_FILE = DATA_DIR / "services.jsonl"

#: outage trackers and news agencies: sources of a story, never an affected service
TRACKER_CATEGORIES = frozenset({"tracker", "agency"})


def _key(text: str) -> str:
    return " ".join((text or "").casefold().split())


@dataclass(frozen=True)
class Service:
    """One online service (a product or brand users see) and the company behind it."""

    name: str
    company: str | None
    slug: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    status_page: str = ""
    category: str = ""
    ambiguous: bool = False
    # words that, in the same sentence, show the name means something else: "UPS" beside "power" or "batteries"
    # is a power supply, not the courier
    other_sense: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "company": self.company, "slug": self.slug, "aliases": list(self.aliases),
                "domains": list(self.domains), "status_page": self.status_page, "category": self.category}


@dataclass
class Catalog:
    """All known services, looked up by canonical name, alias, slug or domain (case-insensitive)."""

    services: list[Service]
    _by_key: dict[str, Service] = field(default_factory=dict, repr=False)
    _by_domain: dict[str, Service] = field(default_factory=dict, repr=False)
    _companies: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for svc in self.services:  # canonical names first: they win over another service's alias
            self._by_key.setdefault(_key(svc.name), svc)
            self._by_key.setdefault(svc.slug, svc)
            if svc.company:
                self._companies.setdefault(_key(svc.company), svc.company)
        for svc in self.services:
            for alias in svc.aliases:
                self._by_key.setdefault(_key(alias), svc)
            for domain in svc.domains:
                self._by_domain.setdefault(domain.lower(), svc)

    def __len__(self) -> int:
        return len(self.services)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.services)

    def get(self, name_or_alias: str | None) -> Service | None:
        """The service called ``name_or_alias`` (canonical name, alias, slug or domain), or None."""
        if not name_or_alias:
            return None
        key = _key(name_or_alias)
        found = self._by_key.get(key) or self._by_key.get(slugify(name_or_alias))
        if found is not None:
            return found
        return self.by_domain(name_or_alias)

    def by_domain(self, url_or_host: str) -> Service | None:
        """The service whose domain is ``url_or_host`` or a parent of it."""
        host = url_or_host.strip().lower()
        if "://" in host:
            host = urlparse(host).hostname or ""
        host = host.split("/")[0].removeprefix("www.")
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            if "." not in host:
                break
            host = host.split(".", 1)[1]
        return None

    def canonical(self, name: str | None) -> str | None:
        svc = self.get(name)
        return svc.name if svc else None

    def company_of(self, name: str | None) -> str | None:
        """The company behind a service (by name or alias); a company name maps to itself."""
        svc = self.get(name)
        if svc is not None:
            return svc.company
        if name and _key(name) in self._companies:
            return self._companies[_key(name)]
        return None

    @cached_property
    def name_endings(self) -> frozenset[str]:
        """The last words of multi-word names and aliases ("Drive" of "Google Drive", "Sounds" of "BBC Sounds"):
        a word that, standing alone in a list, is a short form of a catalog service."""
        return frozenset(n.split()[-1] for svc in self.services for n in svc.names if " " in n)

    @cached_property
    def cloud_of_company(self) -> dict[str, str]:
        """Company -> its cloud service ("Google" -> "Google Cloud"): the one of category "cloud" that says
        "Cloud" in its name, else its only one."""
        found: dict[str, list[str]] = {}
        for svc in self.services:
            if svc.category == "cloud" and svc.company:
                found.setdefault(svc.company, []).append(svc.name)
        picked = {}
        for company, names in found.items():
            named = [n for n in names if "cloud" in n.lower()]
            if len(named) == 1 or len(names) == 1:
                picked[company] = (named or names)[0]
        return picked

    @cached_property
    def products_of_source(self) -> dict[str, list[tuple[str, Service]]]:
        """A news agency or outage tracker -> its own products named "<its name> <Word>", each with that word in
        lower case ("Bloomberg" -> [("terminal", Bloomberg Terminal)]): the agency is never an affected service, but
        what it sells may be."""
        sources = {svc.name for svc in self.services if svc.category in TRACKER_CATEGORIES}
        found: dict[str, list[tuple[str, Service]]] = {}
        for svc in self.services:
            head, _, word = svc.name.rpartition(" ")
            if head in sources:
                found.setdefault(head, []).append((word.lower(), svc))
        return found

    def companies(self) -> list[str]:
        return sorted(set(self._companies.values()))

    def is_tracker(self, name: str | None) -> bool:
        svc = self.get(name)
        return svc is not None and svc.category in TRACKER_CATEGORIES


def _service_from_json(data: dict[str, Any]) -> Service:
    name = str(data["name"])
    return Service(
        name=name,
        company=str(data["company"]) if data.get("company") else None,
        slug=str(data.get("slug") or slugify(name)),
        aliases=tuple(str(a) for a in data.get("aliases", []) or []),
        domains=tuple(str(d) for d in data.get("domains", []) or []),
        status_page=str(data.get("status_page") or ""),
        category=str(data.get("category") or ""),
        ambiguous=bool(data.get("ambiguous", False)),
        other_sense=tuple(str(w) for w in data.get("other_sense", []) or []),
    )


def read_catalog(path: Path) -> Catalog:
    services = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                services.append(_service_from_json(json.loads(line)))
    return Catalog(services)


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The bundled catalog (read once per process)."""
    return read_catalog(SERVICES_FILE)

"""Keeping the index in step with the database: add, remove, rebuild, update and sync.

Every indexed document records the ``updated_at`` of its row as ``version``; :func:`sync_index`
compares those with the database to find what changed or went away.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive import schema as db
from archive.records import Article, Incident, iso
from archive.search_documents import _source_texts, article_document, incident_document
from archive.search_engine import engine_for

log = logging.getLogger("archive.search")  # log lines keep the public module's name


def add_to_index(index_dir: Path | str, incidents: Iterable[Incident | dict[str, Any]],
                 texts: dict[str, str] | None = None) -> int:
    """Add or replace incidents (records or prepared documents); return how many were written."""
    docs = (i if isinstance(i, dict) else incident_document(i, texts) for i in incidents)
    return engine_for(index_dir, "incident").add(docs)


def remove_from_index(index_dir: Path | str, ids: Iterable[str], kind: str = "incident") -> int:
    """Remove documents by id; return how many were asked for."""
    return engine_for(index_dir, kind).remove(ids)


def _versions(store: Any, table: Any) -> dict[str, str]:
    """id -> last update time of every row of ``table`` (what the index records as ``version``)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(table.c.id, table.c.updated_at))
        return {str(r.id): iso(r.updated_at) or "" for r in rows}


def _incident_docs(store: Any, incidents: list[Incident], versions: dict[str, str],
                   texts: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    if texts is None:
        texts = _source_texts(store, [s.url for i in incidents for s in i.sources])
    for incident in incidents:
        doc = incident_document(incident, texts)
        doc["version"] = versions.get(incident.id) or "0"
        yield doc


def _article_docs(articles: Iterable[Article], versions: dict[str, str]) -> Iterator[dict[str, Any]]:
    for article in articles:
        doc = article_document(article)
        doc["version"] = versions.get(str(article.id)) or "0"
        yield doc


def rebuild_index(store: Any, index_dir: Path | str) -> int:
    """Rebuild both indexes from the database in one atomic commit each; return incidents indexed."""
    incidents = store.incidents()
    docs = _incident_docs(store, incidents, _versions(store, db.incidents), _source_texts(store, None))
    count = engine_for(index_dir, "incident").add(docs, clear=True)
    engine_for(index_dir, "article").add(_article_docs(store.articles(), _versions(store, db.articles)),
                                         clear=True)
    log.info("indexed %s incidents", count)
    return count


def update_index(store: Any, index_dir: Path | str, incident_ids: Iterable[str],
                 article_ids: Iterable[int | str] = ()) -> int:
    """Re-index the given incidents (and articles) from the database; ids gone from it are removed."""
    engine = engine_for(index_dir, "incident")
    if not engine.exists():
        return rebuild_index(store, index_dir)
    found: list[Incident] = []
    missing: list[str] = []
    for incident_id in dict.fromkeys(str(i) for i in incident_ids):
        incident = store.incident(incident_id)
        (found.append(incident) if incident is not None else missing.append(incident_id))
    if missing:
        engine.remove(missing)
    versions = _versions(store, db.incidents) if found else {}
    written = engine.add(_incident_docs(store, found, versions)) if found else 0
    wanted = {str(a) for a in article_ids}
    if wanted:
        articles = [a for a in store.articles() if str(a.id) in wanted]
        arts = engine_for(index_dir, "article")
        arts.add(_article_docs(articles, _versions(store, db.articles)))
        arts.remove(sorted(wanted - {str(a.id) for a in articles}))
    return written + len(missing)


def sync_index(store: Any, index_dir: Path | str) -> dict[str, int]:
    """Bring the index up to date with the database: re-index changed rows, drop deleted ones."""
    engine = engine_for(index_dir, "incident")
    if not engine.exists() or not engine_for(index_dir, "article").exists():
        return {"rebuilt": rebuild_index(store, index_dir), "updated": 0, "removed": 0}
    changed_inc, gone_inc = _diff(engine.versions(), _versions(store, db.incidents))
    changed_art, gone_art = _diff(engine_for(index_dir, "article").versions(), _versions(store, db.articles))
    if gone_inc:
        engine.remove(gone_inc)
    if gone_art:
        engine_for(index_dir, "article").remove(gone_art)
    if changed_inc or changed_art:
        update_index(store, index_dir, changed_inc, changed_art)
    return {"rebuilt": 0, "updated": len(changed_inc) + len(changed_art), "removed": len(gone_inc) + len(gone_art)}


def _diff(indexed: dict[str, str], current: dict[str, str]) -> tuple[list[str], list[str]]:
    changed = sorted(k for k, v in current.items() if indexed.get(k) != (v or "0"))
    return changed, sorted(set(indexed) - set(current))

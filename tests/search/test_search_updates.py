"""Incremental index updates, rebuilds that give identical answers, and concurrent readers/writers."""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from archive.search import (
    SearchError,
    add_to_index,
    query_index,
    rebuild_index,
    remove_from_index,
    sync_index,
    update_index,
)

QUERIES = ["", "dns", "twitter japan", '"something went wrong"', "region:global", "cause:bgp OR consul",
           "service:meta", "company:meta after:2021", "duration:>=2h", "outage -japan"]


def answers(index_dir: Path) -> list[tuple[Any, ...]]:
    out = []
    for q in QUERIES:
        for sort in ("relevance", "date"):
            r = query_index(index_dir, q, sort=sort, page_size=50)
            out.append((q, sort, r.total, r.ids, [h["score"] for h in r.hits], r.facets))
    return out


def test_incremental_updates_then_rebuild_give_identical_results(fresh_sample: Any) -> None:
    store, index_dir = fresh_sample.store, fresh_sample.index_dir
    roblox = store.incident("inc-roblox-2021-10-28")
    changed = dataclasses.replace(roblox, causes=["database", "DNS"], regions=["Global", "Japan"],
                                  title="Roblox offline for three days after Consul trouble")
    store.save_incident(changed)
    store.delete_incidents(["inc-zoom-2020-08-24"])
    assert "inc-roblox-2021-10-28" not in query_index(index_dir, "cause:dns").ids  # not yet re-indexed
    update_index(store, index_dir, ["inc-roblox-2021-10-28", "inc-zoom-2020-08-24"])
    assert "inc-roblox-2021-10-28" in query_index(index_dir, "cause:dns region:japan").ids
    assert query_index(index_dir, "zoom").total == 0
    incremental = answers(index_dir)
    assert rebuild_index(store, index_dir) == len(fresh_sample.incidents) - 1
    rebuilt = answers(index_dir)
    # Same matches, order, totals and facets. Scores agree to ~1%: Whoosh keeps each document's field
    # length as one lossy byte, so a merged segment's length totals (BM25's average) differ slightly.
    assert [a[:4] + a[5:] for a in rebuilt] == [a[:4] + a[5:] for a in incremental]
    for new, old in zip(rebuilt, incremental, strict=True):
        assert new[4] == pytest.approx(old[4], rel=0.02)


def test_sync_finds_changed_and_deleted_rows(fresh_sample: Any) -> None:
    store, index_dir = fresh_sample.store, fresh_sample.index_dir
    assert sync_index(store, index_dir) == {"rebuilt": 0, "updated": 0, "removed": 0}
    slack = store.incident("inc-slack-2021-01-04")
    time.sleep(1.1)  # updated_at has one-second resolution
    store.save_incident(dataclasses.replace(slack, error_messages=["Workspace unavailable"]))
    store.delete_incidents(["inc-discord-2022-03-08"])
    assert sync_index(store, index_dir) == {"rebuilt": 0, "updated": 1, "removed": 1}
    assert query_index(index_dir, '"workspace unavailable"').ids == ["inc-slack-2021-01-04"]
    assert query_index(index_dir, "discord voice").total == 0


def test_add_and_remove_without_store(fresh_sample: Any) -> None:
    index_dir = fresh_sample.index_dir
    zoom = fresh_sample.store.incident("inc-zoom-2020-08-24")
    new = dataclasses.replace(zoom, id="inc-zoom-2", slug="zoom-2", title="Zoom webinar outage")
    assert add_to_index(index_dir, [new]) == 1
    assert "inc-zoom-2" in query_index(index_dir, "webinar").ids
    add_to_index(index_dir, [new])  # same id again replaces, never duplicates
    assert query_index(index_dir, "webinar").total == 1
    remove_from_index(index_dir, ["inc-zoom-2"])
    assert query_index(index_dir, "webinar").total == 0


def _hold_lock(index_dir: str, held: Any, release: Any) -> None:
    from whoosh import index

    ix = index.open_dir(index_dir, indexname="incidents")
    writer = ix.writer()
    held.set()
    release.wait(30)
    writer.cancel()


def test_writer_waits_for_another_process_lock(fresh_sample: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = multiprocessing.get_context("spawn")
    held, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_lock, args=(str(fresh_sample.index_dir), held, release))
    proc.start()
    try:
        assert held.wait(60)
        monkeypatch.setattr("archive.search.LOCK_TIMEOUT", 0.5)
        with pytest.raises(SearchError, match="locked by another writer"):
            remove_from_index(fresh_sample.index_dir, ["inc-zoom-2020-08-24"])
        monkeypatch.setattr("archive.search.LOCK_TIMEOUT", 30.0)
        threading.Timer(0.5, release.set).start()
        remove_from_index(fresh_sample.index_dir, ["inc-zoom-2020-08-24"])  # waits, then writes
        assert query_index(fresh_sample.index_dir, "zoom").total == 0
    finally:
        release.set()
        proc.join(30)


def test_readers_see_writes_while_a_writer_runs(fresh_sample: Any) -> None:
    store, index_dir = fresh_sample.store, fresh_sample.index_dir
    base = store.incident("inc-psn-undated")
    errors: list[BaseException] = []
    seen: dict[int, list[int]] = {0: [], 1: []}
    done = threading.Event()

    def write() -> None:
        try:
            for n in range(8):
                add_to_index(index_dir, [dataclasses.replace(base, id=f"inc-new-{n}", slug=f"new-{n}",
                                                             title=f"Brand new quasar outage {n}")])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            done.set()

    def read(reader: int) -> None:
        try:
            while not done.is_set():
                result = query_index(index_dir, "quasar")
                assert result.total == len(result.ids) == sum(result.facets["service"].values())
                seen[reader].append(result.total)
                time.sleep(0.02)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read, args=(i,)) for i in seen]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    for totals in seen.values():  # each reader only ever sees the index grow
        assert totals == sorted(totals)
    assert query_index(index_dir, "quasar").total == 8  # pooled searchers were reopened after writes

"""The archive handle of one request.

One :class:`archive.store.Store` (engine and connection pool) is opened lazily per app; each request
borrows a connection from it as ``g.db`` and gives it back on teardown. Parsed incidents are
cached per app (see ``webapp.queries.IncidentCache``), checked against each row's version.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy.engine import Connection

from archive.store import Store

_EXTENSION = "outages_store"
_lock = threading.Lock()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)


def get_store() -> Store:
    """The app's store, opened on first use."""
    app = current_app
    store = app.extensions.get(_EXTENSION)
    if store is None:
        with _lock:
            store = app.extensions.get(_EXTENSION)
            if store is None:
                store = Store.open(app.config["OUTAGES_CONFIG"])
                app.extensions[_EXTENSION] = store
    return store


def get_db() -> Connection:
    """The connection of this request (``g.db``), opened on first use and closed on teardown."""
    if "db" not in g:
        g.db = get_store().engine.connect()
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def archive_config() -> Any:
    return current_app.config["OUTAGES_CONFIG"]


def index_dir() -> Path:
    return Path(archive_config().index_path)


def page_size() -> int:
    configured = archive_config().get("page_size") if archive_config() is not None else None
    return int(configured or current_app.config["PAGE_SIZE"])

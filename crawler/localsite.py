"""Serve a folder over HTTP on 127.0.0.1 (the bundled sample site, test fixtures).

Text responses have the literal ``__BASE__`` replaced by the server's origin, so feeds, sitemaps and
status JSON can carry absolute URLs. Supports ETag / Last-Modified conditional requests.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.utils import formatdate
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PLACEHOLDER = b"__BASE__"
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml",
               "application/rss+xml", "application/toml")
mimetypes.add_type("application/atom+xml", ".atom")
mimetypes.add_type("application/rss+xml", ".rss")
mimetypes.add_type("application/json", ".json")


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with ``__BASE__`` substitution and conditional GET."""

    server_version = "OutageSampleSite/1.0"

    def __init__(self, *args: Any, directory: str, delay: float = 0.0,
                 before_answer: Callable[[str], None] | None = None, **kwargs: Any):
        self.delay = delay
        self.before_answer = before_answer
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def _base(self) -> bytes:
        address: Any = self.server.server_address
        host, port = address[0], address[1]
        return f"http://{host}:{port}".encode()

    def send_head(self) -> Any:  # type: ignore[override]
        if self.delay and not self.path.endswith("/robots.txt"):
            time.sleep(self.delay)
        if self.before_answer is not None:
            self.before_answer(self.path)
        path = Path(self.translate_path(self.path))
        if "?" in self.path:  # "history.json?page=2" is served from a file "history.json@page=2"
            query = self.path.split("?", 1)[1].split("#", 1)[0]
            with_query = path.with_name(f"{path.name}@{query}")
            if with_query.is_file():
                path = with_query
        if path.is_dir():
            index = path / "index.html"
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return None
            path = index
        if not path.is_file():
            self.send_error(404, "Not Found")
            return None
        ctype = self.guess_type(str(path).split("@", 1)[0])
        body = path.read_bytes()
        if any(ctype.startswith(t) for t in _TEXT_TYPES):
            body = body.replace(PLACEHOLDER, self._base())
            if ctype.startswith("text/") and "charset" not in ctype:
                ctype += "; charset=utf-8"
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        last_modified = formatdate(path.stat().st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve_directory(root: Path | str, host: str = "127.0.0.1", port: int = 0,
                    delay: float = 0.0,
                    before_answer: Callable[[str], None] | None = None) -> Iterator[str]:
    """Serve ``root`` in a background thread; yield the base URL (``http://127.0.0.1:PORT``).

    ``delay`` seconds are waited before each answer (except robots.txt), to make crawls slow on purpose.
    ``before_answer(path)``, when given, is called in the request's thread before each answer; tests
    use it to hold requests back at a known point of a crawl.
    """
    server = ThreadingHTTPServer((host, port), partial(SiteHandler, directory=str(root), delay=delay,
                                                       before_answer=before_answer))
    server.daemon_threads = True
    with _running(server, "localsite") as base:
        yield base


@contextmanager
def _running(server: ThreadingHTTPServer, name: str) -> Iterator[str]:
    """Serve ``server`` from a daemon thread; yield its base URL; shut it down afterwards."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://{server.server_address[0]!s}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- a server that misbehaves on purpose (crawler fault tests) --------------------------------------
FAULT_PAGE = b"<!doctype html><html><head><title>%s</title></head><body><p>%s</p></body></html>"


class FaultHandler(BaseHTTPRequestHandler):
    """Each path under ``/fault/`` fails in one way; ``/fault/feed.xml`` lists them all as articles."""

    server_version = "OutageFaultSite/1.0"
    protocol_version = "HTTP/1.1"
    hits: dict[str, int] = {}
    slow_seconds = 3.0

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              extra: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _base(self) -> str:
        host, port = self.server.server_address[:2]  # type: ignore[index,str-unpack]
        return f"http://{host}:{port}"

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.path.split("?", 1)[0]
        FaultHandler.hits[path] = FaultHandler.hits.get(path, 0) + 1
        route = FAULT_ROUTES.get(path)
        if route is None:
            self._send(404, FAULT_PAGE % (b"Not found", b"No such page."))
            return
        route(self)

    # routes ------------------------------------------------------------------------------------
    def robots(self) -> None:
        self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")

    def feed(self) -> None:
        items = "".join(f"<item><title>Service outage test page {name}</title>"
                        f"<link>{self._base()}/fault/{name}</link>"
                        f"<description>Outage fixture: {name}</description></item>"
                        for name in FAULT_ARTICLES)
        body = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>faults</title>{items}"
                "</channel></rss>").encode()
        self._send(200, body, "application/rss+xml")

    def ok(self) -> None:
        self._send(200, FAULT_PAGE % (b"Site outage fixed", b"The service outage was resolved."))

    def slow(self) -> None:
        time.sleep(self.slow_seconds)
        self.ok()

    def server_error(self) -> None:
        self._send(500, FAULT_PAGE % (b"Error", b"Internal server error."))

    def flaky(self) -> None:
        if FaultHandler.hits[self.path.split("?", 1)[0]] == 1:
            self._send(503, FAULT_PAGE % (b"Busy", b"Try again."))
        else:
            self.ok()

    def gone(self) -> None:
        self._send(410, FAULT_PAGE % (b"Gone", b"This page was removed."))

    def loop(self) -> None:
        self._send(302, b"", extra={"Location": "/fault/loop"})

    def truncated(self) -> None:
        body = FAULT_PAGE % (b"Cut short", b"This body stops early.")
        self._send(200, body[:40], length=len(body) + 500)
        self.close_connection = True

    def latin1(self) -> None:
        self._send(200, FAULT_PAGE % ("Caf\u00e9 outage".encode("latin-1"), "R\u00e9seau en panne".encode("latin-1")))

    def no_charset(self) -> None:
        self._send(200, FAULT_PAGE % (b"No charset outage", b"Plain bytes."), "text/html")

    def binary(self) -> None:
        self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png")

    def huge(self) -> None:
        body = FAULT_PAGE % (b"Huge outage page", b"x" * (11 * 1024 * 1024))
        self._send(200, body)

    def bad_xml(self) -> None:
        self._send(200, b"<?xml version='1.0'?><rss><channel><item><title>broken", "application/rss+xml")

    def bad_json(self) -> None:
        self._send(200, b'{"page": {"id": "x"}, "incidents": [ {"id": ', "application/json")


FAULT_ARTICLES = {"ok.html": FaultHandler.ok, "slow.html": FaultHandler.slow,
                  "error500.html": FaultHandler.server_error, "flaky.html": FaultHandler.flaky,
                  "gone.html": FaultHandler.gone, "loop": FaultHandler.loop,
                  "truncated.html": FaultHandler.truncated, "latin1.html": FaultHandler.latin1,
                  "nocharset.html": FaultHandler.no_charset, "image.png": FaultHandler.binary,
                  "huge.html": FaultHandler.huge, "missing.html": None}
FAULT_ROUTES = {f"/fault/{name}": route for name, route in FAULT_ARTICLES.items() if route is not None}
FAULT_ROUTES.update({"/robots.txt": FaultHandler.robots, "/fault/feed.xml": FaultHandler.feed,
                     "/fault/bad.xml": FaultHandler.bad_xml, "/fault/api/v2/incidents.json": FaultHandler.bad_json})


class QuietServer(ThreadingHTTPServer):
    """Clients hanging up on purpose (timeouts) are expected here, not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


@contextmanager
def serve_faults(host: str = "127.0.0.1", slow_seconds: float = 3.0) -> Iterator[str]:
    """A server whose pages time out, fail, loop, truncate, mislabel and oversize; yield its base URL."""
    FaultHandler.hits = {}
    FaultHandler.slow_seconds = slow_seconds
    with _running(QuietServer((host, 0), FaultHandler), "faultsite") as base:
        yield base

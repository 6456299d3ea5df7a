"""Serve a folder over HTTP on 127.0.0.1 (the bundled sample site, test fixtures).

Text responses have the literal ``__BASE__`` replaced by the server's origin, so feeds, sitemaps and
status JSON can carry absolute URLs. Supports ETag / Last-Modified conditional requests.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
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

    def __init__(self, *args: Any, directory: str, **kwargs: Any):
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def _base(self) -> bytes:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}".encode()

    def send_head(self) -> Any:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
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
        ctype = self.guess_type(str(path))
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
def serve_directory(root: Path | str, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``root`` in a background thread; yield the base URL (``http://127.0.0.1:PORT``)."""
    handler = partial(SiteHandler, directory=str(root))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="localsite", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

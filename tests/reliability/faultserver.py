"""A local HTTP server that misbehaves on purpose, over a generated news site (reliability tests).

The site has ``pages`` article pages (default 2,000) reachable from two RSS feeds, two Atom feeds and
a sitemap index with four child sitemaps (one of them gzipped). A ``fault_share`` of the articles
(default 20%), chosen by ``seed``, misbehave in one of the ways listed in :data:`FAULT_KINDS`. A few
extra sources are broken at the root: a truncated feed, a feed that is HTML, a corrupt gzip sitemap,
a Statuspage API answering with cut-off JSON and a Google Cloud feed with the wrong JSON shape.

Everything is deterministic for a given seed, so a test knows in advance which URL must be archived
and which must be recorded as failed (and with which reason). The server counts requests per path
(``FaultSite.hits``) so a test can check what a second crawl asks for again.

Served on 127.0.0.1 only.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# kind -> (archived?, reason recorded by the crawler when it is not)
FAULT_KINDS: dict[str, tuple[bool, str | None]] = {
    "slow": (False, "timeout"),  # answers after the crawler's download timeout
    "reset": (False, "connection error"),  # TCP reset instead of an answer
    "error500": (False, "http 500"),  # always 500
    "truncated": (False, "truncated body"),  # Content-Length larger than the body sent
    "loop": (False, "redirect loop"),  # redirects to itself
    "huge": (False, "too large"),  # a 20 MB body (above max_page_bytes)
    "transient": (False, "http 503"),  # 503 for the first TRANSIENT_FAILURES requests, then fine
    "flaky": (True, None),  # one 503, then fine: the crawler's retry must save it
    "charset-lie": (True, None),  # says UTF-8, sends Latin-1
    "charset-unknown": (True, None),  # names a charset that does not exist
    "charset-meta": (True, None),  # header says Latin-1, meta says Shift_JIS, body is UTF-8
    "garbage-html": (True, None),  # text/html carrying control characters and broken markup
}
TRANSIENT_FAILURES = 2
HUGE_BYTES = 20 * 1024 * 1024

WORDS = ("login", "payments", "checkout", "video calls", "email", "file sync", "DNS", "the API",
         "mobile app", "search", "maps", "voice chat", "storage", "the dashboard")
PLACES = ("Europe", "North America", "Japan", "Brazil", "Australia", "India", "the US East Coast")
BRANDS = ("Nimbus", "Relaylink", "Quillpost", "Harborbank", "Streamlane", "Orbitcart", "Tessel")


@dataclass
class SiteMap:
    """Which article (by number) is served how, and where each is linked from."""

    pages: int
    seed: int
    fault_share: float
    kinds: dict[int, str] = field(default_factory=dict)  # article number -> fault kind (absent: good)

    @classmethod
    def generate(cls, pages: int = 2000, seed: int = 1, fault_share: float = 0.2,
                 mix: dict[str, int] | None = None) -> SiteMap:
        rng = random.Random(seed)
        faulty = sorted(rng.sample(range(pages), round(pages * fault_share)))
        weights = mix or {k: 1 for k in FAULT_KINDS}
        pattern = [k for k, w in weights.items() for _ in range(w)]
        kinds = {n: pattern[i % len(pattern)] for i, n in enumerate(faulty)}
        order = list(kinds)
        values = [kinds[n] for n in order]
        rng.shuffle(values)
        return cls(pages, seed, fault_share, dict(zip(order, values, strict=True)))

    def path(self, n: int) -> str:
        return f"/news/{n // 100:02d}/story-{n}.html"

    def number(self, path: str) -> int | None:
        if not path.startswith("/news/") or not path.endswith(".html"):
            return None
        try:
            n = int(path.rsplit("story-", 1)[1][:-5])
        except (IndexError, ValueError):
            return None
        return n if 0 <= n < self.pages and self.path(n) == path else None

    def kind(self, n: int) -> str | None:
        return self.kinds.get(n)

    def good(self) -> list[int]:
        """Articles that must end up archived after one crawl."""
        return [n for n in range(self.pages) if n not in self.kinds or FAULT_KINDS[self.kinds[n]][0]]

    def failing(self) -> dict[int, str]:
        """Articles that must be recorded as failed after one crawl, with the expected reason."""
        return {n: str(FAULT_KINDS[k][1]) for n, k in self.kinds.items() if not FAULT_KINDS[k][0]}

    def feed_groups(self) -> dict[str, list[int]]:
        """Feed or child-sitemap path -> the article numbers it lists (every article exactly once)."""
        quarter = self.pages // 8 or 1
        groups: dict[str, list[int]] = {}
        names = ["/feeds/wire-1.rss", "/feeds/wire-2.rss", "/feeds/desk-1.atom", "/feeds/desk-2.atom",
                 "/sitemaps/part-1.xml", "/sitemaps/part-2.xml", "/sitemaps/part-3.xml.gz",
                 "/sitemaps/part-4.xml"]
        for i, name in enumerate(names):
            stop = self.pages if i == len(names) - 1 else (i + 1) * quarter
            groups[name] = list(range(i * quarter, stop))
        return groups

    def article_html(self, n: int) -> str:
        rng = random.Random(self.seed * 1_000_003 + n)
        brand, what, where = rng.choice(BRANDS), rng.choice(WORDS), rng.choice(PLACES)
        hours = rng.randint(1, 9)
        day = 1 + n % 28
        para = [
            f"{brand} said {what} stopped working for many customers in {where} on Tuesday, and the "
            f"outage lasted about {hours} hours before engineers restored service.",
            f"Users reported errors when trying to reach {what}; the company blamed a faulty "
            f"configuration change and said no data was lost.",
            f"This is generated story number {n} of the reliability test site, seed {self.seed}.",
        ]
        body = "".join(f"<p>{p}</p>" for p in para)
        return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{brand} outage hits {what} "
                f"(story {n})</title><meta property='article:published_time' "
                f"content='2024-03-{day:02d}T10:{n % 60:02d}:00Z'></head><body><article>"
                f"<h1>{brand} outage hits {what}</h1>{body}</article></body></html>")

    def title(self, n: int) -> str:
        return f"Outage report {n}: service disruption"


def _rss(base: str, site: SiteMap, numbers: list[int]) -> bytes:
    items = "".join(f"<item><title>{site.title(n)}</title><link>{base}{site.path(n)}</link>"
                    f"<description>Story {n} about an outage.</description>"
                    f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>" for n in numbers)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire</title>"
            f"<link>{base}/</link>{items}</channel></rss>").encode()


def _atom(base: str, site: SiteMap, numbers: list[int]) -> bytes:
    entries = "".join(f"<entry><title>{site.title(n)}</title><id>tag:test,{n}</id>"
                      f"<link rel='alternate' href='{base}{site.path(n)}'/>"
                      f"<updated>2024-03-05T10:00:00Z</updated><summary>Outage story {n}</summary></entry>"
                      for n in numbers)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Desk</title><id>tag:test,desk</id><updated>2024-03-05T10:00:00Z</updated>{entries}"
            f"</feed>").encode()


def _urlset(base: str, site: SiteMap, numbers: list[int]) -> bytes:
    urls = "".join(f"<url><loc>{base}{site.path(n)}</loc><lastmod>2024-03-05</lastmod></url>" for n in numbers)
    return (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"{urls}</urlset>").encode()


def _sitemap_index(base: str, site: SiteMap) -> bytes:
    parts = [p for p in site.feed_groups() if p.startswith("/sitemaps/")] + ["/sitemaps/broken.xml.gz"]
    inner = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in parts)
    return (f"<?xml version='1.0' encoding='UTF-8'?><sitemapindex "
            f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{inner}</sitemapindex>").encode()


# Root-level faults: path -> (content type, body, reason the crawler must record)
def root_faults() -> dict[str, tuple[str, bytes, str]]:
    return {
        "/feeds/cut.rss": ("application/rss+xml", b"<?xml version='1.0'?><rss version='2.0'><channel>"
                           b"<title>Cut</title><item><title>Outage at", "malformed xml"),
        "/feeds/html.rss": ("application/rss+xml", b"<!doctype html><html><body><p>Not a feed & "
                            b"<b>unclosed</body>", "malformed xml"),
        "/sitemaps/broken.xml.gz": ("application/x-gzip", gzip.compress(b"<urlset>" * 50)[:40],
                                    "malformed xml"),
        "/status/cut/api/v2/incidents.json": ("application/json", b'{"page": {"id": "p1"}, "incidents": '
                                              b'[{"id": "abcd1234", "name": "Degraded', "malformed json"),
        "/status/gcp-shape.json": ("application/json", b'{"incidents": "not a list"}',
                                   "malformed json"),  # well-formed, wrong shape: the crawler files it here
    }


def extra_faults() -> dict[str, tuple[str, bytes, str]]:
    """Roots served but not listed by :func:`sources_toml` (tests point a source at them on purpose)."""
    packed = gzip.compress(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>" + b"<url/>" * 40
                           + b"</urlset>", mtime=0)
    corrupt = packed[:10] + b"\x07" + packed[11:]  # deflate block type 3 does not exist
    return {"/sitemaps/corrupt.xml.gz": ("application/x-gzip", corrupt, "malformed xml")}


def sources_toml(base: str, site: SiteMap, broken_roots: bool = True) -> str:
    """The ``[[source]]`` tables a crawl of this site uses."""
    tables = [("wire-1", "news-feed", "/feeds/wire-1.rss", None), ("wire-2", "news-feed", "/feeds/wire-2.rss", None),
              ("desk-1", "news-feed", "/feeds/desk-1.atom", None), ("desk-2", "news-feed", "/feeds/desk-2.atom", None),
              ("sitemap", "sitemap", "/sitemap.xml", None)]
    if broken_roots:
        tables += [("cut-feed", "news-feed", "/feeds/cut.rss", None),
                   ("html-feed", "news-feed", "/feeds/html.rss", None),
                   ("cut-status", "statuspage", "/status/cut", "Cutstatus"),
                   ("gcp-shape", "gcp", "/status/gcp-shape.json", "Google Cloud")]
    out = []
    for name, kind, path, service in tables:
        out.append(f'[[source]]\nname = "{name}"\nkind = "{kind}"\nurl = "{base}{path}"\n'
                   + (f'service = "{service}"\n' if service else ""))
    return "\n".join(out)


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    server_version = "ReliabilityFaults/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.path.split("?", 1)[0]
        count = self.server.site_state.hit(path)
        try:
            self.server.site_state.route(self, path, count)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) without answering."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


class FaultSite:
    """The routes and the request counter of one generated site."""

    def __init__(self, site: SiteMap, slow_seconds: float):
        self.site = site
        self.slow_seconds = slow_seconds
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._huge = b"<!doctype html><html><body><p>" + b"outage " * (HUGE_BYTES // 7) + b"</p></body></html>"
        self._roots = {**root_faults(), **extra_faults()}
        self._feeds: dict[str, bytes] = {}

    def hit(self, path: str) -> int:
        with self._lock:
            self.hits[path] += 1
            return self.hits[path]

    def reset_hits(self) -> None:
        with self._lock:
            self.hits.clear()

    def base(self, handler: _Handler) -> str:
        host, port = handler.server.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, h: _Handler, path: str, count: int) -> None:
        if path == "/robots.txt":
            h.send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif path in self._roots:
            ctype, body, _reason = self._roots[path]
            h.send(200, body, ctype)
        elif path == "/sitemap.xml" or path in self.site.feed_groups():
            self.feed(h, path)
        else:
            n = self.site.number(path)
            if n is None:
                h.send(404, b"<html><body><p>No such page.</p></body></html>")
            else:
                self.article(h, n, count)

    def feed(self, h: _Handler, path: str) -> None:
        base = self.base(h)
        if path not in self._feeds:
            if path == "/sitemap.xml":
                body = _sitemap_index(base, self.site)
            else:
                numbers = self.site.feed_groups()[path]
                maker: Callable[[str, SiteMap, list[int]], bytes] = (
                    _rss if path.endswith(".rss") else _atom if path.endswith(".atom") else _urlset)
                body = maker(base, self.site, numbers)
                if path.endswith(".gz"):
                    body = gzip.compress(body, mtime=0)
            self._feeds[path] = body
        body = self._feeds[path]
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return
        ctype = "application/xml" if "sitemap" in path else "application/rss+xml"
        h.send(200, body, ctype, headers={"ETag": etag})

    def article(self, h: _Handler, n: int, count: int) -> None:
        kind = self.site.kind(n)
        html = self.site.article_html(n)
        if kind is None:
            h.send(200, html.encode())
        elif kind == "slow":
            time.sleep(self.slow_seconds)
            h.send(200, html.encode())
        elif kind == "reset":
            h.reset()
        elif kind == "error500":
            h.send(500, b"<html><body><p>Internal error.</p></body></html>")
        elif kind == "truncated":
            body = html.encode()
            h.send(200, body[: len(body) // 3], length=len(body) + 1000)
            h.close_connection = True
        elif kind == "loop":
            h.send(302, b"", headers={"Location": self.site.path(n)})
        elif kind == "huge":
            h.send(200, self._huge)
        elif kind in {"transient", "flaky"}:
            failures = TRANSIENT_FAILURES if kind == "transient" else 1
            if count <= failures:
                h.send(503, b"<html><body><p>Busy, try later.</p></body></html>", headers={"Retry-After": "0"})
            else:
                h.send(200, html.encode())
        else:
            h.send(200, *self.mislabelled(kind, html))

    def mislabelled(self, kind: str, html: str) -> tuple[bytes, str]:
        accented = html.replace("</article>", "<p>Caf\u00e9 r\u00e9seau \u00e0 Z\u00fcrich \u2014 "
                                "na\u00efve \u65e5\u672c</p></article>")
        if kind == "charset-lie":
            return accented.encode("latin-1", errors="replace"), "text/html; charset=utf-8"
        if kind == "charset-unknown":
            return accented.encode("utf-8"), "text/html; charset=x-no-such-charset"
        if kind == "charset-meta":
            return (accented.replace("<meta charset=utf-8>", "<meta charset=shift_jis>").encode("utf-8"),
                    "text/html; charset=iso-8859-1")
        broken = html.replace("<p>", "<p>\x01\x02\x1b[31m<div <<b>", 2).replace("</article>", "<td></tr></p")
        return broken.encode("utf-8") + b"\xff\xfe\xfa", "text/html"

    def served_body(self, n: int) -> bytes:
        """The exact bytes a successful answer for article ``n`` carries (to compare with the archive)."""
        kind = self.site.kind(n)
        html = self.site.article_html(n)
        if kind in {None, "slow", "transient", "flaky"}:
            return html.encode()
        return self.mislabelled(str(kind), html)[0]


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    site_state: FaultSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # clients hanging up (timeouts, size limits) are expected here


@contextmanager
def serve_fault_site(site: SiteMap, slow_seconds: float = 2.0) -> Iterator[tuple[str, FaultSite]]:
    """Serve ``site`` on 127.0.0.1 in a background thread; yield (base URL, FaultSite)."""
    server = FaultServer(("127.0.0.1", 0), _Handler)
    server.site_state = FaultSite(site, slow_seconds)
    thread = threading.Thread(target=server.serve_forever, name="faultserver", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.site_state
    finally:
        server.shutdown()
        server.server_close()

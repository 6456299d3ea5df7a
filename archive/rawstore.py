"""Raw responses kept as WARC records (``<data_dir>/raw/*.warc.gz``), read back by offset."""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.records import RawPage, iso

# Headers describing a transfer encoding the stored body no longer has.
_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class WarcLocation:
    file: str  # name relative to the raw directory
    offset: int
    length: int


class WarcStore:
    """Append-only WARC files; one file per writer process, each record gzip-member addressable."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._name: str | None = None

    def _current_name(self) -> str:
        if self._name is None:
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
            self._name = f"crawl-{stamp}-{os.getpid()}.warc.gz"
        return self._name

    def write(self, page: RawPage) -> WarcLocation:
        """Append ``page`` as a WARC response record and return where it is."""
        self.directory.mkdir(parents=True, exist_ok=True)
        headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _DROP_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        try:
            reason = HTTPStatus(page.status).phrase
        except ValueError:
            reason = "Unknown"
        http_headers = StatusAndHeaders(f"{page.status} {reason}", headers, protocol="HTTP/1.1")
        with self._lock:
            name = self._current_name()
            path = self.directory / name
            with open(path, "ab") as fh:
                offset = fh.tell()
                writer = WARCWriter(fh, gzip=True)
                record = writer.create_warc_record(
                    page.final_url or page.url, "response", payload=io.BytesIO(page.body),
                    http_headers=http_headers,
                    warc_headers_dict={"WARC-Date": iso(page.fetched_at) or ""},
                )
                writer.write_record(record)
                fh.flush()
                os.fsync(fh.fileno())
                length = fh.tell() - offset
        return WarcLocation(name, offset, length)

    def read(self, location: WarcLocation) -> bytes:
        """The body bytes of the record at ``location``."""
        path = self.directory / location.file
        with open(path, "rb") as fh:
            fh.seek(location.offset)
            data = fh.read(location.length)
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type == "response":
                return bytes(record.content_stream().read())
        raise ValueError(f"no response record at {location}")

    def files(self) -> list[Path]:
        if not self.directory.exists():
            return []
        return sorted(self.directory.glob("*.warc.gz"))

"""Backup and restore of a whole data directory as one ``.tar.gz`` with a checksummed manifest.

The SQLite database is copied with SQLite's online backup API, so a backup taken while a crawl writes
is a consistent snapshot; every other file (WARC files a crawl may still be appending to, the search index)
is copied once to a scratch directory and that copy is checksummed and packed.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.records import iso, now_utc

DB_NAME = "archive.sqlite3"
MANIFEST = "MANIFEST.json"
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup cannot be written or a file cannot be restored."""


@dataclass
class BackupResult:
    path: Path
    files: int
    bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "files": self.files, "bytes": self.bytes}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _snapshot_db(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _frozen_copy(source: Path, target: Path) -> Path | None:
    """Copy ``source`` as it is now, so the bytes hashed are the bytes packed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(source, target)
    except FileNotFoundError:
        return None
    return target


def _members(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*") if p.is_file() and p.name != DB_NAME
                  and not p.name.endswith(_SKIP_SUFFIXES) and "exports" not in p.relative_to(data_dir).parts)


def backup(data_dir: Path, output: Path) -> BackupResult:
    """Write ``output`` (.tar.gz) holding a snapshot of the data directory."""
    data_dir = data_dir.resolve()
    if not (data_dir / DB_NAME).is_file():
        raise BackupError(f"no archive database in {data_dir} (PostgreSQL archives: use pg_dump)")
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"created": iso(now_utc()), "files": {}}
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(output, "w:gz") as tar:
        snap = Path(tmp) / DB_NAME
        _snapshot_db(data_dir / DB_NAME, snap)
        entries = [(snap, DB_NAME)] + [(p, str(p.relative_to(data_dir))) for p in _members(data_dir)]
        for source, name in entries:
            # a crawl may still append to a file: checksum and pack one frozen copy of it
            path = source if source == snap else _frozen_copy(source, Path(tmp) / "files" / name)
            if path is None:
                continue  # removed since it was listed (a finished temporary file)
            manifest["files"][name] = {"sha256": _sha256(path), "size": path.stat().st_size}
            tar.add(path, arcname=name)
            if path != snap:
                path.unlink()
        blob = json.dumps(manifest, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(blob)
        tar.addfile(info, io.BytesIO(blob))
    total = sum(f["size"] for f in manifest["files"].values())
    return BackupResult(output, len(manifest["files"]), total)


def restore(archive_file: Path, data_dir: Path, force: bool = False) -> BackupResult:
    """Unpack a backup into ``data_dir`` (empty, or replaced with ``force``) and verify every file."""
    if not archive_file.is_file():
        raise BackupError(f"no such backup file: {archive_file}")
    if data_dir.exists() and any(data_dir.iterdir()) and not force:
        raise BackupError(f"{data_dir} is not empty; use --force to replace its archive")
    with tempfile.TemporaryDirectory(dir=data_dir.parent if data_dir.parent.exists() else None) as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(archive_file, "r:gz") as tar:
                tar.extractall(staging, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"unreadable backup {archive_file}: {exc}") from exc
        manifest = _verify(staging)
        _check_database(staging / DB_NAME)
        data_dir.mkdir(parents=True, exist_ok=True)
        for name in manifest["files"]:
            target = data_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            for suffix in _SKIP_SUFFIXES:
                Path(str(target) + suffix).unlink(missing_ok=True)
            (staging / name).replace(target)
    total = sum(f["size"] for f in manifest["files"].values())
    return BackupResult(data_dir, len(manifest["files"]), total)


def _verify(staging: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((staging / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"backup has no readable {MANIFEST}") from exc
    for name, meta in manifest["files"].items():
        path = staging / name
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise BackupError(f"backup is damaged: {name} is missing or does not match its checksum")
    return manifest


def _check_database(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    if result != "ok":
        raise BackupError(f"database in backup fails its integrity check: {result}")

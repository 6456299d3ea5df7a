"""`outages backup` / `outages restore` of a whole data directory."""

from __future__ import annotations

import tarfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.backup import BackupError, backup, restore
from archive.cli import cli
from archive.config import Config
from archive.records import RawPage, now_utc
from archive.store import Store


def _fill(store: Store, n: int, prefix: str = "a") -> None:
    for i in range(n):
        body = f"<html><body>page {prefix}{i}</body></html>".encode()
        store.add_raw_page(RawPage(url=f"http://site.test/{prefix}{i}", final_url=f"http://site.test/{prefix}{i}",
                                   fetched_at=now_utc(), status=200, headers={"Content-Type": "text/html"},
                                   body=body, source_kind="article"))


def test_backup_and_restore_round_trip(config: Config, tmp_path: Path) -> None:
    store = Store.open(config)
    _fill(store, 25)
    (config.index_path).mkdir(parents=True)
    (config.index_path / "segment.seg").write_bytes(b"index-bytes")
    store.close()
    result = backup(config.data_path, tmp_path / "b.tar.gz")
    assert result.files >= 3  # database, one WARC file, index segment
    target = tmp_path / "restored"
    restore(tmp_path / "b.tar.gz", target)
    restored = Store(f"sqlite:///{target / 'archive.sqlite3'}", raw_dir=target / "raw")
    assert restored.counts()["pages"] == 25 and restored.integrity_ok()
    assert restored.raw_page(7) is not None and restored.raw_page(7).body == b"<html><body>page a6</body></html>"
    assert (target / "index" / "segment.seg").read_bytes() == b"index-bytes"
    restored.close()
    with pytest.raises(BackupError, match="not empty"):
        restore(tmp_path / "b.tar.gz", target)
    restore(tmp_path / "b.tar.gz", target, force=True)


def test_backup_while_writing_is_a_consistent_snapshot(config: Config, tmp_path: Path) -> None:
    store = Store.open(config)
    _fill(store, 5)
    writer = threading.Thread(target=_fill, args=(store, 200, "w"))
    writer.start()
    backup(config.data_path, tmp_path / "live.tar.gz")
    writer.join()
    store.close()
    restore(tmp_path / "live.tar.gz", tmp_path / "r")
    snap = Store(f"sqlite:///{tmp_path / 'r' / 'archive.sqlite3'}", raw_dir=tmp_path / "r" / "raw")
    assert snap.integrity_ok() and 5 <= snap.counts()["pages"] <= 205
    for page_id in snap.raw_page_ids():  # every indexed page's body is in the restored WARC files
        page = snap.raw_page(page_id)
        assert page is not None and page.body.startswith(b"<html>")
    snap.close()


def test_damaged_backup_is_refused_and_cli_reports_it(config: Config, tmp_path: Path) -> None:
    store = Store.open(config)
    _fill(store, 3)
    store.close()
    good = tmp_path / "good.tar.gz"
    backup(config.data_path, good)
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good) as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            if member.name == "archive.sqlite3" and data is not None:
                raw = bytearray(data.read())
                raw[200] ^= 0xFF
                import io

                member.size = len(raw)
                dst.addfile(member, io.BytesIO(bytes(raw)))
            else:
                dst.addfile(member, data)
    runner = CliRunner()
    res = runner.invoke(cli, ["--data-dir", str(tmp_path / "x"), "restore", str(bad)])
    assert res.exit_code == 1 and "checksum" in res.output
    assert not (tmp_path / "x" / "archive.sqlite3").exists()
    res = runner.invoke(cli, ["--data-dir", str(tmp_path / "empty"), "backup", str(tmp_path / "o.tar.gz")])
    assert res.exit_code == 1 and "no archive database" in res.output
    res = runner.invoke(cli, ["--data-dir", str(tmp_path / "y"), "restore", str(good)])
    assert res.exit_code == 0 and "restored" in res.output

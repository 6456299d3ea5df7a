"""Settings resolve from defaults, file, environment and explicit overrides, in that order."""

from __future__ import annotations

from pathlib import Path

from archive.config import SETTINGS, load_config


def test_defaults_have_help_and_data_dir_is_var() -> None:
    cfg = load_config(environ={})
    assert cfg.data_dir == "./var"
    assert all(s.help for s in SETTINGS)
    assert cfg.database_url.endswith("var/archive.sqlite3")


def test_file_then_env_then_override(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "outages.toml").write_text("port = 6000\ndownload_delay = 2.5\nobey_robots = false\n")
    env = {"OUTAGES_DATA_DIR": str(data), "OUTAGES_PORT": "7000"}
    cfg = load_config(environ=env)
    assert (cfg.port, cfg.download_delay, cfg.obey_robots) == (7000, 2.5, False)
    assert load_config({"port": 8000}, environ=env).port == 8000
    assert load_config({"data_dir": str(tmp_path / "x")}, environ=env).data_path == (tmp_path / "x").resolve()

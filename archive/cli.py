"""The ``outages`` command: one click group; each stage registers the subcommands it owns.

Subcommands mirror library functions. Bad arguments exit 2 with a one-line message; any other
failure prints one line (never a traceback) and exits 1.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import click

from archive.config import load_config


class Context:
    """What every subcommand gets: the resolved config and a lazily opened store."""

    def __init__(self, data_dir: str | None, db_url: str | None, verbose: int):
        overrides: dict[str, Any] = {"data_dir": data_dir, "db_url": db_url}
        self.config = load_config(overrides)
        self.verbose = verbose
        self._store: Any = None

    @property
    def store(self) -> Any:
        if self._store is None:
            from archive.store import Store

            self._store = Store.open(self.config)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_ctx = click.make_pass_decorator(Context)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", envvar="OUTAGES_DATA_DIR", default=None,
              help="Archive directory (default: $OUTAGES_DATA_DIR, else ./var).")
@click.option("--db-url", envvar="OUTAGES_DB_URL", default=None,
              help="Database URL (default: sqlite file in the data directory).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, db_url: str | None, verbose: int) -> None:
    """Outage Archive: crawl, extract, fuse, search and serve internet service outages."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    obj = Context(data_dir, db_url, verbose)
    ctx.obj = obj
    ctx.call_on_close(obj.close)


def _register() -> None:
    from archive import cli_backup, cli_build, cli_demo, cli_export, cli_search
    from crawler import commands as crawler_commands
    from extract import commands as extract_commands
    from webapp import commands as web_commands

    for module in (cli_demo, crawler_commands, extract_commands, cli_build, cli_search, cli_export,
                   cli_backup, web_commands):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the group; turn unexpected errors into one line and exit 1."""
    try:
        cli.main(args=argv, prog_name="outages", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the CLI must never end in a traceback
        logging.getLogger("outages").debug("unhandled error", exc_info=True)
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()

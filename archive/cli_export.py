"""``outages export``."""

from __future__ import annotations

import click

from archive.cli import Context, pass_ctx


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "json", "parquet", "sqlite"]),
              default="csv", show_default=True)
@click.option("--output", type=click.Path(), default=None, help="Directory to write (default: data dir/exports).")
@pass_ctx
def export(ctx: Context, fmt: str, output: str | None) -> None:
    """Export the archive as a documented dataset."""
    raise click.ClickException("export is not implemented yet")


COMMANDS = [export]

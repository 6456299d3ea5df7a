"""``outages index`` and ``outages search``."""

from __future__ import annotations

import click

from archive.cli import Context, pass_ctx


@click.command("index")
@click.option("--rebuild", is_flag=True, help="Rebuild the whole index from the database.")
@pass_ctx
def index(ctx: Context, rebuild: bool) -> None:
    """Update the full-text index from the database."""
    raise click.ClickException("index is not implemented yet")


@click.command("search")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@pass_ctx
def search(ctx: Context, query: str, fmt: str, limit: int) -> None:
    """Search incidents (free text, phrases and field filters such as service:twitter after:2021-01-01)."""
    raise click.ClickException("search is not implemented yet")


COMMANDS = [index, search]

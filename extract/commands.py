"""``outages extract`` and ``outages eval``."""

from __future__ import annotations

import click

from archive.cli import Context, pass_ctx


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@click.option("--published", default=None, help="Publication date for relative dates (YYYY-MM-DD or ISO).")
@click.option("--url", default=None, help="URL of the page (for metadata and provenance).")
@pass_ctx
def extract(ctx: Context, files: tuple[str, ...], fmt: str, published: str | None, url: str | None) -> None:
    """Extract an outage report from HTML or text files (writes nothing to the archive)."""
    raise click.ClickException("extract is not implemented yet")


@click.command("eval")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@pass_ctx
def evaluate(ctx: Context, directory: str | None) -> None:
    """Score extraction against a labeled corpus (default: the bundled one, both splits)."""
    raise click.ClickException("eval is not implemented yet")


COMMANDS = [extract, evaluate]

"""``outages crawl``."""

from __future__ import annotations

import click

from archive.cli import Context, pass_ctx


@click.command("crawl")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), default=None,
              help="TOML file of sources (default: data/sources.toml).")
@click.option("--source", "names", multiple=True, help="Crawl only the named source (repeatable).")
@click.option("--since", default=None, help="Only items published on or after this date (YYYY-MM-DD).")
@pass_ctx
def crawl(ctx: Context, sources_file: str | None, names: tuple[str, ...], since: str | None) -> None:
    """Crawl news feeds, sitemaps and status pages into the archive."""
    raise click.ClickException("crawl is not implemented yet")


COMMANDS = [crawl]

"""``outages crawl``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from archive.cli import Context, echo_json, pass_ctx
from archive.config import PROJECT_ROOT


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--since") from exc


@click.command("crawl")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), default=None,
              help="TOML file of sources (default: data/sources.toml).")
@click.option("--source", "names", multiple=True, help="Crawl only the named source (repeatable).")
@click.option("--since", default=None, help="Only items published on or after this date (YYYY-MM-DD).")
@click.option("--base-url", default=None, help="Replace __BASE__ in source URLs (local test sites).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Summary as a line of text or as JSON.")
@click.option("--redis-url", default=None,
              help="Distributed crawl: share the request queue and dupe filter with every crawl process "
                   "given the same Redis URL, archive and sources (default: $OUTAGES_REDIS_URL; off).")
@pass_ctx
def crawl(ctx: Context, sources_file: str | None, names: tuple[str, ...], since: str | None,
          base_url: str | None, fmt: str, redis_url: str | None) -> None:
    """Crawl news feeds, sitemaps and status pages into the archive."""
    from crawler.run import CrawlError, crawl_sources
    from crawler.sources import SourceError, load_sources, select_sources

    since_dt = _since(since)
    path = Path(sources_file or ctx.config.sources_file)
    if not path.is_absolute() and not path.exists():
        path = PROJECT_ROOT / path
    try:
        sources = select_sources(load_sources(path, base_url=base_url), names)
    except SourceError as exc:
        raise click.UsageError(str(exc)) from exc
    config = ctx.config.replace(redis_url=redis_url) if redis_url is not None else ctx.config
    click.echo(f"crawling {len(sources)} source(s) from {path}", err=True)
    store = _open_store(ctx, str(config.redis_url or "").strip())
    try:
        summary = crawl_sources(config, store, sources, since=since_dt, progress=True,
                                log_level="DEBUG" if ctx.verbose > 1 else "INFO" if ctx.verbose else "WARNING")
    except CrawlError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        echo_json(summary.as_dict())
    else:
        click.echo(str(summary))


def _open_store(ctx: Context, redis_url: str) -> Any:
    """The archive; in a distributed crawl Redis is checked first and processes open (and migrate) the
    database one at a time."""
    if not redis_url:
        return ctx.store
    from crawler.distributed import DistributedError, archive_lock, connect, redacted

    try:
        server = connect(redis_url)
        try:
            with archive_lock(server, ctx.config.database_url):
                store = ctx.store
        finally:
            server.close()
    except DistributedError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"distributed crawl: sharing the request queue through {redacted(redis_url)}", err=True)
    return store


COMMANDS = [crawl]

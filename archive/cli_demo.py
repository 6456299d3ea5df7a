"""``outages demo`` and ``outages reprocess``."""

from __future__ import annotations

import click

from archive.cli import Context, echo_json, pass_ctx


@click.command("reprocess")
@click.option("--all/--pending", "all_pages", default=True, show_default=True,
              help="Re-run extraction over every kept raw page, or only pages not processed yet.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def reprocess(ctx: Context, all_pages: bool, fmt: str) -> None:
    """Rebuild articles, status incidents and reports from the kept raw responses (no network)."""
    from archive.process import process_pages

    with click.progressbar(length=0, label="processing", hidden=fmt == "json") as _bar:
        summary = process_pages(ctx.store, pending_only=not all_pages,
                                min_relevance=ctx.config.min_relevance)
    if fmt == "json":
        echo_json(summary.as_dict())
    else:
        click.echo(" ".join(f"{k}={v}" for k, v in summary.as_dict().items()))


@click.command("demo")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the web app afterwards.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535),
              help="Port for the web app.")
@click.option("--site-port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port for the local sample-site server the demo crawls.")
@pass_ctx
def demo(ctx: Context, serve: bool, port: int, site_port: int) -> None:
    """Crawl the bundled sample site from a local server, extract, build, index, then serve."""
    from archive.demo import run_demo, sample_site

    with sample_site(site_port) as base_url:
        summary = run_demo(ctx.config, ctx.store, base_url)
        click.echo("demo archive: " + ", ".join(f"{v} {k}" for k, v in summary.items()))
        click.echo(f"data directory: {ctx.config.data_path}")
        if serve:
            from webapp.commands import run_server

            ctx.close()
            click.echo(f"sample site (the crawled sources) stays up at {base_url}/")
            run_server(ctx.config, ctx.config.host, port)


COMMANDS = [demo, reprocess]

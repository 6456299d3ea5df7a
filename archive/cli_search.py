"""``outages index`` and ``outages search``."""

from __future__ import annotations

import re
from typing import Any

import click

from archive.cli import Context, echo_json, pass_ctx


class QueryFailed(click.ClickException):
    """A query that cannot run at all: one line on stderr, exit status 2."""

    exit_code = 2


@click.command("index")
@click.option("--rebuild", is_flag=True, help="Rebuild the whole index from the database.")
@pass_ctx
def index(ctx: Context, rebuild: bool) -> None:
    """Update the full-text index from the database."""
    from archive.search import SearchError, rebuild_index, sync_index

    directory = ctx.config.index_path
    try:
        if rebuild:
            count = rebuild_index(ctx.store, directory)
            click.echo(f"Rebuilt the search index: {count} incidents ({directory}).")
            return
        summary = sync_index(ctx.store, directory)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from exc
    if summary["rebuilt"]:
        click.echo(f"Built the search index: {summary['rebuilt']} incidents ({directory}).")
    else:
        click.echo(f"Search index updated: {summary['updated']} documents re-indexed, "
                   f"{summary['removed']} removed ({directory}).")


def _plain(snippet: str) -> str:
    import html

    return html.unescape(re.sub(r"</?mark>", "", snippet or ""))


def _print_text(result: Any) -> None:
    noun = "incident" if result.kind == "incident" else "article"
    click.echo(f"{result.total} {noun}{'' if result.total == 1 else 's'} found")
    for hit in result.hits:
        when = (hit.get("started_at") or hit.get("published") or "")[:10] or "date unknown"
        label = hit.get("slug") or hit.get("url")
        who = f"  {hit['service']}" if hit.get("service") else ""
        click.echo(f"\n{label}{who}  {when}  score {hit['score']}")
        if hit.get("title"):
            click.echo(f"  {hit['title']}")
        if hit.get("snippet"):
            click.echo(f"  {_plain(hit['snippet'])}")
        if hit.get("snippet_source"):
            click.echo(f"  source: {hit['snippet_source']}")
    for name, counts in result.facets.items():
        if counts:
            top = ", ".join(f"{value} ({n})" for value, n in list(counts.items())[:8])
            click.echo(f"\n{name}: {top}")


@click.command("search")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, None))
@click.option("--articles", is_flag=True, help="Search news articles instead of incidents.")
@pass_ctx
def search(ctx: Context, query: str, fmt: str, limit: int, sort: str, page: int, articles: bool) -> None:
    """Search incidents (free text, phrases and field filters such as service:twitter after:2021-01-01)."""
    from archive.search import SearchError, query_index

    try:
        result = query_index(ctx.config.index_path, query, sort=sort, page=page, page_size=limit,
                             kind="article" if articles else "incident")
    except SearchError as exc:
        raise QueryFailed(str(exc)) from exc
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if fmt == "json":
        echo_json(result.as_dict())
    else:
        _print_text(result)


COMMANDS = [index, search]

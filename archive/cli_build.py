"""``outages build`` and ``outages incidents``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from archive.cli import Context, echo_json, pass_ctx


def _progress(label: str) -> Callable[[list[str]], Iterator[str]]:
    def run(keys: list[str]) -> Iterator[str]:
        bar: Any = click.progressbar(keys, label=label, file=click.get_text_stream("stderr"))  # type: ignore[operator]
        with bar:
            yield from bar
    return run


@click.command("build")
@click.option("--full", is_flag=True, help="Rebuild every incident from scratch instead of incrementally.")
@pass_ctx
def build(ctx: Context, full: bool) -> None:
    """Fuse reports and status incidents into incidents with timelines."""
    from archive.build import build_incidents

    summary = build_incidents(ctx.store, full=full, window_hours=ctx.config.merge_window_hours,
                              progress=_progress("Building incidents"))
    data = summary.as_dict()
    click.echo(f"{'Full' if full else 'Incremental'} build: {data['reports']} outage reports, "
               f"{data['groups_rebuilt']} groups rebuilt; incidents created {data['created']}, "
               f"updated {data['updated']}, unchanged {data['unchanged']}, deleted {data['deleted']}; "
               f"{data['incidents']} incidents in the archive.")


def _matching(ctx: Context, name: str | None) -> list[Any]:
    """Incidents of the service ``name`` (alias allowed), else of the company ``name``; all if None."""
    from archive.reports import company_name, resolve_service

    store = ctx.store
    if not name:
        return list(store.incidents())
    found = store.incidents(service=resolve_service(name).name)
    if not found:
        found = store.incidents(company=company_name(name) or name)
    return list(found)


def _text(incidents: Iterable[Any]) -> None:
    shown = 0
    for inc in incidents:
        shown += 1
        when = inc.started_at.strftime("%Y-%m-%d %H:%M UTC") if inc.started_at else "date unknown"
        length = f"{inc.duration_minutes} min" if inc.duration_minutes is not None else "duration unknown"
        click.echo(f"{inc.slug}  [{inc.status}]  {when}  {length}")
        click.echo(f"  {inc.title}")
        if inc.regions:
            click.echo(f"  regions: {', '.join(inc.regions)}")
        for ev in inc.timeline:
            state = f" [{ev.state}]" if ev.state else ""
            click.echo(f"    {ev.at:%Y-%m-%d %H:%M}  {ev.kind}{state}: {ev.text[:100]}")
        for src in inc.sources:
            click.echo(f"  source ({src.kind}): {src.publisher or '-'} {src.url}")
    if not shown:
        click.echo("No incidents.")


@click.command("incidents")
@click.option("--service", default=None, help="Only incidents of this service (or company).")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@pass_ctx
def incidents(ctx: Context, service: str | None, fmt: str) -> None:
    """List incidents with their timeline and sources."""
    found = _matching(ctx, service)
    if fmt == "json":
        echo_json([inc.as_dict() for inc in found])
    else:
        _text(found)


COMMANDS = [build, incidents]

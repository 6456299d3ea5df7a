"""``outages build`` and ``outages incidents``."""

from __future__ import annotations

import click

from archive.cli import Context, pass_ctx


@click.command("build")
@click.option("--full", is_flag=True, help="Rebuild every incident from scratch instead of incrementally.")
@pass_ctx
def build(ctx: Context, full: bool) -> None:
    """Fuse reports and status incidents into incidents with timelines."""
    raise click.ClickException("build is not implemented yet")


@click.command("incidents")
@click.option("--service", default=None, help="Only incidents of this service (or company).")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@pass_ctx
def incidents(ctx: Context, service: str | None, fmt: str) -> None:
    """List incidents with their timeline and sources."""
    raise click.ClickException("incidents is not implemented yet")


COMMANDS = [build, incidents]

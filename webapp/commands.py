"""``outages serve``."""

from __future__ import annotations

from typing import Any

import click

from archive.cli import Context, pass_ctx


def run_server(config: Any, host: str, port: int) -> None:
    from webapp.app import create_app

    app = create_app({"OUTAGES_CONFIG": config})
    click.echo(f"serving on http://{host}:{port}/")
    app.run(host=host, port=port, debug=False, use_reloader=False)


@click.command("serve")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
@pass_ctx
def serve(ctx: Context, port: int, host: str) -> None:
    """Serve the web app."""
    run_server(ctx.config, host, port)


COMMANDS = [serve]

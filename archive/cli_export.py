"""``outages export``."""

from __future__ import annotations

from pathlib import Path

import click

from archive.cli import Context, echo_json, pass_ctx


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "json", "parquet", "sqlite"]),
              default="csv", show_default=True)
@click.option("--output", type=click.Path(file_okay=False), default=None,
              help="Directory receiving one file per table (default: <data dir>/exports/<format>).")
@click.option("--zip", "make_zip", is_flag=True, help="Also pack the directory into <output>.zip.")
@click.option("--service", default=None, help="Only incidents of this service.")
@click.option("--company", default=None, help="Only incidents of this company.")
@click.option("--region", default=None, help="Only incidents affecting this region.")
@click.option("--cause", default=None, help="Only incidents with this cause.")
@click.option("--after", default=None, help="Only incidents starting on or after this date (YYYY-MM-DD).")
@click.option("--before", default=None, help="Only incidents starting before this date (YYYY-MM-DD).")
@click.option("--query", default=None, help="Only incidents matching this search query.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_ctx
def export(ctx: Context, fmt: str, output: str | None, make_zip: bool, service: str | None,
           company: str | None, region: str | None, cause: str | None, after: str | None,
           before: str | None, query: str | None, as_json: bool) -> None:
    """Export the archive as a documented dataset (one file per table + datapackage.json)."""
    from archive.export import ExportFilters, export_dataset

    try:
        filters = ExportFilters.parse(service=service, company=company, region=region, cause=cause,
                                      after=after, before=before, query=query)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    target = Path(output) if output else ctx.config.exports_path / fmt
    result = export_dataset(ctx.store, fmt, target, filters, make_zip=make_zip,
                            index_dir=ctx.config.index_path if query else None)
    if as_json:
        echo_json(result.as_dict())
        return
    rows = ", ".join(f"{n} {t}" for t, n in result.rows.items())
    click.echo(f"exported {rows or 'nothing'} as {fmt} to {result.directory}")
    if result.zip_path:
        click.echo(f"zip: {result.zip_path}")


COMMANDS = [export]

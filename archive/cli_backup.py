"""``outages backup`` and ``outages restore``."""

from __future__ import annotations

from pathlib import Path

import click

from archive.cli import Context, pass_ctx


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False))
@pass_ctx
def backup(ctx: Context, output: str) -> None:
    """Write the whole data directory (database snapshot, raw WARC files, index) to OUTPUT (.tar.gz)."""
    from archive.backup import BackupError
    from archive.backup import backup as run_backup

    try:
        result = run_backup(ctx.config.data_path, Path(output))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup: {result.files} files, {result.bytes} bytes -> {result.path}")


@click.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the archive in a non-empty data directory.")
@pass_ctx
def restore(ctx: Context, backup_file: str, force: bool) -> None:
    """Restore a backup into the data directory, verifying every file's checksum."""
    from archive.backup import BackupError
    from archive.backup import restore as run_restore

    ctx.close()
    try:
        result = run_restore(Path(backup_file), ctx.config.data_path, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {result.files} files, {result.bytes} bytes into {result.path}")


COMMANDS = [backup, restore]

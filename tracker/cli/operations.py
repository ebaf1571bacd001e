"""``flask --app run backup|restore|export-all``: keep the office's data safe and portable."""

from pathlib import Path

import click
from flask import current_app

from tracker import clock
from tracker.extensions import db
from tracker.operations.backup import BackupError, create_backup, default_backup_name, restore_backup
from tracker.operations.export_all import export_everything


def uploads_folder() -> Path:
    """Where evidence files live (TRACKER_UPLOADS, default instance/uploads)."""
    return Path(current_app.config["TRACKER_UPLOADS"])


@click.command("backup")
@click.argument("out", required=False, type=click.Path(dir_okay=True, path_type=Path))
def backup_command(out: Path | None) -> None:
    """Write a backup ZIP (database snapshot and evidence files); OUT may be a file or a folder."""
    now = clock.now()
    target = out or Path(default_backup_name(now))
    if target.is_dir():
        target = target / default_backup_name(now)
    try:
        manifest = create_backup(db.engine, uploads_folder(), target, now)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Backup written to {target} ({manifest['backend']}, revision {manifest['revision']}, "
        f"{manifest['uploads']} uploaded files)."
    )


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(backup: Path) -> None:
    """Restore a backup ZIP into the configured database, which must be empty."""
    try:
        manifest = restore_backup(db.engine, uploads_folder(), backup)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Restored the backup of {manifest['created_at']} (revision {manifest['revision']}). "
        "Run `flask --app run db upgrade` if this release is newer."
    )


@click.command("export-all")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export_all_command(out: Path) -> None:
    """Export every table (no password hashes or tokens) and the evidence files as a ZIP of JSON."""
    counts = export_everything(db.engine, uploads_folder(), out, clock.now())
    click.echo(f"Exported {sum(counts.values())} rows from {len(counts)} tables to {out}.")

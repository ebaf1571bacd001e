"""``flask --app run import FILE…``: import gazettes from the command line."""

import sys
from pathlib import Path

import click

from tracker import clock
from tracker.extensions import db
from tracker.services.import_review import review_counts, unknown_unit_names
from tracker.services.imports import AlreadyImported, ImportRejected, confirm_import, prepare_import

SUMMARY_HEADER = f"{'file':<36} {'documents':>9} {'items':>6} {'existing':>8} {'new units':>9}  result"


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Import without asking for confirmation.")
@click.option("--dry-run", is_flag=True, help="Extract and show what would be imported; write nothing.")
@click.option(
    "--county", default=None, help="County whose unit directory applies (default: read from the text)."
)
def import_command(files: tuple[Path, ...], yes: bool, dry_run: bool, county: str | None) -> None:
    """Import gazette files (.txt, .md, .docx, .doc, .pdf, .ofd, .png/.jpg scans); each file is all or nothing."""
    rows, failures = [], 0
    with click.progressbar(files, label="Importing", show_pos=True, file=sys.stderr) as bar:
        for path in bar:
            row, ok = _import_one(path, yes, dry_run, county)
            rows.append(row)
            failures += not ok
    click.echo(SUMMARY_HEADER)
    for row in rows:
        click.echo(row)
    if failures:
        raise click.exceptions.Exit(1)


def _import_one(path: Path, yes: bool, dry_run: bool, county: str | None) -> tuple[str, bool]:
    """Import one file; return its summary row and whether it went well."""
    name = path.name[:36]
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"{name:<36} {'':>9} {'':>6} {'':>8} {'':>9}  error: {error.strerror}", False
    try:
        batch = prepare_import(data, path.name, None, clock.now(), county)
        counts = review_counts(batch.review)
        unknown = len(unknown_unit_names(batch.review, batch.county))
        row = (
            f"{name:<36} {counts['documents']:>9} {counts['tasks']:>6} {counts['duplicates']:>8} {unknown:>9}"
        )
        if dry_run:
            db.session.rollback()
            return f"{row}  dry run, nothing written", True
        if not yes and not click.confirm(
            f"\n{path.name}: import {counts['documents']} documents with {counts['tasks']} items?",
            default=False,
        ):
            db.session.rollback()
            return f"{row}  skipped", True
        summary = confirm_import(batch, None, clock.now())
        db.session.commit()
    except AlreadyImported as error:
        db.session.rollback()
        return f"{name:<36} {'':>9} {'':>6} {'':>8} {'':>9}  already imported, nothing new: {error}", True
    except ImportRejected as error:
        db.session.rollback()
        return f"{name:<36} {'':>9} {'':>6} {'':>8} {'':>9}  not imported: {error}", False
    return f"{row}  imported: {summary['items_created']} new items, {summary['items_kept']} kept", True

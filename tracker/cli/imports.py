"""``flask --app run import FILE…``: import gazettes from the command line."""

import sys
from pathlib import Path

import click

from tracker import clock
from tracker.extensions import db
from tracker.models import ImportBatch
from tracker.services.import_names import UNKNOWN_NAME_POLICIES, apply_unknown_policy, decide_name
from tracker.services.import_review import review_counts
from tracker.services.imports import AlreadyImported, ImportRejected, confirm_import, prepare_import

SUMMARY_HEADER = f"{'file':<36} {'documents':>9} {'items':>6} {'existing':>8} {'new units':>9}  result"
DECISION_WORDS = {"map": "map to", "create": "create", "drop": "not a unit"}


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Import without asking for confirmation.")
@click.option("--dry-run", is_flag=True, help="Extract and show what would be imported; write nothing.")
@click.option(
    "--county", default=None, help="County whose unit directory applies (default: read from the text)."
)
@click.option(
    "--map-unknown",
    type=click.Choice((*UNKNOWN_NAME_POLICIES, "ask")),
    default="auto",
    show_default=True,
    help="Unit names the directory does not know: auto = map near matches, create names shaped like a unit "
    "and drop the rest (role words, fragments); create = create all but role words; drop = create none; "
    "ask = decide each name here.",
)
def import_command(
    files: tuple[Path, ...], yes: bool, dry_run: bool, county: str | None, map_unknown: str
) -> None:
    """Import gazette files (.txt, .md, .docx, .doc, .pdf, .ofd, .png/.jpg scans); each file is all or nothing; unknown unit names are listed."""
    rows, failures = [], 0
    with click.progressbar(files, label="Importing", show_pos=True, file=sys.stderr) as bar:
        for path in bar:
            row, ok = _import_one(path, yes, dry_run, county, map_unknown)
            rows.append(row)
            failures += not ok
    click.echo(SUMMARY_HEADER)
    for row in rows:
        click.echo(row)
    if failures:
        raise click.exceptions.Exit(1)


def _import_one(path: Path, yes: bool, dry_run: bool, county: str | None, policy: str) -> tuple[str, bool]:
    """Import one file; return its summary row and whether it went well."""
    name = path.name[:36]
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"{name:<36} {'':>9} {'':>6} {'':>8} {'':>9}  error: {error.strerror}", False
    try:
        batch = prepare_import(data, path.name, None, clock.now(), county)
        _decide_names(batch, policy)
        counts = review_counts(batch.review)
        new_units = sum(1 for entry in batch.review["names"] if entry["decision"] == "create")
        row = f"{name:<36} {counts['documents']:>9} {counts['tasks']:>6} {counts['duplicates']:>8} {new_units:>9}"
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


def _decide_names(batch: ImportBatch, policy: str) -> None:
    """Decide the batch's unknown names by the policy (or by asking), then print every decision."""
    if policy == "ask":
        review = {**batch.review, "names": [dict(entry) for entry in batch.review["names"]]}
        for entry in list(review["names"]):
            _ask(review, batch.county, entry)
        batch.review = review
    else:
        batch.review = apply_unknown_policy(batch.review, policy)
    if batch.review["names"]:
        click.echo(f"\n{batch.source_name}: unit names the directory does not know")
    for entry in batch.review["names"]:
        target = f" {entry['unit_name']}" if entry["decision"] == "map" else ""
        why = f" ({entry['reason']})" if entry["decision"] == "drop" and entry["reason"] else ""
        click.echo(
            f"  {entry['name']} [{entry['tasks']} items]: {DECISION_WORDS[entry['decision']]}{target}{why}"
        )


def _ask(review: dict, county: str, entry: dict) -> None:
    """Ask for one name until the answer is valid: Enter keeps the default, c creates, d drops, a name maps."""
    default = {"map": entry["unit_name"], "create": "c", "drop": "d"}[entry["decision"]]
    while True:
        answer = click.prompt(
            f"{entry['name']} ({entry['tasks']} items) - c = create, d = not a unit, or the unit it is",
            default=default,
        ).strip()
        decision = {"c": "create", "d": "drop"}.get(answer, "map")
        problems = decide_name(review, county, entry["name"], decision, unit=answer, kind=entry["kind"])
        if not problems:
            return
        click.echo("  " + " ".join(problems))

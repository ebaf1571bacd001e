"""``flask --app run units …``: seed and list the unit directory."""

from pathlib import Path

import click
from flask.cli import AppGroup

from tracker.extensions import db
from tracker.services.office import office_county
from tracker.services.unit_directory import UnitDirectoryError, list_units_with_counts, seed_units

units_group = AppGroup("units", help="Seed and list the unit directory.")


@units_group.command("seed")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A unit directory CSV (default: tracker/data/units.csv).",
)
@click.option("--county", "counties", multiple=True, help="Only this county (repeatable).")
def seed_command(path, counties):
    """Add the units and aliases of the data file that the database lacks (safe to re-run)."""
    try:
        added = seed_units(path, counties=counties or None)
    except (UnitDirectoryError, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Added {added} units.")


@units_group.command("list")
@click.option("--county", default=None, help="Only units of this county (default: the office's county).")
@click.option("--all-counties", is_flag=True, help="Units of every county.")
def list_command(county, all_counties):
    """List active units with kind, open/total item counts and aliases."""
    for row in list_units_with_counts(None if all_counties else county or office_county()):
        unit = row.unit
        aliases = "|".join(alias.alias for alias in unit.aliases)
        click.echo(
            f"{unit.county or '-'}\t{unit.name}\t{unit.kind}\t{row.open_items}/{row.total_items}\t{aliases}"
        )

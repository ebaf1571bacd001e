"""``flask --app run holidays …``: keep the working-day calendar current each year."""

from pathlib import Path

import click
from flask.cli import AppGroup

from tracker import calendar, clock
from tracker.errors import ImportRejected
from tracker.extensions import db
from tracker.models import HolidayOverride, HolidayYear
from tracker.services.holidays import import_holidays, parse_holiday_csv

holidays_group = AppGroup("holidays", help="The holiday table (State Council arrangements per year).")


@holidays_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import a CSV of date,holiday|workday,name lines; all or nothing."""
    try:
        rows = parse_holiday_csv(file.read_text(encoding="utf-8-sig"))
        years = import_holidays(rows, file.name, None, clock.now())
    except (ImportRejected, UnicodeDecodeError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Imported {len(rows)} days for {', '.join(map(str, years))}.")


@holidays_group.command("list")
def list_command() -> None:
    """Show which years are covered and how many days the office entered for each."""
    entered = {year.year: year.source for year in db.session.scalars(db.select(HolidayYear))}
    days = db.session.scalars(db.select(HolidayOverride.day)).all()
    today = clock.today()
    for year in range(today.year - 1, today.year + 6):
        state = "built in" if calendar.is_year_known(year) else "entered" if year in entered else "MISSING"
        count = sum(1 for day in days if day.year == year)
        click.echo(f"{year}  {state:<9} {count:>3} days  {entered.get(year, '')}")

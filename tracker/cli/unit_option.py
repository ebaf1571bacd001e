"""The ``--county`` option and unit look-up shared by every command that takes a unit."""

import click

from tracker.models import Unit
from tracker.services.unit_lookup import UnitLookupError, find_unit

county_option = click.option(
    "--county",
    default=None,
    help="The unit's county (default: the office's county; a full name such as 交城县水利局 names it too).",
)


def unit_or_fail(name: str | None, county: str | None) -> Unit | None:
    """The unit ``name`` stands for (None for no name); a clear error with the candidates otherwise."""
    if not name:
        return None
    try:
        return find_unit(name, county)
    except UnitLookupError as error:
        raise click.ClickException(str(error)) from None

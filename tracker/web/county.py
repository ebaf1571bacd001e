"""The county a page shows: ``?county=`` when given (``all`` for every county), else the office's county."""

from flask import request

from tracker.services.office import ALL_COUNTIES, county_scope, known_counties


def page_county() -> tuple[str | None, list[str]]:
    """(the county the page covers, None for all; the counties to offer in its picker).

    A county that is not in the directory is read as "every county" rather than showing an empty page.
    """
    counties = known_counties()
    county = county_scope(request.args.get("county"))
    return (county if county in counties else None), counties


def county_arg(county: str | None) -> str:
    """The ``county`` query argument that selects ``county`` (``all`` for every county)."""
    return county or ALL_COUNTIES

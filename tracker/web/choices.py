"""Drop-down choices that stay usable at a province's size.

A county has a few hundred units and documents, which fit in a drop-down; a
province has 10^4 units, which do not (the page grows by a megabyte and
nobody can find the one they want). Past CHOICES_LIMIT the pages offer a text
box or a link to the unit's own page instead.
"""

from tracker.extensions import db

CHOICES_LIMIT = 300


def choices_or_none(select) -> list | None:
    """The rows for a drop-down, or None when there are too many to list."""
    rows = db.session.execute(select.limit(CHOICES_LIMIT + 1)).all()
    return rows if len(rows) <= CHOICES_LIMIT else None


def unit_groups(rows, first_county: str | None) -> list[tuple[str, list[tuple[int, str]]]]:
    """(county, [(id, name)…]) groups of ``rows`` of (id, name, county), ``first_county``'s group first.

    Every unit picker shows the county: 县水利局 exists in several, and the office's own comes first.
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    for unit_id, name, county in sorted(rows, key=lambda row: (row[2] != first_county, row[2], row[1])):
        groups.setdefault(county, []).append((unit_id, name))
    return list(groups.items())

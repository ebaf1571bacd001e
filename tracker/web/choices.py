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

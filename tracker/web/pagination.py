"""Pagination that never counts more rows than a person would page through.

An unfiltered list of a province's million items would otherwise cost a
full count on every page view; past COUNT_CAP the page says "more than …"
and invites a narrower filter instead.
"""

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination

from tracker.extensions import db

COUNT_CAP = 10_000


class CappedPagination(SelectPagination):
    """A page of results whose total stops at COUNT_CAP + 1 (``is_capped`` then)."""

    def _query_count(self) -> int:
        """Count the matching rows up to the cap, selecting no column so an index alone can answer."""
        select = self._query_args["select"]
        capped = (
            select.with_only_columns(sa.literal(1), maintain_column_froms=True)
            .order_by(None)
            .limit(COUNT_CAP + 1)
            .subquery()
        )
        return self._query_args["session"].execute(sa.select(sa.func.count()).select_from(capped)).scalar()

    @property
    def is_capped(self) -> bool:
        """Whether there are more rows than were counted."""
        return self.total > COUNT_CAP


def paginate(select, page: int, per_page: int) -> CappedPagination:
    """One page of ``select`` with a capped total."""
    return CappedPagination(
        select=select, session=db.session, page=page, per_page=per_page, max_per_page=None, error_out=False
    )

"""Column types shared by the models."""

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

#: The largest INTEGER on PostgreSQL (ids are INTEGER): a larger id or page number from a URL matches nothing
#: and must be answered before it reaches the database, which would refuse it with an error.
MAX_INT = 2**31 - 1


class UTCDateTime(TypeDecorator):
    """A timezone-aware timestamp, stored in UTC on every backend.

    SQLite has no timezone type and hands back naive values; PostgreSQL keeps
    the offset. Normalising to UTC on the way in and tagging UTC on the way out
    makes both return the same aware datetime, so comparisons never mix naive
    and aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Refuse naive datetimes (their zone is a guess) and store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column; use tracker.clock.now()")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)

"""The office's own settings: which county it supervises, and whether unit staff get copies of digests."""

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime


class OfficeSettings(db.Model):
    """The one row of office settings (id 1); until it exists, TRACKER_COUNTY and the defaults apply."""

    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The county the office supervises (交城县); pickers, filters, rankings and the report default to it.
    #: Empty: a city-level office that supervises every county and picks one in each filter.
    county: Mapped[str] = mapped_column(String(60), default="")
    #: Whether each unit's weekly digest also goes to its staff users' own addresses.
    is_copying_staff: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<OfficeSettings county={self.county!r} copying_staff={self.is_copying_staff}>"

"""The office's holiday table: official arrangements the holiday package does not know yet."""

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime


class HolidayOverride(db.Model):
    """One day that is a holiday (False) or a make-up working day (True), as the State Council set it."""

    __tablename__ = "holiday_overrides"

    #: The day itself; one row per day.
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    is_working_day: Mapped[bool]
    #: The festival it belongs to (春节, 国庆节 …), shown on the admin page.
    name: Mapped[str] = mapped_column(String(40), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    def __repr__(self) -> str:
        return f"<HolidayOverride {self.day} {'work' if self.is_working_day else 'off'} {self.name}>"


class HolidayYear(db.Model):
    """A year whose whole arrangement the office has entered, so working-day counts are exact for it."""

    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: Where the arrangement came from (the notice's 文号 or the file name).
    source: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)

    def __repr__(self) -> str:
        return f"<HolidayYear {self.year}>"

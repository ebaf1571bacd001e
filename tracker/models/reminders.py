"""Reminder settings chosen by the office, and report duties found missed."""

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime


class ReminderSettings(db.Model):
    """The one row of reminder settings (id 1), read by every job run so edits apply without a restart."""

    __tablename__ = "reminder_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Day of the weekly digest, 0 = Monday; a holiday moves it to the next working day of that week.
    digest_weekday: Mapped[int] = mapped_column(default=0)
    #: Local time (TRACKER_TIMEZONE) from which the day's digests and duty reminders go out.
    digest_time: Mapped[dt.time] = mapped_column(Time, default=dt.time(8, 30))
    #: Working days before a deadline at which an item counts as due soon (yellow).
    due_soon_days: Mapped[int] = mapped_column(default=7)
    #: An item overdue by more than this many working days is escalated to its leaders and the office.
    escalation_working_days: Mapped[int] = mapped_column(default=5)
    #: Working days before a report duty falls due at which its unit is reminded.
    duty_reminder_working_days: Mapped[int] = mapped_column(default=3)
    #: Ids of units that receive no reminders.
    muted_unit_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<ReminderSettings weekday={self.digest_weekday} at {self.digest_time}>"


class MissedReport(db.Model):
    """A report duty's due date that passed without a progress report (one row per duty and date)."""

    __tablename__ = "missed_reports"
    __table_args__ = (UniqueConstraint("report_duty_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_duty_id: Mapped[int] = mapped_column(ForeignKey("report_duties.id", ondelete="CASCADE"))
    #: The unit that should have reported (the duty's unit or the item's lead unit).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[dt.date] = mapped_column(index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)

    duty: Mapped["ReportDuty"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<MissedReport duty={self.report_duty_id} {self.due_on}>"

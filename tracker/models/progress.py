"""Progress reports: what a unit says it has done, and the office's verdict."""

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime

REVIEW_STATES = ("pending", "accepted", "returned")


class ProgressReport(db.Model):
    """A progress note or a completion claim (is_completion) on a work item."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),
        CheckConstraint("review_state IN ('pending', 'accepted', 'returned')", name="review_state"),
        Index("ix_progress_reports_item_submitted", "work_item_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="RESTRICT"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int] = mapped_column(default=0)
    #: True when the unit submits the item as done (已报完成) with this report.
    is_completion: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    review_state: Mapped[str] = mapped_column(String(10), default="pending")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The office's reason when it returns (退回) a submission; shown to the unit.
    review_note: Mapped[str | None] = mapped_column(Text)

    work_item: Mapped["WorkItem"] = relationship(back_populates="progress_reports")  # noqa: F821

    def __repr__(self) -> str:
        return f"<ProgressReport {self.id} item={self.work_item_id} {self.percent}%>"

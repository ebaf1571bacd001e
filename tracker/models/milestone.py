"""Milestones: the dated deadlines of a work item (一期/二期 give two)."""

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime


class Milestone(db.Model):
    """One deadline, with the phrase it was read from (6月底前) kept beside the date."""

    __tablename__ = "milestones"
    __table_args__ = (Index("ix_milestones_work_item_position", "work_item_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    #: The time limit as printed, e.g. "2025年5月至9月底".
    phrase: Mapped[str] = mapped_column(String(120))
    #: None when the phrase could not be pinned to a day; the office fills it in.
    due_on: Mapped[dt.date | None]
    start_on: Mapped[dt.date | None]
    #: The date first imported; extensions change due_on, on-time statistics use this one.
    original_due_on: Mapped[dt.date | None]
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    work_item: Mapped["WorkItem"] = relationship(back_populates="milestones")  # noqa: F821

    def __repr__(self) -> str:
        return f"<Milestone {self.id} item={self.work_item_id} {self.due_on} {self.phrase!r}>"

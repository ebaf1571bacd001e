"""Extension requests (延期申请): a unit asks the office to move a deadline."""

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime

EXTENSION_STATES = {"pending": "待审批", "approved": "已批准", "rejected": "已驳回"}


class ExtensionRequest(db.Model):
    """A request to move an item's next deadline, and the office's decision.

    The deadline it would replace is kept here (``current_due_on``) and on the
    milestone (``original_due_on``), so on-time statistics still count against
    the original date after an approval.
    """

    __tablename__ = "extension_requests"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'approved', 'rejected')", name="state"),
        Index("ix_extension_requests_item_state", "work_item_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="RESTRICT"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    current_due_on: Mapped[dt.date | None]
    requested_due_on: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    work_item: Mapped["WorkItem"] = relationship(back_populates="extension_requests")  # noqa: F821

    @property
    def state_label(self) -> str:
        """The state as shown to users."""
        return EXTENSION_STATES[self.state]

    def __repr__(self) -> str:
        return (
            f"<ExtensionRequest {self.id} item={self.work_item_id} {self.state} -> {self.requested_due_on}>"
        )

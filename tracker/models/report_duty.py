"""Report duties: recurring obligations to report progress (每月第一个星期一上报)."""

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db


class ReportDuty(db.Model):
    """A recurrence rule and/or fixed dates on which a unit must report on an item."""

    __tablename__ = "report_duties"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), index=True)
    #: The unit that must report; None means the item's lead unit.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    #: The phrase as printed (每月的第一个星期一上报进展).
    phrase: Mapped[str] = mapped_column(String(200))
    #: RFC 5545 RRULE, e.g. "FREQ=MONTHLY;BYDAY=1MO"; None when only fixed dates apply.
    rule: Mapped[str | None] = mapped_column(String(200))
    #: Fixed yearly dates as ISO strings, e.g. ["2024-06-20", "2024-11-10"].
    fixed_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Readable rule ("monthly, first Monday").
    description: Mapped[str] = mapped_column(String(120), default="")
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    is_active: Mapped[bool] = mapped_column(default=True)

    work_item: Mapped["WorkItem"] = relationship(back_populates="report_duties")  # noqa: F821

    def __repr__(self) -> str:
        return f"<ReportDuty {self.id} item={self.work_item_id} {self.rule or self.fixed_dates}>"

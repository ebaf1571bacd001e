"""Work items: one task from a document, with its units, status and deadlines."""

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime
from tracker.text import N_

#: Workflow states, in order. Chinese labels are what users see.
STATUS_LABELS = {
    "assigned": N_("待签收"),
    "in_progress": N_("推进中"),
    "submitted": N_("已报完成"),
    "done": N_("已办结"),
    "cancelled": N_("已撤销"),
}
STATUSES = tuple(STATUS_LABELS)
#: States in which an item still counts against its unit.
OPEN_STATUSES = ("assigned", "in_progress", "submitted")

ROLE_LEAD = "lead"
ROLE_CO = "co"


class WorkItem(db.Model):
    """A task as tracked by the supervision office.

    ``version`` is SQLAlchemy's optimistic lock: an UPDATE carries the version
    it read, so when two people save the same item the second one gets a
    StaleDataError (shown as a conflict) instead of silently overwriting.
    """

    __tablename__ = "work_items"
    __table_args__ = (
        CheckConstraint(
            "status IN ('assigned', 'in_progress', 'submitted', 'done', 'cancelled')", name="status"
        ),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_percent"),
        Index("ix_work_items_status_due_on", "status", "due_on"),
        Index("ix_work_items_lead_unit_status", "lead_unit_id", "status"),
        Index("ix_work_items_document_position", "document_id", "position"),
        Index("ix_work_items_due_on", "due_on"),
        Index("ix_work_items_closed_at", "closed_at"),
        Index("ix_work_items_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    #: Order within the document, as printed.
    position: Mapped[int] = mapped_column(default=0)
    #: The enumerator path as printed, e.g. "（三）2.".
    label: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    #: The item's text verbatim from the gazette, shown next to the item everywhere.
    source_text: Mapped[str] = mapped_column(Text)
    #: 1-based line in the source file where the item starts.
    source_line: Mapped[int | None]
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    #: Names printed as 责任领导 / 分管领导.
    leaders: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Names printed as 责任人.
    persons: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="assigned")
    progress_percent: Mapped[int] = mapped_column(default=0)
    #: The earliest open milestone's date, kept in step by the services so lists
    #: and lights can use an index instead of joining milestones.
    due_on: Mapped[dt.date | None]
    #: The first deadline as imported; extensions move ``due_on``, on-time statistics use this.
    original_due_on: Mapped[dt.date | None]
    #: Whether the office closed the item by its original deadline (None: open, or no deadline).
    is_closed_on_time: Mapped[bool | None]
    #: Set when an import of a newer revision no longer contains this item.
    is_vanished: Mapped[bool] = mapped_column(default=False)
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    document: Mapped["Document"] = relationship(back_populates="items")  # noqa: F821
    lead_unit: Mapped["Unit | None"] = relationship()  # noqa: F821
    unit_links: Mapped[list["WorkItemUnit"]] = relationship(
        back_populates="work_item", cascade="all, delete-orphan", order_by="WorkItemUnit.position"
    )
    milestones: Mapped[list["Milestone"]] = relationship(  # noqa: F821
        back_populates="work_item", cascade="all, delete-orphan", order_by="Milestone.position"
    )
    report_duties: Mapped[list["ReportDuty"]] = relationship(  # noqa: F821
        back_populates="work_item", cascade="all, delete-orphan"
    )
    progress_reports: Mapped[list["ProgressReport"]] = relationship(  # noqa: F821
        back_populates="work_item", order_by="ProgressReport.submitted_at"
    )
    attachments: Mapped[list["Attachment"]] = relationship(  # noqa: F821
        back_populates="work_item", order_by="Attachment.uploaded_at"
    )
    extension_requests: Mapped[list["ExtensionRequest"]] = relationship(  # noqa: F821
        back_populates="work_item", order_by="ExtensionRequest.requested_at"
    )

    @property
    def units(self) -> list:
        """All responsible units in printed order, the lead included."""
        return [link.unit for link in self.unit_links]

    @property
    def co_units(self) -> list:
        """The units that are responsible but not the lead."""
        return [link.unit for link in self.unit_links if link.role == ROLE_CO]

    def refresh_due_on(self) -> None:
        """Set ``due_on`` to the earliest dated milestone not yet completed (None if there is none)."""
        self.due_on = min(
            (m.due_on for m in self.milestones if m.due_on is not None and m.completed_at is None),
            default=None,
        )

    @property
    def status_label(self) -> str:
        """The status as shown to users (待签收, 推进中 …)."""
        return STATUS_LABELS[self.status]

    @property
    def is_open(self) -> bool:
        """Whether the item still needs work or a decision by the office."""
        return self.status in OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<WorkItem {self.id} {self.status} {self.title[:20]}>"


class WorkItemUnit(db.Model):
    """A unit responsible for an item, as lead or co-unit, in printed order."""

    __tablename__ = "work_item_units"
    __table_args__ = (
        UniqueConstraint("work_item_id", "unit_id"),
        CheckConstraint("role IN ('lead', 'co')", name="role"),
        Index("ix_work_item_units_unit_item", "unit_id", "work_item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(8), default=ROLE_CO)
    position: Mapped[int] = mapped_column(default=0)

    work_item: Mapped[WorkItem] = relationship(back_populates="unit_links")
    unit: Mapped["Unit"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<WorkItemUnit item={self.work_item_id} unit={self.unit_id} {self.role}>"

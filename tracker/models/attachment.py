"""Evidence files attached to a work item (photos, scanned reports, spreadsheets)."""

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime


class Attachment(db.Model):
    """A file stored under instance/uploads, served only to users who may see its item.

    The file on disk is named by ``stored_name`` (random), never by the
    uploader's file name, so a name cannot climb out of the uploads folder.
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="RESTRICT"), index=True)
    progress_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_reports.id", ondelete="SET NULL")
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The name the file had on the uploader's computer, shown in the page.
    original_name: Mapped[str] = mapped_column(String(255))
    #: Random name of the file inside instance/uploads.
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    #: SHA-256 of the content, to notice the same evidence uploaded twice.
    checksum: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)

    work_item: Mapped["WorkItem"] = relationship(back_populates="attachments")  # noqa: F821

    def __repr__(self) -> str:
        return f"<Attachment {self.id} item={self.work_item_id} {self.original_name!r}>"

"""Documents: one official document (通知, 实施方案, 责任分工…) imported from a gazette."""

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime


class Document(db.Model):
    """A document and the text its work items were extracted from."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("number", "revision"),
        Index("ix_documents_issued_on", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 文号 as printed, cleaned (交政办发〔2025〕4号); None for documents without one.
    number: Mapped[str | None] = mapped_column(String(80))
    #: A revised document imported later gets the next revision under the same 文号.
    revision: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    #: The issuing organ (中阳县人民政府办公室).
    issuer: Mapped[str | None] = mapped_column(String(120))
    #: Signing date printed at the end of the document; the reference year for "6月底前".
    issued_on: Mapped[dt.date | None]
    source_name: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the uploaded file, so re-importing the same file is recognised.
    source_checksum: Mapped[str] = mapped_column(String(64), index=True)
    full_text: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    items: Mapped[list["WorkItem"]] = relationship(  # noqa: F821
        back_populates="document", order_by="WorkItem.position"
    )

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.number or self.title[:20]}>"

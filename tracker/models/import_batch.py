"""Import batches: one uploaded gazette between extraction and confirmation."""

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime

BATCH_STATES = ("pending", "confirmed", "discarded")


class ImportBatch(db.Model):
    """An extracted gazette waiting for review, or the record of one that was imported.

    ``review`` holds the extraction result with the reviewer's edits (JSON), so
    an unfinished review can be resumed later and confirmation reads exactly
    what the reviewer saw.
    """

    __tablename__ = "import_batches"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'confirmed', 'discarded')", name="state"),
        Index("ix_import_batches_checksum_state", "source_checksum", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_name: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the uploaded bytes: the same file is recognised whatever its name.
    source_checksum: Mapped[str] = mapped_column(String(64))
    #: The county whose unit directory resolves the names (交城县).
    county: Mapped[str] = mapped_column(String(60), default="")
    #: The gazette as text, kept so each Document can store its own full text.
    source_text: Mapped[str] = mapped_column(Text)
    review: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    #: What confirmation created or found (counts and ids), shown afterwards.
    summary: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.state} {self.source_name}>"

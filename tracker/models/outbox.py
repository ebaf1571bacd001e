"""Outbox: every e-mail is a row first, sent after commit by the dispatcher."""

import datetime as dt

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime


class OutboxMail(db.Model):
    """One message to one recipient.

    ``dedupe_key`` (for example ``digest:unit-12:2026-W48``) is unique, so a
    second digest for the same unit and week is refused by the database itself.
    """

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Earliest time of the next try (backoff after a failure).
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The scheduler tenure (lock holder id) that claimed the mail and is sending it; cleared with the outcome.
    #: A later holder of the lock takes such a mail at once, since its claimant is gone (a lock holder
    #: changes only when the previous one stopped or died); a claim without it waits out the lease.
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    #: Set when the dispatcher gives up (the server refused the message, or too many tries);
    #: ``outbox retry`` clears it.
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def state(self) -> str:
        """queued, sent or failed."""
        if self.sent_at is not None:
            return "sent"
        return "failed" if self.failed_at is not None else "queued"

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.kind} to={self.recipient} sent={self.sent_at is not None}>"

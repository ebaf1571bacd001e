"""Access tokens: secrets that stand in for a login where no browser session exists."""

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime

#: api: ``Authorization: Bearer`` for /api/v1; calendar: the secret part of an iCalendar feed URL.
TOKEN_KINDS = ("api", "calendar")


class AccessToken(db.Model):
    """One live token of a user (API, own calendar) or of a unit (the unit's calendar).

    Only the SHA-256 of the token is stored, so a copy of the database does not
    hand out working URLs or API access; the token itself is shown once, when
    it is issued. Issuing a new one deletes the old row, which is how a leaked
    URL is revoked.
    """

    __tablename__ = "access_tokens"
    __table_args__ = (
        CheckConstraint("kind IN ('api', 'calendar')", name="kind"),
        CheckConstraint("(user_id IS NULL) <> (unit_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    #: Hex SHA-256 of the token; the token has 256 random bits, so an unsalted hash is enough.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped["User | None"] = relationship(foreign_keys=[user_id])  # noqa: F821
    unit: Mapped["Unit | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        owner = f"user={self.user_id}" if self.user_id else f"unit={self.unit_id}"
        return f"<AccessToken {self.id} {self.kind} {owner}>"

"""Failed sign-in attempts, kept briefly to throttle password guessing."""

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime


class LoginFailure(db.Model):
    """One wrong password (or unknown user name) from one address.

    Stored in the database rather than in process memory so that every web
    worker sees the same count.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_occurred", "username", "occurred_at"),
        Index("ix_login_failures_address_occurred", "address", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The name typed in, lower-cased; it need not belong to a user.
    username: Mapped[str] = mapped_column(String(60))
    #: The client's IP address.
    address: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)

    def __repr__(self) -> str:
        return f"<LoginFailure {self.username} from {self.address} at {self.occurred_at}>"

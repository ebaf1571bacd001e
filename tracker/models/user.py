"""Users and their roles."""

import datetime as dt
import secrets

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime
from tracker.text import N_

ROLE_LABELS = {
    "admin": N_("系统管理员"),
    "supervisor": N_("督查室"),
    "unit_staff": N_("责任单位"),
    "viewer": N_("领导查阅"),
}
ROLES = tuple(ROLE_LABELS)


class User(UserMixin, db.Model):
    """A person who signs in: office staff, unit staff, a leader or an administrator."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'supervisor', 'unit_staff', 'viewer')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str | None] = mapped_column(String(120))
    #: werkzeug scrypt hash; the password itself is never stored or logged.
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Part of the login cookie; replacing it signs the user out everywhere
    #: (done when the password changes or the account is disabled).
    session_token: Mapped[str] = mapped_column(String(43), default=lambda: secrets.token_urlsafe(32))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    #: The unit a unit_staff user works for; they see only its items.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    #: The leader, named as items print him or her (责任领导 / 分管领导: 王副县长), whose overdue
    #: escalations this user receives; set by the office. Never matched against display names:
    #: a clerk who shares a leader's name must not receive that leader's mail.
    leader_name: Mapped[str | None] = mapped_column(String(60))
    #: UI language chosen by the user (zh or en).
    locale: Mapped[str] = mapped_column(String(10), default="zh")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped["Unit | None"] = relationship()  # noqa: F821

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of ``password`` and end every existing session."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.rotate_session_token()

    def rotate_session_token(self) -> None:
        """Invalidate every login cookie issued so far for this user."""
        self.session_token = secrets.token_urlsafe(32)

    def get_id(self) -> str:
        """Identify the user in the session cookie as ``<id>:<session token>`` (see load_user)."""
        return f"{self.id}:{self.session_token}"

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def role_label(self) -> str:
        """The role as shown to users."""
        return ROLE_LABELS[self.role]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username} {self.role}>"

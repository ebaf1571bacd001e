"""First-start set-up: the schema and the first administrator."""

import secrets

from tracker.extensions import db
from tracker.models import Event, User

FIRST_ADMIN_USERNAME = "admin"


def generate_password() -> str:
    """Return a random password of 16 URL-safe characters (about 96 bits)."""
    return secrets.token_urlsafe(12)


def ensure_first_admin(password: str | None = None) -> str | None:
    """Create the ``admin`` user if the database has no user yet.

    There is never a fixed default password: without ``password`` a random one
    is generated. Returns the password that was set (for the caller to show
    once), or None when users already exist and nothing was done.
    """
    if db.session.execute(db.select(User.id).limit(1)).first() is not None:
        return None
    chosen = password or generate_password()
    admin = User(username=FIRST_ADMIN_USERNAME, display_name="系统管理员", role="admin")
    admin.set_password(chosen)
    db.session.add(admin)
    db.session.flush()
    db.session.add(
        Event(kind="user.created", actor_id=None, after={"username": admin.username, "role": "admin"})
    )
    return chosen

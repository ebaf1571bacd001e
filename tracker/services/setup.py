"""First-start set-up: the first administrator."""

from tracker.extensions import db
from tracker.models import User
from tracker.services.accounts import create_user

FIRST_ADMIN_USERNAME = "admin"


def ensure_first_admin(password: str | None = None) -> str | None:
    """Create the ``admin`` user if the database has no user yet.

    There is never a fixed default password: without ``password`` a random one
    is generated. Returns the password that was set (for the caller to show
    once), or None when users already exist and nothing was done.
    """
    if db.session.execute(db.select(User.id).limit(1)).first() is not None:
        return None
    _, chosen = create_user(
        None, username=FIRST_ADMIN_USERNAME, role="admin", display_name="系统管理员", password=password
    )
    return chosen

"""Is this installation ready to serve? Database, schema version, scheduler and its jobs."""

import datetime as dt
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.models import JobRun
from tracker.scheduling.lock import describe_holder

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def migration_head() -> str | None:
    """The newest migration shipped with this release."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def readiness(now: dt.datetime) -> tuple[bool, dict]:
    """(ready, details): ready when the database answers and its schema is this release's.

    The scheduler's state is reported but does not make the web tier unready:
    pages work without it, and the dedicated process may be starting.
    """
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        return False, {"database": f"unreachable ({type(error).__name__})"}
    details: dict = {"database": "ok"}
    try:
        current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        db.session.rollback()
        current = None  # never migrated: `flask --app run init` has not been run
    head = migration_head()
    details["migrations"] = {"current": current, "head": head, "at_head": current == head}
    details["scheduler"] = describe_holder(db.engine, now) or "no scheduler holds the lock"
    details["jobs"] = {
        run.name: {
            "last_success": run.finished_at.isoformat() if run.finished_at else None,
            "last_failure": run.failed_at.isoformat() if run.failed_at else None,
            "last_error": run.last_error,
            "summary": run.summary,
        }
        for run in db.session.scalars(db.select(JobRun).order_by(JobRun.name))
    }
    return current == head, details

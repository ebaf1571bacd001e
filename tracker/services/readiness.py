"""Is this installation ready to serve? Database, schema version, scheduler and its jobs."""

import datetime as dt
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.models import JobRun
from tracker.models.scheduling import apscheduler_jobs
from tracker.scheduling.lock import describe_holder

#: How long past its run time a job may still be waiting for the scheduler's loop to pick it up.
LATE_AFTER = dt.timedelta(minutes=2)
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def migration_head() -> str | None:
    """The newest migration shipped with this release."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def late_jobs(now: dt.datetime) -> dict[str, str]:
    """Jobs whose next run time passed more than LATE_AFTER ago: {job id: that time}.

    A live scheduler moves a job's next run time on as soon as it is due
    (even when the previous run is still busy), so a time left in the past
    means no scheduler is processing jobs: its thread died, or nobody holds
    the lock.
    """
    rows = db.session.execute(
        db.select(apscheduler_jobs.c.id, apscheduler_jobs.c.next_run_time)
        .where(apscheduler_jobs.c.next_run_time < (now - LATE_AFTER).timestamp())
        .order_by(apscheduler_jobs.c.id)
    )
    return {job_id: dt.datetime.fromtimestamp(moment, now.tzinfo).isoformat() for job_id, moment in rows}


def readiness(now: dt.datetime) -> tuple[bool, dict]:
    """(ready, details): ready when the database answers and its schema is this release's.

    The scheduler's state is reported (``scheduler_ok``: a process holds the
    lock and no job is late) but does not make the web tier unready: pages
    work without it, and the dedicated process may be starting.
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
    holder = describe_holder(db.engine, now)
    details["scheduler"] = holder or "no scheduler holds the lock"
    details["late_jobs"] = late_jobs(now)
    details["scheduler_ok"] = holder is not None and not details["late_jobs"]
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

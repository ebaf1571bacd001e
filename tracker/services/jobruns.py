"""The last run of each scheduled job, kept in the database beside the work the run did."""

import datetime as dt

from tracker.extensions import db
from tracker.models import JobRun


def last_run(name: str) -> JobRun | None:
    """The record of job ``name``'s last completed run, or None if it never ran."""
    return db.session.get(JobRun, name)


def record_run(name: str, now: dt.datetime, *, covered_on: dt.date | None, summary: str) -> JobRun:
    """Note that job ``name`` finished at ``now`` having dealt with every day up to ``covered_on``.

    Written in the caller's transaction, so the record and the run's work are
    committed together or not at all: a crash mid-run leaves the old record
    and the next run redoes the work.
    """
    run = db.session.get(JobRun, name) or JobRun(name=name, run_count=0)
    run.covered_on = covered_on
    run.finished_at = now
    run.run_count += 1
    run.summary = summary[:200]
    db.session.add(run)
    return run


def record_failure(name: str, now: dt.datetime, error: BaseException) -> JobRun:
    """Note that job ``name`` failed at ``now`` (in a transaction of its own: the job's was rolled back)."""
    run = db.session.get(JobRun, name) or JobRun(name=name, run_count=0, summary="")
    run.failed_at = now
    run.last_error = f"{type(error).__name__}: {error}"[:300]
    db.session.add(run)
    return run

"""Bookkeeping of the scheduler: its single-runner lock, the last run of each job, and APScheduler's job table."""

import datetime as dt

from sqlalchemy import Column, Float, LargeBinary, String, Table, Unicode
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime

#: APScheduler's SQLAlchemyJobStore table, declared here with the job store's own columns so that the
#: migrations create it and Alembic does not propose dropping it; the job store's ``create(checkfirst)``
#: then finds it in place.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    db.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)


class SchedulerLock(db.Model):
    """The row that lets only one scheduler run per SQLite database (PostgreSQL uses an advisory lock).

    A holder keeps the lock by renewing ``expires_at`` (heartbeat); another
    process may take it over once it has expired, so a crashed scheduler does
    not block its successor for long.
    """

    __tablename__ = "scheduler_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: host:pid:random of the process holding the lock.
    holder: Mapped[str] = mapped_column(String(120))
    acquired_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<SchedulerLock {self.name} held by {self.holder} until {self.expires_at}>"


class JobRun(db.Model):
    """The last completed run of one job, written in the same transaction as the job's work.

    ``covered_on`` is the last local day the job has dealt with, so the next
    run can look only at what changed since (the flag job selects deadlines in
    [covered_on, today)), and a re-run on the same day finds nothing left to do.
    """

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    covered_on: Mapped[dt.date | None]
    #: None until the job has completed once (a job may fail before it ever succeeds).
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: How many times the job has completed (the two-process test counts these).
    run_count: Mapped[int] = mapped_column(default=0)
    #: One line on what the last run did, shown on the outbox page.
    summary: Mapped[str] = mapped_column(String(200), default="")
    #: When the job last failed and why (kept after later successes, so the admin sees both).
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<JobRun {self.name} covered={self.covered_on} runs={self.run_count}>"

"""The last run of each scheduled job, kept in the database beside the work the run did."""

import datetime as dt

from flask_babel import lazy_gettext

from tracker.extensions import db
from tracker.models import JobRun

#: What each run record is called on the pages (the records keep the scheduler's job ids).
JOB_NAMES = {
    "flag_overdue": lazy_gettext("标记超期与即将到期"),
    "weekly_digest": lazy_gettext("每周提醒"),
    "duty_reminders": lazy_gettext("报送提醒"),
    "send_reminders": lazy_gettext("检查并排队提醒"),
    "dispatch_outbox": lazy_gettext("发送邮件"),
    "refresh_dashboard": lazy_gettext("刷新督查总览统计"),
}


def job_label(name: str) -> str:
    """The name of a job as readers see it (never the English job id)."""
    return str(JOB_NAMES.get(name, lazy_gettext("其他任务")))


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

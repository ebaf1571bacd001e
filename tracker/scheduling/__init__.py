"""The scheduler: APScheduler on the app database, started only by the process that holds the lock.

Never started by ``create_app``: ``run.py`` calls :func:`start_if_enabled`
(in-process, when TRACKER_SCHEDULER is on) and ``flask --app run scheduler``
calls :func:`run_scheduler` (a dedicated process, the production setup).
Whichever holds :mod:`lock` runs the jobs; the others do not.
"""

import atexit
import datetime as dt
import logging
import signal
import threading

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy import create_engine

from tracker import clock
from tracker.extensions import db
from tracker.models.scheduling import apscheduler_jobs
from tracker.scheduling import jobs
from tracker.scheduling.lock import lock_for

logger = logging.getLogger(__name__)

#: Every job is an idempotent sweep, so a late run is always worth doing and runs that piled up are one.
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600}
#: The reminder sweep decides from the stored settings whether anything is due, so the digest day and
#: time can change without touching the schedule; this is how late after the set time it may go out.
REMINDER_INTERVAL_MINUTES = 5
DISPATCH_INTERVAL_MINUTES = 1
#: The dashboard's office-wide figures are kept five minutes (tracker.services.figures_cache.MAX_AGE); refreshed
#: a minute sooner, they never expire while the scheduler runs, so no page request has to compute them.
DASHBOARD_INTERVAL_MINUTES = 4
#: How often a standby process asks whether the running scheduler's lock has become free.
STANDBY_SECONDS = 30.0


def build_scheduler(app: Flask, *, blocking: bool = False) -> BaseScheduler:
    """A scheduler with the database job store, in TRACKER_TIMEZONE, with the jobs registered."""
    with app.app_context():
        # The job store disposes its engine on shutdown, so it gets one of its own, not the app's.
        engine = create_engine(db.engine.url, pool_pre_ping=True)
    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename="apscheduler_jobs")},
        executors={"default": ThreadPoolExecutor(max_workers=2)},
        job_defaults=JOB_DEFAULTS,
        timezone=clock.timezone(),
    )
    scheduler.add_listener(_log_job_problem, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    scheduler.add_job(
        jobs.flag_overdue,
        "cron",
        hour=0,
        minute=10,
        id="flag_overdue",
        name="标记超期与即将到期",
        replace_existing=True,
        next_run_time=clock.now(),
    )
    scheduler.add_job(
        jobs.send_reminders,
        "interval",
        minutes=REMINDER_INTERVAL_MINUTES,
        id="send_reminders",
        name="每周提醒与报送提醒",
        replace_existing=True,
        next_run_time=clock.now() + dt.timedelta(seconds=30),
    )
    scheduler.add_job(
        jobs.refresh_dashboard,
        "interval",
        minutes=DASHBOARD_INTERVAL_MINUTES,
        id="refresh_dashboard",
        name="刷新督查总览统计",
        replace_existing=True,
        next_run_time=clock.now() + dt.timedelta(seconds=10),
    )
    scheduler.add_job(
        jobs.dispatch_outbox,
        "interval",
        minutes=DISPATCH_INTERVAL_MINUTES,
        id="dispatch_outbox",
        name="发送待发邮件",
        replace_existing=True,
    )
    return scheduler


class Runner:
    """A scheduler and the database lock it needs: started only while the lock is held, stopped together."""

    def __init__(self, app: Flask, *, blocking: bool = False) -> None:
        self.app = app
        with app.app_context():
            self.lock = lock_for(db.engine)
        self.scheduler = build_scheduler(app, blocking=blocking)
        self._stopped = threading.Event()

    def start_if_free(self) -> bool:
        """Take the lock and start the scheduler; False when another process holds the lock."""
        if not self.lock.acquire():
            return False
        logger.info("Scheduler lock acquired; running jobs in this process")
        jobs.bind(self.app, self.lock)
        self.scheduler.start()
        return True

    def stand_by(self, seconds: float = STANDBY_SECONDS) -> None:
        """Retry every ``seconds`` until the lock is free (its holder stopped or died), then start."""
        while not self.start_if_free():
            logger.info("Another scheduler holds the lock; standing by, next try in %s s", seconds)
            if self._stopped.wait(seconds):
                return

    def stop(self) -> None:
        """Shut the scheduler down (waiting for running jobs) and free the lock; ends a standby too."""
        self._stopped.set()
        if self.scheduler.running:
            self.scheduler.shutdown()
        self.lock.release()


def start_if_enabled(app: Flask) -> Runner | None:
    """Start the in-process scheduler (``python run.py``) if TRACKER_SCHEDULER is on.

    When another process already runs one on this database, this process
    serves pages only and a background thread stands by to take over once
    that scheduler stops. Returns None when the scheduler is off.
    """
    if not app.config["TRACKER_SCHEDULER"]:
        return None
    runner = Runner(app)
    atexit.register(runner.stop)
    if not runner.start_if_free():
        threading.Thread(target=runner.stand_by, name="scheduler-standby", daemon=True).start()
    return runner


def run_scheduler(app: Flask) -> None:
    """Run the jobs in this process until SIGTERM or Ctrl-C (``flask --app run scheduler``)."""
    runner = Runner(app, blocking=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: runner.stop())
    try:
        runner.stand_by()
    except KeyboardInterrupt:
        # Ctrl-C is the normal way to stop a foreground scheduler, not an error to print.
        pass
    finally:
        runner.stop()


def _log_job_problem(event) -> None:
    """Log failed and missed runs; both are retried by the next run of the same sweep."""
    if event.code == EVENT_JOB_MISSED:
        logger.warning("Job %s missed its run at %s", event.job_id, event.scheduled_run_time)
    else:
        logger.error("Job %s failed", event.job_id, exc_info=event.exception)


def next_runs() -> list[tuple[str, dt.datetime | None]]:
    """(job id, next run time) from the job store, as the running scheduler last wrote it.

    Read straight from the table so any web worker can show it, whichever
    process runs the scheduler; empty when no scheduler has started yet.
    """
    rows = db.session.execute(
        db.select(apscheduler_jobs.c.id, apscheduler_jobs.c.next_run_time).order_by(
            apscheduler_jobs.c.next_run_time
        )
    )
    return [
        (job_id, dt.datetime.fromtimestamp(timestamp, dt.UTC) if timestamp is not None else None)
        for job_id, timestamp in rows
    ]

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
from apscheduler.schedulers.base import STATE_STOPPED
from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

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
#: How often the process running the jobs checks that it still holds the lock and its scheduler thread lives.
HEALTH_SECONDS = 5.0
#: How often a standby process asks whether the lock has become free. With the SQLite lock's 60 s lease this
#: bounds a takeover to 70 s after the holder's last renewal (README, "Reminders and the scheduler").
STANDBY_SECONDS = 10.0


class ResilientScheduler(BackgroundScheduler):
    """A BackgroundScheduler whose loop outlives database errors.

    APScheduler catches an error while reading the due jobs, but not while
    writing a job's next run time back, so one "database is locked" from
    SQLite ended its thread for good while the process lived on. Here a
    database error is logged and the loop carries on after
    ``jobstore_retry_interval`` (the job, still due in the store, runs again;
    every job is an idempotent sweep). Any other error still ends the loop,
    logged, and the :class:`Runner` sees the dead thread.
    """

    def _main_loop(self) -> None:
        wait_seconds = threading.TIMEOUT_MAX
        while self.state != STATE_STOPPED:
            self._event.wait(wait_seconds)
            self._event.clear()
            try:
                wait_seconds = self._process_jobs()
            except SQLAlchemyError as error:
                wait_seconds = self.jobstore_retry_interval
                logger.warning("The job store failed (%s); trying again in %s s", error, wait_seconds)
            except Exception:
                logger.exception("The scheduler loop failed and stops")
                return


def build_scheduler(app: Flask) -> BackgroundScheduler:
    """A scheduler with the database job store, in TRACKER_TIMEZONE, with the jobs registered."""
    with app.app_context():
        # The job store disposes its engine on shutdown, so it gets one of its own, not the app's. It
        # reads the store about once a minute, so a connection per use costs nothing and none outlives a
        # database restart or a scheduler shut down while its loop was reading.
        engine = create_engine(db.engine.url, poolclass=NullPool)
    scheduler = ResilientScheduler(
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
    """Keeps a scheduler running in this process exactly while it holds the database lock.

    :meth:`tick` takes the lock when it is free and starts a fresh scheduler.
    When the lock is lost (a database restart dropped the PostgreSQL lock
    connection; a paused process found its SQLite row taken over) or the
    scheduler's thread has died (an error from the job store, such as
    "database is locked", ends APScheduler's loop), it shuts that scheduler
    down, frees the lock so a standby can take over, and stands by itself.
    So no process stays alive running nothing, and no dead scheduler keeps
    the lock: the lock's heartbeat renews only while the thread lives.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        with app.app_context():
            self.lock = lock_for(db.engine, alive=self.is_running)
        self.scheduler: BackgroundScheduler | None = None
        self._stopped = threading.Event()
        self._supervisor: threading.Thread | None = None

    def is_running(self) -> bool:
        """Whether this process's scheduler is started and its thread alive."""
        scheduler = self.scheduler
        # APScheduler offers no event for a loop that died; its thread is the only witness.
        thread = getattr(scheduler, "_thread", None)
        return scheduler is not None and scheduler.running and thread is not None and thread.is_alive()

    def tick(self) -> bool:
        """One supervision step: step down if unhealthy, take over if free; True when running jobs here."""
        if self.scheduler is not None and not self._healthy():
            self._step_down(wait=False)
        if self.scheduler is None:
            self._take_over_if_free()
        return self.scheduler is not None

    def supervise(self) -> None:
        """Call :meth:`tick` until :meth:`request_stop`: often while running, every STANDBY_SECONDS otherwise."""
        while True:
            running = self.tick()
            if self._stopped.wait(HEALTH_SECONDS if running else STANDBY_SECONDS):
                return

    def supervise_in_background(self) -> None:
        self._supervisor = threading.Thread(target=self.supervise, name="scheduler-supervisor", daemon=True)
        self._supervisor.start()

    def request_stop(self) -> None:
        """End :meth:`supervise` after its current step (safe from a signal handler)."""
        self._stopped.set()

    def stop(self) -> None:
        """End supervision, shut the scheduler down (waiting for running jobs) and free the lock."""
        self.request_stop()
        if self._supervisor is not None and self._supervisor is not threading.current_thread():
            self._supervisor.join()
        if self.scheduler is not None:
            self._step_down(wait=True)
        else:
            self._release_lock()

    def _healthy(self) -> bool:
        if not self.lock.is_held():
            logger.error("This process lost the scheduler lock; stopping its jobs and standing by")
            return False
        if not self.is_running():
            logger.error("The scheduler thread has died; freeing the lock and starting again")
            return False
        return True

    def _take_over_if_free(self) -> None:
        try:
            acquired = self.lock.acquire()
        except SQLAlchemyError:
            logger.warning("Could not reach the database for the scheduler lock; trying again", exc_info=True)
            return
        if not acquired:
            logger.info("Another scheduler holds the lock; standing by, next try in %s s", STANDBY_SECONDS)
            return
        scheduler = build_scheduler(self.app)
        jobs.bind(self.app, self.lock)
        try:
            scheduler.start()
        except Exception:
            logger.exception("The scheduler could not start; freeing the lock and trying again")
            if scheduler.running:
                scheduler.shutdown(wait=False)
            self._release_lock()
            return
        self.scheduler = scheduler
        logger.info("Scheduler lock acquired; running jobs in this process")

    def _step_down(self, *, wait: bool) -> None:
        scheduler, self.scheduler = self.scheduler, None
        try:
            if scheduler.running:
                scheduler.shutdown(wait=wait)
        except Exception:
            logger.warning("The scheduler did not shut down cleanly", exc_info=True)
        self._release_lock()

    def _release_lock(self) -> None:
        try:
            self.lock.release()
        except SQLAlchemyError:
            logger.warning("Could not free the scheduler lock; it lapses on its own", exc_info=True)


def start_if_enabled(app: Flask) -> Runner | None:
    """Start the in-process scheduler (``python run.py``) if TRACKER_SCHEDULER is on.

    The first step runs here, so the jobs start with the server; a background
    thread then keeps supervising: it stands by while another process runs
    the scheduler on this database and takes over once that one stops.
    Returns None when the scheduler is off.
    """
    if not app.config["TRACKER_SCHEDULER"]:
        return None
    runner = Runner(app)
    atexit.register(runner.stop)
    runner.tick()
    runner.supervise_in_background()
    return runner


def run_scheduler(app: Flask) -> None:
    """Run the jobs in this process until SIGTERM or Ctrl-C (``flask --app run scheduler``)."""
    runner = Runner(app)
    signal.signal(signal.SIGTERM, lambda signum, frame: runner.request_stop())
    try:
        runner.supervise()
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

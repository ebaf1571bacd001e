"""The scheduled jobs: module-level functions, so APScheduler's database job store can name them.

A persistent job store keeps a textual reference (``tracker.scheduling.jobs:flag_overdue``)
and cannot pickle an app, so :func:`bind` gives this module the app and the
lock once, when the scheduler starts. Every job checks it still holds the
lock, runs one sweep in an app context, commits once, and only then sends.
"""

import logging
from collections.abc import Callable

from flask import Flask

from tracker import clock
from tracker.extensions import db
from tracker.notifications.dispatch import dispatch_pending
from tracker.notifications.reminders import run_reminders
from tracker.services import flags
from tracker.services.dashboard import refresh_office_figures
from tracker.services.holidays import refresh_calendar_if_changed
from tracker.services.jobruns import record_failure

logger = logging.getLogger(__name__)

_app: Flask | None = None
_lock = None


def bind(app: Flask, lock) -> None:
    """Give the jobs the app to run in and the lock they must hold."""
    global _app, _lock
    _app, _lock = app, lock


def flag_overdue() -> None:
    """Record items that turned red or yellow, and missed report duties (daily at 00:10 and at start)."""
    _sweep("flag_overdue", lambda now: flags.flag_overdue(now).summary())


def send_reminders() -> None:
    """Queue the digests and duty reminders due now, then send them."""
    if _sweep("send_reminders", lambda now: run_reminders(now).summary()):
        _dispatch()


def dispatch_outbox() -> None:
    """Send queued mail whose next try is due (SMTP recovered, backoff elapsed)."""
    if _holds_lock("dispatch_outbox"):
        _dispatch()


def _dispatch() -> None:
    """Send the outbox as this tenure of the lock, stopping should the lock be lost meanwhile.

    A lock lost and taken again is a new tenure with a new holder id, so a
    round begun under the old one stops too rather than race the new one.
    """
    tenure = _lock.holder
    with _app.app_context():
        dispatch_pending(claimant=tenure, still_held=lambda: _lock.is_held() and _lock.holder == tenure)


def refresh_dashboard() -> None:
    """Recompute the office dashboard's figures, so at province scale no one waits for them."""
    _sweep("refresh_dashboard", refresh_office_figures)


def _holds_lock(name: str) -> bool:
    if _app is None or _lock is None:
        raise RuntimeError("tracker.scheduling.jobs.bind() was not called before the scheduler started")
    if not _lock.is_held():
        logger.warning("Skipping job %s: this process no longer holds the scheduler lock", name)
        return False
    return True


def _sweep(name: str, work: Callable) -> bool:
    """Run ``work(now)`` in an app context and commit; roll back on error. True when it ran.

    The office's holiday table is reloaded first if it changed, so working days
    here are the same as on the pages.
    """
    if not _holds_lock(name):
        return False
    with _app.app_context():
        try:
            refresh_calendar_if_changed()
            summary = work(clock.now())
            db.session.commit()
        except Exception as error:
            db.session.rollback()
            record_failure(name, clock.now(), error)
            db.session.commit()
            raise
    logger.info("Job %s: %s", name, summary)
    return True

"""A scheduler that loses its lock or its thread goes back to standby and runs jobs again, without a restart.

These run the real scheduler (APScheduler threads, the real job store) against
the test database and break it the way production did: a killed PostgreSQL
lock connection, a SQLite holder paused past its lease, a write lock held
longer than SQLite's busy timeout.
"""

import logging
import sqlite3
import threading
import time

import pytest
from sqlalchemy import text

from tracker import factory, scheduling
from tracker.models import JobRun
from tracker.scheduling import Runner
from tracker.scheduling.lock import ADVISORY_KEY, describe_holder

#: Times a job registered by a test has run (the job store needs a module-level function to name).
ticks = threading.Semaphore(0)


def tick() -> None:
    ticks.release()


def wait_until(condition, timeout: float = 30.0) -> bool:
    """Poll ``condition`` until it holds; False if it did not within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def runners(app, db, monkeypatch):
    """Make Runners on the test database, supervising every 0.1 s; all stopped afterwards."""
    monkeypatch.setattr(scheduling, "HEALTH_SECONDS", 0.1)
    monkeypatch.setattr(scheduling, "STANDBY_SECONDS", 0.1)
    made = []

    def make() -> Runner:
        runner = Runner(app)
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.stop()


def flag_runs(db) -> int:
    db.session.rollback()
    run = db.session.get(JobRun, "flag_overdue")
    return run.run_count if run else 0


def test_jobs_run_again_after_the_postgresql_lock_connection_is_killed(db, runners, caplog):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    runner = runners()
    runner.supervise_in_background()
    assert wait_until(lambda: flag_runs(db) == 1), "the start-up sweep ran"

    with db.engine.connect() as connection:  # what a database restart does to the lock's connection
        killed = connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND objid = :key AND granted"
            ),
            {"key": ADVISORY_KEY},
        ).scalar()
    assert killed

    assert wait_until(lambda: flag_runs(db) == 2), "the process took the lock again and ran the sweep"
    assert "lost the scheduler lock" in caplog.text
    assert runner.is_running()
    assert describe_holder(db.engine, None) is not None


def test_a_holder_paused_past_its_lease_stands_by_and_takes_over_when_the_new_holder_dies(
    db, runners, frozen_clock
):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the lock row with a lease is SQLite's")
    frozen_clock(2026, 11, 23, 8, 0)
    paused, other = runners(), runners()
    assert paused.tick()
    assert not other.tick()

    frozen_clock(2026, 11, 23, 8, 1, 1)  # SIGSTOP for longer than the lease: no renewal meanwhile
    assert other.tick(), "the standby takes the lapsed lock"
    assert not paused.lock.renew(), "on waking up, the paused holder finds its row taken"
    assert not paused.tick(), "it stops its jobs"
    assert paused.scheduler is None
    assert not paused.tick(), "and stands by while the new holder lives"

    other.lock._stop.set()  # the new holder is killed -9: its heartbeat ends, its row stays behind
    other.scheduler.shutdown(wait=False)
    frozen_clock(2026, 11, 23, 8, 2, 2)
    assert paused.tick(), "the old holder takes over again, no restart needed"
    assert paused.is_running()
    assert describe_holder(db.engine, frozen_clock(2026, 11, 23, 8, 2, 3))["holder"] == paused.lock.holder


def test_jobs_outlive_a_write_lock_held_longer_than_the_busy_timeout(app, db, runners, monkeypatch, caplog):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("'database is locked' is SQLite's")
    monkeypatch.setattr(factory, "SQLITE_BUSY_TIMEOUT_MS", 50)  # shorter than the lock held below
    runner = runners()
    assert runner.tick()
    runner.scheduler.jobstore_retry_interval = 0.2
    runner.scheduler.add_job(tick, "interval", seconds=0.2, id="test_tick", replace_existing=True)
    assert ticks.acquire(timeout=30)

    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another writer (a large import) holds the lock for long
        with caplog.at_level(logging.WARNING):
            assert wait_until(lambda: "database is locked" in caplog.text), caplog.text
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()

    while ticks.acquire(blocking=False):
        pass
    assert ticks.acquire(timeout=30), "the job runs again once the database is free"
    assert runner.is_running(), "the scheduler thread survived"


def test_a_scheduler_whose_thread_died_frees_the_lock_and_starts_again(db, runners, caplog):
    runner = runners()
    runner.supervise_in_background()
    assert wait_until(lambda: flag_runs(db) == 1)
    dead = runner.scheduler

    def fail():
        raise RuntimeError("an error nobody foresaw")

    dead._process_jobs = fail  # this scheduler is thrown away, so nothing needs restoring
    dead.wakeup()

    assert wait_until(lambda: flag_runs(db) == 2), "a new scheduler took the lock and ran the start-up sweep"
    assert runner.scheduler is not dead
    assert runner.is_running()
    assert "The scheduler loop failed" in caplog.text
    assert "scheduler thread has died" in caplog.text

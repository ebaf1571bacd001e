"""One scheduler per database: the lock, and the guarded in-process start used by run.py."""

import datetime as dt
import os
import time

import pytest

from tracker.extensions import db as _db
from tracker.scheduling import start_if_enabled
from tracker.scheduling.lock import AdvisoryLock, RowLock, lock_for


@pytest.fixture
def locks(db):
    """Make locks on the test database and release them all afterwards."""
    made = []

    def make(kind=None, **kwargs):
        lock = kind(db.engine, **kwargs) if kind else lock_for(db.engine)
        made.append(lock)
        return lock

    yield make
    for lock in made:
        lock.release()


def test_only_one_lock_holder_per_database_until_it_releases(locks):
    first, second = locks(), locks()

    assert first.acquire()
    assert first.is_held()
    assert not second.acquire()
    first.release()
    assert second.acquire()


def test_the_backend_picks_its_kind_of_lock(db):
    expected = AdvisoryLock if db.engine.dialect.name == "postgresql" else RowLock
    assert isinstance(lock_for(db.engine), expected)


def test_an_expired_lock_row_is_taken_over_and_its_old_holder_stops(locks, frozen_clock):
    frozen_clock(2026, 11, 23, 8, 0)
    crashed, successor = locks(RowLock), locks(RowLock)
    assert crashed.acquire()
    crashed._stop.set()  # its heartbeat stops, as if the process hung

    assert not successor.acquire()
    frozen_clock(2026, 11, 23, 8, 1, 1)
    assert not crashed.is_held(), "past its expiry a holder no longer counts on the lock"
    assert successor.acquire()
    assert not crashed.renew()
    assert successor.renew()
    assert successor.is_held()


def test_the_heartbeat_keeps_the_lock_row(locks):
    lock = locks(RowLock, ttl=dt.timedelta(seconds=0.3))
    assert lock.acquire()
    first_expiry = lock._expires_at
    deadline = time.monotonic() + 2
    while lock._expires_at == first_expiry and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lock._expires_at > first_expiry
    assert lock.is_held()


def test_the_heartbeat_stops_when_the_scheduler_it_stands_for_is_dead(locks, frozen_clock):
    """On the test's own clock, so no clock state another test left behind can hold the lease open."""
    frozen_clock(2026, 11, 23, 9, 0, 0)
    dead = locks(RowLock, ttl=dt.timedelta(seconds=0.3), alive=lambda: False)
    successor = locks(RowLock, ttl=dt.timedelta(seconds=0.3))
    assert dead.acquire()  # the lease runs to 09:00:00.3

    frozen_clock(2026, 11, 23, 9, 0, 1)
    time.sleep(0.35)  # three heartbeats: a live scheduler's would push the lease to 09:00:01.3
    assert successor.acquire(), "no renewal for a dead scheduler, so a standby takes over"
    assert successor.is_held()
    assert not dead.renew()


def test_the_in_process_scheduler_starts_only_when_enabled_and_holds_the_lock(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_SCHEDULER", False)
    assert start_if_enabled(app) is None

    monkeypatch.setitem(app.config, "TRACKER_SCHEDULER", True)
    runner = start_if_enabled(app)
    try:
        assert runner is not None
        assert runner.scheduler.running
        assert runner.lock.is_held()
        jobs = {job.id for job in runner.scheduler.get_jobs()}
        assert jobs == {"flag_overdue", "send_reminders", "dispatch_outbox", "refresh_dashboard"}
        assert not lock_for(_db.engine).acquire(), "a second process on the same database runs no jobs"
    finally:
        runner.stop()
    rival = lock_for(_db.engine)
    assert rival.acquire(), "stopping frees the lock"
    rival.release()


@pytest.mark.skipif(not os.environ.get("TRACKER_TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_a_scheduler_of_another_database_on_the_same_server_is_not_this_ones():
    """pg_locks lists every database's advisory locks: /readyz took another database's scheduler for its own."""
    from sqlalchemy import create_engine

    from tracker.scheduling.lock import describe_holder

    url = os.environ["TRACKER_TEST_DATABASE_URL"]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    other_name = "tracker_lock_neighbour"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {other_name}")
        connection.exec_driver_sql(f"CREATE DATABASE {other_name}")
    other = create_engine(url.rsplit("/", 1)[0] + "/" + other_name)
    try:
        neighbour = lock_for(other)
        assert neighbour.acquire()
        try:
            assert describe_holder(admin, dt.datetime.now(dt.UTC)) is None
        finally:
            neighbour.release()
    finally:
        other.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {other_name}")
        admin.dispose()

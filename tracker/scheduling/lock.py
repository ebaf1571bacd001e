"""One scheduler per database: a PostgreSQL advisory lock, or a lock row with a heartbeat elsewhere.

APScheduler cannot share a job store between schedulers (its FAQ says so), and
every web worker or second ``run.py`` would otherwise run each job again. The
process that holds this lock runs the jobs; any other one serves pages only
(``run.py``) or waits as a standby (``flask --app run scheduler``).
"""

import datetime as dt
import logging
import os
import secrets
import socket
import threading
import zlib
from collections.abc import Callable

from sqlalchemy import delete, insert, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from tracker import clock
from tracker.models import SchedulerLock

logger = logging.getLogger(__name__)

LOCK_NAME = "scheduler"
#: The advisory lock key: a fixed number derived from the name (advisory locks are per database).
ADVISORY_KEY = zlib.crc32(b"tracker-scheduler")


def new_holder_id() -> str:
    """host:pid:random, new at every acquisition, so each tenure of the lock has its own name."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class AdvisoryLock:
    """``pg_try_advisory_lock`` on a connection kept open while the lock is held.

    PostgreSQL releases the lock when that connection ends, so a crashed
    scheduler frees it at once; the connection is in autocommit mode so it
    never sits idle in a transaction. The jobs and the supervisor share the
    connection, so a mutex keeps them from using it at the same moment.
    There is no heartbeat to stop, so ``alive`` is not needed: the Runner
    frees this lock itself when its scheduler dies.
    """

    def __init__(self, engine: Engine, alive: Callable[[], bool] | None = None) -> None:
        self.engine = engine
        self.holder = new_holder_id()
        self._connection: Connection | None = None
        self._mutex = threading.Lock()

    def acquire(self) -> bool:
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
            with self._mutex:
                self._connection, self.holder = connection, new_holder_id()
            return True
        connection.close()
        return False

    def is_held(self) -> bool:
        with self._mutex:
            if self._connection is None:
                return False
            try:
                self._connection.execute(text("SELECT 1"))
            except DBAPIError:
                logger.error("Lost the database connection holding the scheduler lock")
                self._drop()
                return False
            return True

    def release(self) -> None:
        with self._mutex:
            if self._connection is None:
                return
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
            finally:
                self._drop()

    def _drop(self) -> None:
        """Close the lock connection; a broken one is discarded by the pool rather than reused."""
        try:
            self._connection.close()
        except DBAPIError:
            logger.debug("Closing the broken lock connection failed", exc_info=True)
        self._connection = None


class RowLock:
    """A row in scheduler_locks, renewed by a heartbeat thread and taken over once it has expired.

    SQLite has no advisory locks. The holder renews ``expires_at`` every
    ``ttl / 3``; if it dies, another process may take the row after ``ttl``.
    ``alive`` tells the heartbeat whether the scheduler it stands for still
    runs: a process whose scheduler thread died stops renewing, so a standby
    takes over instead of waiting on a lock that guards nothing.
    """

    def __init__(
        self,
        engine: Engine,
        ttl: dt.timedelta = dt.timedelta(seconds=60),
        alive: Callable[[], bool] | None = None,
    ) -> None:
        self.engine = engine
        self.ttl = ttl
        self.alive = alive
        self.holder = new_holder_id()
        self._held = False
        #: Until when this process may count on the row, as of its last successful renewal.
        self._expires_at: dt.datetime | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> bool:
        table = SchedulerLock.__table__
        now = clock.now()
        self.holder = new_holder_id()
        values = {
            "holder": self.holder,
            "acquired_at": now,
            "heartbeat_at": now,
            "expires_at": now + self.ttl,
        }
        with self.engine.begin() as connection:
            taken = connection.execute(
                update(table).where(table.c.name == LOCK_NAME, table.c.expires_at < now).values(**values)
            ).rowcount
        if not taken:
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(table).values(name=LOCK_NAME, **values))
            except IntegrityError:
                return False
        self._held, self._expires_at = True, values["expires_at"]
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name="scheduler-lock-heartbeat", daemon=True)
        self._thread.start()
        return True

    def renew(self) -> bool:
        """Push the expiry ahead; False (and the lock counts as lost) if another process took the row."""
        table = SchedulerLock.__table__
        now = clock.now()
        with self.engine.begin() as connection:
            kept = connection.execute(
                update(table)
                .where(table.c.name == LOCK_NAME, table.c.holder == self.holder)
                .values(heartbeat_at=now, expires_at=now + self.ttl)
            ).rowcount
        if not kept:
            logger.error("The scheduler lock was taken over by another process; stopping jobs here")
            self._held = False
        else:
            self._expires_at = now + self.ttl
        return bool(kept)

    def is_held(self) -> bool:
        """Held, and renewed recently enough that no other process can have taken it over."""
        return self._held and self._expires_at is not None and clock.now() < self._expires_at

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._held:
            table = SchedulerLock.__table__
            with self.engine.begin() as connection:
                connection.execute(
                    delete(table).where(table.c.name == LOCK_NAME, table.c.holder == self.holder)
                )
            self._held = False

    def _beat(self) -> None:
        while not self._stop.wait(self.ttl.total_seconds() / 3):
            if self.alive is not None and not self.alive():
                logger.error("The scheduler is not running; no longer renewing its lock")
                return
            try:
                if not self.renew():
                    return
            except DBAPIError:
                # A busy or briefly unreachable database: try again at the next beat, before expiry.
                logger.warning("Could not renew the scheduler lock", exc_info=True)


def lock_for(engine: Engine, alive: Callable[[], bool] | None = None) -> AdvisoryLock | RowLock:
    """The kind of lock that fits the database behind ``engine``; ``alive`` as for :class:`RowLock`."""
    kind = AdvisoryLock if engine.dialect.name == "postgresql" else RowLock
    return kind(engine, alive=alive)


def describe_holder(engine: Engine, now: dt.datetime) -> dict | None:
    """Who holds the scheduler lock (for /readyz and the admin page), or None when nobody does."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            row = connection.execute(
                text(
                    "SELECT a.pid, a.application_name, a.client_addr, a.backend_start FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                    "AND l.classid = 0 AND l.objid = :key AND l.granted "
                    # pg_locks shows every database's locks; another database's scheduler is not ours
                    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                ),
                {"key": ADVISORY_KEY},
            ).first()
            if row is None:
                return None
            return {
                "holder": f"pid {row.pid} {row.client_addr or 'local'}",
                "since": row.backend_start.isoformat(),
            }
        row = connection.execute(
            SchedulerLock.__table__.select().where(SchedulerLock.name == LOCK_NAME)
        ).first()
    if row is None or row.expires_at <= now:
        return None
    return {"holder": row.holder, "since": row.acquired_at.isoformat()}

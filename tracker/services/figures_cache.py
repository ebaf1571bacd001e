"""Serve expensive figures from a short-lived cache, but only where computing them is slow.

A county's few thousand items are counted live on every view, so a closed
item shows at once; a province's million items take seconds to aggregate, so
their figures are kept for MAX_AGE and refreshed by the scheduler. Which case
applies is measured, not configured: a computation faster than SLOW_MS is
never served from the cache.

While one request computes slow figures, the others keep serving the
previous ones instead of computing them too: the figures being replaced, or,
when the key is new (the day changed at midnight), the newest figures of the
same family (yesterday's), which the page marks as stale. On PostgreSQL the
computing request holds an advisory lock on the key until it commits; the
others find it taken and do not wait. Without this, every worker computed at
once and a province's dashboard stalled for everyone (50 connections timed
out together in the concurrency benchmark). SQLite, one process with a
county's data, has no such lock: there each request that needs the figures
computes them, as before.
"""

import datetime as dt
import time
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import CachedFigures

SLOW_MS = 300
MAX_AGE = dt.timedelta(minutes=5)


def cached_figures(
    key: str, compute: Callable[[], dict], now: dt.datetime, *, family: str = ""
) -> tuple[dict, dt.datetime]:
    """Return (figures, when they were computed) for ``key``, computing and storing them when needed.

    ``family`` is the start shared by the key and its earlier versions (e.g.
    "dashboard:all:" for every day's figures); they stand in while another
    request computes figures that are new.
    """
    stored = db.session.get(CachedFigures, key)
    if stored is not None and stored.duration_ms >= SLOW_MS and now - stored.computed_at < MAX_AGE:
        return stored.payload, stored.computed_at
    previous = stored if stored is not None or not family else _newest_of(family)
    if previous is not None and previous.duration_ms >= SLOW_MS and not _lock_for_computing(key):
        return previous.payload, previous.computed_at
    return refresh_figures(key, compute, now), now


def _newest_of(family: str) -> CachedFigures | None:
    """The most recently computed figures whose key starts with ``family``."""
    return db.session.scalars(
        db.select(CachedFigures)
        .where(CachedFigures.key.startswith(family, autoescape=True))
        .order_by(CachedFigures.computed_at.desc())
        .limit(1)
    ).first()


def _lock_for_computing(key: str) -> bool:
    """Take the right to compute ``key`` until this transaction ends; False when another request holds it."""
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    return db.session.scalar(text("SELECT pg_try_advisory_xact_lock(hashtext(:key))"), {"key": key})


def refresh_figures(key: str, compute: Callable[[], dict], now: dt.datetime) -> dict:
    """Compute the figures now and keep them (the caller commits)."""
    started = time.perf_counter()
    payload = compute()
    duration_ms = int((time.perf_counter() - started) * 1000)
    stored = db.session.get(CachedFigures, key)
    if stored is not None:
        stored.computed_at, stored.duration_ms, stored.payload = now, duration_ms, payload
        return payload
    try:
        with db.session.begin_nested():
            db.session.add(CachedFigures(key=key, computed_at=now, duration_ms=duration_ms, payload=payload))
    except IntegrityError:
        pass  # another worker stored the same figures a moment ago
    return payload

"""Serve expensive figures from a short-lived cache, but only where computing them is slow.

A county's few thousand items are counted live on every view, so a closed
item shows at once; a province's million items take seconds to aggregate, so
their figures are kept for MAX_AGE and refreshed by the scheduler. Which case
applies is measured, not configured: a computation faster than SLOW_MS is
never served from the cache.

When slow figures expire, one request recomputes them while the others keep
serving the previous ones: on PostgreSQL the recomputing request holds the
row's lock until it commits, and the others skip a locked row instead of
waiting. Without this, every worker would recompute at once and a province's
dashboard would stall for everyone (50 connections timed out together in
the concurrency benchmark). SQLite has no row locks; there, as before, each
request that finds the figures old computes them.
"""

import datetime as dt
import time
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import CachedFigures

SLOW_MS = 300
MAX_AGE = dt.timedelta(minutes=5)


def cached_figures(key: str, compute: Callable[[], dict], now: dt.datetime) -> tuple[dict, dt.datetime]:
    """Return (figures, when they were computed) for ``key``, computing and storing them when needed."""
    stored = db.session.get(CachedFigures, key)
    if stored is not None and stored.duration_ms >= SLOW_MS:
        if now - stored.computed_at < MAX_AGE or not _claim_refresh(key):
            return stored.payload, stored.computed_at
    return refresh_figures(key, compute, now), now


def _claim_refresh(key: str) -> bool:
    """Lock the stored figures for this transaction, unless another transaction is refreshing them."""
    locked = db.select(CachedFigures.key).where(CachedFigures.key == key).with_for_update(skip_locked=True)
    return db.session.scalar(locked) is not None


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

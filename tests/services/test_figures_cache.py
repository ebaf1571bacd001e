"""Slow figures are served from the cache for a few minutes; fast ones are always live."""

import contextlib
import datetime as dt

import pytest
from sqlalchemy import text

from tracker import clock
from tracker.services import figures_cache

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=clock.timezone())


def counter(delay_ms: int, monkeypatch):
    calls = {"n": 0}
    ticks = iter(range(0, 10_000_000, delay_ms))

    def compute():
        calls["n"] += 1
        return {"n": calls["n"]}

    monkeypatch.setattr(figures_cache.time, "perf_counter", lambda: next(ticks) / 1000)
    return compute, calls


def test_slow_figures_are_reused_until_they_are_old(db, monkeypatch):
    compute, calls = counter(figures_cache.SLOW_MS + 100, monkeypatch)
    assert figures_cache.cached_figures("k", compute, NOW) == ({"n": 1}, NOW)
    db.session.commit()
    later = NOW + dt.timedelta(minutes=2)
    assert figures_cache.cached_figures("k", compute, later) == ({"n": 1}, NOW)
    much_later = NOW + figures_cache.MAX_AGE + dt.timedelta(seconds=1)
    assert figures_cache.cached_figures("k", compute, much_later) == ({"n": 2}, much_later)
    assert calls["n"] == 2


def test_fast_figures_are_always_computed_again(db, monkeypatch):
    compute, calls = counter(5, monkeypatch)
    figures_cache.cached_figures("k", compute, NOW)
    db.session.commit()
    assert figures_cache.cached_figures("k", compute, NOW + dt.timedelta(seconds=10))[0] == {"n": 2}


@pytest.fixture
def computing_elsewhere(db):
    """Another worker computing a key: holds the key's advisory lock (PostgreSQL) while the block runs."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the lock is PostgreSQL's; on SQLite every request that needs the figures computes them")

    @contextlib.contextmanager
    def hold(key: str):
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), {"key": key})
            try:
                yield
            finally:
                other.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), {"key": key})
                other.commit()

    return hold


def test_while_one_request_refreshes_old_figures_the_others_get_the_previous_ones(
    db, monkeypatch, computing_elsewhere
):
    compute, calls = counter(figures_cache.SLOW_MS + 100, monkeypatch)
    figures_cache.cached_figures("k", compute, NOW)
    db.session.commit()
    much_later = NOW + figures_cache.MAX_AGE + dt.timedelta(seconds=1)
    with computing_elsewhere("k"):
        assert figures_cache.cached_figures("k", compute, much_later) == ({"n": 1}, NOW)
        db.session.commit()
        assert calls["n"] == 1  # not computed a second time meanwhile
    assert figures_cache.cached_figures("k", compute, much_later) == ({"n": 2}, much_later)


def test_while_one_request_computes_a_new_days_figures_the_others_get_yesterdays(
    db, monkeypatch, computing_elsewhere
):
    compute, calls = counter(figures_cache.SLOW_MS + 100, monkeypatch)
    figures_cache.cached_figures("day:2026-11-23", compute, NOW, family="day:")
    db.session.commit()
    after_midnight = NOW + dt.timedelta(hours=15)
    with computing_elsewhere("day:2026-11-24"):
        served = figures_cache.cached_figures("day:2026-11-24", compute, after_midnight, family="day:")
        assert served == ({"n": 1}, NOW)  # yesterday's, with their time (the page says they are stale)
        db.session.commit()
    served = figures_cache.cached_figures("day:2026-11-24", compute, after_midnight, family="day:")
    assert served == ({"n": 2}, after_midnight)
    assert calls["n"] == 2

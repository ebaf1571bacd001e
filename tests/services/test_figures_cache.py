"""Slow figures are served from the cache for a few minutes; fast ones are always live."""

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


def test_while_one_request_refreshes_old_figures_the_others_get_the_previous_ones(db, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "row locks are PostgreSQL's; on SQLite every request that finds old figures computes them"
        )
    compute, calls = counter(figures_cache.SLOW_MS + 100, monkeypatch)
    figures_cache.cached_figures("k", compute, NOW)
    db.session.commit()
    much_later = NOW + figures_cache.MAX_AGE + dt.timedelta(seconds=1)
    with db.engine.connect() as refreshing:  # another worker, in the middle of recomputing the figures
        refreshing.execute(text("SELECT key FROM cached_figures WHERE key = 'k' FOR UPDATE"))
        assert figures_cache.cached_figures("k", compute, much_later) == ({"n": 1}, NOW)
        db.session.commit()
        assert calls["n"] == 1  # not computed a second time meanwhile
        refreshing.rollback()
    assert figures_cache.cached_figures("k", compute, much_later) == ({"n": 2}, much_later)

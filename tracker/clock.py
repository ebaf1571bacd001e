"""The one reader of the wall clock.

Everything that needs "now" or "today" asks this module, in the configured
timezone (Asia/Shanghai by default), so that a deadline "due within 7 working
days" means the same thing on the server, in tests and in the scheduler, and
so tests can freeze time with :func:`freeze`.
"""

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

_timezone = ZoneInfo("Asia/Shanghai")
_frozen: dt.datetime | None = None


def configure(timezone_name: str) -> None:
    """Set the timezone in which :func:`now` and :func:`today` are read."""
    global _timezone
    _timezone = ZoneInfo(timezone_name)


def timezone() -> ZoneInfo:
    """Return the configured timezone."""
    return _timezone


def now() -> dt.datetime:
    """Return the current time, timezone-aware, in the configured timezone."""
    if _frozen is not None:
        return _frozen.astimezone(_timezone)
    return dt.datetime.now(_timezone)


def today() -> dt.date:
    """Return today's date in the configured timezone (not the server's)."""
    return now().date()


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the configured timezone (for comparing with stored timestamps)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=_timezone)


@contextmanager
def freeze(moment: dt.datetime):
    """Make :func:`now` return ``moment`` inside the block (an aware datetime)."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("freeze() needs a timezone-aware datetime")
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous

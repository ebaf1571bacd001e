"""China's working-day calendar: official holidays, make-up working days (调休) and 春节.

chinese-calendar knows the State Council's holiday arrangements only for the
years it ships (and raises NotImplementedError outside them), while gazettes
set time limits up to 2030. Unknown years therefore fall back to "Monday to
Friday are working days" instead of crashing; `is_year_known` tells callers
when they are on that fallback. An office can correct or extend the calendar
with an override table (date -> is working day), which a later issue will
load from the database into a `WorkCalendar`.

Conventions used throughout:
- `next_working_day(d)` is the first working day ON OR AFTER d, so a time
  limit that falls on a working day stays put and one on a holiday moves on.
- `working_days_between(a, b)` counts the half-open range [a, b): a counts,
  b does not (as numpy.busday_count), negative when b < a.
- `add_working_days(d, n)` first rolls d forward to a working day, then
  moves n working days (backward when n < 0), as numpy.busday_offset with
  roll="forward".
"""

import datetime
from collections.abc import Mapping

import chinese_calendar

_ONE_DAY = datetime.timedelta(days=1)
_KNOWN_YEARS = range(
    min(chinese_calendar.holidays).year,
    max(chinese_calendar.holidays).year + 1,
)

# First day of the lunar year (正月初一). These are fixed astronomical facts;
# a table replaces a lunar-calendar dependency because only this one date per
# year is needed. tests/test_calendar.py checks the years chinese-calendar
# knows against its 春节 holidays.
_SPRING_FESTIVAL = {
    2000: (2, 5),
    2001: (1, 24),
    2002: (2, 12),
    2003: (2, 1),
    2004: (1, 22),
    2005: (2, 9),
    2006: (1, 29),
    2007: (2, 18),
    2008: (2, 7),
    2009: (1, 26),
    2010: (2, 14),
    2011: (2, 3),
    2012: (1, 23),
    2013: (2, 10),
    2014: (1, 31),
    2015: (2, 19),
    2016: (2, 8),
    2017: (1, 28),
    2018: (2, 16),
    2019: (2, 5),
    2020: (1, 25),
    2021: (2, 12),
    2022: (2, 1),
    2023: (1, 22),
    2024: (2, 10),
    2025: (1, 29),
    2026: (2, 17),
    2027: (2, 6),
    2028: (1, 26),
    2029: (2, 13),
    2030: (2, 3),
    2031: (1, 23),
    2032: (2, 11),
    2033: (1, 31),
    2034: (2, 19),
    2035: (2, 8),
    2036: (1, 28),
    2037: (2, 15),
    2038: (2, 4),
    2039: (1, 24),
    2040: (2, 12),
}


def spring_festival(year: int) -> datetime.date | None:
    """正月初一 of `year`, or None outside 2000-2040 (no guessing a festival date)."""
    month_day = _SPRING_FESTIVAL.get(year)
    return datetime.date(year, *month_day) if month_day else None


def is_year_known(year: int) -> bool:
    """Whether the official holiday arrangement of `year` is known to chinese-calendar."""
    return year in _KNOWN_YEARS


class WorkCalendar:
    """Working days from chinese-calendar, weekends for unknown years, and office overrides.

    `overrides` maps a date to True (a working day, e.g. a 调休 Saturday not yet
    in chinese-calendar) or False (a day off); it wins over everything else.
    """

    def __init__(self, overrides: Mapping[datetime.date, bool] | None = None) -> None:
        self.overrides: dict[datetime.date, bool] = dict(overrides or {})

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if is_year_known(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first working day on or after `day`."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, day: datetime.date) -> datetime.date:
        """The last working day on or before `day`."""
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """Roll `day` forward to a working day, then move `count` working days."""
        day = self.next_working_day(day)
        step = _ONE_DAY if count >= 0 else -_ONE_DAY
        for _ in range(abs(count)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in [start, end): start counts, end does not; negative if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count


default_calendar = WorkCalendar()
#: Years whose arrangement the office entered in its holiday table (see `install_overrides`).
_entered_years: set[int] = set()


def install_overrides(
    overrides: Mapping[datetime.date, bool], entered_years: set[int] | frozenset[int]
) -> None:
    """Make the office's holiday table part of the module-level calendar.

    Called by the app with the rows of its holiday table whenever they change;
    the extraction engine and the tests use the package's calendar alone.
    """
    default_calendar.overrides = dict(overrides)
    _entered_years.clear()
    _entered_years.update(entered_years)


def is_year_covered(year: int) -> bool:
    """Whether working days of `year` follow a known arrangement (the package's or the office's)."""
    return is_year_known(year) or year in _entered_years


def is_working_day(day: datetime.date) -> bool:
    return default_calendar.is_working_day(day)


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day on or after `day`."""
    return default_calendar.next_working_day(day)


def previous_working_day(day: datetime.date) -> datetime.date:
    """The last working day on or before `day`."""
    return default_calendar.previous_working_day(day)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """Roll `day` forward to a working day, then move `count` working days."""
    return default_calendar.add_working_days(day, count)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in [start, end): start counts, end does not."""
    return default_calendar.working_days_between(start, end)

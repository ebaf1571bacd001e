"""The solar dates of the festivals and lunar dates that officials set time limits by.

端午, 中秋 and 春节 move with the lunar calendar, 清明 is a solar term, and
"农历十月初一" is a lunar date: none can be read off the Gregorian calendar.
Lunar dates come from borax's lunardate tables (1900-2100, MIT licence, no
dependencies); 清明 from chinese-calendar's solar terms (already used for the
working-day calendar). Outside the years those cover the answer is None, so
the caller gives the phrase no date instead of a guess.
"""

import datetime
from functools import lru_cache

import chinese_calendar
from borax.calendars.lunardate import LunarDate

from tracker.extraction._text import number

# Lunar month names that are not plain numerals.
_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}
# Fixed Gregorian festivals: (month, day).
_SOLAR = {"国庆": (10, 1), "五一": (5, 1), "劳动": (5, 1), "元旦": (1, 1)}
# Lunar festivals: (lunar month, lunar day).
_LUNAR = {"春节": (1, 1), "端午": (5, 5), "中秋": (8, 15)}


@lru_cache(maxsize=256)
def festival_day(name: str, year: int) -> datetime.date | None:
    """The Gregorian day of festival `name` ("国庆节", "端午", "清明节", …) in `year`; None if unknown.

    Cached: a lunar conversion costs ten times a whole phrase's reading, and a
    gazette names the same few festivals of the same few years again and again.
    """
    name = name if name in _LUNAR else name.removesuffix("节")
    if name in _SOLAR:
        return datetime.date(year, *_SOLAR[name])
    if name in _LUNAR:
        return lunar_to_solar(year, *_LUNAR[name])
    if name == "清明":
        return _qingming(year)
    return None


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> datetime.date | None:
    """The Gregorian day of lunar `year`-`month`-`day` (闰月 when `leap`); None if no such day or year."""
    try:
        return LunarDate(year, month, day, int(leap)).to_solar_date()
    except ValueError:
        return None


def lunar_month(token: str) -> int:
    """Read a lunar month as printed: 正, 冬, 腊, 十, 10."""
    return _LUNAR_MONTHS.get(token) or number(token)


def lunar_day(token: str) -> int:
    """Read a lunar day as printed: 初一, 十五, 廿三, 卅, 三十, 15."""
    token = token.removeprefix("初").replace("廿", "二十").replace("卅", "三十")
    return number(token)


def _qingming(year: int) -> datetime.date | None:
    april = datetime.date(year, 4, 1), datetime.date(year, 4, 30)
    try:
        terms = chinese_calendar.get_solar_terms(*april)
    except NotImplementedError:
        return None
    return next(day for day, term in terms if term == "清明")

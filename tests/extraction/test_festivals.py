"""Festival and lunar dates, checked against independent sources: the State Council's holidays and 春节 table."""

import datetime

import chinese_calendar
import pytest

from tracker.calendar import spring_festival
from tracker.extraction.festivals import festival_day, lunar_day, lunar_month, lunar_to_solar

D = datetime.date
# 端午, 中秋 and 清明 have been public holidays since 2008; chinese-calendar knows them up to its last year.
_HOLIDAY_YEARS = range(2008, max(chinese_calendar.holidays).year + 1)


@pytest.mark.parametrize("festival", ["端午节", "中秋节", "清明节", "春节"])
def test_each_festival_falls_on_its_official_holiday(festival):
    days = {year: festival_day(festival, year) for year in _HOLIDAY_YEARS}
    assert all(chinese_calendar.is_holiday(day) for day in days.values()), days


def test_spring_festival_agrees_with_the_working_day_calendar():
    assert all(festival_day("春节", year) == spring_festival(year) for year in range(2000, 2041))


@pytest.mark.parametrize(
    ("festival", "year", "day"),
    [
        ("端午", 2022, D(2022, 6, 3)),
        ("中秋", 2022, D(2022, 9, 10)),
        ("清明", 2022, D(2022, 4, 5)),
        ("清明节", 2024, D(2024, 4, 4)),
        ("国庆节", 2022, D(2022, 10, 1)),
        ("劳动节", 2022, D(2022, 5, 1)),
        ("元旦", 2023, D(2023, 1, 1)),
        ("端午节", 2101, None),
        ("清明", 2101, None),
        ("重阳", 2022, None),
    ],
)
def test_festival_day(festival, year, day):
    assert festival_day(festival, year) == day


@pytest.mark.parametrize(
    ("lunar", "day"),
    [
        ((2022, 10, 1, False), D(2022, 10, 25)),
        ((2022, 1, 15, False), D(2022, 2, 15)),
        ((2023, 2, 1, True), D(2023, 3, 22)),
        ((2023, 2, 1, False), D(2023, 2, 20)),
        ((2022, 2, 1, True), None),
        ((2022, 1, 31, False), None),
    ],
    ids=["十月初一", "元宵", "闰二月", "二月 in a leap year", "no 闰二月 in 2022", "no 正月三十一"],
)
def test_lunar_to_solar(lunar, day):
    assert lunar_to_solar(*lunar) == day


@pytest.mark.parametrize(("token", "month"), [("正", 1), ("冬", 11), ("腊", 12), ("十", 10), ("10", 10)])
def test_lunar_month(token, month):
    assert lunar_month(token) == month


@pytest.mark.parametrize(
    ("token", "day"),
    [("初一", 1), ("初十", 10), ("十五", 15), ("廿三", 23), ("二十", 20), ("卅", 30), ("15", 15)],
)
def test_lunar_day(token, day):
    assert lunar_day(token) == day

"""Working days with China's official holidays, 调休 and fallbacks for years chinese-calendar lacks."""

import datetime

import chinese_calendar
import pytest

from tracker import calendar
from tracker.calendar import WorkCalendar

D = datetime.date


def test_national_day_2024_with_its_make_up_days():
    # 2024: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 are working days.
    assert calendar.is_working_day(D(2024, 9, 29))
    assert not calendar.is_working_day(D(2024, 10, 1))
    assert not calendar.is_working_day(D(2024, 10, 7))
    assert calendar.is_working_day(D(2024, 10, 12))
    assert calendar.next_working_day(D(2024, 10, 1)) == D(2024, 10, 8)
    assert calendar.add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert calendar.add_working_days(D(2024, 10, 8), 5) == D(2024, 10, 14)
    assert calendar.working_days_between(D(2024, 9, 28), D(2024, 10, 14)) == 7


def test_next_working_day_keeps_a_working_day():
    assert calendar.next_working_day(D(2024, 6, 14)) == D(2024, 6, 14)
    assert calendar.previous_working_day(D(2024, 10, 6)) == D(2024, 9, 30)


def test_add_working_days_rolls_forward_first_and_goes_back():
    assert calendar.add_working_days(D(2024, 10, 5), 0) == D(2024, 10, 8)
    assert calendar.add_working_days(D(2024, 10, 8), -1) == D(2024, 9, 30)


def test_working_days_between_is_half_open_and_signed():
    assert calendar.working_days_between(D(2024, 6, 7), D(2024, 6, 12)) == 2  # 06-10 is 端午
    assert calendar.working_days_between(D(2024, 6, 17), D(2024, 6, 21)) == 4
    assert calendar.working_days_between(D(2024, 6, 21), D(2024, 6, 17)) == -4
    assert calendar.working_days_between(D(2024, 6, 17), D(2024, 6, 17)) == 0


def test_unknown_years_fall_back_to_weekends():
    assert not calendar.is_year_known(2030)
    assert calendar.is_year_known(2024)
    assert calendar.is_working_day(D(2030, 10, 1))  # a Tuesday; the 2030 arrangement is not published
    assert not calendar.is_working_day(D(2030, 10, 5))
    assert calendar.next_working_day(D(2030, 10, 5)) == D(2030, 10, 7)


def test_overrides_win():
    office = WorkCalendar({D(2030, 10, 1): False, D(2024, 10, 12): False, D(2024, 6, 15): True})
    assert not office.is_working_day(D(2030, 10, 1))
    assert not office.is_working_day(D(2024, 10, 12))
    assert office.is_working_day(D(2024, 6, 15))
    assert office.next_working_day(D(2030, 10, 1)) == D(2030, 10, 2)
    assert calendar.is_working_day(D(2030, 10, 1))


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2024, D(2024, 2, 10)),
        (2025, D(2025, 1, 29)),
        (2026, D(2026, 2, 17)),
        (2030, D(2030, 2, 3)),
        (2035, D(2035, 2, 8)),
    ],
)
def test_spring_festival(year, day):
    assert calendar.spring_festival(year) == day


def test_spring_festival_unknown_year():
    assert calendar.spring_festival(2100) is None


def test_spring_festival_table_agrees_with_chinese_calendar():
    for year in range(2004, 2027):
        detail = chinese_calendar.get_holiday_detail(calendar.spring_festival(year))
        assert detail == (True, chinese_calendar.Holiday.spring_festival.value), year

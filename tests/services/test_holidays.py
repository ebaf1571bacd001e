"""The office's holiday table: years the holiday package does not know yet."""

import datetime as dt

import pytest

from tracker import calendar, clock
from tracker.errors import ImportRejected
from tracker.models import HolidayOverride, HolidayYear
from tracker.services import holidays

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=clock.timezone())

# An arrangement for 2027 in the State Council's usual shape (illustrative dates).
NOTICE_2027 = """date,kind,name
# 国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。
2027-10-01,holiday,国庆节
2027-10-04,holiday,国庆节
2027-10-05,holiday,国庆节
2027-10-06,holiday,国庆节
2027-10-07,holiday,国庆节
2027-09-26,workday,国庆节
2027-10-09,班,国庆节
"""


def test_unknown_year_falls_back_to_weekends_without_crashing():
    assert not calendar.is_year_covered(2027)
    assert calendar.is_working_day(dt.date(2027, 10, 4))  # a Monday: weekends-only guess
    assert not calendar.is_working_day(dt.date(2027, 10, 9))  # a Saturday


def test_imported_year_changes_working_day_counts(db):
    rows = holidays.parse_holiday_csv(NOTICE_2027)
    assert holidays.import_holidays(rows, "国办发明电〔2026〕x号", None, NOW) == [2027]
    db.session.commit()
    holidays.load_calendar()
    assert calendar.is_year_covered(2027)
    assert not calendar.is_working_day(dt.date(2027, 10, 4))
    assert calendar.is_working_day(dt.date(2027, 10, 9))
    assert calendar.add_working_days(dt.date(2027, 9, 30), 1) == dt.date(2027, 10, 8)


def test_reimporting_replaces_days_instead_of_duplicating(db):
    holidays.import_holidays(holidays.parse_holiday_csv(NOTICE_2027), "a.csv", None, NOW)
    holidays.import_holidays([(dt.date(2027, 10, 4), True, "更正")], "b.csv", None, NOW)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(HolidayOverride)) == 7
    assert db.session.get(HolidayOverride, dt.date(2027, 10, 4)).is_working_day is True
    assert db.session.get(HolidayYear, 2027).source == "b.csv"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-13-01,holiday,x\n", "第 1 行：日期"),
        ("2027-10-01,vacation,x\n", "类型应为"),
        ("# nothing\n", "没有任何日期"),
    ],
)
def test_bad_files_name_the_line_and_import_nothing(db, text, message):
    with pytest.raises(ImportRejected, match=message):
        holidays.parse_holiday_csv(text)


def test_uncovered_years_reach_to_the_last_open_deadline(db, make_item):
    make_item(due_on=dt.date(2029, 6, 30))
    make_item(due_on=dt.date(2030, 12, 31), status="done")
    db.session.commit()
    assert holidays.uncovered_years(dt.date(2026, 11, 23)) == [2027, 2028, 2029]


def test_one_day_entered_by_hand_does_not_make_its_year_known(db, make_item):
    make_item(due_on=dt.date(2027, 6, 30))
    holidays.set_override(dt.date(2027, 1, 1), False, "元旦", None, NOW)
    db.session.commit()
    holidays.load_calendar()

    assert not calendar.is_year_covered(2027)
    assert holidays.uncovered_years(dt.date(2026, 11, 23)) == [2027]
    assert not calendar.is_working_day(dt.date(2027, 1, 1))  # the day itself is still corrected

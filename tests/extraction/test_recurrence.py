"""Recurring report duties and the days they fall due."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.extraction.recurrence import Duty, find_duties

D = datetime.date
REF = D(2024, 6, 14)
YEAR_2024 = (D(2024, 1, 1), D(2024, 12, 31))
MONTH_ENDS_2024 = [D(2024, m + 1, 1) - datetime.timedelta(days=1) for m in range(1, 12)] + [D(2024, 12, 31)]


def only_duty(text: str) -> Duty:
    duties = find_duties(text, REF)
    assert len(duties) == 1, duties
    return duties[0]


def test_monthly_first_monday_over_a_year():
    duty = only_duty("将工作进展情况按月（每月的第一个星期一）上报县政府")
    assert duty.text == "每月的第一个星期一"
    assert duty.rule == "FREQ=MONTHLY;BYDAY=+1MO"
    assert duty.description == "monthly, first Monday"
    assert duty.occurrences(*YEAR_2024) == [
        D(2024, 1, 1), D(2024, 2, 5), D(2024, 3, 4), D(2024, 4, 1), D(2024, 5, 6), D(2024, 6, 3),
        D(2024, 7, 1), D(2024, 8, 5), D(2024, 9, 2), D(2024, 10, 7), D(2024, 11, 4), D(2024, 12, 2),
    ]  # fmt: skip


def test_monthly_by_a_day_over_a_year():
    duty = only_duty("每月5日前报送上月工作进展")
    assert duty.description == "monthly, by day 5"
    assert duty.occurrences(*YEAR_2024) == [D(2024, m, 5) for m in range(1, 13)]


@pytest.mark.parametrize(
    "text", ["按月报送", "每月公布空气质量排名", "坚持案件办理情况一月一汇总", "每月底前报送"]
)
def test_monthly_falls_due_at_each_month_end(text):
    assert only_duty(text).occurrences(*YEAR_2024) == MONTH_ENDS_2024


@pytest.mark.parametrize("text", ["每季度末报送", "每季度听取工作情况汇报", "按季度报送"])
def test_quarterly_over_a_year(text):
    duty = only_duty(text)
    assert duty.description == "quarterly"
    assert duty.occurrences(*YEAR_2024) == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]


def test_every_half_year_over_a_year():
    duty = only_duty("每半年召开一次专题会议")
    assert duty.description == "every half year"
    assert duty.occurrences(*YEAR_2024) == [D(2024, 6, 30), D(2024, 12, 31)]


def test_yearly_day_over_two_years():
    duty = only_duty("每年12月10日前报送年度总结")
    assert duty.rule == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10"
    assert duty.occurrences(D(2024, 1, 1), D(2025, 12, 31)) == [D(2024, 12, 10), D(2025, 12, 10)]


def test_yearly_month_end():
    duty = only_duty("每年2月底前报送")
    assert duty.occurrences(D(2024, 1, 1), D(2025, 12, 31)) == [D(2024, 2, 29), D(2025, 2, 28)]


def test_weekly_over_a_month():
    duty = only_duty("每周报送一次")
    assert duty.description == "weekly"
    assert duty.occurrences(D(2024, 6, 1), D(2024, 6, 30)) == [D(2024, 6, d) for d in (7, 14, 21, 28)]


def test_fixed_half_year_dates_repeat_every_year():
    text = "牵头单位要将工作进展情况按月（每月的第一个星期一）上报县政府分管副县长。6月20日、11月10日报送半年、全年工作完成情况。"
    first, fixed = find_duties(text, REF)
    assert first.description == "monthly, first Monday"
    assert fixed == Duty("6月20日、11月10日", None, (D(2024, 6, 20), D(2024, 11, 10)), "every half year")
    assert fixed.occurrences(D(2024, 7, 1), D(2025, 7, 1)) == [D(2024, 11, 10), D(2025, 6, 20)]


def test_half_year_and_year_reports_at_month_ends():
    duty = only_duty("于6月底和12月底前分别报送半年和全年工作情况总结")
    assert duty.dates == (D(2024, 6, 30), D(2024, 12, 31))
    assert duty.occurrences(*YEAR_2024) == [D(2024, 6, 30), D(2024, 12, 31)]


def test_periodic_has_no_days():
    duty = only_duty("定期报送典型执法案例")
    assert duty.description == "periodic"
    assert duty.occurrences(*YEAR_2024) == []


def test_one_off_deadlines_are_not_duties():
    assert find_duties("2024年6月底前完成，第三季度末验收，长期坚持", REF) == []


def test_ocr_spaces_inside_a_duty():
    duty = only_duty("每 月 5 日前报送")
    assert duty.text == "每 月 5 日前"
    assert duty.rule == "FREQ=MONTHLY;BYMONTHDAY=5"


def test_to_json():
    duty = only_duty("6月20日、11月10日报送半年、全年工作完成情况")
    assert duty.to_json() == {
        "text": "6月20日、11月10日",
        "rule": None,
        "dates": ["2024-06-20", "2024-11-10"],
        "description": "every half year",
    }


@given(text=st.text(), reference=st.dates())
def test_never_raises_on_arbitrary_text(text, reference):
    for duty in find_duties(text, reference):
        assert duty.text in text
        duty.occurrences(D(2024, 1, 1), D(2024, 12, 31))


def test_a_yearly_day_no_year_has_gives_no_occurrences():
    duty = only_duty("每年2月30日前报送")
    assert duty.rule is None
    assert duty.occurrences(*YEAR_2024) == []

"""Report duties read in the office's words, from the RRULE."""

import pytest

from tracker.services.recurrence_text import describe_duty


@pytest.mark.parametrize(
    ("rule", "dates", "text"),
    [
        ("FREQ=MONTHLY;BYDAY=+1MO", [], "每月第一个星期一"),
        ("FREQ=MONTHLY;BYDAY=-1FR", [], "每月最后一个星期五"),
        ("FREQ=MONTHLY;BYMONTHDAY=5", [], "每月5日"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", [], "每月底"),
        ("FREQ=WEEKLY;BYDAY=FR", [], "每周五"),
        ("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", [], "每季度末"),
        ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", [], "每年12月底"),
        ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20", [], "每年6月20日"),
        (None, ["2024-06-20", "2024-11-10"], "每年6月20日、11月10日"),
        ("FREQ=DAILY;COUNT=3", [], "FREQ=DAILY;COUNT=3"),
    ],
)
def test_duties_read_as_the_office_writes_them(rule, dates, text):
    assert describe_duty(rule, dates) == text

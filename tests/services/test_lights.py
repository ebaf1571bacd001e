"""Traffic lights: the same answer from Python and from SQL, holiday-aware."""

import datetime as dt

import pytest

from tracker.services.lights import LIGHTS, LightRule, count_by_light

# Monday 2024-09-23. Seven working days later, across 国庆 (10-01..10-07 off,
# Sunday 09-29 and Saturday 10-12 worked), is Monday 10-08.
TODAY = dt.date(2024, 9, 23)


@pytest.fixture
def rule():
    return LightRule.on(TODAY, 7)


def test_due_soon_window_skips_the_national_day_holiday(rule):
    assert rule.yellow_until == dt.date(2024, 10, 8)


@pytest.mark.parametrize(
    ("status", "due_on", "light"),
    [
        ("in_progress", dt.date(2024, 9, 22), "red"),
        ("assigned", dt.date(2024, 9, 23), "yellow"),
        ("submitted", dt.date(2024, 10, 8), "yellow"),
        ("in_progress", dt.date(2024, 10, 9), "green"),
        ("in_progress", None, "blue"),
        ("done", dt.date(2024, 9, 1), "grey"),
        ("cancelled", None, "grey"),
    ],
)
def test_light_of_an_item(rule, status, due_on, light):
    assert rule.light_of(status, due_on) == light


def test_sql_counts_agree_with_python(db, rule, make_item):
    cases = [
        ("in_progress", dt.date(2024, 9, 1)),
        ("in_progress", dt.date(2024, 9, 22)),
        ("assigned", dt.date(2024, 9, 23)),
        ("in_progress", dt.date(2024, 10, 8)),
        ("in_progress", dt.date(2024, 10, 9)),
        ("assigned", None),
        ("done", dt.date(2024, 9, 1)),
    ]
    for status, due_on in cases:
        make_item(status=status, due_on=due_on)
    db.session.commit()
    expected = dict.fromkeys(LIGHTS, 0)
    for status, due_on in cases:
        expected[rule.light_of(status, due_on)] += 1
    assert count_by_light(rule) == expected
    assert expected == {"red": 2, "yellow": 2, "green": 1, "grey": 1, "blue": 1}


def test_days_overdue(rule):
    assert rule.days_overdue(dt.date(2024, 9, 20)) == 3
    assert rule.days_overdue(dt.date(2024, 9, 30)) == 0
    assert rule.days_overdue(None) == 0

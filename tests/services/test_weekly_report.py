"""The figures of the weekly 督查通报."""

import datetime as dt

import pytest

from tests.ledger_fixtures import NOW, RULE
from tracker.models import ProgressReport
from tracker.services.weekly_report import weekly_report


@pytest.fixture
def returned(db, sample_ledger):
    """A completion report of the roads office, returned this week with a reason."""
    report = ProgressReport(
        work_item=sample_ledger.ongoing,
        unit_id=sample_ledger.roads.id,
        text="已完成",
        percent=100,
        is_completion=True,
        submitted_at=NOW - dt.timedelta(days=1),
        review_state="returned",
        reviewed_at=NOW,
        review_note="缺少验收材料",
    )
    db.session.add(report)
    db.session.flush()
    return report


def test_report_counts_the_week(sample_ledger, make_user):
    report = weekly_report(make_user(role="viewer"), RULE)

    assert (report.week_start, report.week_end) == (dt.date(2025, 7, 14), dt.date(2025, 7, 20))
    assert report.total == 4
    assert report.by_light == {"red": 1, "yellow": 0, "green": 1, "grey": 1, "blue": 1}
    assert (report.assigned_this_week, report.closed_this_week) == (2, 1)


def test_overdue_units_and_ranking(sample_ledger, make_user):
    report = weekly_report(make_user(role="supervisor"), RULE)

    assert [(u.name, u.overdue, u.max_days_overdue) for u in report.overdue_units] == [("县水利局", 1, 16)]
    # Both closed nothing on time; the town has no overdue item left. The roads office has nothing due yet.
    assert [(u.rank, u.name, u.on_time, u.due, u.overdue, u.open) for u in report.ranking] == [
        (1, "天宁镇", 0, 1, 0, 0),
        (2, "县水利局", 0, 1, 1, 2),
    ]
    assert [(u.rank, u.name) for u in report.unranked] == [(None, "县交通运输局")]


def test_returned_submissions_of_the_week_are_listed(returned, make_user):
    report = weekly_report(make_user(role="supervisor"), RULE)

    assert [(r.title, r.unit, r.reason) for r in report.returned] == [
        ("=SUM(A1) 改造农村公路", "县交通运输局", "缺少验收材料")
    ]


def test_unit_staff_get_the_report_of_their_own_items(sample_ledger, make_user):
    report = weekly_report(make_user(role="unit_staff", unit=sample_ledger.town), RULE)

    assert report.total == 2
    assert [u.name for u in report.ranking] == ["天宁镇", "县水利局"]


def test_a_province_report_shows_the_head_and_tail_and_says_what_it_left_out(
    sample_ledger, make_item, make_unit, make_user, monkeypatch
):
    from tracker.services import weekly_report as module

    monkeypatch.setattr(module, "RANKING_TOP", 1)
    monkeypatch.setattr(module, "RANKING_BOTTOM", 1)
    monkeypatch.setattr(module, "OVERDUE_UNITS_SHOWN", 1)
    archive = make_unit(name="县档案馆")
    for days in (3, 40):
        make_item(lead_unit=archive, title=f"档案整理{days}", due_on=RULE.today - dt.timedelta(days=days))

    report = weekly_report(make_user(role="supervisor"), RULE)

    assert [(u.name, u.overdue) for u in report.overdue_units] == [("县档案馆", 2)]
    assert report.overdue_unit_count == 2
    assert [u.name for u in report.ranking] == [
        "天宁镇",
        "县档案馆",
    ]  # the first and the last of three ranked
    assert [u.rank for u in report.ranking] == [1, 3]
    assert (report.ranked_unit_count, report.ranking_gap_after) == (3, 1)

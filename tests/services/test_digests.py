"""What goes into each weekly digest, the digest day with holidays, and escalation."""

import datetime as dt

import pytest

from tracker.models import MissedReport, ReportDuty
from tracker.services.digests import (
    build_escalations,
    build_unit_digest,
    digest_day,
    escalation_cutoff,
    is_digest_due,
    iso_week,
    next_digest_at,
    units_to_remind,
)
from tracker.services.settings import get_settings

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
#: Monday 23 November 2026, an ordinary working week.
MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("day", "weekday", "expected"),
    [
        pytest.param(dt.date(2026, 11, 25), 0, dt.date(2026, 11, 23), id="ordinary-monday"),
        pytest.param(dt.date(2025, 6, 4), 0, dt.date(2025, 6, 3), id="dragon-boat-monday-moves-to-tuesday"),
        pytest.param(dt.date(2025, 10, 8), 0, dt.date(2025, 10, 9), id="national-day-week-moves-to-thursday"),
        pytest.param(dt.date(2026, 11, 23), 4, dt.date(2026, 11, 27), id="friday-configured"),
        pytest.param(dt.date(2026, 2, 16), 0, None, id="spring-festival-week-has-no-digest"),
        pytest.param(
            dt.date(2026, 2, 25), 0, dt.date(2026, 2, 24), id="spring-festival-monday-moves-to-tuesday"
        ),
        pytest.param(
            dt.date(2026, 9, 28), 4, dt.date(2026, 9, 30), id="national-day-friday-moves-back-to-wednesday"
        ),
        pytest.param(
            dt.date(2026, 11, 23), 5, dt.date(2026, 11, 27), id="saturday-in-an-ordinary-week-is-friday"
        ),
        pytest.param(
            dt.date(2026, 11, 23), 6, dt.date(2026, 11, 27), id="sunday-in-an-ordinary-week-is-friday"
        ),
        pytest.param(dt.date(2026, 10, 8), 5, dt.date(2026, 10, 10), id="make-up-saturday-is-the-saturday"),
        pytest.param(dt.date(2026, 1, 2), 6, dt.date(2026, 1, 4), id="make-up-sunday-is-the-sunday"),
    ],
)
def test_the_digest_goes_out_on_the_configured_day_else_the_next_else_the_last_working_day_of_its_week(
    day, weekday, expected
):
    assert digest_day(day, weekday) == expected


@pytest.mark.parametrize("weekday", range(7))
def test_over_the_official_2026_calendar_every_week_with_a_working_day_has_one_digest_day(weekday):
    from tracker import calendar

    monday = dt.date(2025, 12, 29)  # ISO week 2026-W01
    while monday.year < 2027:
        week = [monday + dt.timedelta(days=n) for n in range(7)]
        working = [day for day in week if calendar.is_working_day(day)]
        chosen = {digest_day(day, weekday) for day in week}
        assert len(chosen) == 1, f"every day of the week agrees on its digest day: {monday}"
        (sent_on,) = chosen
        configured = week[weekday]
        if not working:
            assert sent_on is None, monday
        elif configured in working:
            assert sent_on == configured
        elif any(day > configured for day in working):
            assert sent_on == min(day for day in working if day > configured), monday
        else:
            assert sent_on == max(working), monday
        monday += dt.timedelta(days=7)


def test_the_digest_is_due_from_the_configured_time_and_stays_due_for_catch_up(app, db):
    settings = get_settings()
    at = lambda *parts: dt.datetime(*parts, tzinfo=SHANGHAI)  # noqa: E731

    assert not is_digest_due(at(2026, 11, 23, 8, 29), settings)
    assert is_digest_due(at(2026, 11, 23, 8, 30), settings)
    assert is_digest_due(at(2026, 11, 25, 7, 0), settings), "a scheduler that was down catches up later"
    assert not is_digest_due(at(2025, 6, 2, 9, 0), settings), "not on a holiday Monday"
    assert is_digest_due(at(2025, 6, 3, 9, 0), settings)


def test_next_digest_skips_weeks_without_a_working_day(app, db):
    settings = get_settings()
    after = next_digest_at(dt.datetime(2026, 2, 13, 9, 0, tzinfo=SHANGHAI), settings)
    assert after == dt.datetime(2026, 2, 24, 8, 30, tzinfo=SHANGHAI), "23 Feb is still 春节"
    assert iso_week(dt.date(2026, 1, 1)) == "2026-W01"


def test_a_unit_digest_sorts_items_into_overdue_this_week_next_two_weeks_and_unsigned(
    db, make_unit, make_item
):
    unit = make_unit(reminder_emails=["fgj@example.cn"])
    late = make_item(lead_unit=unit, due_on=MONDAY - dt.timedelta(days=10), status="in_progress")
    this_week = make_item(lead_unit=unit, due_on=MONDAY + dt.timedelta(days=4), status="in_progress")
    soon = make_item(lead_unit=unit, due_on=MONDAY + dt.timedelta(days=12), status="in_progress")
    make_item(lead_unit=unit, due_on=MONDAY + dt.timedelta(days=40), status="in_progress")
    make_item(lead_unit=unit, due_on=MONDAY - dt.timedelta(days=3), status="done")
    unsigned = make_item(lead_unit=unit, due_on=None, status="assigned")
    co_item = make_item(co_units=[unit], due_on=MONDAY + dt.timedelta(days=1), status="in_progress")

    digest = build_unit_digest(unit, MONDAY)

    assert [line.item for line in digest.overdue] == [late]
    assert digest.overdue[0].days_overdue == 10
    assert digest.overdue[0].working_days_overdue == 6
    assert [line.item for line in digest.due_this_week] == [co_item, this_week]
    assert [line.item for line in digest.due_soon] == [soon]
    assert digest.unsigned == [unsigned]
    assert not digest.is_empty


def test_a_unit_with_nothing_due_has_an_empty_digest(db, make_unit, make_item):
    unit = make_unit(reminder_emails=["a@example.cn"])
    make_item(lead_unit=unit, due_on=MONDAY + dt.timedelta(days=60), status="in_progress")

    assert build_unit_digest(unit, MONDAY).is_empty


def test_report_duties_due_and_missed_appear_in_the_digest(db, make_unit, make_item):
    unit = make_unit(reminder_emails=["a@example.cn"])
    item = make_item(lead_unit=unit, status="in_progress", due_on=MONDAY + dt.timedelta(days=90))
    duty = ReportDuty(work_item=item, phrase="每月底前报送进展", rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    db.session.add(duty)
    db.session.flush()
    db.session.add(MissedReport(report_duty_id=duty.id, unit_id=unit.id, due_on=dt.date(2026, 11, 15)))
    db.session.flush()

    digest = build_unit_digest(unit, MONDAY)

    assert [(due.duty, due.due_on) for due in digest.reports_due] == [(duty, dt.date(2026, 11, 30))]
    assert [missed.due_on for missed in digest.reports_missed] == [dt.date(2026, 11, 15)]


def test_muted_inactive_and_addressless_units_get_no_digest(db, make_unit):
    reminded = make_unit(reminder_emails=["a@example.cn"])
    muted = make_unit(reminder_emails=["b@example.cn"])
    make_unit(reminder_emails=["c@example.cn"], is_active=False)
    make_unit(reminder_emails=[])
    settings = get_settings()
    settings.muted_unit_ids = [muted.id]

    assert units_to_remind(settings) == [reminded]


def test_escalation_cutoff_counts_working_days():
    # Monday 23 Nov 2026: more than 5 working days late means due on or before Friday 13 Nov.
    assert escalation_cutoff(MONDAY, 5) == dt.date(2026, 11, 13)
    assert escalation_cutoff(MONDAY, 0) == dt.date(2026, 11, 20)


def test_long_overdue_items_are_escalated_to_their_named_leaders_and_the_office(
    db, make_unit, make_item, make_user
):
    leader = make_user(role="viewer", leader_name="王副县长", email="wang@example.cn")
    make_user(role="viewer", leader_name="李副县长", email=None)
    office = make_user(role="supervisor", email="dcs@example.cn")
    make_user(role="supervisor", email=None)
    unit = make_unit()
    escalated = make_item(
        lead_unit=unit, due_on=dt.date(2026, 11, 13), status="in_progress", leaders=["王副县长", "李副县长"]
    )
    make_item(lead_unit=unit, due_on=dt.date(2026, 11, 16), status="in_progress", leaders=["王副县长"])

    leaders, offices = build_escalations(MONDAY, get_settings())

    assert [(e.recipient, [line.item for line in e.lines]) for e in leaders] == [(leader, [escalated])]
    assert [(e.recipient, [line.item for line in e.lines]) for e in offices] == [(office, [escalated])]


def test_a_clerk_who_shares_a_leaders_name_receives_no_escalation(db, make_unit, make_item, make_user):
    """The outside test's case: unit clerk 王伟 got another unit's overdue items, which answer 404 to him."""
    theirs, other = make_unit(), make_unit()
    make_user(role="unit_staff", unit=theirs, display_name="王伟", email="clerk@example.cn")
    make_user(role="viewer", display_name="王伟", email="namesake@example.cn")
    make_item(lead_unit=other, due_on=dt.date(2026, 11, 2), status="in_progress", leaders=["王伟"])

    leaders, _ = build_escalations(MONDAY, get_settings())

    assert leaders == []


def test_a_unit_clerk_linked_to_a_leader_gets_only_the_items_they_can_open(
    db, make_unit, make_item, make_user
):
    theirs, other = make_unit(), make_unit()
    clerk = make_user(role="unit_staff", unit=theirs, leader_name="王副县长", email="clerk@example.cn")
    as_co_unit = make_item(
        lead_unit=other,
        co_units=[theirs],
        due_on=dt.date(2026, 11, 2),
        status="in_progress",
        leaders=["王副县长"],
    )
    make_item(lead_unit=other, due_on=dt.date(2026, 11, 3), status="in_progress", leaders=["王副县长"])

    (escalation,), _ = build_escalations(MONDAY, get_settings())

    assert (escalation.recipient, [line.item for line in escalation.lines]) == (clerk, [as_co_unit])
    assert escalation.total == 1


def test_a_province_office_escalation_lists_the_longest_overdue_and_counts_the_rest(
    db, make_unit, make_item, make_user, monkeypatch
):
    from tracker.services import digests

    monkeypatch.setattr(digests, "ESCALATION_LINES", 2)
    monkeypatch.setattr(digests, "ESCALATION_SCAN_BATCH", 2)  # several fetches, as over 10^5 rows
    leader = make_user(role="viewer", leader_name="王副县长", email="wang@example.cn")
    office = make_user(role="supervisor", email="dcs@example.cn")
    unit = make_unit()
    for days in (20, 60, 40, 30, 50):
        make_item(
            lead_unit=unit,
            title=f"超期{days}天",
            due_on=MONDAY - dt.timedelta(days=days),
            status="in_progress",
            leaders=["王副县长"] if days != 60 else [],
        )

    (for_leader,), (for_office,) = build_escalations(MONDAY, get_settings())

    assert (for_office.recipient, for_office.total, for_office.is_shortened) == (office, 5, True)
    assert [line.item.title for line in for_office.lines] == ["超期60天", "超期50天"]
    assert (for_leader.recipient, for_leader.total) == (leader, 4)
    assert [line.item.title for line in for_leader.lines] == ["超期50天", "超期40天"]
    assert for_leader.lines[0].item.lead_unit == unit

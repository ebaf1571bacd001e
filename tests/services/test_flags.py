"""The daily flag sweep: transitions to red and yellow as Events, missed report duties, once each."""

import datetime as dt

from tracker.models import Event, JobRun, MissedReport, ProgressReport, ReportDuty
from tracker.services.flags import flag_overdue

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=SHANGHAI)


def events(db, kind):
    return db.session.query(Event).filter_by(kind=kind).order_by(Event.id).all()


def test_an_item_that_turned_red_gets_one_event_however_often_the_sweep_runs(db, make_item):
    late = make_item(due_on=dt.date(2026, 11, 22), status="in_progress")
    make_item(due_on=dt.date(2026, 11, 22), status="done")
    make_item(due_on=dt.date(2026, 11, 10), status="in_progress")  # red long before the first run

    first = flag_overdue(at(2026, 11, 23, 0, 10))
    again = flag_overdue(at(2026, 11, 23, 9, 0))

    assert (first.turned_red, again.turned_red) == (1, 0)
    (event,) = events(db, "item.turned_red")
    assert event.work_item_id == late.id
    assert event.actor_id is None
    assert event.after == {"due_on": "2026-11-22"}
    assert db.session.get(JobRun, "flag_overdue").run_count == 2


def test_after_downtime_the_sweep_covers_every_day_missed(db, make_item):
    flag_overdue(at(2026, 11, 20, 0, 10))
    for day in (20, 21, 22):
        make_item(due_on=dt.date(2026, 11, day), status="in_progress")
    make_item(due_on=dt.date(2026, 11, 23), status="in_progress")

    assert flag_overdue(at(2026, 11, 23, 0, 10)).turned_red == 3


def test_an_item_entering_the_due_soon_window_turns_yellow_once(db, make_item):
    flag_overdue(at(2026, 11, 20, 0, 10))
    # Friday 20 Nov + 7 working days = Tue 1 Dec; Monday 23 Nov + 7 = Wed 2 Dec.
    entering = make_item(due_on=dt.date(2026, 12, 2), status="in_progress")
    make_item(due_on=dt.date(2026, 12, 1), status="in_progress")

    assert flag_overdue(at(2026, 11, 23, 0, 10)).turned_yellow == 1
    assert [e.work_item_id for e in events(db, "item.turned_yellow")] == [entering.id]


def test_a_report_duty_without_a_report_is_marked_missed_once(db, make_item, make_user):
    flag_overdue(at(2026, 10, 25, 0, 10))
    missed_item = make_item(status="in_progress", due_on=dt.date(2027, 6, 30))
    reported_item = make_item(status="in_progress", due_on=dt.date(2027, 6, 30))
    for item in (missed_item, reported_item):
        db.session.add(ReportDuty(work_item=item, phrase="每月底报送", rule="FREQ=MONTHLY;BYMONTHDAY=-1"))
    db.session.add(
        ProgressReport(
            work_item=reported_item,
            unit_id=reported_item.lead_unit_id,
            text="已完成80%",
            percent=80,
            submitted_at=at(2026, 10, 30, 16, 0),
        )
    )
    db.session.flush()

    assert flag_overdue(at(2026, 11, 2, 0, 10)).missed_reports == 1
    assert flag_overdue(at(2026, 11, 2, 9, 0)).missed_reports == 0
    (miss,) = db.session.query(MissedReport).all()
    assert (miss.duty.work_item_id, miss.due_on) == (missed_item.id, dt.date(2026, 10, 31))
    assert [e.work_item_id for e in events(db, "duty.missed")] == [missed_item.id]

"""Calendar feeds parsed back with icalendar."""

import datetime as dt

from icalendar import Calendar

from tests.ledger_fixtures import NOW
from tracker.services.calendar_feed import calendar_of, open_milestones, unit_clause, user_clause


def feed(clause) -> Calendar:
    data = calendar_of(
        "督办台账", open_milestones(clause), lambda item_id: f"http://t.test/items/{item_id}", "t.test", NOW
    )
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_user_feed_lists_open_dated_milestones_as_all_day_events(sample_ledger, make_user):
    calendar = feed(user_clause(make_user(role="supervisor")))

    found = events(calendar)
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in found] == [
        ("完成县域节水型社会达标建设", dt.date(2025, 6, 30)),
        ("=SUM(A1) 改造农村公路", dt.date(2025, 9, 30)),
        ("完成县域节水型社会达标建设", dt.date(2025, 12, 31)),
    ]
    first = found[0]
    assert first.decoded("dtend") == dt.date(2025, 7, 1)
    assert str(first["url"]) == f"http://t.test/items/{sample_ledger.overdue.id}"
    assert str(first["description"]) == "完成时限：6月底前\n责任单位：县水利局、县交通运输局、天宁镇"
    assert str(first["uid"]) == f"milestone-{sample_ledger.overdue.milestones[0].id}@t.test"
    assert str(calendar["x-wr-calname"]) == "督办台账"


def test_uid_stays_when_the_deadline_moves(sample_ledger, make_user, db):
    supervisor = make_user(role="supervisor")
    before = {str(e["uid"]) for e in events(feed(user_clause(supervisor)))}
    sample_ledger.ongoing.milestones[0].due_on = dt.date(2025, 10, 31)
    db.session.flush()

    after = {str(e["uid"]): e.decoded("dtstart") for e in events(feed(user_clause(supervisor)))}

    assert set(after) == before
    assert dt.date(2025, 10, 31) in after.values()


def test_unit_feed_has_the_items_the_unit_leads_or_supports(sample_ledger):
    assert {str(e["summary"]) for e in events(feed(unit_clause(sample_ledger.town)))} == {
        "完成县域节水型社会达标建设"
    }
    assert {str(e["summary"]) for e in events(feed(unit_clause(sample_ledger.roads)))} == {
        "完成县域节水型社会达标建设",
        "=SUM(A1) 改造农村公路",
    }


def test_user_feed_follows_what_the_user_may_see(sample_ledger, make_user):
    staff = make_user(role="unit_staff", unit=sample_ledger.roads)

    assert len(events(feed(user_clause(staff)))) == 3
    assert events(feed(user_clause(make_user(role="unit_staff", unit=None)))) == []

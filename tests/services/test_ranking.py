"""The one ranking rule of lead units: on-time rate against the original deadline, then overdue, then open."""

import datetime as dt

from tracker.models import Milestone
from tracker.services.lights import LightRule
from tracker.services.ranking import rank_units

TODAY = dt.date(2026, 12, 1)
RULE = LightRule.on(TODAY, 7)


def dated(item, original: dt.date, current: dt.date | None = None):
    """Give ``item`` an original deadline and (after an extension) a later current one."""
    item.milestones.append(Milestone(phrase="年底前", due_on=current or original, original_due_on=original))
    item.refresh_due_on()
    item.original_due_on = original
    return item


def test_a_unit_that_closed_late_and_has_overdue_items_does_not_rank_first(
    db, make_unit, make_item, make_user
):
    # The case: after one late item was accepted, 县水利局 (0% on time, 4 overdue) ranked first.
    water, roads, stats, town = (
        make_unit(name=n) for n in ("县水利局", "县交通运输局", "县统计局", "天宁镇")
    )
    past, future = TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=30)
    dated(make_item(lead_unit=water, status="done", is_closed_on_time=False), past)
    for _ in range(4):
        dated(make_item(lead_unit=water, status="in_progress"), past)
    dated(
        make_item(lead_unit=roads, status="in_progress"), past, future
    )  # extended: not red, still not on time
    dated(make_item(lead_unit=stats, status="done", is_closed_on_time=True), past)
    dated(make_item(lead_unit=stats, status="in_progress"), past)
    dated(make_item(lead_unit=town), future)  # nothing due yet

    ranking = rank_units(make_user(role="supervisor"), RULE)

    assert [(r.rank, r.name, r.on_time, r.due, r.overdue, r.open) for r in ranking.ranked] == [
        (1, "县统计局", 1, 2, 1, 1),
        (2, "县交通运输局", 0, 1, 0, 1),
        (3, "县水利局", 0, 5, 4, 4),
    ]
    assert [(r.rank, r.name) for r in ranking.unranked] == [(None, "天宁镇")]


def test_an_extension_does_not_improve_the_rate(db, make_unit, make_item, make_user):
    unit = make_unit(name="县水利局")
    original = TODAY - dt.timedelta(days=10)
    item = dated(make_item(lead_unit=unit, status="done", is_closed_on_time=False), original, TODAY)

    (row,) = rank_units(make_user(role="supervisor"), RULE).ranked

    assert item.due_on == TODAY
    assert (row.on_time, row.due, row.on_time_rate) == (0, 1, 0.0)


def test_equal_rates_and_overdue_counts_rank_the_unit_with_fewer_open_items_first(
    db, make_unit, make_item, make_user
):
    busy, quiet = make_unit(name="县甲局"), make_unit(name="县乙局")
    past, future = TODAY - dt.timedelta(days=5), TODAY + dt.timedelta(days=40)
    for unit, open_items in ((busy, 3), (quiet, 1)):
        dated(make_item(lead_unit=unit, status="done", is_closed_on_time=True), past)
        for _ in range(open_items):
            dated(make_item(lead_unit=unit), future)

    ranking = rank_units(make_user(role="supervisor"), RULE)

    assert [(r.name, r.open) for r in ranking.ranked] == [("县乙局", 1), ("县甲局", 3)]


def test_cancelled_items_do_not_count(db, make_unit, make_item, make_user):
    unit = make_unit(name="县水利局")
    dated(make_item(lead_unit=unit, status="cancelled"), TODAY - dt.timedelta(days=3))

    ranking = rank_units(make_user(role="supervisor"), RULE)

    assert (ranking.ranked, ranking.unranked) == ([], [])

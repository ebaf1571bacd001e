"""The figures of the weekly supervision report (督查通报).

One week (Monday to Sunday, the week holding ``today``): how many items stand
at each light, what was assigned and closed that week, which units have
overdue items and by how much, the dashboard's ranking of the lead units, and the
submissions the office returned. Everything is limited to the items the reader
may see, so the office and leaders get all units and a unit its own items.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func

from tracker import clock
from tracker.extensions import db
from tracker.models import ProgressReport, Unit, User, WorkItem
from tracker.services.dashboard import UnitRow, light_counts, unit_table
from tracker.services.lights import LightRule
from tracker.services.permissions import visible_items_clause


@dataclass(frozen=True)
class OverdueUnit:
    """A lead unit with overdue items."""

    name: str
    overdue: int
    #: Days past the oldest missed deadline.
    max_days_overdue: int


@dataclass(frozen=True)
class ReturnedSubmission:
    """A completion report the office sent back this week."""

    item_id: int
    title: str
    unit: str
    reason: str
    returned_at: dt.datetime


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the 督查通报 prints."""

    week_start: dt.date
    week_end: dt.date
    today: dt.date
    by_light: dict[str, int]
    total: int
    assigned_this_week: int
    closed_this_week: int
    #: Units with overdue items, most overdue first.
    overdue_units: list[OverdueUnit]
    #: The dashboard's ranking of lead units, so the two never disagree.
    ranking: list[UnitRow]
    returned: list[ReturnedSubmission]


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.timezone())


def _overdue_units(rule: LightRule, visible) -> list[OverdueUnit]:
    rows = db.session.execute(
        db.select(Unit.name, func.count(), func.min(WorkItem.due_on))
        .join(Unit, Unit.id == WorkItem.lead_unit_id)
        .where(visible, rule.clause("red"))
        .group_by(Unit.id, Unit.name)
    ).all()
    units = [OverdueUnit(name, count, rule.days_overdue(oldest)) for name, count, oldest in rows]
    return sorted(units, key=lambda unit: (-unit.overdue, -unit.max_days_overdue, unit.name))


def _returned(start: dt.datetime, end: dt.datetime, visible) -> list[ReturnedSubmission]:
    rows = db.session.execute(
        db.select(ProgressReport, WorkItem.title, Unit.name)
        .join(WorkItem, WorkItem.id == ProgressReport.work_item_id)
        .outerjoin(Unit, Unit.id == ProgressReport.unit_id)
        .where(
            visible,
            ProgressReport.review_state == "returned",
            ProgressReport.reviewed_at >= start,
            ProgressReport.reviewed_at < end,
        )
        .order_by(ProgressReport.reviewed_at, ProgressReport.id)
    ).all()
    return [
        ReturnedSubmission(
            report.work_item_id, title, unit or "", report.review_note or "", report.reviewed_at
        )
        for report, title, unit in rows
    ]


def weekly_report(user: User, rule: LightRule) -> WeeklyReport:
    """The report for the week holding ``rule.today``, over the items ``user`` may see."""
    today = rule.today
    week_start = today - dt.timedelta(days=today.weekday())
    week_end = week_start + dt.timedelta(days=6)
    start, end = _local_midnight(week_start), _local_midnight(week_end + dt.timedelta(days=1))
    visible = visible_items_clause(user)

    def count(*where) -> int:
        return db.session.scalar(db.select(func.count()).select_from(WorkItem).where(visible, *where))

    by_light = light_counts(user, rule)
    return WeeklyReport(
        week_start=week_start,
        week_end=week_end,
        today=today,
        by_light=by_light,
        total=sum(by_light.values()),
        assigned_this_week=count(WorkItem.created_at >= start, WorkItem.created_at < end),
        closed_this_week=count(
            WorkItem.status == "done", WorkItem.closed_at >= start, WorkItem.closed_at < end
        ),
        overdue_units=_overdue_units(rule, visible),
        ranking=unit_table(user, rule),
        returned=_returned(start, end, visible),
    )

"""The figures of the weekly supervision report (督查通报).

One week (Monday to Sunday, the week holding ``today``): how many items stand
at each light, what was assigned and closed that week, which units have
overdue items and by how much, the ranking of the lead units, and the
submissions the office returned. Everything is limited to the items the reader
may see, so the office and leaders get all units and a unit its own items.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func

from tracker import clock
from tracker.extensions import db
from tracker.models import ProgressReport, Unit, User, WorkItem
from tracker.services.dashboard import light_counts
from tracker.services.lights import LightRule
from tracker.services.office import in_county
from tracker.services.permissions import visible_items_clause
from tracker.services.ranking import UNRANKED_NAMED, UnitRow, head_and_tail, rank_units

#: A county's report lists every unit; a province's 10^4 would make a 20,000-row page and a PDF that takes
#: two minutes, so past these numbers the report shows the head and tail of the ranking and the most
#: overdue units, and says how many it left out.
RANKING_TOP = 100
RANKING_BOTTOM = 50
OVERDUE_UNITS_SHOWN = 150


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

    #: The county covered, None for every county.
    county: str | None
    week_start: dt.date
    week_end: dt.date
    today: dt.date
    by_light: dict[str, int]
    total: int
    assigned_this_week: int
    closed_this_week: int
    #: Units with overdue items, most overdue first (at most OVERDUE_UNITS_SHOWN of them).
    overdue_units: list[OverdueUnit]
    #: How many units have overdue items, listed or not.
    overdue_unit_count: int
    #: The ranked lead units by the one rule of :mod:`tracker.services.ranking` (its head and tail when long).
    ranking: list[UnitRow]
    #: How many units are ranked, shown or not.
    ranked_unit_count: int
    #: Lead units with nothing due yet, which have no place.
    unranked: list[UnitRow]
    returned: list[ReturnedSubmission]

    @property
    def unranked_names(self) -> list[str]:
        """The first names of the units without a place, printed under the ranking."""
        return [row.name for row in self.unranked[:UNRANKED_NAMED]]

    @property
    def ranking_gap_after(self) -> int | None:
        """After which shown row the ranking leaves units out (None when it shows them all)."""
        return RANKING_TOP if self.ranked_unit_count > len(self.ranking) else None


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.timezone())


def _overdue_units(rule: LightRule, visible) -> tuple[list[OverdueUnit], int]:
    """(the most overdue lead units, at most OVERDUE_UNITS_SHOWN; how many units have overdue items)."""
    overdue = func.count().label("overdue")
    oldest = func.min(WorkItem.due_on).label("oldest")
    per_unit = (
        db.select(Unit.name, overdue, oldest)
        .join(Unit, Unit.id == WorkItem.lead_unit_id)
        .where(visible, rule.clause("red"))
        .group_by(Unit.id, Unit.name)
    )
    rows = db.session.execute(
        per_unit.order_by(overdue.desc(), oldest, Unit.name).limit(OVERDUE_UNITS_SHOWN)
    ).all()
    total = db.session.scalar(db.select(func.count()).select_from(per_unit.subquery()))
    return [OverdueUnit(name, count, rule.days_overdue(first)) for name, count, first in rows], total


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


def weekly_report(user: User, rule: LightRule, county: str | None = None) -> WeeklyReport:
    """The report for the week holding ``rule.today``, over the items ``user`` may see (of ``county`` if given)."""
    today = rule.today
    week_start = today - dt.timedelta(days=today.weekday())
    week_end = week_start + dt.timedelta(days=6)
    start, end = _local_midnight(week_start), _local_midnight(week_end + dt.timedelta(days=1))
    visible = and_(visible_items_clause(user), in_county(county))

    def count(*where) -> int:
        return db.session.scalar(db.select(func.count()).select_from(WorkItem).where(visible, *where))

    by_light = light_counts(user, rule, county)
    overdue_units, overdue_unit_count = _overdue_units(rule, visible)
    ranking = rank_units(user, rule, in_county(county))
    return WeeklyReport(
        county=county,
        week_start=week_start,
        week_end=week_end,
        today=today,
        by_light=by_light,
        total=sum(by_light.values()),
        assigned_this_week=count(WorkItem.created_at >= start, WorkItem.created_at < end),
        closed_this_week=count(
            WorkItem.status == "done", WorkItem.closed_at >= start, WorkItem.closed_at < end
        ),
        overdue_units=overdue_units,
        overdue_unit_count=overdue_unit_count,
        ranking=head_and_tail(ranking.ranked, RANKING_TOP, RANKING_BOTTOM),
        ranked_unit_count=len(ranking.ranked),
        unranked=ranking.unranked,
        returned=_returned(start, end, visible),
    )

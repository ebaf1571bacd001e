"""Report duties over time: when they fall due, whether the unit reported, and which were missed."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import exists, func, or_
from sqlalchemy.orm import selectinload

from tracker import clock
from tracker.extensions import db
from tracker.extraction.recurrence import Duty
from tracker.models import MissedReport, ProgressReport, ReportDuty, Unit, WorkItem
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.history import record_event

#: Missed reports of the last this many days are shown on the dashboard and the outbox page.
RECENT_MISSES = dt.timedelta(days=30)
#: How far back to look for the previous occurrence, which starts the period a report counts for.
_PERIOD_LOOKBACK = dt.timedelta(days=400)


@dataclass(frozen=True)
class DueReport:
    """One occurrence of a duty: the unit must report on the item by ``due_on``."""

    duty: ReportDuty
    unit_id: int | None
    due_on: dt.date

    @property
    def item(self) -> WorkItem:
        return self.duty.work_item


def occurrences(duty: ReportDuty, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days in [start, end] on which ``duty`` falls due, within its own start and end dates."""
    rule = Duty(
        text=duty.phrase,
        rule=duty.rule,
        dates=tuple(dt.date.fromisoformat(day) for day in duty.fixed_dates or ()),
        description=duty.description,
    )
    start = max(start, duty.starts_on) if duty.starts_on else start
    end = min(end, duty.ends_on) if duty.ends_on else end
    return rule.occurrences(start, end) if start <= end else []


def responsible_unit_id(duty: ReportDuty) -> int | None:
    """The unit that must report: the duty's own, else the item's lead unit."""
    return duty.unit_id if duty.unit_id is not None else duty.work_item.lead_unit_id


def active_duties(unit_ids: Collection[int] | None = None) -> list[ReportDuty]:
    """Active duties on open items, optionally only those the units ``unit_ids`` must report on.

    Written as EXISTS probes on the item's primary key so the database starts
    from the (few) duties: as a join, SQLite scanned all work items per unit.
    The items come along in one more query, since every caller reads them.
    """
    of_item = WorkItem.id == ReportDuty.work_item_id
    query = (
        db.select(ReportDuty)
        .where(
            ReportDuty.is_active,
            exists().where(of_item, WorkItem.status.in_(OPEN_STATUSES), ~WorkItem.is_vanished),
        )
        .options(selectinload(ReportDuty.work_item))
        .order_by(ReportDuty.id)
    )
    if unit_ids is not None:
        led_by_units = exists().where(of_item, WorkItem.lead_unit_id.in_(unit_ids))
        query = query.where(
            or_(ReportDuty.unit_id.in_(unit_ids), ReportDuty.unit_id.is_(None) & led_by_units)
        )
    return list(db.session.scalars(query))


def due_reports(duties: list[ReportDuty], start: dt.date, end: dt.date) -> list[DueReport]:
    """Every occurrence of ``duties`` in [start, end], by date."""
    found = [
        DueReport(duty, responsible_unit_id(duty), day)
        for duty in duties
        for day in occurrences(duty, start, end)
    ]
    return sorted(found, key=lambda due: (due.due_on, due.duty.id))


def is_reported(due: DueReport) -> bool:
    """Whether the unit reported on the item after the previous occurrence and by the end of ``due_on``."""
    earlier = occurrences(due.duty, due.due_on - _PERIOD_LOOKBACK, due.due_on - dt.timedelta(days=1))
    until = clock.start_of_day(due.due_on + dt.timedelta(days=1))
    condition = [ProgressReport.work_item_id == due.duty.work_item_id, ProgressReport.submitted_at < until]
    if earlier:
        condition.append(
            ProgressReport.submitted_at >= clock.start_of_day(earlier[-1] + dt.timedelta(days=1))
        )
    if due.unit_id is not None:
        condition.append(ProgressReport.unit_id == due.unit_id)
    return db.session.scalar(db.select(exists().where(*condition)))


def mark_missed_reports(start: dt.date, today: dt.date, now: dt.datetime) -> int:
    """Record every occurrence in [start, today) that passed without a report; return how many.

    One MissedReport row (unique per duty and date) and one ``duty.missed``
    Event each, so a re-run over the same days adds nothing.
    """
    if start >= today:
        return 0
    count = 0
    for due in due_reports(active_duties(), start, today - dt.timedelta(days=1)):
        already = db.session.scalar(
            db.select(
                exists().where(MissedReport.report_duty_id == due.duty.id, MissedReport.due_on == due.due_on)
            )
        )
        if already or is_reported(due):
            continue
        db.session.add(MissedReport(report_duty_id=due.duty.id, unit_id=due.unit_id, due_on=due.due_on))
        record_event(
            "duty.missed",
            None,
            item=due.item,
            unit=db.session.get(Unit, due.unit_id) if due.unit_id else None,
            after={"due_on": due.due_on.isoformat(), "duty": due.duty.phrase},
            note="逾期未报送进展",
            at=now,
        )
        count += 1
    return count


def count_missed_reports(since: dt.date) -> int:
    """How many reports due on or after ``since`` were missed (the dashboard's mark)."""
    return db.session.scalar(
        db.select(func.count()).select_from(MissedReport).where(MissedReport.due_on >= since)
    )


def missed_reports(since: dt.date, unit_ids: Collection[int] | None = None) -> list[MissedReport]:
    """Missed reports due on or after ``since``, newest first, optionally only of the units ``unit_ids``.

    Their duties and items are loaded with them: every page and digest shows the item's title.
    """
    query = (
        db.select(MissedReport)
        .where(MissedReport.due_on >= since)
        .options(selectinload(MissedReport.duty).selectinload(ReportDuty.work_item))
        .order_by(MissedReport.due_on.desc(), MissedReport.id)
    )
    if unit_ids is not None:
        query = query.where(MissedReport.unit_id.in_(unit_ids))
    return list(db.session.scalars(query))

"""The figures of the 督查总览 dashboard, each one query over the items a user may see."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func

from tracker import calendar, clock
from tracker.extensions import db
from tracker.models import Document, Unit, User, WorkItem
from tracker.models.work_item import OPEN_STATUSES, STATUS_LABELS
from tracker.services.lights import LightRule, count_by_light
from tracker.services.permissions import visible_items_clause

TREND_WEEKS = 12


@dataclass(frozen=True)
class UnitRow:
    """One line of the per-unit table."""

    unit_id: int
    name: str
    items: int
    done: int
    overdue: int
    done_on_time: int
    done_with_deadline: int
    rank: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Share of closed items with a deadline that were closed by their original deadline."""
        return self.done_on_time / self.done_with_deadline if self.done_with_deadline else None


def status_counts(user: User) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in workflow order."""
    rows = dict(
        db.session.execute(
            db.select(WorkItem.status, func.count())
            .where(visible_items_clause(user))
            .group_by(WorkItem.status)
        ).all()
    )
    return [(status, label, rows.get(status, 0)) for status, label in STATUS_LABELS.items()]


def light_counts(user: User, rule: LightRule) -> dict[str, int]:
    """How many visible items show each light."""
    return count_by_light(rule, visible_items_clause(user))


def overdue_items(user: User, rule: LightRule, limit: int = 20) -> list[WorkItem]:
    """Open items past their deadline, the longest overdue first."""
    return list(
        db.session.scalars(
            db.select(WorkItem)
            .where(visible_items_clause(user), rule.clause("red"))
            .order_by(WorkItem.due_on, WorkItem.id)
            .limit(limit)
        )
    )


def due_this_week(user: User, today: dt.date, limit: int = 50) -> list[WorkItem]:
    """Open items due from today to Sunday of this week."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return list(
        db.session.scalars(
            db.select(WorkItem)
            .where(
                visible_items_clause(user),
                WorkItem.status.in_(OPEN_STATUSES),
                WorkItem.due_on.between(today, sunday),
            )
            .order_by(WorkItem.due_on, WorkItem.id)
            .limit(limit)
        )
    )


def unsigned_items(user: User, today: dt.date, sign_within_days: int, limit: int = 50) -> list[WorkItem]:
    """Items still waiting for their unit to sign for them after ``sign_within_days`` working days."""
    cutoff = calendar.add_working_days(today, -sign_within_days)
    start_of_cutoff = dt.datetime.combine(cutoff, dt.time(), tzinfo=clock.timezone())
    return list(
        db.session.scalars(
            db.select(WorkItem)
            .where(
                visible_items_clause(user),
                WorkItem.status == "assigned",
                WorkItem.created_at < start_of_cutoff,
            )
            .order_by(WorkItem.created_at, WorkItem.id)
            .limit(limit)
        )
    )


def unit_table(user: User, rule: LightRule) -> list[UnitRow]:
    """Per lead unit: items, done, overdue, on-time completions; ranked by on-time rate, then fewest overdue."""
    done = WorkItem.status == "done"
    query = (
        db.select(
            Unit.id,
            Unit.name,
            func.count(WorkItem.id),
            func.sum(case((done, 1), else_=0)),
            func.sum(case((rule.clause("red"), 1), else_=0)),
            func.sum(case((and_(done, WorkItem.is_closed_on_time.is_(True)), 1), else_=0)),
            func.sum(case((and_(done, WorkItem.is_closed_on_time.is_not(None)), 1), else_=0)),
        )
        .join(WorkItem, WorkItem.lead_unit_id == Unit.id)
        .where(visible_items_clause(user), WorkItem.status != "cancelled")
        .group_by(Unit.id, Unit.name)
    )
    rows = [UnitRow(*row[:2], *(int(n or 0) for n in row[2:])) for row in db.session.execute(query)]
    rows.sort(
        key=lambda r: (-(r.on_time_rate if r.on_time_rate is not None else -1), r.overdue, -r.done, r.name)
    )
    return [UnitRow(**{**r.__dict__, "rank": position}) for position, r in enumerate(rows, start=1)]


def document_progress(user: User, rule: LightRule, limit: int = 30) -> list[tuple[Document, int, int, int]]:
    """(document, items, done, overdue) for the most recently issued documents."""
    query = (
        db.select(
            Document,
            func.count(WorkItem.id),
            func.sum(case((WorkItem.status == "done", 1), else_=0)),
            func.sum(case((rule.clause("red"), 1), else_=0)),
        )
        .join(WorkItem, WorkItem.document_id == Document.id)
        .where(visible_items_clause(user), WorkItem.status != "cancelled")
        .group_by(Document.id)
        .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc())
        .limit(limit)
    )
    return [
        (document, total, int(done or 0), int(overdue or 0))
        for document, total, done, overdue in db.session.execute(query)
    ]


def weekly_trend(user: User, today: dt.date, weeks: int = TREND_WEEKS) -> list[dict]:
    """Per ISO week: items completed, and items that became overdue (deadline passed while not done)."""
    monday = today - dt.timedelta(days=today.weekday())
    starts = [monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    first = starts[0]
    buckets = {start: {"week": start.isoformat(), "completed": 0, "overdue": 0} for start in starts}

    def bucket(day: dt.date):
        return buckets.get(day - dt.timedelta(days=day.weekday()))

    closed = db.session.execute(
        db.select(WorkItem.closed_at).where(
            visible_items_clause(user),
            WorkItem.status == "done",
            WorkItem.closed_at >= dt.datetime.combine(first, dt.time(), tzinfo=clock.timezone()),
        )
    ).scalars()
    for closed_at in closed:
        target = bucket(closed_at.astimezone(clock.timezone()).date())
        if target:
            target["completed"] += 1
    deadlines = db.session.execute(
        db.select(WorkItem.due_on, WorkItem.closed_at).where(
            visible_items_clause(user),
            WorkItem.status != "cancelled",
            WorkItem.due_on >= first,
            WorkItem.due_on < today,
        )
    ).all()
    for due_on, closed_at in deadlines:
        if closed_at is None or closed_at.astimezone(clock.timezone()).date() > due_on:
            target = bucket(due_on + dt.timedelta(days=1))
            if target:
                target["overdue"] += 1
    return [buckets[start] for start in starts]

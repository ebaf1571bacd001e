"""The figures of the 督查总览 dashboard, each one query over the items a user may see."""

import datetime as dt

from sqlalchemy import and_, case, func, or_
from sqlalchemy.orm import selectinload

from tracker import calendar, clock
from tracker.extensions import db
from tracker.models import Document, User, WorkItem
from tracker.models.work_item import OPEN_STATUSES, STATUS_LABELS
from tracker.services.figures_cache import refresh_figures
from tracker.services.lights import LIGHTS, LightRule, count_by_light, todays_rule
from tracker.services.office import in_county, office_county
from tracker.services.permissions import visible_items_clause
from tracker.services.ranking import UNRANKED_NAMED, head_and_tail, rank_units

TREND_WEEKS = 12
#: The dashboard shows the head and the tail of the unit ranking; a province has 10^4 units.
UNITS_SHOWN_TOP = 20
UNITS_SHOWN_BOTTOM = 10


def _scope(user: User, county: str | None):
    """The items ``user`` may see, of ``county`` only when one is given."""
    return and_(visible_items_clause(user), in_county(county))


def status_and_light_counts(
    user: User, rule: LightRule, county: str | None = None
) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """Counts by status (in workflow order, zeros included) and by light, from one pass over the items."""
    light = rule.light_column().label("light")
    rows = db.session.execute(
        db.select(WorkItem.status, light, func.count())
        .where(_scope(user, county))
        .group_by(WorkItem.status, light)
    ).all()
    by_status: dict[str, int] = {}
    by_light = dict.fromkeys(LIGHTS, 0)
    for status, name, count in rows:
        by_status[status] = by_status.get(status, 0) + count
        by_light[name] += count
    return [(status, label, by_status.get(status, 0)) for status, label in STATUS_LABELS.items()], by_light


def light_counts(user: User, rule: LightRule, county: str | None = None) -> dict[str, int]:
    """How many visible items show each light."""
    return count_by_light(rule, _scope(user, county))


def _listed_items(query) -> list[WorkItem]:
    """The items of a dashboard list with their lead units loaded in one query (the rows show the unit)."""
    return list(db.session.scalars(query.options(selectinload(WorkItem.lead_unit))))


def overdue_items(user: User, rule: LightRule, limit: int = 20, county: str | None = None) -> list[WorkItem]:
    """Open items past their deadline, the longest overdue first."""
    return _listed_items(
        db.select(WorkItem)
        .where(_scope(user, county), rule.clause("red"))
        .order_by(WorkItem.due_on, WorkItem.id)
        .limit(limit)
    )


def due_this_week(user: User, today: dt.date, limit: int = 50, county: str | None = None) -> list[WorkItem]:
    """Open items due from today to Sunday of this week."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return _listed_items(
        db.select(WorkItem)
        .where(
            _scope(user, county),
            WorkItem.status.in_(OPEN_STATUSES),
            WorkItem.due_on.between(today, sunday),
        )
        .order_by(WorkItem.due_on, WorkItem.id)
        .limit(limit)
    )


def unsigned_items(
    user: User, today: dt.date, sign_within_days: int, limit: int = 50, county: str | None = None
) -> list[WorkItem]:
    """Items still waiting for their unit to sign for them after ``sign_within_days`` working days."""
    cutoff = calendar.add_working_days(today, -sign_within_days)
    start_of_cutoff = dt.datetime.combine(cutoff, dt.time(), tzinfo=clock.timezone())
    return _listed_items(
        db.select(WorkItem)
        .where(
            _scope(user, county),
            WorkItem.status == "assigned",
            WorkItem.created_at < start_of_cutoff,
        )
        .order_by(WorkItem.created_at, WorkItem.id)
        .limit(limit)
    )


def document_progress(
    user: User, rule: LightRule, limit: int = 30, county: str | None = None
) -> list[tuple[Document, int, int, int]]:
    """(document, items, done, overdue) for the most recently issued documents with visible items.

    The documents are chosen first (newest with at least one visible item), so
    only their items are counted, through the (document, position) index.
    """
    visible = db.select(WorkItem.id).where(
        WorkItem.document_id == Document.id, _scope(user, county), WorkItem.status != "cancelled"
    )
    documents = db.session.scalars(
        db.select(Document)
        .where(visible.exists())
        .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc())
        .limit(limit)
    ).all()
    if not documents:
        return []
    counts = {
        document_id: (total, int(done or 0), int(overdue or 0))
        for document_id, total, done, overdue in db.session.execute(
            db.select(
                WorkItem.document_id,
                func.count(),
                func.sum(case((WorkItem.status == "done", 1), else_=0)),
                func.sum(case((rule.clause("red"), 1), else_=0)),
            )
            .where(
                WorkItem.document_id.in_([d.id for d in documents]),
                _scope(user, county),
                WorkItem.status != "cancelled",
            )
            .group_by(WorkItem.document_id)
        )
    }
    return [(document, *counts[document.id]) for document in documents if document.id in counts]


def weekly_trend(
    user: User, today: dt.date, weeks: int = TREND_WEEKS, county: str | None = None
) -> list[dict]:
    """Per ISO week: items completed, and items that became overdue (deadline passed while not done).

    Completions are counted per week in one row of conditional sums (week
    boundaries are local midnights); deadlines missed are counted per day in
    SQL (at most 7 x ``weeks`` rows) and summed per week here. An item counts as
    missed when it is still open, or when the office recorded it as closed late.
    """
    monday = today - dt.timedelta(days=today.weekday())
    starts = [monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    zone = clock.timezone()
    edges = [
        dt.datetime.combine(start, dt.time(), tzinfo=zone)
        for start in [*starts, monday + dt.timedelta(weeks=1)]
    ]
    completed = db.session.execute(
        db.select(
            *(
                func.sum(case((and_(WorkItem.closed_at >= low, WorkItem.closed_at < high), 1), else_=0))
                for low, high in zip(edges, edges[1:], strict=False)
            )
        ).where(_scope(user, county), WorkItem.status == "done", WorkItem.closed_at >= edges[0])
    ).one()
    trend = {
        start: {"week": start.isoformat(), "completed": int(count or 0), "overdue": 0}
        for start, count in zip(starts, completed, strict=True)
    }
    missed = or_(WorkItem.closed_at.is_(None), WorkItem.is_closed_on_time.is_(False))
    for due_on, count in db.session.execute(
        db.select(WorkItem.due_on, func.count())
        .where(
            _scope(user, county),
            WorkItem.status != "cancelled",
            WorkItem.due_on >= starts[0] - dt.timedelta(days=1),
            WorkItem.due_on < today,
            missed,
        )
        .group_by(WorkItem.due_on)
    ):
        became_overdue = due_on + dt.timedelta(days=1)
        week = trend.get(became_overdue - dt.timedelta(days=became_overdue.weekday()))
        if week:
            week["overdue"] += count
    return [trend[start] for start in starts]


def summary_figures(user: User, rule: LightRule, county: str | None = None) -> dict:
    """The aggregate figures of the dashboard as plain data (cacheable): counts, unit ranking, trend."""
    statuses, lights = status_and_light_counts(user, rule, county)
    ranking = rank_units(user, rule, in_county(county))
    return {
        "status_counts": statuses,
        "light_counts": lights,
        "units": [
            row.as_dict() for row in head_and_tail(ranking.ranked, UNITS_SHOWN_TOP, UNITS_SHOWN_BOTTOM)
        ],
        "unit_count": len(ranking.ranked),
        "unranked_count": len(ranking.unranked),
        "unranked_names": [row.name for row in ranking.unranked[:UNRANKED_NAMED]],
        "trend": weekly_trend(user, rule.today, county=county),
        "documents": [
            {
                "id": document.id,
                "number": document.number,
                "title": document.title,
                "total": total,
                "done": done,
                "overdue": overdue,
            }
            for document, total, done, overdue in document_progress(user, rule, county=county)
        ],
    }


#: The start of every office-wide figures key; v2 since the ranking rows changed shape, so figures cached
#: by an earlier release are never read.
SUMMARY_PREFIX = "dashboard:v2:"


def summary_family(county: str | None) -> str:
    """The start shared by one county's (or every county's) figures of every day: yesterday's stand in."""
    return f"{SUMMARY_PREFIX}{county or '*'}:"


def summary_key(rule: LightRule, county: str | None = None) -> str:
    """The cache key of the office-wide figures of one county (or all) for one day and due-soon window."""
    return f"{summary_family(county)}{rule.today.isoformat()}:{rule.yellow_until.isoformat()}"


def refresh_office_figures(now: dt.datetime) -> str:
    """Recompute and store today's office-wide figures of the office's county (the scheduler's refresh job)."""
    rule = todays_rule()
    office = User(role="supervisor")  # not stored: it only stands for "sees every item"
    county = office_county()
    figures = refresh_figures(summary_key(rule, county), lambda: summary_figures(office, rule, county), now)
    return f"{sum(figures['light_counts'].values())} 项事项"

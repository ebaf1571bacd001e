"""The ranking of lead units (责任单位排名): one rule for the dashboard, the 督查通报 and the API.

The rule, in order:

1. **On-time completion rate** (按期办结率), highest first: of the unit's items that have come due against
   their *original* deadline (closed items that had a deadline, and open items whose original deadline has
   passed), the share the office closed by that original deadline. An extension moves the item's current
   deadline but not this one, so asking for more time never improves the rate, and an item left open past
   its deadline counts against the unit just as one closed late does.
2. **Overdue items** (超期), fewest first.
3. **Open items** (在办), fewest first; then the unit's name, so equal units always print in one order.

A unit none of whose items has come due yet has no rate: it is listed after the ranked units without a
place (名次 "—"), because it has neither earned nor lost one. Cancelled items are not counted.
"""

from dataclasses import asdict, dataclass, replace

from flask_babel import lazy_gettext
from sqlalchemy import and_, case, func, or_

from tracker.extensions import db
from tracker.models import Unit, User, WorkItem
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.lights import LightRule
from tracker.services.permissions import visible_items_clause

#: The rule in one sentence, printed under every ranking table and returned by the API (in the reader's language).
RULE_TEXT = lazy_gettext(
    "排名规则：按期办结率（按原定时限计算，已到期事项中按期办结的比例，延期不改善）高者在前；"
    "相同时超期事项少者在前；再相同时在办事项少者在前。尚无到期事项的单位不排名次，列在最后。已撤销事项不计。"
)


@dataclass(frozen=True)
class UnitRow:
    """One unit's line of the ranking (field names avoid dict methods: cached rows are dicts in templates)."""

    unit_id: int
    name: str
    #: Items led by the unit, cancelled ones left out.
    total: int
    done: int
    overdue: int
    open: int
    #: Items that have come due against their original deadline (the rate's denominator).
    due: int
    #: Items closed by their original deadline (the rate's numerator).
    on_time: int
    #: 1-based place; None for a unit with nothing due yet.
    rank: int | None = None

    @property
    def on_time_rate(self) -> float | None:
        """Share of the items come due that were closed by their original deadline (None: nothing due)."""
        return self.on_time / self.due if self.due else None

    def as_dict(self) -> dict:
        """Plain data for caches and the API, the rate included."""
        return {**asdict(self), "on_time_rate": self.on_time_rate}


@dataclass(frozen=True)
class Ranking:
    """The ranked units in order, and the units with nothing due yet (no place)."""

    ranked: list[UnitRow]
    unranked: list[UnitRow]


def _sort_key(row: UnitRow) -> tuple:
    return (-(row.on_time_rate or 0), row.overdue, row.open, row.name, row.unit_id)


def rank_units(user: User, rule: LightRule, *where) -> Ranking:
    """The lead units of the items ``user`` may see (narrowed by ``where``), ranked by the rule above."""
    done = WorkItem.status == "done"
    is_open = WorkItem.status.in_(OPEN_STATUSES)
    original = func.coalesce(WorkItem.original_due_on, WorkItem.due_on)
    closed_dated = and_(done, WorkItem.is_closed_on_time.is_not(None))
    come_due = or_(closed_dated, and_(is_open, original < rule.today))

    def number(condition):
        return func.sum(case((condition, 1), else_=0))

    query = (
        db.select(
            Unit.id,
            Unit.name,
            func.count(WorkItem.id),
            number(done),
            number(rule.clause("red")),
            number(is_open),
            number(come_due),
            number(and_(done, WorkItem.is_closed_on_time.is_(True))),
        )
        .join(WorkItem, WorkItem.lead_unit_id == Unit.id)
        .where(visible_items_clause(user), WorkItem.status != "cancelled", *where)
        .group_by(Unit.id, Unit.name)
    )
    rows = [
        UnitRow(unit_id, name, *(int(n or 0) for n in counts))
        for unit_id, name, *counts in db.session.execute(query)
    ]
    rated = sorted((row for row in rows if row.due), key=_sort_key)
    unrated = sorted((row for row in rows if not row.due), key=_sort_key)
    return Ranking(
        ranked=[replace(row, rank=place) for place, row in enumerate(rated, start=1)], unranked=unrated
    )


#: How many units without a place are named under a ranking (the rest are counted).
UNRANKED_NAMED = 30


def head_and_tail(rows: list, top: int, bottom: int) -> list:
    """All ``rows`` when they are few; else the first ``top`` and the last ``bottom`` (a province's 10^4 units)."""
    return rows if len(rows) <= top + bottom else rows[:top] + rows[-bottom:]

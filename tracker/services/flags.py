"""The daily flag sweep: record items that turned red or yellow, and report duties that were missed.

Lights are derived from dates (see :mod:`tracker.services.lights`), so nothing
is rewritten when a day passes. This sweep only writes the *transitions* as
Events, found with a range on the due date between the last day it covered
and today; a second run on the same day finds an empty range and writes
nothing, and a run after downtime covers every day missed.
"""

import datetime as dt
from dataclasses import dataclass

from tracker.extensions import db
from tracker.models import WorkItem
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.duties import mark_missed_reports
from tracker.services.history import record_event
from tracker.services.jobruns import last_run, record_run
from tracker.services.lights import LightRule
from tracker.services.settings import get_settings

JOB_NAME = "flag_overdue"
#: On its very first run the sweep looks back this far only, so that installing
#: the scheduler on a ledger full of old deadlines does not write an Event for each.
FIRST_RUN_LOOKBACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class FlagResult:
    turned_red: int
    turned_yellow: int
    missed_reports: int

    def summary(self) -> str:
        return f"{self.turned_red} 项转为超期，{self.turned_yellow} 项即将到期，{self.missed_reports} 次逾期未报送"


def flag_overdue(now: dt.datetime) -> FlagResult:
    """Record today's transitions and missed reports since the last run; the caller commits."""
    today = now.date()
    previous = last_run(JOB_NAME)
    since = previous.covered_on if previous and previous.covered_on else today - FIRST_RUN_LOOKBACK
    since = min(since, today)
    settings = get_settings()
    then, current = LightRule.on(since, settings.due_soon_days), LightRule.on(today, settings.due_soon_days)
    is_open = WorkItem.status.in_(OPEN_STATUSES), ~WorkItem.is_vanished
    # Red now, not red on the last day covered: due in [since, today).
    red = _record("item.turned_red", now, *is_open, WorkItem.due_on >= since, WorkItem.due_on < today)
    # Yellow now, beyond the window on the last day covered (and not already red).
    yellow = _record(
        "item.turned_yellow",
        now,
        *is_open,
        WorkItem.due_on > then.yellow_until,
        WorkItem.due_on >= today,
        WorkItem.due_on <= current.yellow_until,
    )
    missed = mark_missed_reports(since, today, now)
    result = FlagResult(red, yellow, missed)
    record_run(JOB_NAME, now, covered_on=today, summary=result.summary())
    return result


def _record(kind: str, now: dt.datetime, *where) -> int:
    """Write one ``kind`` Event for each item matching ``where``; return how many."""
    items = db.session.scalars(db.select(WorkItem).where(*where).order_by(WorkItem.due_on, WorkItem.id)).all()
    for item in items:
        record_event(
            kind, None, item=item, unit=item.lead_unit, after={"due_on": item.due_on.isoformat()}, at=now
        )
    return len(items)

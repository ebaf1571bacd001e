"""Traffic lights (红黄绿灯), derived from dates, never stored.

red: an open item whose next deadline has passed; yellow: due within the
due-soon window of working days (today included); green: on track; grey:
done or cancelled; blue: open with no dated deadline. Because the light is a
function of ``today``, nothing has to be rewritten when a day passes, and the
same rule runs in Python (one item) and in SQL (counts and filters).
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_

from tracker import calendar, clock
from tracker.extensions import db
from tracker.models import WorkItem
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.settings import get_settings
from tracker.text import N_

LIGHT_LABELS = {
    "red": N_("已超期"),
    "yellow": N_("即将到期"),
    "green": N_("正常推进"),
    "grey": N_("已完成"),
    "blue": N_("无时限"),
}
LIGHTS = tuple(LIGHT_LABELS)


@dataclass(frozen=True)
class LightRule:
    """The dates that separate the lights on one day."""

    today: dt.date
    #: The last due date that is still yellow (``due_soon_days`` working days ahead).
    yellow_until: dt.date

    @classmethod
    def on(cls, today: dt.date, due_soon_days: int) -> "LightRule":
        """The rule for ``today`` with a window of ``due_soon_days`` working days."""
        return cls(today=today, yellow_until=calendar.add_working_days(today, due_soon_days))

    def light_of(self, status: str, due_on: dt.date | None) -> str:
        """The light of an item with this status and next deadline."""
        if status not in OPEN_STATUSES:
            return "grey"
        if due_on is None:
            return "blue"
        if due_on < self.today:
            return "red"
        if due_on <= self.yellow_until:
            return "yellow"
        return "green"

    def clause(self, light: str):
        """A WHERE clause selecting the work items that show ``light``."""
        is_open = WorkItem.status.in_(OPEN_STATUSES)
        due = WorkItem.due_on
        return {
            "grey": ~is_open,
            "blue": and_(is_open, due.is_(None)),
            "red": and_(is_open, due < self.today),
            "yellow": and_(is_open, due >= self.today, due <= self.yellow_until),
            "green": and_(is_open, due > self.yellow_until),
        }[light]

    def light_column(self):
        """A SQL expression giving each row's light, for grouping."""
        return case(
            (~WorkItem.status.in_(OPEN_STATUSES), "grey"),
            (WorkItem.due_on.is_(None), "blue"),
            (WorkItem.due_on < self.today, "red"),
            (WorkItem.due_on <= self.yellow_until, "yellow"),
            else_="green",
        )

    def days_overdue(self, due_on: dt.date | None) -> int:
        """Calendar days past the deadline (0 when not overdue)."""
        return max((self.today - due_on).days, 0) if due_on else 0


def count_by_light(rule: LightRule, *where) -> dict[str, int]:
    """Count items per light among those matching ``where``; every light present, zeros included."""
    light = rule.light_column().label("light")
    rows = db.session.execute(
        db.select(light, func.count()).select_from(WorkItem).where(*where).group_by(light)
    )
    counts = dict.fromkeys(LIGHTS, 0)
    counts.update({name: n for name, n in rows})
    return counts


def any_light(rule: LightRule, lights: list[str]):
    """A WHERE clause for items showing any of ``lights``."""
    return or_(*(rule.clause(light) for light in lights))


def todays_rule() -> LightRule:
    """Today's light rule with the due-soon window the office set (TRACKER_DUE_SOON_DAYS until it does)."""
    return LightRule.on(clock.today(), get_settings().due_soon_days)

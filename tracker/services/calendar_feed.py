"""iCalendar feeds of deadlines, for Outlook, WPS and phone calendars.

A feed lists the open milestones (with a date) of the open items it covers:
one all-day event each, whose UID is stable per milestone so that a calendar
updates the event when the deadline moves instead of adding a second one.
"""

import datetime as dt
from collections.abc import Callable

from icalendar import Calendar, Event
from sqlalchemy import exists
from sqlalchemy.orm import contains_eager

from tracker.extensions import db
from tracker.models import Milestone, Unit, User, WorkItem, WorkItemUnit
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.permissions import visible_items_clause

PRODID = "-//督办台账//Policy Task Tracker//ZH"


def user_clause(user: User):
    """The items a user's own feed covers: the ones they may see."""
    return visible_items_clause(user)


def unit_clause(unit: Unit):
    """The items a unit's feed covers: those it leads or supports."""
    return exists().where(WorkItemUnit.work_item_id == WorkItem.id, WorkItemUnit.unit_id == unit.id)


def open_milestones(items_clause) -> list[Milestone]:
    """Dated, unfinished milestones of open items matching ``items_clause``, by date."""
    return db.session.scalars(
        db.select(Milestone)
        .join(Milestone.work_item)
        .where(
            items_clause,
            WorkItem.status.in_(OPEN_STATUSES),
            Milestone.completed_at.is_(None),
            Milestone.due_on.is_not(None),
        )
        .options(
            contains_eager(Milestone.work_item)
            .selectinload(WorkItem.unit_links)
            .selectinload(WorkItemUnit.unit)
        )
        .order_by(Milestone.due_on, Milestone.id)
    ).all()


def calendar_of(
    name: str, milestones: list[Milestone], item_url: Callable[[int], str], domain: str, now: dt.datetime
) -> bytes:
    """The feed as iCalendar text; ``item_url`` gives the absolute address of an item's page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for milestone in milestones:
        item = milestone.work_item
        units = "、".join(unit.name for unit in item.units) or "未指定"
        event = Event()
        event.add("uid", f"milestone-{milestone.id}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", milestone.due_on)
        event.add("dtend", milestone.due_on + dt.timedelta(days=1))
        event.add("summary", item.title)
        event.add("description", f"完成时限：{milestone.phrase}\n责任单位：{units}")
        event.add("url", item_url(item.id))
        calendar.add_component(event)
    return calendar.to_ical()

"""Changes the office makes to many items at once: reassign the lead unit, move the deadline.

Both need a reason and leave one history row per item, so the unit can see
why its item moved and the original deadline stays on record. Items already
closed or cancelled are refused (the list may have been loaded before they
were), as is a deactivated unit (merged away): nobody would receive the work.
"""

import datetime as dt

from tracker.errors import InvalidTransition, PermissionDenied
from tracker.extensions import db
from tracker.models import Milestone, Unit, User, WorkItem, WorkItemUnit
from tracker.models.work_item import ROLE_CO, ROLE_LEAD
from tracker.services.history import record_event
from tracker.services.permissions import is_office

MANUAL_DEADLINE_PHRASE = "（督查室调整）"


def _check(actor: User, items: list[WorkItem], reason: str) -> str:
    if not is_office(actor):
        raise PermissionDenied("只有督查室可以批量调整事项。")
    if not items:
        raise InvalidTransition("请先勾选要调整的事项。")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidTransition("批量调整时请填写原因。")
    finished = [item for item in items if not item.is_open]
    if finished:
        listed = "、".join(item.label or f"#{item.id}" for item in finished[:10])
        raise InvalidTransition(
            f"{len(finished)} 个事项已办结或已取消，不能批量调整：{listed}。请取消勾选后重试，未作任何调整。"
        )
    return reason[:500]


def reassign_lead(items: list[WorkItem], unit: Unit, actor: User, reason: str, now: dt.datetime) -> int:
    """Make ``unit`` the lead of every item; the former lead stays on as a co-unit. Returns the count."""
    reason = _check(actor, items, reason)
    if not unit.is_active:
        raise InvalidTransition(f"{unit.name} 已停用（可能已并入其他单位），请选择在用的单位。未作任何调整。")
    for item in items:
        if item.lead_unit_id == unit.id:
            continue
        before = {"lead_unit_id": item.lead_unit_id}
        for link in item.unit_links:
            if link.role == ROLE_LEAD:
                link.role = ROLE_CO
        existing = next((link for link in item.unit_links if link.unit_id == unit.id), None)
        if existing is not None:
            existing.role = ROLE_LEAD
        else:
            item.unit_links.append(WorkItemUnit(unit=unit, role=ROLE_LEAD, position=len(item.unit_links)))
        item.lead_unit = unit
        record_event(
            "item.reassigned",
            actor,
            item=item,
            unit=unit,
            before=before,
            after={"lead_unit_id": unit.id},
            note=reason,
            at=now,
        )
    db.session.flush()
    return len(items)


def change_deadline(
    items: list[WorkItem], new_date: dt.date, actor: User, reason: str, now: dt.datetime
) -> int:
    """Move each item's next open deadline to ``new_date`` (adding one if it has none). Returns the count."""
    reason = _check(actor, items, reason)
    for item in items:
        open_milestones = [m for m in item.milestones if m.completed_at is None and m.due_on is not None]
        target = min(open_milestones, key=lambda m: m.due_on) if open_milestones else None
        before = {"due_on": item.due_on.isoformat() if item.due_on else None}
        if target is None:
            target = Milestone(
                phrase=MANUAL_DEADLINE_PHRASE, position=len(item.milestones), original_due_on=None
            )
            item.milestones.append(target)
        target.due_on = new_date
        item.refresh_due_on()
        record_event(
            "item.deadline",
            actor,
            item=item,
            before=before,
            after={"due_on": new_date.isoformat()},
            note=reason,
            at=now,
        )
    db.session.flush()
    return len(items)

"""Extension requests (延期申请): the lead unit asks, the office approves or rejects.

An approval moves the item's next open milestone; its ``original_due_on`` and
the item's ``original_due_on`` stay as imported, so the history and the
on-time statistics keep the first deadline.
"""

import datetime as dt

from tracker.errors import InvalidTransition, PermissionDenied
from tracker.extensions import db
from tracker.models import ExtensionRequest, Milestone, User, WorkItem
from tracker.services.history import record_event
from tracker.services.permissions import is_lead_staff, is_office


def pending_extension(item: WorkItem) -> ExtensionRequest | None:
    """The item's undecided request, if any (there is at most one at a time)."""
    return next((r for r in item.extension_requests if r.state == "pending"), None)


def can_request_extension(item: WorkItem, user: User) -> bool:
    """Whether ``user`` may ask to extend ``item`` now."""
    return is_lead_staff(user, item) and item.is_open and pending_extension(item) is None


def request_extension(
    item: WorkItem, actor: User, new_date: dt.date, reason: str, now: dt.datetime
) -> ExtensionRequest:
    """File a request to move the item's next deadline to ``new_date``."""
    if not is_lead_staff(actor, item):
        raise PermissionDenied("只有牵头单位可以申请延期。")
    if not item.is_open:
        raise InvalidTransition("事项已办结或撤销，不能申请延期。")
    if pending_extension(item) is not None:
        raise InvalidTransition("已有待审批的延期申请。")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidTransition("请填写延期原因。")
    if new_date <= now.date() or (item.due_on is not None and new_date <= item.due_on):
        raise InvalidTransition("新的时限须晚于今天和当前时限。")
    request = ExtensionRequest(
        work_item=item,
        requested_by_id=actor.id,
        requested_at=now,
        current_due_on=item.due_on,
        requested_due_on=new_date,
        reason=reason[:2000],
    )
    db.session.add(request)
    record_event(
        "item.extension_requested",
        actor,
        item=item,
        before={"due_on": item.due_on.isoformat() if item.due_on else None},
        after={"due_on": new_date.isoformat()},
        note=reason[:500],
        at=now,
    )
    return request


def decide_extension(
    request: ExtensionRequest, actor: User, approve: bool, note: str | None, now: dt.datetime
) -> None:
    """Approve (moving the deadline) or reject a pending request; a rejection needs a reason."""
    if not is_office(actor):
        raise PermissionDenied("只有督查室可以审批延期。")
    if request.state != "pending":
        raise InvalidTransition("该申请已处理。")
    note = (note or "").strip() or None
    if not approve and not note:
        raise InvalidTransition("驳回时请填写理由。")
    item = request.work_item
    request.state = "approved" if approve else "rejected"
    request.decided_by_id = actor.id
    request.decided_at = now
    request.decision_note = note
    before = {"due_on": item.due_on.isoformat() if item.due_on else None}
    if approve:
        _move_next_deadline(item, request.requested_due_on)
    record_event(
        "item.extension_approved" if approve else "item.extension_rejected",
        actor,
        item=item,
        before=before,
        after={"due_on": item.due_on.isoformat() if item.due_on else None},
        note=note,
        at=now,
    )


def _move_next_deadline(item: WorkItem, new_date: dt.date) -> None:
    open_milestones = [m for m in item.milestones if m.completed_at is None and m.due_on is not None]
    if open_milestones:
        min(open_milestones, key=lambda m: m.due_on).due_on = new_date
    else:
        item.milestones.append(
            Milestone(phrase="（延期批准）", due_on=new_date, position=len(item.milestones))
        )
    item.refresh_due_on()

"""The life of a work item: sign for it, report, submit as done, accept, return, cancel.

待签收 assigned → (签收) 推进中 in_progress → (报完成) 已报完成 submitted →
(办结) 已办结 done, or (退回) back to in_progress with a reason; the office may
cancel (撤销) an open item with a reason. Only the office closes an item.
Every function checks the actor's right itself, writes history, and leaves the
commit to its caller.
"""

import datetime as dt

from tracker import clock
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.extensions import db
from tracker.models import ProgressReport, User, WorkItem
from tracker.services.history import record_event
from tracker.services.permissions import is_lead_staff, is_office, is_unit_staff_of

#: Action name → (allowed source statuses, who may do it).
ACTIONS = {
    "sign": ({"assigned"}, is_lead_staff),
    "report": ({"assigned", "in_progress"}, is_unit_staff_of),
    "submit": ({"assigned", "in_progress"}, is_lead_staff),
    "accept": ({"submitted"}, lambda user, item: is_office(user)),
    "return": ({"submitted"}, lambda user, item: is_office(user)),
    "cancel": ({"assigned", "in_progress", "submitted"}, lambda user, item: is_office(user)),
}


def allowed_actions(item: WorkItem, user: User) -> list[str]:
    """The actions ``user`` may take on ``item`` now, for showing buttons (the server checks again)."""
    return [name for name, (sources, who) in ACTIONS.items() if item.status in sources and who(user, item)]


def _check(action: str, item: WorkItem, actor: User) -> None:
    sources, who = ACTIONS[action]
    if not who(actor, item):
        raise PermissionDenied("您无权执行此操作。")
    if item.status not in sources:
        raise InvalidTransition(f"事项当前状态为“{item.status_label}”，不能执行此操作。")


def _set_status(item: WorkItem, status: str, actor: User, now: dt.datetime, note: str | None = None) -> None:
    before = {"status": item.status}
    item.status = status
    record_event("item.status", actor, item=item, before=before, after={"status": status}, note=note, at=now)


def sign_item(item: WorkItem, actor: User, now: dt.datetime) -> None:
    """The lead unit acknowledges the item (签收): it is now in progress."""
    _check("sign", item, actor)
    item.signed_at = now
    item.signed_by_id = actor.id
    _set_status(item, "in_progress", actor, now, note="签收")


def report_progress(item: WorkItem, actor: User, text: str, percent: int, now: dt.datetime) -> ProgressReport:
    """A responsible unit reports progress; a first report by the lead also signs for the item."""
    _check("report", item, actor)
    text = _required(text, "请填写进展情况。")
    percent = _percent(percent)
    if item.status == "assigned" and is_lead_staff(actor, item):
        sign_item(item, actor, now)
    report = _add_report(item, actor, text, percent, now)
    if is_lead_staff(actor, item) and percent != item.progress_percent:
        record_event(
            "item.progress",
            actor,
            item=item,
            before={"progress_percent": item.progress_percent},
            after={"progress_percent": percent},
            at=now,
        )
        item.progress_percent = percent
    record_event("item.report", actor, item=item, after={"percent": percent}, note=text[:500], at=now)
    return report


def submit_item(item: WorkItem, actor: User, text: str, now: dt.datetime) -> ProgressReport:
    """The lead unit reports the item as done (已报完成); the office then accepts or returns it."""
    _check("submit", item, actor)
    text = _required(text, "请说明完成情况。")
    if item.status == "assigned":
        sign_item(item, actor, now)
    report = _add_report(item, actor, text, 100, now, is_completion=True)
    item.progress_percent = 100
    _set_status(item, "submitted", actor, now, note=text[:500])
    return report


def accept_item(item: WorkItem, actor: User, now: dt.datetime, note: str | None = None) -> None:
    """The office verifies the submission and closes the item (已办结)."""
    _check("accept", item, actor)
    _review_pending_completion(item, actor, now, "accepted", note)
    item.closed_at = now
    deadline = item.original_due_on or item.due_on
    item.is_closed_on_time = None if deadline is None else now.astimezone(clock.timezone()).date() <= deadline
    for milestone in item.milestones:
        if milestone.completed_at is None:
            milestone.completed_at = now
    _set_status(item, "done", actor, now, note=note)


def return_item(item: WorkItem, actor: User, reason: str, now: dt.datetime) -> None:
    """The office returns a submission (退回) with a reason the unit will see."""
    _check("return", item, actor)
    reason = _required(reason, "退回时请填写原因。")
    _review_pending_completion(item, actor, now, "returned", reason)
    _set_status(item, "in_progress", actor, now, note=reason)


def cancel_item(item: WorkItem, actor: User, reason: str, now: dt.datetime) -> None:
    """The office withdraws an item (已撤销), for example when its document is revoked."""
    _check("cancel", item, actor)
    reason = _required(reason, "撤销时请填写原因。")
    item.closed_at = now
    _set_status(item, "cancelled", actor, now, note=reason)


def _add_report(
    item: WorkItem, actor: User, text: str, percent: int, now: dt.datetime, *, is_completion: bool = False
) -> ProgressReport:
    report = ProgressReport(
        work_item=item,
        unit_id=actor.unit_id,
        author_id=actor.id,
        text=text,
        percent=percent,
        is_completion=is_completion,
        submitted_at=now,
    )
    db.session.add(report)
    return report


def _review_pending_completion(item: WorkItem, actor: User, now: dt.datetime, state: str, note: str | None):
    for report in item.progress_reports:
        if report.is_completion and report.review_state == "pending":
            report.review_state = state
            report.reviewed_by_id = actor.id
            report.reviewed_at = now
            report.review_note = note


def _required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidTransition(message)
    return text


def _percent(value) -> int:
    try:
        percent = int(value)
    except (TypeError, ValueError):
        raise InvalidTransition("进度须为 0 到 100 之间的整数。") from None
    if not 0 <= percent <= 100:
        raise InvalidTransition("进度须为 0 到 100 之间的整数。")
    return percent

"""Writing and reading the append-only change history."""

import datetime as dt

from tracker import clock
from tracker.extensions import db
from tracker.models import Event, User
from tracker.models.work_item import STATUS_LABELS

#: How each kind of event is named to users.
EVENT_LABELS = {
    "item.created": "创建事项",
    "item.status": "状态变更",
    "item.report": "报送进展",
    "item.progress": "进度变更",
    "item.revised": "文件新版本",
    "item.vanished": "新版本中消失",
    "item.reassigned": "改派牵头单位",
    "item.deadline": "调整时限",
    "item.attachment": "上传材料",
    "item.extension_requested": "申请延期",
    "item.extension_approved": "批准延期",
    "item.extension_rejected": "驳回延期",
    "document.imported": "导入文件",
    "unit.created": "新建单位",
    "import.confirmed": "确认导入",
    "import.discarded": "放弃导入",
    "user.created": "创建用户",
    "user.updated": "修改用户",
    "user.password_reset": "重置密码",
    "user.password_changed": "修改密码",
    "user.login": "登录",
    "user.login_failed": "登录失败",
    "token.issued": "生成令牌",
    "unit.alias_added": "添加单位别名",
    "unit.alias_removed": "删除单位别名",
    "unit.emails": "修改提醒邮箱",
    "unit.merged": "合并单位",
}


def describe_change(event: Event) -> str:
    """The before → after of an event in words a user reads ("推进中 → 已报完成"), or ""."""
    before, after = event.before or {}, event.after or {}
    parts = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if key == "status":
            old, new = STATUS_LABELS.get(old, old), STATUS_LABELS.get(new, new)
        elif key in ("progress_percent", "percent"):
            old, new = (f"{v}%" if v is not None else None for v in (old, new))
        elif key not in CHANGE_FIELDS:
            continue
        label = CHANGE_FIELDS.get(key, "")
        if old is None:
            parts.append(f"{label}{new}")
        else:
            parts.append(f"{label}{old or '无'} → {new or '无'}")
    return "；".join(parts)


#: Fields of before/after shown in the item history, with the words put in front of them.
CHANGE_FIELDS = {
    "status": "",
    "progress_percent": "进度 ",
    "percent": "进度 ",
    "due_on": "时限 ",
    "title": "标题 ",
    "file": "文件 ",
}


def event_label(kind: str) -> str:
    """The Chinese name of an event kind (the kind itself when it has none)."""
    return EVENT_LABELS.get(kind, kind)


def record_event(
    kind: str,
    actor: User | None,
    *,
    item=None,
    document=None,
    unit=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Add one history row in the caller's transaction.

    ``actor`` None means the system (scheduler, import script). Never pass a
    password or a hash in ``before``/``after``: the history is shown to admins.
    """
    event = Event(
        kind=kind,
        actor_id=actor.id if actor is not None else None,
        work_item_id=item.id if item is not None else None,
        document_id=document.id if document is not None else None,
        unit_id=unit.id if unit is not None else None,
        before=before,
        after=after,
        note=note,
        occurred_at=at or clock.now(),
    )
    db.session.add(event)
    return event


def search_events(
    *,
    kind: str | None = None,
    actor_id: int | None = None,
    work_item_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str | None = None,
    page: int = 1,
    per_page: int = 50,
):
    """Return a page of events, newest first, filtered as given (for the admin history search)."""
    query = db.select(Event).order_by(Event.occurred_at.desc(), Event.id.desc())
    if kind:
        query = query.where(Event.kind.startswith(kind, autoescape=True))
    if actor_id:
        query = query.where(Event.actor_id == actor_id)
    if work_item_id:
        query = query.where(Event.work_item_id == work_item_id)
    if since:
        query = query.where(Event.occurred_at >= clock.start_of_day(since))
    if until:
        query = query.where(Event.occurred_at < clock.start_of_day(until + dt.timedelta(days=1)))
    if text:
        query = query.where(Event.note.contains(text, autoescape=True))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def item_history(item) -> list[Event]:
    """Every event of one work item, oldest first."""
    return list(
        db.session.scalars(
            db.select(Event).where(Event.work_item_id == item.id).order_by(Event.occurred_at, Event.id)
        )
    )

"""History rows in words: what kind of change an event is, and what it changed, as a reader says it.

Every key any service writes into an event's ``before``/``after`` has a Chinese label and a way of
printing its value (a status as 推进中, a unit id as the unit's name, a list joined with 、), so the item
page and the admin's 操作记录 never print a Python dict. A key without a label is left out rather than
shown raw; tests/web/test_every_page.py fails when the sample office's history holds one.
"""

from collections.abc import Callable

from flask_babel import gettext

from tracker.extensions import db
from tracker.models import Event, Unit, User
from tracker.models.unit import UNIT_KIND_LABELS
from tracker.models.user import ROLE_LABELS
from tracker.models.work_item import STATUS_LABELS
from tracker.text import N_

#: How each kind of event is named to users.
EVENT_LABELS = {
    "item.created": N_("创建事项"),
    "item.status": N_("状态变更"),
    "item.report": N_("报送进展"),
    "item.progress": N_("进度变更"),
    "item.revised": N_("文件新版本"),
    "item.vanished": N_("新版本中消失"),
    "item.reassigned": N_("改派牵头单位"),
    "item.deadline": N_("调整时限"),
    "item.attachment": N_("上传材料"),
    "item.extension_requested": N_("申请延期"),
    "item.extension_approved": N_("批准延期"),
    "item.extension_rejected": N_("驳回延期"),
    "item.turned_red": N_("转为超期"),
    "item.turned_yellow": N_("即将到期"),
    "duty.missed": N_("逾期未报送"),
    "document.imported": N_("导入文件"),
    "unit.created": N_("新建单位"),
    "import.confirmed": N_("确认导入"),
    "import.discarded": N_("放弃导入"),
    "user.created": N_("创建用户"),
    "user.updated": N_("修改用户"),
    "user.password_reset": N_("重置密码"),
    "user.password_changed": N_("修改密码"),
    "user.login": N_("登录"),
    "user.login_failed": N_("登录失败"),
    "token.issued": N_("生成令牌"),
    "unit.alias_added": N_("添加单位别名"),
    "unit.alias_removed": N_("删除单位别名"),
    "unit.emails": N_("修改提醒邮箱"),
    "unit.merged": N_("合并单位"),
    "holidays.imported": N_("录入节假日"),
    "holidays.removed": N_("删除节假日"),
    "settings.reminders": N_("修改提醒设置"),
    "settings.office": N_("修改本县设置"),
}

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
TOKEN_KINDS = {"api": "接口令牌", "calendar": "日历订阅"}


def _unit_name(unit_id) -> str:
    unit = db.session.get(Unit, unit_id) if unit_id else None
    return unit.name if unit else "无"


def _user_name(user_id) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return (user.display_name or user.username) if user else "无"


def _unit_names(unit_ids) -> str:
    return "、".join(_unit_name(unit_id) for unit_id in unit_ids or ()) or "无"


def _count(unit: str) -> Callable:
    return lambda value: f"{len(value) if isinstance(value, list) else value} {unit}"


#: key → (label, how its value is printed); the order is the order of the sentence.
FIELDS: dict[str, tuple[str, Callable | None]] = {
    "status": ("", lambda value: STATUS_LABELS.get(value, value)),
    "progress_percent": ("进度", lambda value: f"{value}%"),
    "percent": ("进度", lambda value: f"{value}%"),
    "due_on": ("时限", None),
    "duty": ("报送要求", None),
    "title": ("标题", None),
    "file": ("文件", None),
    "number": ("文号", None),
    "revision": ("版本", lambda value: f"第 {value} 版"),
    "source": ("来源文件", None),
    "source_text": ("", None),  # too long to repeat: said as 原文已更新
    "document_id": ("", None),  # the document is linked from the row; the id says nothing
    "lead_unit_id": ("牵头单位", _unit_name),
    "unit_id": ("单位", _unit_name),
    "name": ("名称", None),
    "county": ("所属县", None),
    "kind": ("类型", lambda value: UNIT_KIND_LABELS.get(value) or TOKEN_KINDS.get(value, value)),
    "alias": ("别名", None),
    "aliases": ("别名", None),
    "emails": ("提醒邮箱", None),
    "username": ("用户名", None),
    "display_name": ("姓名", None),
    "email": ("邮箱", None),
    "leader_name": ("对应领导", None),
    "role": ("角色", lambda value: ROLE_LABELS.get(value, value)),
    "user_id": ("用户", _user_name),
    "is_active": ("账号", lambda value: "启用" if value else "停用"),
    "years": ("年份", lambda value: "、".join(f"{year}年" for year in value)),
    "days": ("天数", lambda value: f"{value} 天"),
    "day": ("日期", None),
    "documents_created": ("新建文件", _count("个")),
    "documents_revised": ("更新文件", _count("个")),
    "documents_existing": ("已存在文件", _count("个")),
    "items_created": ("新建事项", _count("项")),
    "items_kept": ("保留事项", _count("项")),
    "items_vanished": ("消失事项", _count("项")),
    "units_created": ("新建单位", _count("个")),
    "units_mapped": ("名称对应到已有单位", _count("个")),
    "names_dropped": ("不作为单位的名称", _count("个")),
    "skipped_without_tasks": ("跳过无任务文件", _count("个")),
    "links": ("移动事项关联", _count("条")),
    "collapsed_links": ("合并重复关联", _count("条")),
    "lead_items": ("牵头事项", _count("项")),
    "users": ("用户", _count("个")),
    "progress_reports": ("进展报告", _count("条")),
    "report_duties": ("报送要求", _count("项")),
    "names": ("名称", _count("个")),
    "digest_weekday": ("提醒日", lambda value: WEEKDAYS[value]),
    "digest_time": ("提醒时间", None),
    "due_soon_days": ("即将到期提前", lambda value: f"{value} 个工作日"),
    "escalation_working_days": ("超期升级", lambda value: f"{value} 个工作日"),
    "duty_reminder_working_days": ("报送提醒提前", lambda value: f"{value} 个工作日"),
    "muted_unit_ids": ("暂停提醒单位", _unit_names),
    "is_copying_staff": ("抄送单位用户", lambda value: "是" if value else "否"),
}


def _shown(key: str, value) -> str:
    if value is None or value == [] or value == "":
        return "无"
    _, formatter = FIELDS[key]
    if formatter is not None:
        return str(formatter(value))
    return "、".join(map(str, value)) if isinstance(value, list) else str(value)


def describe_change(event: Event) -> str:
    """The before → after of an event as a sentence ("推进中 → 已报完成；进度 20% → 60%"), or ""."""
    before, after = event.before or {}, event.after or {}
    parts = []
    for key, (label, _) in FIELDS.items():
        if (key not in before and key not in after) or key == "document_id":
            continue
        if key == "source_text":
            parts.append("原文已更新")
            continue
        prefix = f"{label} " if label else ""
        if key not in before or before[key] is None:
            parts.append(prefix + _shown(key, after.get(key)))
        elif key not in after:
            parts.append(prefix + _shown(key, before[key]))
        elif before[key] != after[key]:
            parts.append(f"{prefix}{_shown(key, before[key])} → {_shown(key, after[key])}")
    return "；".join(parts)


def event_label(kind: str) -> str:
    """The name of an event kind in the reader's language ("其他" for one without a name, never the kind)."""
    return gettext(EVENT_LABELS.get(kind, N_("其他")))

"""Changes to many rows of an import review at once, and the one-click moves of a whole row or document.

A clerk fixes the same thing on many rows (the lead of every task of a table, the
年底前 of every task of a document that prints no time limit); doing it row by row is
what made a gazette take hours. Each function takes the review (not changed), the
document's key and the chosen rows, and returns (new review, []) or (None, problems).
"""

import copy
import datetime as dt

from tracker.extraction.deadlines import parse_typed_date
from tracker.services.import_review import MANUAL_PHRASE, find_document, split_names

#: The printed phrase recorded for a deadline set to the end of the document's year.
YEAR_END_PHRASE = "年底前"
BULK_ACTIONS = {
    "lead": "设为牵头单位",
    "co": "添加配合单位",
    "deadline": "设定完成时限",
    "year_end": "无时限的设为年底前",
    "exclude": "不导入",
    "include": "导入",
}


def apply_bulk(
    review: dict, document_key: str, keys: list[str], action: str, value: str = ""
) -> tuple[dict | None, list[str]]:
    """Apply ``action`` (a key of :data:`BULK_ACTIONS`) with ``value`` to the selected rows of one document."""
    edited = copy.deepcopy(review)
    document = find_document(edited, document_key)
    if document is None:
        return None, ["找不到要修改的文件。"]
    chosen = set(keys)
    rows = [task for task in document["tasks"] if task["key"] in chosen]
    if action == "year_end":
        rows = rows or document["tasks"]  # nothing ticked: the button means the whole document
    if not rows:
        return None, ["请先勾选要批量修改的事项。"]
    problem = _apply(action, value.strip(), rows, document)
    return (None, [problem]) if problem else (edited, [])


def _apply(action: str, value: str, rows: list[dict], document: dict) -> str | None:
    """Change the rows in place; return a problem instead when the value does not fit the action."""
    if action in ("lead", "co"):
        names = split_names(value)
        if len(names) != 1:
            return "请填写一个单位名称。"
        for task in rows:
            if action == "lead":
                task["co_units"] = [name for name in task["co_units"] if name != names[0]]
                task["lead_unit"] = names[0]
            elif names[0] != task["lead_unit"] and names[0] not in task["co_units"]:
                task["co_units"].append(names[0])
    elif action == "deadline":
        day = parse_typed_date(value) if value else None
        if day is None:
            return f"无法识别日期“{value}”，请按 2025-06-30 的格式填写。"
        for task in rows:
            task["deadlines"] = [{"text": MANUAL_PHRASE, "date": day.isoformat(), "start": None}]
    elif action == "year_end":
        if not document["issued_on"]:
            return "该文件没有成文日期，无法推算“年底前”，请用“设定完成时限”填写日期。"
        year_end = dt.date.fromisoformat(document["issued_on"]).replace(month=12, day=31).isoformat()
        for task in rows:
            if not any(deadline.get("date") for deadline in task["deadlines"]):
                task["deadlines"] = [{"text": YEAR_END_PHRASE, "date": year_end, "start": None}]
    elif action in ("exclude", "include"):
        for task in rows:
            task["include"] = action == "include"
    else:
        return "请选择批量操作。"
    return None


def set_document_included(review: dict, document_key: str, include: bool) -> tuple[dict | None, list[str]]:
    """Exclude or include a whole document (its rows keep their own ticks for when it comes back)."""
    edited = copy.deepcopy(review)
    document = find_document(edited, document_key)
    if document is None:
        return None, ["找不到要修改的文件。"]
    if document["status"] == "duplicate":
        return None, ["该文件已导入过且内容相同，不能再次导入。"]
    document["include"] = include
    return edited, []


def add_candidate(review: dict, document_key: str, candidate_key: str) -> tuple[dict | None, list[str]]:
    """Move one of the engine's candidates ("可能遗漏的任务") into the document's tasks, in printed order."""
    edited = copy.deepcopy(review)
    document = find_document(edited, document_key)
    candidates = document.get("candidates", []) if document else []
    candidate = next((task for task in candidates if task["key"] == candidate_key), None)
    if candidate is None:
        return None, ["找不到该候选事项，可能已经加入。"]
    candidates.remove(candidate)
    candidate["include"] = True
    position = sum(1 for task in document["tasks"] if task["line"] <= candidate["line"])
    document["tasks"].insert(position, candidate)
    return edited, []

"""The review of an import: what extraction found, as the office sees and edits it.

The review is plain JSON stored on the batch::

    {"county": "交城县", "skipped": [{"number", "title"}...],   # documents without tasks
     "documents": [{"key": "d0", "number", "title", "issuer", "issued_on", "line",
                    "status": "new" | "duplicate" | "revision", "existing_id", "include",
                    "tasks": [{"key": "d0t0", "include", "label", "title", "text", "line",
                               "lead_unit", "co_units", "leaders", "persons",
                               "deadlines": [{"text", "date", "start"}], "duties": [...],
                               "recurrence", "confidence", "reasons", "unit_sources"}],
                    "candidates": [same shape, keys "d0c0"..., include false]}],
     "names": [...]}                                  # see tracker.services.import_names

The review shows one document at a time: ``apply_edits`` reads the form of that
document (one field per cell, named after the keys; ``doc`` names the document
and ``shown`` the rows on the page, so rows filtered out are left alone) and
either returns the list of problems, changing nothing, or a new review with the
edits applied.
"""

import copy
import datetime as dt
from collections.abc import Mapping

from tracker.extraction import ExtractionResult
from tracker.extraction.deadlines import parse_typed_date
from tracker.services.documents import current_items, latest_revision, text_key

#: The separators a reviewer may type between unit or leader names.
NAME_SEPARATORS = "、，,;；/ \n"
MANUAL_PHRASE = "（人工录入）"
#: Below this engine confidence a row is marked for a second look.
LOW_CONFIDENCE = 0.6
#: The marks a row can carry, with the label of their filter.
FLAGS = {"low": "低置信度", "nolead": "无牵头单位", "nodeadline": "无完成时限"}


def build_review(result: ExtractionResult, county: str) -> dict:
    """Turn an extraction result into the editable review, marking documents already stored."""
    documents, skipped = [], []
    for d_index, document in enumerate(result.documents):
        if not document.tasks and not document.candidates:
            skipped.append({"number": document.number, "title": document.title})
            continue
        key = f"d{d_index}"
        tasks = [_review_task(f"{key}t{t_index}", task) for t_index, task in enumerate(document.tasks)]
        candidates = [
            _review_task(f"{key}c{c_index}", task, include=False)
            for c_index, task in enumerate(document.candidates)
        ]
        status, existing_id = compare_with_stored(
            document.number, document.title, document.issued_on, [task["text"] for task in tasks]
        )
        documents.append(
            {
                "key": key,
                "number": document.number,
                "title": document.title,
                "issuer": document.issuer,
                "issued_on": document.issued_on.isoformat() if document.issued_on else None,
                "line": document.line,
                "status": status,
                "existing_id": existing_id,
                "include": status != "duplicate",
                "tasks": tasks,
                "candidates": candidates,
            }
        )
    return {"county": county, "documents": documents, "skipped": skipped}


def _review_task(key: str, task, include: bool = True) -> dict:
    lead = task.lead_unit or (task.units[0] if task.units else None)
    return {
        "key": key,
        "include": include,
        "label": task.label,
        "title": task.title,
        "text": task.text,
        "line": task.line,
        "lead_unit": lead,
        "co_units": [name for name in task.units if name != lead],
        "leaders": list(task.leaders),
        "persons": list(task.persons),
        "deadlines": [dict(deadline) for deadline in task.deadlines],
        "duties": [dict(duty) for duty in task.duties],
        "recurrence": task.recurrence,
        "confidence": task.confidence,
        "reasons": list(task.reasons),
        "unit_sources": dict(task.unit_sources),
    }


def compare_with_stored(
    number: str | None, title: str, issued_on: dt.date | None, texts: list[str]
) -> tuple[str, int | None]:
    """Whether a document with these task texts is "new", a "duplicate" or a "revision" of a stored one."""
    stored = latest_revision(number, title, issued_on)
    if stored is None:
        return "new", None
    stored_keys = sorted(text_key(item.source_text) for item in current_items(stored))
    new_keys = sorted(text_key(text) for text in texts)
    return ("duplicate" if stored_keys == new_keys else "revision"), stored.id


def split_names(value: str) -> list[str]:
    """Names typed into one cell, in order, without blanks or repeats."""
    for separator in NAME_SEPARATORS:
        value = value.replace(separator, "\n")
    names = []
    for name in (part.strip() for part in value.split("\n")):
        if name and name not in names:
            names.append(name)
    return names


def apply_edits(review: dict, form: Mapping[str, str]) -> tuple[dict | None, list[str]]:
    """Apply the form of the document on the page; return (new review, []) or (None, problems).

    ``review`` is left untouched. A checkbox missing from the form means unticked,
    as browsers send it, but only for the rows listed in ``shown``: rows of other
    documents, or hidden by a filter, keep their values. Only keys that exist in
    the review are read, so forged field names change nothing.
    """
    edited = copy.deepcopy(review)
    problems: list[str] = []
    shown = set(form.get("shown", "").split(","))
    document = find_document(edited, form.get("doc", ""))
    for task in document["tasks"] if document else []:
        if task["key"] in shown:
            _apply_task_edits(task, form, problems)
    return (None, problems) if problems else (edited, [])


def find_document(review: dict, key: str) -> dict | None:
    """The review's document with this key, or None."""
    return next((document for document in review["documents"] if document["key"] == key), None)


def task_flags(task: dict, dropped_names: set[str] = frozenset()) -> list[str]:
    """The marks of a row (keys of :data:`FLAGS`); a lead the names panel drops counts as no lead."""
    flags = []
    if task.get("confidence", 1.0) < LOW_CONFIDENCE:
        flags.append("low")
    if not task["lead_unit"] or "".join(task["lead_unit"].split()) in dropped_names:
        flags.append("nolead")
    if not any(deadline.get("date") for deadline in task["deadlines"]):
        flags.append("nodeadline")
    return flags


def _apply_task_edits(task: dict, form: Mapping[str, str], problems: list[str]) -> None:
    key = task["key"]
    where = f"第 {task['line']} 行的事项（{task['title'][:20]}）"
    task["include"] = f"{key}-include" in form
    if f"{key}-title" in form:
        title = form[f"{key}-title"].strip()
        if not title:
            problems.append(f"{where}：标题不能为空。")
        elif len(title) > 200:
            problems.append(f"{where}：标题不能超过 200 个字符。")
        task["title"] = title
    if f"{key}-lead" in form:
        leads = split_names(form[f"{key}-lead"])
        if len(leads) > 1:
            problems.append(f"{where}：牵头单位只能填写一个。")
        task["lead_unit"] = leads[0] if leads else None
    if f"{key}-co" in form:
        task["co_units"] = [name for name in split_names(form[f"{key}-co"]) if name != task["lead_unit"]]
    if f"{key}-leaders" in form:
        task["leaders"] = split_names(form[f"{key}-leaders"])
    for index, deadline in enumerate(task["deadlines"]):
        field = f"{key}-dl{index}"
        if field in form:
            deadline["date"] = _typed_date(form[field], where, deadline["text"], problems)
    new_date = _typed_date(form.get(f"{key}-newdl", ""), where, "新增时限", problems)
    if new_date:
        task["deadlines"].append({"text": MANUAL_PHRASE, "date": new_date, "start": None})


def _typed_date(value: str, where: str, phrase: str, problems: list[str]) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    day = parse_typed_date(value)
    if day is None:
        problems.append(f"{where}：无法识别“{phrase}”的日期“{value}”，请按 2025-06-30 的格式填写。")
        return None
    return day.isoformat()


def review_counts(review: dict) -> dict:
    """How many documents and tasks the review would import, for the summary line."""
    documents = [
        d for d in review["documents"] if d["include"] and d["status"] != "duplicate" and _included(d)
    ]
    return {
        "documents": len(documents),
        "tasks": sum(1 for d in documents for t in d["tasks"] if t["include"]),
        "duplicates": sum(1 for d in review["documents"] if d["status"] == "duplicate"),
        "skipped": len(review["skipped"]),
    }


def _included(document: dict) -> bool:
    return any(task["include"] for task in document["tasks"])

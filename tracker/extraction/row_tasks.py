"""One task per row of a task table, built from the row's cells by their column roles.

A column says what its cells are: the 牵头单位 column holds the lead, the
配合单位 column co-units, the 责任单位 column the responsible units (the first
is the lead unless a "牵头单位：" marker inside the cell says otherwise), the
领导 and 责任人 columns people, the 时限 column the time limit. Units read from
a column are explicit: no guess from running text is needed.
"""

from __future__ import annotations

import re
from datetime import date

from tracker.extraction.deadlines import find_deadlines
from tracker.extraction.flat_tables import Row
from tracker.extraction.names import split_units
from tracker.extraction.recurrence import find_duties
from tracker.extraction.result import Task
from tracker.extraction.subjects import subjects
from tracker.extraction.tasks import short_title
from tracker.extraction.textutil import compact
from tracker.extraction.units import Responsibility, person_names
from tracker.extraction.units import explicit as unit_statements

MARKER = re.compile(r"^(?P<key>牵头单位|牵头部门|配合单位|配合部门|责任单位|责任部门)[：:](?P<rest>.*)$")
MARKER_SPLIT = re.compile(r"(?=(?:牵头|配合|责任)(?:单位|部门)[：:])")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: A task cell states work in words; fewer Chinese characters than this is a figure or a name.
WORK_MIN_CHARS = 6


def row_task(row: Row, reference: date | None) -> Task | None:
    """Return the task of one table row, or None for a row with neither units nor a time limit."""
    found = Responsibility()
    for role in ("lead", "units", "co"):
        _add_units(found, row.cells.get(role, []), lead_column=role == "lead")
    task_text = row.text("task") or row.text("group")
    explicit = list(found.units)
    if not found.units:  # no unit cell: the duty cell names who acts ("区交通与建设局牵头对接…")
        found = _units_in_text(task_text)
    cells = [*([row.label] if row.label else []), *(cell for cells in row.cells.values() for cell in cells)]
    deadlines, duties = [], []
    if reference is not None:
        limit = compact(row.text("deadline"))
        deadlines = [d.to_json() for d in find_deadlines(limit or compact(task_text), reference)]
        duties = [duty.to_json() for duty in find_duties(compact(task_text + limit), reference)]
    if not found.units and not deadlines:
        return None
    if len(CJK.findall(task_text)) < WORK_MIN_CHARS:
        return None  # a cell of figures (a quota: "12", "3.5万平方米") states no work
    reasons = ["table-row"] + [
        f"column:{role}" for role in ("lead", "units", "co", "deadline") if row.cells.get(role)
    ]
    return Task(
        label=row.label,
        title=short_title(task_text, None),
        text=" ".join(cells),
        line=row.line + 1,
        lead_unit=found.lead,
        units=found.units,
        leaders=_names(row.cells.get("leaders", [])),
        persons=_names(row.cells.get("persons", [])),
        deadlines=deadlines,
        recurrence=duties[0]["description"] if duties else None,
        duties=duties,
        confidence=0.95 if explicit else 0.75 if found.units else 0.6,
        reasons=reasons,
        unit_sources={unit: "explicit" if unit in explicit else "inferred" for unit in found.units},
    )


def _units_in_text(text: str) -> Responsibility:
    """Return the units a cell of running text makes responsible (由X牵头, X负责…, the subject)."""
    found = unit_statements(text)
    if not found.units:
        found = subjects(text)
    return found


def _add_units(found: Responsibility, cells: list[str], lead_column: bool) -> None:
    """Add the units of a column's cells; "牵头单位：" and "配合单位：" inside a cell switch the role."""
    is_lead = lead_column
    for part in (piece for cell in cells for piece in MARKER_SPLIT.split(cell) if piece):
        marker = MARKER.match(part)
        if marker:
            is_lead = marker["key"].startswith("牵头")
            part = marker["rest"]
        for unit, marked in split_units(part):
            found.add(unit, is_lead or marked)


def _names(cells: list[str]) -> list[str]:
    return [name for cell in cells for name in person_names(cell)]

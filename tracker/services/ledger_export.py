"""The 台账: one row per work item, as the office keeps it in Excel, written as xlsx or CSV.

The columns are defined once here (:data:`LEDGER_COLUMNS`) and read back by
:mod:`tracker.services.ledger_import`, so an exported workbook can be imported
again. The items come from :func:`tracker.services.item_query.items_query`,
so an export holds exactly what the list page shows the same user with the
same filters, on every page at once.
"""

import csv
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tracker.extensions import db
from tracker.models import Milestone, ProgressReport, User
from tracker.services.item_query import ItemFilters, items_query, with_details
from tracker.services.lights import LightRule


@dataclass(frozen=True)
class Column:
    """A ledger column: its heading and its width in the workbook (in characters)."""

    heading: str
    width: int


LEDGER_COLUMNS = (
    Column("序号", 6),
    Column("文号", 22),
    Column("文件名称", 30),
    Column("事项名称", 30),
    Column("任务内容", 60),
    Column("牵头单位", 20),
    Column("配合单位", 28),
    Column("责任领导", 14),
    Column("完成时限", 26),
    Column("状态", 10),
    Column("最新进展", 40),
    Column("是否超期", 9),
    Column("超期天数", 9),
)
HEADINGS = tuple(column.heading for column in LEDGER_COLUMNS)
#: Several names in one cell, and several deadlines in one cell, are joined with these.
NAME_JOINER = "、"
DEADLINE_JOINER = "；"
NO_LEAD_UNIT = "无牵头单位"
OVERDUE_FILL = PatternFill(fill_type="solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDE4EE")
#: Characters Excel may not keep in a sheet name.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: A CSV cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class LedgerRow:
    """One item's cells (without 序号, which depends on the sheet) and whether it is overdue."""

    lead_unit: str
    cells: tuple
    is_overdue: bool


def format_deadline(milestone: Milestone) -> str:
    """The phrase with its date, as the ledger shows it: "6月底前（2025-06-30）"."""
    if milestone.due_on is None:
        return milestone.phrase
    return f"{milestone.phrase}（{milestone.due_on.isoformat()}）"


def _latest_reports(item_ids: list[int]) -> dict[int, str]:
    latest: dict[int, str] = {}
    if not item_ids:
        return latest
    reports = db.session.execute(
        db.select(ProgressReport.work_item_id, ProgressReport.text)
        .where(ProgressReport.work_item_id.in_(item_ids))
        .order_by(ProgressReport.submitted_at.desc(), ProgressReport.id.desc())
    )
    for item_id, text in reports:
        latest.setdefault(item_id, text)
    return latest


def ledger_rows(user: User, filters: ItemFilters, rule: LightRule) -> list[LedgerRow]:
    """Every item ``user`` may see under ``filters`` (all pages), as ledger rows in list order."""
    items = db.session.scalars(with_details(items_query(user, filters, rule))).all()
    latest = _latest_reports([item.id for item in items])
    rows = []
    for item in items:
        is_overdue = rule.light_of(item.status, item.due_on) == "red"
        cells = (
            item.document.number or "",
            item.document.title,
            item.title,
            item.source_text,
            item.lead_unit.name if item.lead_unit else "",
            NAME_JOINER.join(unit.name for unit in item.co_units),
            NAME_JOINER.join(item.leaders),
            DEADLINE_JOINER.join(format_deadline(m) for m in item.milestones),
            item.status_label,
            latest.get(item.id, ""),
            "是" if is_overdue else "否",
            rule.days_overdue(item.due_on) if is_overdue else "",
        )
        rows.append(LedgerRow(item.lead_unit.name if item.lead_unit else NO_LEAD_UNIT, cells, is_overdue))
    return rows


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique in the workbook."""
    base = SHEET_NAME_FORBIDDEN.sub("", name).strip("'") or "Sheet"
    title, n = base[:31], 1
    while title in taken:
        n += 1
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title)
    return title


def _clean(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _fill_sheet(sheet, rows: list[LedgerRow]) -> None:
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *(_clean(value) for value in row.cells)])
        for cell in sheet[sheet.max_row]:
            # Text that starts with "=" must stay text, not become a formula.
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if row.is_overdue:
                cell.fill = OVERDUE_FILL
    sheet.freeze_panes = "A2"
    for index, column in enumerate(LEDGER_COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = column.width


def ledger_workbook(rows: list[LedgerRow], per_unit: bool = False) -> bytes:
    """The ledger as an .xlsx file: one sheet, or one sheet per lead unit (in order of first appearance)."""
    workbook = Workbook()
    if not per_unit:
        workbook.active.title = "督办台账"
        _fill_sheet(workbook.active, rows)
    else:
        workbook.remove(workbook.active)
        # An empty ledger still gets one (empty) sheet with the headings.
        groups: dict[str, list[LedgerRow]] = {} if rows else {NO_LEAD_UNIT: []}
        for row in rows:
            groups.setdefault(row.lead_unit, []).append(row)
        taken: set[str] = set()
        for unit, unit_rows in groups.items():
            _fill_sheet(workbook.create_sheet(sheet_title(unit, taken)), unit_rows)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _csv_safe(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def ledger_csv(rows: list[LedgerRow]) -> bytes:
    """The ledger as CSV in UTF-8 with a byte-order mark, which Excel needs to read Chinese correctly.

    Cells that would start a formula get a leading apostrophe (CSV injection).
    """
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for number, row in enumerate(rows, start=1):
        writer.writerow([number, *(_csv_safe(value) for value in row.cells)])
    return output.getvalue().encode("utf-8-sig")

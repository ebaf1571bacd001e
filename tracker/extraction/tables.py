"""Read task tables that keep their grid: markdown pipe tables and HTML tables.

Task lists are often printed as tables (序号 | 工作任务 | 牵头单位 | 责任单位 |
完成时限). OCR tools write them as markdown pipe tables or HTML (sometimes a
whole HTML table on one line), and the .docx reader writes Word tables as pipe
tables. When a table's header names a task column and a responsibility or time
column, its rows are returned as :class:`~tracker.extraction.flat_tables.Row`
objects with their column roles, the same rows the flattened tables give, and
the task stage builds one task per row from its cells; other tables are left
to be read as text.
"""

from __future__ import annotations

import re

from tracker.extraction.flat_tables import Row, Table, column_roles
from tracker.extraction.rules import enabled

SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
# Bounded attribute runs and splitting (not lazy matching) keep damaged HTML linear in time.
ROW_OPEN, ROW_CLOSE = re.compile(r"<tr(?:\s[^<>]{0,200})?>", re.I), re.compile(r"</tr>", re.I)
CELL_OPEN, CELL_CLOSE = re.compile(r"<t[dh](?:\s[^<>]{0,200})?>", re.I), re.compile(r"</t[dh]>", re.I)


def is_table_row(line: str) -> bool:
    """Tell whether ``line`` is a row of a markdown pipe table."""
    text = line.strip()
    return text.startswith("|") and text.count("|") >= 3


def find_grid_tables(lines: list[str]) -> list[Table]:
    """Return the task tables of ``lines`` (pipe tables over several lines, HTML tables on one line)."""
    if not enabled("pipe-table"):
        return []
    tables = [
        table for index, line in enumerate(lines) if "<table" in line.lower() for table in _html(line, index)
    ]
    index = 0
    while index < len(lines):
        if not is_table_row(lines[index]):
            index += 1
            continue
        end = index
        while end < len(lines) and (is_table_row(lines[end]) or not lines[end].strip()):
            end += 1
        numbered = [(i, _cells(lines[i])) for i in range(index, end) if is_table_row(lines[i])]
        body = [
            (i, cells) for i, cells in numbered[1:] if not SEPARATOR.match(lines[i].strip()) and any(cells)
        ]
        table = _table(numbered[0][1], body, index, end)
        if table is not None:
            tables.append(table)
        index = end
    return sorted(tables, key=lambda table: table.start)


def _html(line: str, index: int) -> list[Table]:
    rows = [
        [_plain(cell) for cell in _parts(row, CELL_OPEN, CELL_CLOSE)]
        for row in _parts(line, ROW_OPEN, ROW_CLOSE)
    ]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        return []
    table = _table(rows[0], [(index, row) for row in rows[1:]], index, index + 1)
    return [table] if table is not None else []


def _table(header: list[str], body: list[tuple[int, list[str]]], start: int, end: int) -> Table | None:
    """Return the rows of a task table, or None when the header names no task and no unit or time."""
    columns = column_roles(header)
    roles = {role for role, _ in columns}
    if "task" not in roles or not roles & {"lead", "co", "units", "leaders", "persons", "deadline"}:
        return None
    rows = []
    for number, (line, cells) in enumerate(body, start=1):
        row = Row(label=None, line=line, first=line)
        for (role, _), cell in zip(columns, cells, strict=False):
            if role in ("leaders", "persons"):
                cell = "、".join(cell.split())  # names are separated by spaces in cells
            if cell:
                row.cells.setdefault(role, []).append(cell)
        printed = " ".join(row.cells.pop("label", []))
        row.label = printed if printed.isdigit() else str(number)
        rows.append(row)
    return Table(columns=columns, rows=rows, start=start, end=end)


def _parts(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> list[str]:
    """Return what stands between each opening tag and the closing tag after it."""
    return [closing.split(part, maxsplit=1)[0] for part in opening.split(text)[1:]]


def _plain(cell: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^<>]{0,200}>", " ", cell)).strip()


def _cells(line: str) -> list[str]:
    text = line.strip().strip("|")
    return [re.sub(r"\s+", " ", re.sub(r"<br\s*/?>", " ", cell)).strip() for cell in text.split("|")]

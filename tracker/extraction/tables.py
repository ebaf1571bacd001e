"""Turn the rows of a 责任分工 table into item lines the outline and units stages read.

Task lists are often printed as tables (序号 | 工作任务 | 牵头单位 | 责任单位 |
完成时限). OCR tools write them as markdown pipe tables or HTML, and the .docx
reader writes Word tables as pipe tables. When a table's header names a task column and
a responsibility or time column, each row becomes one line
"3. 任务（牵头单位：X；责任单位：Y；完成时限：Z）" in place of the row, so line
numbers still point into the source; other tables are left as they are.
"""

from __future__ import annotations

import re

from tracker.extraction.rules import enabled
from tracker.extraction.textutil import squash

SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
# Bounded attribute runs and splitting (not lazy matching) keep damaged HTML linear in time.
ROW_OPEN, ROW_CLOSE = re.compile(r"<tr(?:\s[^<>]{0,200})?>", re.I), re.compile(r"</tr>", re.I)
CELL_OPEN, CELL_CLOSE = re.compile(r"<t[dh](?:\s[^<>]{0,200})?>", re.I), re.compile(r"</t[dh]>", re.I)
COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("label", re.compile(r"^(序号|编号|序)$")),
    ("牵头单位", re.compile(r"牵头(单位|部门)|主办单位")),
    ("责任领导", re.compile(r"(责任|分管|包联)领导")),
    ("责任人", re.compile(r"责任人")),
    ("责任单位", re.compile(r"(责任|配合|协办|参与|实施)(单位|部门|主体)")),
    ("完成时限", re.compile(r"时限|时间|节点|期限")),
    ("task", re.compile(r"任务|事项|内容|措施|工作|项目|目标")),
)


def is_table_row(line: str) -> bool:
    """Tell whether ``line`` is a row of a markdown pipe table."""
    text = line.strip()
    return text.startswith("|") and text.count("|") >= 3


def expand_tables(lines: list[str]) -> list[str]:
    """Return ``lines`` with the rows of task tables rewritten as item lines (same line count).

    An HTML table, which some OCR tools print on a single line, becomes that line's
    item lines joined by line breaks: they all keep the table's line number.
    """
    if not enabled("pipe-table"):
        return list(lines)
    out = [_expand_html(line) if "<table" in line.lower() else line for line in lines]
    index = 0
    while index < len(lines):
        if not is_table_row(lines[index]):
            index += 1
            continue
        end = index
        while end < len(lines) and (is_table_row(lines[end]) or not lines[end].strip()):
            end += 1
        rows = [i for i in range(index, end) if is_table_row(lines[i])]
        columns = _columns(_cells(lines[rows[0]]))
        if "task" in columns and len(columns) >= 2:
            out[rows[0]] = ""
            number = 0
            for row in rows[1:]:
                cells = _cells(lines[row])
                if SEPARATOR.match(lines[row].strip()) or not any(cells):
                    out[row] = ""
                    continue
                number += 1
                out[row] = _item_line(cells, columns, number)
        index = end
    return out


def _expand_html(line: str) -> str:
    rows = [
        [_plain(cell) for cell in _parts(row, CELL_OPEN, CELL_CLOSE)]
        for row in _parts(line, ROW_OPEN, ROW_CLOSE)
    ]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        return line
    columns = _columns(rows[0])
    if "task" not in columns or len(columns) < 2:
        return line
    return "\n".join(_item_line(cells, columns, number) for number, cells in enumerate(rows[1:], 1))


def _parts(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> list[str]:
    """Return what stands between each opening tag and the closing tag after it."""
    return [closing.split(part, maxsplit=1)[0] for part in opening.split(text)[1:]]


def _plain(cell: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^<>]{0,200}>", " ", cell)).strip()


def _cells(line: str) -> list[str]:
    text = line.strip().strip("|")
    return [re.sub(r"\s+", " ", re.sub(r"<br\s*/?>", " ", cell)).strip() for cell in text.split("|")]


def _columns(header: list[str]) -> dict[str, int]:
    """Map roles to column positions, taking for each header cell the first role it names."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        for role, pattern in COLUMNS:
            if role not in columns and pattern.search(cell):
                columns[role] = position
                break
    return columns


def _item_line(cells: list[str], columns: dict[str, int], number: int) -> str:
    def cell(role: str) -> str:
        position = columns.get(role)
        return cells[position] if position is not None and position < len(cells) else ""

    label = cell("label")
    label = label if label.isdigit() else str(number)
    parts = []
    for role in ("牵头单位", "责任单位", "完成时限", "责任领导", "责任人"):
        value = cell(role)
        if role in ("责任领导", "责任人"):
            value = "、".join(value.split())  # names are separated by spaces in cells
        if value:
            parts.append(f"{role}：{value}")
    task = squash(cell("task"))
    return f"{label}. {task}（{'；'.join(parts)}）" if parts else f"{label}. {task}"

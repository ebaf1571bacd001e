"""Read task tables that arrive flattened: one cell per line, in column order.

Web pages and database exports lose a table's grid and print its cells one
after another, each on its own line (or, on a one-line page, separated by
spaces, which :mod:`tracker.extraction.reflow` turns into lines): the header
cells (序号 / 任务 / 牵头部门 / 配合部门 / 时间节点), then for each row its
number followed by its cells. Group cells (任务名称) are printed only on a
group's first row, a cell may be empty, and on a one-line page a cell that
lists several units or names is itself split at its spaces. So a row is read
by its number (rows are numbered 1, 2, 3 … in the 序号 column) and its cells
are matched to the columns from the right, where the typed columns stand
(units, people's names, time limits), letting a typed column take a run of
cells of its type; the leftmost column takes what is left.

A table is kept as rows with their column roles: the task stage builds one
task per row from the cells, with no round trip through text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extraction.names import clean_unit
from tracker.extraction.outline import match_label
from tracker.extraction.rules import enabled
from tracker.extraction.textutil import squash

#: Column roles by header wording, tried in order; the first that matches a header cell is its role.
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("label", re.compile(r"^(序号|编号|序)$")),
    ("leaders", re.compile(r"(牵头|责任|分管|包联|挂钩)(区|县|市)?领导")),
    ("persons", re.compile(r"责任人|负责人|联系人")),
    ("lead", re.compile(r"牵头(单位|部门)|主办单位|主责单位")),
    ("co", re.compile(r"(配合|协办|参与|协助)(单位|部门)")),
    ("units", re.compile(r"(责任|实施|承办)(单位|部门|主体)|^单位$|^部门$")),
    ("deadline", re.compile(r"时限|时间节点|完成时间|节点|期限|进度安排")),
    ("task", re.compile(r"任务|事项|内容|措施|项目|目标|工作")),
)
#: Cell types of the typed roles; the rest are text.
KIND = {"leaders": "names", "persons": "names", "lead": "units", "co": "units", "units": "units"}
HEADER_CELL_MAX = 16
GLUED_NAMES = re.compile(r"[\u4e00-\u9fff·]{2,9}")
ATTACHMENT = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[：:]?$")
# The first header cell of a table keyed by unit: 街镇、园区 | 责任单位 | 乡镇.
UNIT_KEY = re.compile(r"^(街镇|乡镇|镇街|街道|各区|区县|责任单位|责任部门|单位名称)([、/，,（(].{0,8})?$")
# What a web page prints after the document: it ends the last row of a table.
PAGE_CHROME = re.compile(r"^(来源[：:]|附件下载|打印本页|【?打印】?$|关闭窗口|分享到|责任编辑|扫一扫)")
WORK = re.compile(r"任务|事项|内容|措施|工作")
EMPTY_CELL = {"——", "—", "-", "/", "无", "－"}


@dataclass
class Row:
    """One row of a task table: its number, the cells of each column role, the line of each cell."""

    label: str | None
    line: int  # 0-based index of the row's task cell (else its number)
    cells: dict[str, list[str]] = field(default_factory=dict)
    group: str | None = None
    first: int = 0  # 0-based index of the row's first line

    def text(self, role: str) -> str:
        """Return the cells of ``role`` joined as printed (a space between split cells)."""
        return " ".join(c for c in self.cells.get(role, []) if c not in EMPTY_CELL)


@dataclass
class Table:
    """A flattened table: its column roles in order, its rows, the lines it covers [start, end)."""

    columns: list[tuple[str, str]]
    rows: list[Row]
    start: int
    end: int


def find_flat_tables(lines: list[str]) -> list[Table]:
    """Return the flattened task tables of ``lines`` in printed order."""
    tables = []
    index = 0
    while index < len(lines):
        header = _header_at(lines, index)
        if header is None:
            index += 1
            continue
        columns, body_start = header
        table = _read_rows(lines, columns, index, body_start)
        if table.rows:
            tables.append(table)
            index = table.end
        else:
            index = body_start
    return tables


def _cells_from(lines: list[str], start: int, limit: int) -> list[tuple[int, str]]:
    """Return up to ``limit`` non-empty cells (line index, text) from ``start`` on."""
    cells = []
    for index in range(start, len(lines)):
        text = squash(lines[index])
        if text:
            cells.append((index, text))
            if len(cells) >= limit:
                break
    return cells


def _header_at(lines: list[str], index: int) -> tuple[list[tuple[str, str]], int] | None:
    """Return the column roles of a header starting at ``index`` and the index after it.

    A header opens with 序号 (rows are numbered) or with a column of units (街镇、园区 |
    目标任务: each row opens with a unit's name).
    """
    first = squash(lines[index])
    numbered = first in ("序号", "编号", "序")
    if not (enabled("flat-table") and numbered) and not (
        enabled("unit-keyed-table") and UNIT_KEY.match(first)
    ):
        return None
    header: list[str] = []
    end = index
    for position, text in _cells_from(lines, index, 14):
        if len(text) > HEADER_CELL_MAX or text.isdigit() or match_label(text) is not None:
            break
        if header and _role(text) == "text" and clean_unit(text) == text:
            break  # the first row of a table keyed by unit
        header.append(text)
        end = position + 1
    columns = column_roles(header)
    if columns and columns[0][0] != "label":
        columns[0] = ("units", columns[0][1])
        if not any(role == "task" and WORK.search(text) for role, text in columns):
            return None  # a unit's quota or figures (街镇 | 2025年 | 面积), not its work
    roles = {role for role, _ in columns}
    if "task" not in roles or not roles & {"lead", "co", "units", "leaders", "deadline"}:
        return None
    return columns, end


def column_roles(header: list[str]) -> list[tuple[str, str]]:
    """Return (role, header text) per column; a second task column makes the first the rows' group.

    "任务名称 | 任务内容": the first names the group of rows, the second is the task.
    """
    columns: list[tuple[str, str]] = []
    for text in header:
        role = _role(text)
        if role == "task" and any(r == "task" for r, _ in columns):
            columns = [("group" if r == "task" else r, t) for r, t in columns]
        columns.append((role, text))
    return columns


def _role(text: str) -> str:
    return next((name for name, pattern in ROLES if pattern.search(text)), "text")


def _read_rows(lines: list[str], columns: list[tuple[str, str]], start: int, body_start: int) -> Table:
    """Read the rows after the header until they stop.

    Rows of a numbered table open with their number (1, 2, 3 …); rows of a table keyed
    by unit open with a unit's name, which is their first cell. A heading line between
    rows ("二、内资签约项目") names the group of the rows after it, as a group cell
    printed only on a group's first row names the rows until the next one.
    """
    numbered = columns[0][0] == "label"
    header_cells = {text for _, text in columns}
    data_columns = columns[1:] if numbered else columns
    rows: list[Row] = []
    group: str | None = None
    current: list[tuple[int, str]] | None = None
    number_line = body_start
    end = body_start

    def close(cells: list[tuple[int, str]]) -> None:
        nonlocal group
        label = str(len(rows) + 1) if numbered else None
        row = _row(label, number_line, cells, data_columns)
        group = row.group or group
        row.group = group
        rows.append(row)

    for index in range(body_start, len(lines)):
        text = squash(lines[index])
        if not text or text in header_cells:
            continue
        if _opens_row(text, numbered, len(rows) + (current is not None) + 1, current):
            if current is not None:
                close(current)
            current, number_line, end = ([] if numbered else [(index, text)]), index, index + 1
            continue
        if ATTACHMENT.match(text) or PAGE_CHROME.match(text):
            break
        heading = match_label(text)
        if heading is not None and heading[0] <= 2:
            if current is not None:
                close(current)
                current = None
            if len(text) > 40:
                break
            group = text
            continue
        if current is None:
            if rows:
                break
            continue
        current.append((index, text))
        end = index + 1
        if len(current) >= 6 * len(data_columns):
            break
    if current is not None:  # the last row: nothing but a heading or an attachment marks its end
        final = current[: 2 * len(data_columns)]
        close(final)
        end = final[-1][0] + 1 if final else end
    return Table(columns=columns, rows=rows, start=start, end=max(end, body_start))


def _opens_row(text: str, numbered: bool, expected: int, current: list[tuple[int, str]] | None) -> bool:
    """Tell whether a cell opens the next row: its number, or a unit's name after a full row."""
    if numbered:
        return text == str(expected)
    return len(text) <= 20 and clean_unit(text) == text and (current is None or len(current) > 1)


def _row(
    label: str | None, number_line: int, cells: list[tuple[int, str]], columns: list[tuple[str, str]]
) -> Row:
    """Match a row's cells to the columns from the right (see the module docstring)."""
    row = Row(label=label, line=number_line, first=number_line)
    remaining = list(cells)
    assigned: list[tuple[str, list[tuple[int, str]]]] = []
    for position in range(len(columns) - 1, -1, -1):
        role, _ = columns[position]
        if position == 0:
            assigned.append((role, remaining))
            remaining = []
            break
        kind = KIND.get(role) or ("time" if role == "deadline" else "text")
        take = 0
        while take < len(remaining) and _is_kind(remaining[len(remaining) - take - 1][1], kind):
            take += 1
            if len(remaining) - take <= position or kind in ("text", "time"):
                break
        if kind == "text":
            take = _enumerated_run(remaining) or min(1, len(remaining))
        assigned.append((role, remaining[len(remaining) - take :]))
        remaining = remaining[: len(remaining) - take]
    for role, taken in reversed(assigned):
        if taken:
            row.cells.setdefault(role, []).extend(text for _, text in taken)
            if role == "task" and row.line == number_line:
                row.line = taken[0][0]
    if row.cells.get("group"):
        row.group = row.text("group")
    return row


def _enumerated_run(cells: list[tuple[int, str]]) -> int:
    """Return how many cells at the end form one numbered list ("1、…", "2、…", "3.…"), else 0.

    A cell of duties printed as a list is split at each item on a flattened page;
    the list is recognised by its numbering, 1 up to the last, with continuation
    cells allowed between items.
    """
    expected = None
    for back in range(1, len(cells) + 1):
        found = match_label(cells[-back][1])
        if found is None or found[0] != 3:
            continue
        if expected is not None and found[2] != expected:
            return 0
        if found[2] == 1:
            if back == 1:
                return 0
            intro = back < len(cells) and cells[-back - 1][1].endswith(("：", ":"))
            return back + 1 if intro else back  # "在符合法律法规的前提下：" opens the list
        expected = found[2] - 1
    return 0


def _is_kind(text: str, kind: str) -> bool:
    if text in EMPTY_CELL:
        return True
    if kind == "names":  # "邓连生孙树群": names glued together on a flattened page are still names
        return all(
            GLUED_NAMES.fullmatch(name) and not clean_unit(name) for name in re.split(r"[、，,]", text)
        )
    if kind == "units":
        return not _is_kind(text, "names") and "。" not in text and len(text) <= 60
    if kind == "time":
        return len(text) <= 30 and re.search(r"\d|年|月|季度|底|前", text) is not None
    return True

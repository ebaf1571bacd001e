"""Turn positioned text on printed pages into the paragraphs the extraction reads.

A PDF's text layer, an OCR engine and an OFD file all give pieces of text with
their place on the page, not paragraphs. Read naively, a gazette page brings its
furniture along (the running head "××县人民政府公报 2025年第1期", the page
number "— 12 —"), cuts every paragraph at the right margin and, on a
two-column page, interleaves the columns line by line. The later stages read
one paragraph per line and would take a page number for an item or lose the
second half of a task. So, per page: the columns are found by their gutter and
read in order, pieces are grouped into lines, furniture at the top and bottom
is dropped, and a line that runs to the right margin is joined to the next one
when that one starts flush left (the first line of a paragraph is indented,
GB/T 9704), also across a page break.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

#: Share of the page height at the top and at the bottom where running heads and page numbers stand.
MARGIN = 0.12
#: At most this many lines at each end of a page are furniture.
FURNITURE_LINES = 2
# "— 12 —", "-3-", "12", "第 3 页", "第3页 共8页", "3/8"; OCR reads a dash as "一" ("-2一").
DASHES = r"[\s\-—－–―_~·一]*"
PAGE_NUMBER = re.compile(
    rf"^{DASHES}(?:第\s*)?\d{{1,4}}(?:\s*页)?(?:\s*共\s*\d{{1,4}}\s*页)?{DASHES}$|^\d{{1,4}}\s*/\s*\d{{1,4}}$"
)
# The gazette's running head: its name with the issue ("交城县人民政府公报 2025年第1期").
RUNNING_HEAD = re.compile(r"公报.{0,24}第\s*\d{1,3}\s*期|第\s*\d{1,3}\s*期.{0,24}公报")
#: A short line in the margin band of this many pages is a running head ("交城县人民政府公报" alone).
REPEATED_HEAD = 3
DIGITS = re.compile(r"\d+")
SENTENCE_END = re.compile(r"[。；;：:！？!?]$")
ITEM_LABEL = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])"
)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: A line ending this many character heights short of the column's right edge still reaches it (CJK is
#: often not justified, and a closing bracket may not start a line).
FULL_SLACK = 3
#: Lines of one title have the same type size, within this share; a title's is this much larger than the body's.
SAME_TYPE = 0.15
TITLE_TYPE = 1.15
#: A gap wider than this many character heights inside a line separates table cells.
CELL_GAP = 2
#: Where a gutter between two columns may stand, as shares of the page width.
GUTTER_RANGE = (0.3, 0.7)
#: A column holds at least this share of the body's pieces, and few pieces cross its gutter.
MIN_COLUMN_SHARE = 0.25
MAX_CROSSING_SHARE = 0.1
#: Lines of a column of text hold at least this many characters (half an A4 page holds ~13 in 三号).
MIN_COLUMN_CHARS = 8


@dataclass(frozen=True)
class Box:
    """A piece of text and its bounding box (any unit, y growing downwards)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Page:
    """The pieces of text of one page and the page's size in the unit of its boxes."""

    width: float
    height: float
    boxes: list[Box]


@dataclass(eq=False)
class Line:
    """A line of one column, with what the paragraph joiner needs to know about it."""

    text: str
    x0: float
    x1: float
    height: float
    #: In the top or bottom margin band of its page, where furniture stands.
    outer: bool = False
    full: bool = False
    flush: bool = False
    #: Centred in its column in a larger type than the body: a line of a title.
    title: bool = False
    #: Pieces far apart on the line: cells of a table row, never a wrapped paragraph.
    cells: bool = False


def page_text(pages: list[Page]) -> str:
    """Return the paragraphs of ``pages``, one a line, without running heads and page numbers."""
    columns = [column for page in pages for column in _columns(page)]
    _drop_furniture(columns)
    paragraphs: list[str] = []
    before: Line | None = None
    for column in columns:
        _measure(column)
        for line in column:
            if before is not None and _continues(before, line, paragraphs[-1]):
                paragraphs[-1] = _glue(paragraphs[-1], line.text)
            else:
                paragraphs.append(line.text)
            before = line
    return "\n".join(paragraphs)


def _continues(before: Line, line: Line, paragraph: str) -> bool:
    """Whether ``line`` carries on the paragraph of ``before``: wrapped body text, or a title's second line."""
    if before.title and line.title:
        return abs(before.height - line.height) <= SAME_TYPE * before.height
    if before.cells or line.cells:
        return False
    # No height test for body text: OCR boxes of one type size differ with the glyphs ("责）" is taller).
    body = not before.title and not line.title
    return body and before.full and line.flush and not _starts_item(paragraph, line.text)


def _columns(page: Page) -> list[list[Line]]:
    """Return the page's lines per column in reading order; pieces spanning a gutter come before or after."""
    boxes = [box for box in page.boxes if box.text.strip()]
    gutter = _gutter(page, boxes)
    if gutter is None:
        return [_lines(boxes, page)]
    left = [box for box in boxes if box.x1 <= gutter]
    right = [box for box in boxes if box.x0 >= gutter]
    spanning = [box for box in boxes if box.x0 < gutter < box.x1]
    first_column_top = min(box.top for box in left + right)
    above = [box for box in spanning if box.top < first_column_top]
    below = [box for box in spanning if box.top >= first_column_top]
    return [lines for lines in (_lines(part, page) for part in (above, left, right, below)) if lines]


def _gutter(page: Page, boxes: list[Box]) -> float | None:
    """Return the x of the gutter of a two-column page, or None for a page of one column."""
    body = [box for box in boxes if MARGIN * page.height < box.top < (1 - MARGIN) * page.height]
    if len(body) < 6:
        return None
    best = None
    steps = 40
    for step in range(steps + 1):
        low, high = GUTTER_RANGE
        x = page.width * (low + (high - low) * step / steps)
        crossing = sum(box.x0 < x < box.x1 for box in body)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    crossing, x = best
    left = [box for box in body if box.x1 <= x]
    right = [box for box in body if box.x0 >= x]
    if crossing > MAX_CROSSING_SHARE * len(body) or min(len(left), len(right)) < MIN_COLUMN_SHARE * len(body):
        return None
    if not (_column_like(left) and _column_like(right)):
        return None
    return x


def _column_like(boxes: list[Box]) -> bool:
    """Text set in a column fills it with lines of some length; the cells of a table mostly do not."""
    lines = _lines(boxes)
    height = median(line.height for line in lines)
    right = max(line.x1 for line in lines)
    filled = sum(line.x1 >= right - 2 * height for line in lines) >= 0.5 * len(lines)
    return filled and median(len(line.text) for line in lines) >= MIN_COLUMN_CHARS


def _lines(boxes: list[Box], page: Page | None = None) -> list[Line]:
    """Group pieces into lines: a piece sharing half its height with the current line joins it.

    OCR may cut one printed line into boxes of different heights and offsets ("内容，列" and "入党政领导…").
    """
    groups: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.x0)):
        if groups:
            top, bottom = min(b.top for b in groups[-1]), max(b.bottom for b in groups[-1])
            shared = min(bottom, box.bottom) - max(top, box.top)
            if shared >= 0.5 * min(box.bottom - box.top, bottom - top):
                groups[-1].append(box)
                continue
        groups.append([box])
    lines = []
    for group in groups:
        group.sort(key=lambda b: b.x0)
        height = median(box.bottom - box.top for box in group)
        text, cells = group[0].text.strip(), False
        for before, box in zip(group, group[1:], strict=False):
            gap = box.x0 - before.x1
            wide = gap > (0.8 if _cjk_between(text, box.text) else 0.2) * height
            cells = cells or gap > CELL_GAP * height
            text = text + (" " if wide else "") + box.text.strip()
        top, bottom = min(b.top for b in group), max(b.bottom for b in group)
        outer = page is not None and (top < MARGIN * page.height or bottom > (1 - MARGIN) * page.height)
        lines.append(Line(text, group[0].x0, max(b.x1 for b in group), height, outer, cells=cells))
    return lines


def _drop_furniture(columns: list[list[Line]]) -> None:
    """Remove running heads and page numbers: lines in a page's margin bands that look like them or repeat."""
    outer = [[line for line in _ends(column) if line.outer] for column in columns]
    repeated = Counter(_key(line.text) for lines in outer for line in lines)
    for column, lines in zip(columns, outer, strict=True):
        for line in lines:
            text = line.text.strip()
            head = len(text) <= 40 and (RUNNING_HEAD.search(text) or repeated[_key(text)] >= REPEATED_HEAD)
            if head or PAGE_NUMBER.match(text):
                column.remove(line)


def _ends(column: list[Line]) -> list[Line]:
    """The first and last lines of a column, each once."""
    ends = column[:FURNITURE_LINES] + column[-FURNITURE_LINES:]
    return [line for i, line in enumerate(ends) if line not in ends[:i]]


def _key(text: str) -> str:
    return DIGITS.sub("#", re.sub(r"\s+", "", text))


def _measure(column: list[Line]) -> None:
    """Mark the lines that reach the column's right edge and those that start at its left edge."""
    if not column:
        return
    height = median(line.height for line in column)
    left = min(line.x0 for line in column)
    # Not the widest line: CJK set ragged lets a line of narrow digits or punctuation run past the others.
    right = sorted((line.x1 for line in column), reverse=True)[len(column) // 10]
    for line in column:
        line.full = line.x1 >= right - FULL_SLACK * line.height
        line.flush = line.x0 <= left + 0.7 * line.height
        centred = abs((line.x0 - left) - (right - line.x1)) <= line.height
        line.title = centred and line.height >= TITLE_TYPE * height


def _starts_item(paragraph: str, text: str) -> bool:
    """A numbered item after a finished sentence starts a paragraph even when printed flush left."""
    return bool(SENTENCE_END.search(paragraph) and ITEM_LABEL.match(text))


def _cjk_between(before: str, after: str) -> bool:
    return bool(before and after and (CJK.match(before[-1]) or CJK.match(after[0])))


def _glue(before: str, after: str) -> str:
    return before + ("" if _cjk_between(before, after) else " ") + after

"""Give a page printed on one line its paragraphs back.

Web pages copied as text often hold a whole document on ONE line: the title,
the 文号, the 主送机关 and every numbered item, separated only by spaces or by
the sentence end before the next item's label ("…报送。（三）细化工作方案 …"),
sometimes not even that ("…责任单位：区旅游文体局，各片区管理局3.开展…").
The later stages read a document line by line, so such a line is cut into
virtual lines before them: at runs of white space, and in front of an item
label that follows a sentence end or continues the numbering of the item
before it. Each virtual line remembers the source line it came from, so
every task still points at the line where it is printed.
"""

from __future__ import annotations

import re

from tracker.extraction.outline import match_label
from tracker.extraction.rules import enabled
from tracker.extraction.segment import NUMBER_TAIL

#: A line this long is a flattened page, not a paragraph (the longest paragraphs of the seeds are ~700).
FLATTENED = 1000
# A field key standing alone before its value (the colon replaced by a space).
FIELD_KEY = re.compile(
    r"(牵头|责任|配合|协办|主办|参与)(单位|部门)|(牵头|责任|分管|包联)领导|责任人|完成时限|时间节点|完成时间"
)
HEADER_WORD = re.compile(r"单位|部门|领导|责任|事项|时限|时间|节点|内容|名称|序号|负责人")
SPACES = re.compile(r"[ \t\u3000\xa0]+")
# Where an item label may open after punctuation: "。（三）", "；2.", "：一、".
AFTER_PUNCTUATION = re.compile(
    r"(?<=[。；;：:！？!?])(?=[（(]?[\d一二三四五六七八九十]{1,3}[）)、.．]|第[一二三四五六七八九十]{1,3}阶段)"
)
# A label glued to the text before it: "管理局3.开展", "职责分工（一）建设…"; cut only where it continues
# the numbering of its level, so "第3.5条" or a quoted "（一）" stays text.
GLUED_LABEL = re.compile(
    r"(?<=[\u4e00-\u9fff）)”])(?=(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]{1,3}[）)])[\u4e00-\u9fff“])"
)
# A 文号 glued to the title after it: "岚综管办〔2015〕70号平潭综合实验区管委会办公室关于…".
NUMBER_GLUED = re.compile(rf"({NUMBER_TAIL})(?=[\u4e00-\u9fff])")


def reflow(lines: list[str]) -> tuple[list[str], list[int]]:
    """Return the virtual lines and, for each, the 0-based index of the source line it came from."""
    virtual: list[str] = []
    origin: list[int] = []
    for index, line in enumerate(lines):
        pieces = split_flattened(line) if len(line) >= FLATTENED and enabled("flattened-page") else [line]
        virtual.extend(pieces)
        origin.extend([index] * len(pieces))
    return virtual, origin


def split_flattened(line: str) -> list[str]:
    """Cut one flattened page into paragraphs at white space and in front of item labels."""
    pieces: list[str] = []
    numbering = Numbering()
    for chunk in _keep_fields_whole(SPACES.split(line)):
        for part in AFTER_PUNCTUATION.split(NUMBER_GLUED.sub("\\1\n", chunk)):
            for paragraph in part.split("\n"):
                numbering.see(paragraph)
                pieces.extend(piece for piece in _split_glued_labels(paragraph, numbering) if piece)
    return pieces


def _keep_fields_whole(chunks: list[str]) -> list[str]:
    """Join a field key printed with a space for its colon to its value: "牵头单位 县发改局"."""
    joined: list[str] = []
    for chunk in chunks:
        # Not in a table header, where the next cell is another column's name ("牵头领导 责任单位").
        if joined and FIELD_KEY.fullmatch(joined[-1]) and not HEADER_WORD.search(chunk):
            joined[-1] += " " + chunk
        else:
            joined.append(chunk)
    return joined


class Numbering:
    """The last number seen at each outline level, so a glued label is cut only where it continues them."""

    def __init__(self) -> None:
        self.last: dict[int, int] = {}

    def see(self, text: str) -> None:
        """Record the label ``text`` opens with, forgetting the numbers of the levels below it."""
        found = match_label(text)
        if found is None or found[2] is None:
            return
        level, _, number = found
        self.last = {k: v for k, v in self.last.items() if k < level}
        self.last[level] = number

    def continues(self, text: str) -> bool:
        """Tell whether the label ``text`` opens with is the next number of its level."""
        found = match_label(text)
        if found is None or found[2] is None:
            return False
        return found[2] == self.last.get(found[0], 0) + 1


def _split_glued_labels(text: str, numbering: Numbering) -> list[str]:
    """Cut "…管理局3.开展…" before the 3 when item 2 came before it."""
    pieces, start = [], 0
    for match in GLUED_LABEL.finditer(text):
        if match.start() <= start or not numbering.continues(text[match.start() :]):
            continue
        pieces.append(text[start : match.start()])
        start = match.start()
        numbering.see(text[start:])
    pieces.append(text[start:])
    return pieces

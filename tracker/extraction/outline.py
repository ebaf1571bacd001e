"""Stage 3: a document's lines -> the tree of its numbered items.

Chinese official documents number their levels 一、 / （一） / 1. / （1） / ①
(GB/T 9704 and every county's habit). OCR mixes full- and half-width brackets
and punctuation ("(一)", "（一)", "1．", "1、"), puts spaces inside labels and
prefixes markdown marks, so labels are matched on the line with those removed.
Lines without a label continue the open item. The signature block and a 附件
heading end the body, so an attachment's own 一、 starts a fresh tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.extraction.rules import enabled
from tracker.extraction.textutil import parse_signature_line, small_number, squash, strip_markup

CN_NUM = "一二三四五六七八九十百零〇"
# (level, pattern) in the order GB/T 9704 nests them; the label group is what is printed.
LABELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(?P<label>(?P<n>[{CN_NUM}](?:\s?[{CN_NUM}]){{0,3}})\s*[、，,．.])")),
    (2, re.compile(rf"^(?P<label>[（(〔]\s*(?P<n>[{CN_NUM}](?:\s?[{CN_NUM}]){{0,3}})\s*[）)〕〉])")),
    (3, re.compile(r"^(?P<label>(?P<n>\d{1,3})\s*[.．、,，](?![\d.．]))")),
    (4, re.compile(r"^(?P<label>[（(]?\s*(?P<n>\d{1,3})\s*[）)])")),
    (5, re.compile(r"^(?P<label>(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))")),
    # Stages of a 实施步骤 section stand where （一） would: "第一阶段：摸底动员（6月15日前）".
    (2, re.compile(rf"^(?P<label>第(?P<n>[{CN_NUM}]{{1,3}})(?:阶段|步)[：:，,、]?)")),
)
# Paragraphs enumerated 一是…二是… at the start of their line (below ①, the deepest label).
ENUMERATION = re.compile(rf"^(?P<label>(?P<n>[{CN_NUM}]{{1,2}})是)(?=[\u4e00-\u9fff“])")
ENUMERATED_LEVEL = 6
HEADING_MAX = 30
RUNNING_HEAD = re.compile(
    r"[\u4e00-\u9fff]{2,20}公报(\d{4}年)?(第\d+期)?(\(总第\d+期\)|（总第\d+期）)?\d{0,3}"
)
SIGNER = re.compile(r"(人民政府|办公室|委员会|局|委|办|指挥部|领导小组)$")
RUN_IN = re.compile(r"[。；;]\s*(?=[（(]?[\d一二三四五六七八九十]{1,3}[）)]?[、.．）)])")
ATTACHMENT = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[：:]?")


@dataclass
class Item:
    """A numbered item (or the document root when ``level`` is 0) and the paragraphs under it."""

    label: str | None
    level: int
    number: int | None
    line: int
    paragraphs: list[str] = field(default_factory=list)
    paragraph_lines: list[int] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    parent: Item | None = field(default=None, repr=False)

    def add(self, line: int, text: str) -> None:
        """Append a printed paragraph and remember its 1-based line number."""
        self.paragraphs.append(text)
        self.paragraph_lines.append(line)

    @property
    def heading(self) -> str:
        """Return the item's first paragraph without its label."""
        first = self.paragraphs[0] if self.paragraphs else ""
        return first[len(self.label) :].strip() if self.label and first.startswith(self.label) else first

    @property
    def text(self) -> str:
        """Return the item's own paragraphs (not its sub-items'), one per line."""
        return "\n".join(self.paragraphs)

    @property
    def section_heading(self) -> str:
        """Return the text above the item's first child: a heading that OCR may have broken over lines."""
        if not self.children:
            return self.heading
        text = "".join(self.paragraphs)
        return text[len(self.label) :].strip() if self.label and text.startswith(self.label) else text

    def walk(self):
        """Yield this item and all items below it, depth first in printed order."""
        yield self
        for child in self.children:
            yield from child.walk()


@lru_cache(maxsize=256)
def _number(text: str) -> int | None:
    if text in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(text) + 1
    return small_number(text)


def match_label(text: str) -> tuple[int, str, int | None] | None:
    """Return (level, printed label, number) when ``text`` starts with an item label."""
    for level, pattern in LABELS:
        match = pattern.match(text)
        if match:
            number = _number(match["n"].replace(" ", ""))
            if number is None:
                continue
            return level, match["label"].replace(" ", ""), number
    return None


def build_outline(lines: list[str], first_line: int) -> Item:
    """Build the item tree of a document from its lines; ``first_line`` is the 1-based number of lines[0]."""
    root = Item(label=None, level=0, number=None, line=first_line)
    stack: list[Item] = [root]
    for offset, raw in enumerate(lines):
        for part in raw.split("\n"):  # a table printed on one line gives several rows
            text = strip_markup(part)
            if not text or _is_page_furniture(text):
                continue
            if parse_signature_line(text)[1] is not None or ATTACHMENT.match(squash(text)):
                _release_signer(stack[-1], root)
                stack = [root]
                root.add(first_line + offset, text)
                continue
            for piece in _split_run_in_items(text, stack):
                stack = _place(piece, first_line + offset, stack)
    return root


def _place(text: str, line: int, stack: list[Item]) -> list[Item]:
    """Add one paragraph to the tree: a new item when it opens with a label, else to the open item."""
    found = match_label(text) or _enumeration(text, stack)
    if found is None:
        stack[-1].add(line, text)
        return stack
    level, label, number = found
    while len(stack) > 1 and stack[-1].level >= level:
        stack.pop()
    item = Item(label=label, level=level, number=number, line=line, parent=stack[-1])
    item.add(line, text)
    stack[-1].children.append(item)
    return [*stack, item]


def _enumeration(text: str, stack: list[Item]) -> tuple[int, str, int | None] | None:
    """Return a paragraph enumerated 一是/二是 as an item, where the open heading has no body of its own."""
    match = ENUMERATION.match(text)
    if match is None:
        return None
    number = small_number(match["n"])
    return (ENUMERATED_LEVEL, match["label"], number) if _bare_heading(stack, number) else None


def _bare_heading(stack: list[Item], number: int | None) -> bool:
    """Tell whether 一是/二是 paragraphs may be items here: under a heading with no body of its own.

    "二、推进重点问题整改" followed by "一是…", "二是…" lists the section's items; in
    "（一）加强队伍建设。一是…" the enumeration is the item's own text.
    """
    open_item = stack[-1]
    if open_item.level == ENUMERATED_LEVEL:
        return number == (open_item.number or 0) + 1
    body = squash("".join(open_item.paragraphs))
    if open_item.label and body.startswith(squash(open_item.label)):
        body = body[len(squash(open_item.label)) :]
    return open_item.level > 0 and len(body) <= HEADING_MAX and "。" not in body and not open_item.children


def _split_run_in_items(text: str, stack: list[Item]) -> list[str]:
    """Split a line where OCR ran the next item into it: "…工作总结。 (三)专班自成立之日起…".

    Only a label that continues the numbering of an item open at that point counts,
    so "（一）" quoted inside a sentence stays text.
    """
    if not enabled("run-in-items"):
        return [text]
    open_items = [(item.level, item.number) for item in stack]
    opening = match_label(text)
    if opening is not None:
        open_items = [(level, number) for level, number in open_items if level < opening[0]]
        open_items.append((opening[0], opening[2]))
    for match in RUN_IN.finditer(text):
        found = match_label(text[match.end() :])
        if found is not None and (found[0], found[2] - 1) in open_items:
            return [text[: match.end()].rstrip(), *_split_run_in_items(text[match.end() :], stack)]
    return [text]


def _release_signer(item: Item, root: Item) -> None:
    """Move the issuing organ printed above the signing date out of the last item into the root."""
    if item is root or len(item.paragraphs) < 2:
        return
    last = squash(item.paragraphs[-1])
    if len(last) <= 30 and SIGNER.search(last):
        root.add(item.paragraph_lines.pop(), item.paragraphs.pop())


def _is_page_furniture(text: str) -> bool:
    """Tell page numbers ("— 5 —") and running heads ("某某县人民政府公报 2024年第2期") from text.

    OCR and PDF text layers keep them between paragraphs, often in mid-sentence.
    """
    bare = squash(text).strip("-—－·")
    if bare.isdigit() and len(bare) <= 3:
        return True
    return len(bare) <= 40 and RUNNING_HEAD.fullmatch(bare) is not None

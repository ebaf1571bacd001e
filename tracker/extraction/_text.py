"""OCR clean-up shared by the deadline and duty grammars.

Gazettes come out of OCR with spaces inside phrases ("2025 年 6 月底前"),
full-width digits and line breaks. The grammars match a cleaned copy of the
text, and callers map every match back to the original so that the phrase
they report is a verbatim substring of what was printed.
"""

import re
from functools import lru_cache

import cn2an

# Month and day numbers as officials write them: 6, 06, 十二, 三十一.
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－～", "0123456789-~")

# Whitespace is dropped unless it separates two ASCII letters or digits, where
# removing it would glue separate numbers together ("表 1 2025 年").
_DROPPABLE_SPACE = re.compile(r"(?<![0-9A-Za-z])\s+|\s+(?![0-9A-Za-z])")


class Cleaned:
    """A cleaned copy of a text plus the map from its positions to the original's."""

    __slots__ = ("original", "text", "_index")

    def __init__(self, original: str) -> None:
        self.original = original
        translated = original.translate(_FULL_WIDTH)
        if not _DROPPABLE_SPACE.search(translated):
            self.text = translated
            self._index = None
            return
        pieces: list[str] = []
        index: list[int] = []
        position = 0
        for gap in _DROPPABLE_SPACE.finditer(translated):
            pieces.append(translated[position : gap.start()])
            index.extend(range(position, gap.start()))
            position = gap.end()
        pieces.append(translated[position:])
        index.extend(range(position, len(translated)))
        self.text = "".join(pieces)
        self._index = index

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty span of the cleaned text back onto the original."""
        if self._index is None:
            return start, end
        return self._index[start], self._index[end - 1] + 1

    def verbatim(self, start: int, end: int) -> str:
        """The original characters behind a span of the cleaned text, OCR spaces kept."""
        original_start, original_end = self.span(start, end)
        return self.original[original_start:original_end]


@lru_cache(maxsize=512)
def number(token: str) -> int:
    """Read "12", "十二", "三十一" or a year written digit by digit ("二〇二四")."""
    if token.isascii():
        return int(token)
    return int(cn2an.cn2an(token, "smart"))

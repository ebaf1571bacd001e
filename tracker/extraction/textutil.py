"""Small text helpers shared by the stages: OCR space removal, dates, Chinese numerals."""

from __future__ import annotations

import re
from datetime import date

import cn2an

# OCR puts spaces inside words ("各乡 镇"); a space only matters between two Latin letters or digits.
_SPACE = re.compile(r"\s+")
_KEEP_SPACE = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])")
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s*|>\s*|[-*+•·]\s+)")

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_DATE = re.compile(
    r"^(?P<organ>[\u4e00-\u9fff（）()]{2,30}?)?(?P<y>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日(?:印发|发布|签发)?(?:[（(]此件[^）)]{0,8}[）)])?$"
)


def squash(text: str) -> str:
    """Remove all white space (for comparisons and unit names)."""
    return _SPACE.sub("", text)


def compact(text: str) -> str:
    """Remove OCR white space but keep one space between Latin letters or digits ("5G 基站")."""
    return _SPACE.sub("", _KEEP_SPACE.sub("\x00", text)).replace("\x00", " ")


def strip_markup(line: str) -> str:
    """Drop a markdown heading mark or bullet that OCR tools put in front of a line."""
    return _MARKDOWN.sub("", line).strip()


def small_number(text: str) -> int | None:
    """Read a number written with digits or with Chinese numerals up to 999 (十二, 二十一)."""
    if text.isdecimal():
        return int(text)
    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def parse_signature_line(line: str) -> tuple[str | None, date | None]:
    """Return (organ, date) of a signature line: "交城县人民政府 2025年3月18日 (此件公开发布)"."""
    match = _DATE.match(squash(strip_markup(line)))
    if not match:
        return None, None
    return match["organ"], _date_of(match)


def _date_of(match: re.Match[str]) -> date | None:
    year_text = match["y"]
    year = int(year_text) if year_text.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in year_text))
    month, day = small_number(match["m"]), small_number(match["d"])
    if month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None

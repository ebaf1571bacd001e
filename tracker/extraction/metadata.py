"""The header a web page or database export prints above a single document.

Documents taken from government websites arrive with the page's own fields in
front of the text: YAML front matter between ``---`` lines, or "key: value"
lines ("标题: …", "文号: …", "发布时间: 2015-09-14 16:02", "[发文字号] 京政办发〔2020〕5号"),
often closed by a marker line ("==== 正文 ===="). The fields are the
publisher's record of the document (its title, 文号 and date), so they fill
what the body itself does not print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.extraction.textutil import squash

#: Field names as publishers write them, by the field they give.
KEYS = {
    "title": ("标题", "题名", "文件名称", "名称"),
    "number": ("文号", "发文字号", "发文号", "文件编号"),
    "date": ("成文日期", "发布日期", "发文日期", "印发日期", "发布时间", "日期"),
    "issuer": ("发布单位", "发文机关", "发布机构", "发文单位"),
}
FIELD = re.compile(r"^\s*[\[【]?(?P<key>[\u4e00-\u9fff]{2,6})[\]】]?\s*[:：]\s*(?P<value>.*)$")
BODY_MARKER = re.compile(r"^[=\-\s]*正\s*文[=\-\s]*$")
ISO_DAY = re.compile(r"((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})")
#: The first lines of a file that may hold the page's fields.
HEADER_LINES = 40


@dataclass
class PageFields:
    """The publisher's fields of a single document, and the index of the body's first line."""

    title: str | None = None
    number: str | None = None
    issued_on: date | None = None
    issuer: str | None = None
    body_start: int = 0


def read_page_fields(lines: list[str]) -> PageFields:
    """Read the publisher's fields from the top of ``lines``; empty fields when there are none."""
    fields = PageFields()
    values: dict[str, str] = {}
    in_front_matter = (
        bool(lines) and lines[0].strip() == "---" or (len(lines) > 1 and lines[1].strip() == "---")
    )
    last_field = -1
    for index, raw in enumerate(lines[:HEADER_LINES]):
        stripped = raw.strip()
        if BODY_MARKER.match(stripped):
            fields.body_start = index + 1
            break
        if stripped == "---" and in_front_matter and index > 1:
            fields.body_start = index + 1
            break
        match = FIELD.match(stripped)
        if match is None:
            continue
        for name, keys in KEYS.items():
            if match["key"] in keys and name not in values and match["value"].strip():
                values[name] = match["value"].strip()
                last_field = index
    else:
        fields.body_start = last_field + 1 if values else 0
    fields.title = squash(values["title"]) if "title" in values else None
    fields.number = values.get("number")
    fields.issuer = squash(values["issuer"]) if "issuer" in values else None
    if "date" in values and (day := ISO_DAY.search(values["date"])):
        try:
            fields.issued_on = date(int(day[1]), int(day[2]), int(day[3]))
        except ValueError:
            fields.issued_on = None
    return fields

"""Stage 2: split a gazette into its documents.

A gazette (政府公报) prints documents one after another, each laid out after
GB/T 9704: title (…关于…的通知), 文号 on a line of its own, 主送机关, body, the
issuing organ and the signing date, then attachments (附件). A 文号 that stands
alone on its line therefore marks a document; in the table of contents the 文号
shares its line with a title or a page number, so the contents are never taken
for documents (a contents entry that repeats a 文号 on a line of its own has no
主送机关 after it and is dropped). A document printed without a 文号 line is
found by its 关于… title followed by the 主送机关 line. Everything from one
document's title to the next document's title, attachments included, belongs
to that document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.extraction.metadata import PageFields
from tracker.extraction.rules import enabled
from tracker.extraction.textutil import parse_signature_line, squash, strip_markup

OPEN, CLOSE = re.escape("〔[(（【［"), re.escape("〕])）】］")
DOC_NUMBER = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff]{{1,12}})[{OPEN}](?P<year>(?:19|20)\d{{2}})[{CLOSE}]第?(?P<num>\d{{1,4}})号"
    r"(签发人[：:][\u4e00-\u9fff·、]{2,30})?$"
)
TITLE_END = re.compile(
    r"(通知|决定|批复|方案|意见|办法|规定|细则|报告|函|公告|通告|通报|命令|纪要|请示|规划|计划|要点|决议)$"
)
ISSUE_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:出版|印发|编印|印)")
ISSUE_YEAR = re.compile(r"((?:19|20)\d{2})年第[\d一二三四五六七八九十]+期")
ORGAN_END = re.compile(r"(政府|办公室|委员会|局|委|办|厅|部|院|中心|指挥部|小组)$")
ADDRESSEE = re.compile(r"^[^。；;]{2,80}[：:]$")
# A 主送机关 names organs ("各乡镇人民政府", "县直各单位"), unlike "具体要求如下：".
ORGAN_ADDRESSEE = re.compile(
    r"^(?!.*(如下|要求|通知|意见)).*(政府|单位|部门|局|委|办|乡|镇|街道|公司|院|队|中心|企业)$"
)
TITLED_NUMBER = re.compile(
    rf"^(?P<title>.+?)[（(](?P<number>[\u4e00-\u9fff]{{1,12}}[{OPEN}]\d{{4}}[{CLOSE}]\d{{1,4}}号)[）)]$"
)
# How far above a 文号 the title may start (titles wrap over up to three lines).
TITLE_LOOKBACK = 4
# A 文号 cited anywhere in running text ("印发了《…方案》（岚综管办〔2021〕105 号）").
#: The bracketed year and number of a 文号 ("〔2021〕105 号"), OCR spaces allowed.
NUMBER_TAIL = rf"[{OPEN}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{CLOSE}]\s*第?\s*(?P<num>\d{{1,4}})\s*号"
NUMBER_IN_TEXT = re.compile(rf"(?P<org>[\u4e00-\u9fff]{{1,12}}){NUMBER_TAIL}")
# How far into a document without a 文号 line its own 文号 may be printed (web pages cite it near the top).
NUMBER_REACH = 600


@dataclass
class Segment:
    """A document's header fields and the 0-based line range [start, end) it covers."""

    number: str | None
    title: str
    issuer: str | None
    issued_on: date | None
    start: int
    end: int
    number_line: int  # the 文号 line, or the title's last line for a document printed without one
    addressee: str | None = None


def find_issue_date(lines: list[str]) -> date | None:
    """Return the gazette's issue date from its front matter ("2025年3月31日出版"), if printed."""
    head = squash("".join(lines[:120]))
    match = ISSUE_DATE.search(head)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def find_issue_year(lines: list[str]) -> int | None:
    """Return the gazette's year from "2024年第2期" when no full issue date is printed."""
    match = ISSUE_YEAR.search(squash("".join(lines[:120])))
    return int(match[1]) if match else None


def normalise_number(line: str) -> str | None:
    """Return the 文号 of a line that holds only a 文号, in the form 交政办发〔2025〕4号."""
    match = DOC_NUMBER.match(squash(strip_markup(line)))
    if not match:
        return None
    return f"{match['org']}〔{match['year']}〕{int(match['num'])}号"


def segment(lines: list[str]) -> list[Segment]:
    """Split the gazette's lines into documents, in printed order."""
    found: list[tuple[int, int, str | None, str]] = []  # (title start, header end, number, title)
    for index, line in enumerate(lines):
        number = normalise_number(line)
        if number is None:
            continue
        start, title = _title_before(lines, index)
        if not title:
            title = _title_after(lines, index)
            start = index
        if not title and _addressee(lines, index + 1, min(len(lines), index + 6)) is None:
            continue  # a cited 文号 that OCR left on a line of its own, not a document header
        found.append((start, index, number, title))
    unnumbered = _unnumbered(lines, found) if enabled("unnumbered-document") else []
    found = sorted(found + unnumbered, key=lambda header: header[0])
    segments: list[Segment] = []
    for position, (start, number_line, number, title) in enumerate(found):
        end = found[position + 1][0] if position + 1 < len(found) else len(lines)
        issued_on, signer = _signature(lines, number_line + 1, end)
        issuer = _issuer_from_title(title) or signer
        segments.append(
            Segment(
                number=number,
                title=title_proper(title),
                issuer=issuer,
                issued_on=issued_on,
                start=start,
                end=end,
                number_line=number_line,
                addressee=_addressee(lines, number_line + 1, end),
            )
        )
    return _without_contents_entries(segments)


def whole_document(lines: list[str], fields: PageFields) -> Segment | None:
    """Take a file that holds no gazette layout as ONE document: a notice, a 方案 pasted from a web page.

    Its title is the publisher's (the page fields), else the first line that reads
    like a title (…通知/意见/方案), else its first line; its 文号 the publisher's,
    else one printed alone or near the top; its date the signing date, else the
    publisher's date.
    """
    body = [i for i in range(fields.body_start, len(lines)) if squash(strip_markup(lines[i]))]
    if not body:
        return None
    title_line = next(
        (
            i
            for i in body[:20]
            if TITLE_END.search(squash(strip_markup(lines[i]))) and len(squash(lines[i])) <= 100
        ),
        None,
    )
    title = fields.title or (squash(strip_markup(lines[title_line])) if title_line is not None else "")
    if not title:
        title = squash(strip_markup(lines[body[0]]))[:60]
    header_end = title_line if title_line is not None and not fields.title else body[0] - 1
    number = normalise_number(fields.number or "") or _number_near_top(lines, body)
    issued_on, signer = _signature(lines, max(header_end, 0), len(lines))
    return Segment(
        number=number,
        title=title_proper(title),
        issuer=_issuer_from_title(title) or fields.issuer or signer,
        issued_on=issued_on or fields.issued_on,
        start=body[0],
        end=len(lines),
        number_line=header_end,
        addressee=_addressee(lines, header_end + 1, len(lines)),
    )


def _number_near_top(lines: list[str], body: list[int]) -> str | None:
    """Return the first 文号 printed in the first characters of a document's body."""
    text = ""
    for index in body:  # joined with a space, the org before a 文号 never runs on from the line above
        text += strip_markup(lines[index]) + " "
        if len(text) >= NUMBER_REACH:
            break
    match = NUMBER_IN_TEXT.search(text[:NUMBER_REACH])
    return f"{match['org']}〔{match['year']}〕{int(match['num'])}号" if match else None


def _without_contents_entries(segments: list[Segment]) -> list[Segment]:
    """Drop a 文号 met twice where it has no 主送机关: a table of contents printed without page numbers."""
    kept = []
    for segment in segments:
        twins = [s for s in segments if s.number and s.number == segment.number]
        if len(twins) > 1 and segment.addressee is None and any(t.addressee for t in twins):
            continue
        kept.append(segment)
    return kept


def _unnumbered(
    lines: list[str], numbered: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """Find documents printed without a 文号 line: a 关于… title followed by the 主送机关 line.

    A 文号 in brackets after the title ("…的通知（某政发〔2024〕3号）") is taken as
    the number; the table of contents never has a 主送机关 line after its titles.
    """
    headers = {i for start, number_line, _, _ in numbered for i in range(start, number_line + 4)}
    found = []
    for index, line in enumerate(lines):
        if index in headers:
            continue
        text = squash(strip_markup(line))
        if not text:
            continue
        match = TITLED_NUMBER.match(text)
        number = normalise_number(match["number"]) if match else None
        title = match["title"] if match else text
        start = index
        if "关于" not in title and index > 0 and not _is_stop(squash(strip_markup(lines[index - 1]))):
            start, title = index - 1, squash(strip_markup(lines[index - 1])) + title
        if (
            not ("关于" in title and TITLE_END.search(title) and len(title) <= 100)
            or "…" in title
            or ".." in title
        ):
            continue
        addressee = _addressee(lines, index + 1, min(len(lines), index + 4))
        if addressee is None or not ORGAN_ADDRESSEE.search(addressee) or title.startswith(("附件", "《")):
            continue
        found.append((start, index, number, title))
    return found


def _is_stop(text: str) -> bool:
    """Tell whether a line ends the text above a title (a date, a sentence, a 文号, a page number)."""
    return (
        not text
        or text.endswith(("。", "；", "：", ":", "公开发布)", "公开发布）"))
        or parse_signature_line(text)[1] is not None
        or DOC_NUMBER.match(text) is not None
        or text.isdigit()
    )


def _title_before(lines: list[str], number_line: int) -> tuple[int, str]:
    parts: list[str] = []
    start = number_line
    index = number_line - 1
    while index >= 0 and len(parts) < TITLE_LOOKBACK:
        raw = lines[index]
        text = squash(strip_markup(raw))
        index -= 1
        if not text:
            if parts and "关于" in "".join(parts):
                break
            continue
        if _is_stop(text):
            break
        parts.insert(0, text)
        start = index + 1
        if raw.lstrip().startswith("#") or "关于" in text:
            break
    title = "".join(parts)
    if not parts or not TITLE_END.search(title):
        return number_line, ""
    return start, title


def _title_after(lines: list[str], number_line: int) -> str:
    parts: list[str] = []
    for raw in lines[number_line + 1 : number_line + 1 + TITLE_LOOKBACK * 2]:
        text = squash(strip_markup(raw))
        if not text:
            if parts:
                break
            continue
        if ADDRESSEE.match(text) or _is_stop(text):
            break
        parts.append(text)
        if TITLE_END.search(text):
            break
    title = "".join(parts)
    return title if TITLE_END.search(title) else ""


def title_proper(title: str) -> str:
    """Drop the issuing organ printed in front of 关于 (the gold and the importer keep it apart)."""
    position = title.find("关于")
    return title[position:] if position > 0 else title


def _issuer_from_title(title: str) -> str | None:
    position = title.find("关于")
    return title[:position] if position > 1 else None


def _signature(lines: list[str], start: int, end: int) -> tuple[date | None, str | None]:
    """Return the signing date and organ: the first line under the body that holds only a date."""
    for index in range(start, end):
        signer, day = parse_signature_line(lines[index])
        if day is None:
            continue
        if signer is not None:
            return day, signer
        for back in range(index - 1, max(start, index - 4) - 1, -1):
            text = squash(strip_markup(lines[back]))
            if text:
                signer = text if ORGAN_END.search(text) and len(text) <= 30 else None
                break
        return day, signer
    return None, None


def _addressee(lines: list[str], start: int, end: int) -> str | None:
    """Return the first 主送机关 (the organ addressed, for "你局" in replies)."""
    for raw in lines[start : min(end, start + 6)]:
        text = squash(strip_markup(raw))
        if not text:
            continue
        if ADDRESSEE.match(text) and len(text) <= 40:
            return re.split(r"[、，,：:；;]", text)[0]
        return None
    return None

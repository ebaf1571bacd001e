"""Importing an Excel 台账 the office already keeps, through the same review as a gazette.

The workbook is read into the review JSON of :mod:`tracker.services.import_review`
(rows become tasks, grouped into documents by 文号 and 文件名称), stored as a
pending :class:`ImportBatch`, and then reviewed, edited and confirmed exactly
like an extracted gazette (:class:`ImportWriter` writes it). Every row is
checked first: one bad row rejects the file with a message per row and stores
nothing. Status and progress are not imported: items start 待签收, and their
history starts with the import.
"""

import datetime as dt
import io
import re
import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tracker.errors import ImportRejected
from tracker.extensions import db
from tracker.extraction.deadlines import normalise, parse_typed_date
from tracker.extraction.errors import ExtractionError
from tracker.extraction.read import check_zip_limits
from tracker.extraction.tasks import short_title
from tracker.models import ImportBatch, User
from tracker.services.import_review import compare_with_stored, split_names
from tracker.services.imports import MAX_UPLOAD_BYTES, checksum_of, pending_batch_of
from tracker.services.ledger_export import DEADLINE_JOINER

#: Headings a ledger must have; 文号 or 文件名称 (at least one) names the document.
REQUIRED_HEADINGS = ("任务内容", "牵头单位", "完成时限")
DOCUMENT_HEADINGS = ("文号", "文件名称")
#: Other names offices give the same columns.
HEADING_ALIASES = {
    "责任单位": "牵头单位",
    "牵头部门": "牵头单位",
    "配合部门": "配合单位",
    "分管领导": "责任领导",
    "工作任务": "任务内容",
    "重点任务": "任务内容",
    "完成时间": "完成时限",
    "时限要求": "完成时限",
}
#: The heading row may sit below a title row or two ("2025年重点工作督办台账").
HEADER_SEARCH_ROWS = 10
#: A trailing "（2025-06-30）" after a phrase holds its date; one without digits is part of the phrase.
DATED_PHRASE = re.compile(r"(?P<phrase>.*?)\s*[（(](?P<date>[^（）()]*\d[^（）()]*)[）)]\s*")
DEADLINE_SEPARATORS = re.compile(rf"[{DEADLINE_JOINER};\n]+")
TITLE_MAX = 200
#: Rows read per worksheet. Some programs declare a million-row sheet; reading stops here and says so.
MAX_SHEET_ROWS = 5000


class LedgerRejected(ImportRejected):
    """The workbook cannot be imported; ``problems`` says why, row by row. Nothing was stored."""

    def __init__(self, filename: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{filename}：台账中有 {len(problems)} 处问题，未导入任何内容。")


def _heading(value) -> str:
    name = "".join(str(value or "").split())
    return HEADING_ALIASES.get(name, name)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_deadline(part: str, where: str, reference: dt.date, problems: list[str]) -> dict | None:
    dated = DATED_PHRASE.fullmatch(part)
    if dated:
        day = parse_typed_date(dated["date"])
        if day is None:
            problems.append(
                f"{where}：完成时限“{part}”中的日期“{dated['date']}”无法识别，请写成 2025-06-30。"
            )
            return None
        return {"text": dated["phrase"] or dated["date"], "date": day.isoformat(), "start": None}
    day = parse_typed_date(part)
    if day is not None:
        return {"text": part, "date": day.isoformat(), "start": None}
    deadline = normalise(part, reference)
    return {
        "text": part,
        "date": deadline.date.isoformat() if deadline and deadline.date else None,
        "start": deadline.start.isoformat() if deadline and deadline.start else None,
    }


def read_deadlines(value, where: str, reference: dt.date, problems: list[str]) -> list[dict]:
    """The 完成时限 cell as review deadlines: a date cell, or phrases (with dates) joined by "；"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return [{"text": value.isoformat(), "date": value.isoformat(), "start": None}]
    parts = [part.strip() for part in DEADLINE_SEPARATORS.split(_text(value)) if part.strip()]
    deadlines = [_read_deadline(part, where, reference, problems) for part in parts]
    return [deadline for deadline in deadlines if deadline is not None]


class _SheetReader:
    """Reads the rows of one worksheet into tasks, collecting problems instead of stopping at the first."""

    def __init__(self, rows: list[tuple], prefix: str, reference: dt.date):
        self.rows = rows
        self.prefix = prefix
        self.reference = reference

    def header(self) -> tuple[int, dict[str, int]] | None:
        for index, row in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            columns = {_heading(value): position for position, value in enumerate(row) if _heading(value)}
            if "任务内容" in columns:
                return index, columns
        return None

    def tasks(self, problems: list[str]) -> list[tuple[str | None, str, dict]]:
        """(文号, 文件名称, task) for every filled row, in order."""
        found = self.header()
        if found is None:
            return []
        header_index, columns = found
        missing = [name for name in REQUIRED_HEADINGS if name not in columns]
        if not any(name in columns for name in DOCUMENT_HEADINGS):
            missing.append("文号或文件名称")
        if missing:
            problems.append(f"{self.prefix}缺少列：{'、'.join(missing)}。")
            return []
        tasks = []
        for index in range(header_index + 1, len(self.rows)):
            row = self.rows[index]
            if not any(_text(value) for value in row):
                continue
            task = self._task(index + 1, row, columns, problems)
            if task is not None:
                tasks.append(task)
        return tasks

    def _task(self, line: int, row: tuple, columns: dict[str, int], problems: list[str]):
        def cell(name: str):
            position = columns.get(name)
            return row[position] if position is not None and position < len(row) else None

        where = f"{self.prefix}第 {line} 行"
        count = len(problems)
        text = _text(cell("任务内容"))
        if not text:
            problems.append(f"{where}：任务内容为空。")
        title = _text(cell("事项名称")) or short_title(text, None)
        if len(title) > TITLE_MAX:
            problems.append(f"{where}：事项名称超过 {TITLE_MAX} 个字。")
        number = _text(cell("文号")) or None
        document_title = _text(cell("文件名称")) or number
        if not document_title:
            problems.append(f"{where}：文号和文件名称都为空，无法确定所属文件。")
        leads = split_names(_text(cell("牵头单位")))
        if len(leads) > 1:
            problems.append(
                f"{where}：牵头单位只能填写一个（现为“{'、'.join(leads)}”），其余请填入配合单位。"
            )
        deadlines = read_deadlines(cell("完成时限"), where, self.reference, problems)
        if len(problems) > count:
            return None
        lead = leads[0] if leads else None
        task = {
            "include": True,
            "label": None,
            "title": title,
            "text": text,
            "line": line,
            "lead_unit": lead,
            "co_units": [name for name in split_names(_text(cell("配合单位"))) if name != lead],
            "leaders": split_names(_text(cell("责任领导"))),
            "persons": [],
            "deadlines": deadlines,
            "duties": [],
            "recurrence": None,
        }
        return number, document_title, task


def _open_workbook(data: bytes, filename: str):
    try:
        check_zip_limits(data, filename)
    except ExtractionError as error:
        raise ImportRejected(f"{filename}：无法读取（{error.reason}）。") from None
    try:
        with warnings.catch_warnings():
            # Workbooks saved by WPS or old Excel lack parts openpyxl expects and it says so; harmless here.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise ImportRejected(
            f"{filename}：无法读取，请上传 Excel 2007 及以上版本保存的 .xlsx 文件。"
        ) from None


def read_ledger(data: bytes, filename: str, reference: dt.date, county: str = "") -> dict:
    """Read a ledger workbook into an import review; ``reference`` dates phrases such as "年底前".

    :raises LedgerRejected: one message per bad row or missing column.
    :raises ImportRejected: the file is not a workbook.
    """
    workbook = _open_workbook(data, filename)
    sheets = workbook.worksheets
    problems: list[str] = []
    rows_found = []
    has_header = False
    for sheet in sheets:
        prefix = f"工作表“{sheet.title}”" if len(sheets) > 1 else ""
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_SHEET_ROWS + 1))
        if len(rows) > MAX_SHEET_ROWS and any(_text(value) for value in rows[-1]):
            problems.append(f"{prefix or '工作表'}超过 {MAX_SHEET_ROWS} 行，请拆分后分批导入。")
            continue
        reader = _SheetReader(rows, prefix, reference)
        has_header = has_header or reader.header() is not None
        rows_found.extend(reader.tasks(problems))
    workbook.close()
    if not has_header and not problems:
        problems.append(f"找不到表头：台账须有以下列：{'、'.join(DOCUMENT_HEADINGS + REQUIRED_HEADINGS)}。")
    elif not rows_found and not problems:
        problems.append("台账中没有事项。")
    if problems:
        raise LedgerRejected(filename, problems)
    return {"county": county, "documents": _group_by_document(rows_found), "skipped": []}


def _group_by_document(rows: list[tuple[str | None, str, dict]]) -> list[dict]:
    documents: dict[tuple[str | None, str], dict] = {}
    for number, title, task in rows:
        document = documents.get((number, title))
        if document is None:
            key = f"d{len(documents)}"
            document = documents[(number, title)] = {
                "key": key,
                "number": number,
                "title": title,
                "issuer": None,
                "issued_on": None,
                "line": task["line"],
                "tasks": [],
            }
        task["key"] = f"{document['key']}t{len(document['tasks'])}"
        document["tasks"].append(task)
    for document in documents.values():
        status, existing_id = compare_with_stored(
            document["number"], document["title"], None, [task["text"] for task in document["tasks"]]
        )
        document.update(status=status, existing_id=existing_id, include=status != "duplicate")
    return list(documents.values())


def prepare_ledger_import(
    data: bytes, filename: str, actor: User | None, now: dt.datetime, county: str = ""
) -> ImportBatch:
    """Read a ledger into a pending batch for review, or return the pending batch of the same file.

    :raises AlreadyImported: the same bytes were confirmed before.
    :raises LedgerRejected: rows or columns are wrong (nothing stored).
    """
    if Path(filename).suffix.lower() != ".xlsx":
        raise ImportRejected(f"{filename}：请上传 .xlsx 格式的 Excel 台账。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(f"{filename}：文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
    checksum = checksum_of(data)
    earlier = pending_batch_of(checksum)
    if earlier is not None:
        return earlier
    batch = ImportBatch(
        source_name=Path(filename).name[:255],
        source_checksum=checksum,
        county=county,
        # A ledger has no running text: documents imported from it get an empty full text.
        source_text="",
        review=read_ledger(data, filename, now.date(), county),
        created_by_id=actor.id if actor else None,
        created_at=now,
    )
    db.session.add(batch)
    db.session.flush()
    return batch

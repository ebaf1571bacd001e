"""Turn county government gazettes into structured tasks (pure Python: no Flask, no database).

The public API is :func:`extract` (bytes and a file name) and :func:`extract_file`
(a path); both return an :class:`ExtractionResult` and raise only
:class:`ExtractionError`, for input that cannot be read. Stages, one module each:

- ``read``: bytes -> text (UTF-8 / GB18030 text, .docx, .pdf text layer);
- ``tables``: rows of 责任分工 tables -> item lines;
- ``segment``: text -> documents (title, 文号, issuer, signing date);
- ``outline``: a document -> its tree of numbered items;
- ``units`` (with ``names`` and ``subjects``): units, lead, leaders, persons;
- ``tasks``: which items are tasks, assembled with ``deadlines`` and ``recurrence``.

Deadlines without a year are resolved against the document's signing date, else
the gazette's issue date ("2025年3月31日出版"), else 1 January of the year in
the document's 文号 or the gazette's issue ("2024年第2期"). When none of these
is printed, no deadlines are extracted: a guessed year would give wrong dates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.extraction.errors import ExtractionError
from tracker.extraction.outline import build_outline
from tracker.extraction.read import read_file, read_text
from tracker.extraction.result import Document, ExtractionResult, Task
from tracker.extraction.segment import Segment, find_issue_date, find_issue_year, segment
from tracker.extraction.tables import expand_tables
from tracker.extraction.tasks import find_tasks, is_task_document

__all__ = ["Document", "ExtractionError", "ExtractionResult", "Task", "extract", "extract_file"]


def extract(data: bytes, filename: str) -> ExtractionResult:
    """Extract the documents and tasks of a gazette given as bytes; ``filename`` picks the reader."""
    text = read_text(data, filename)
    lines = expand_tables(text.split("\n"))
    issue_date = find_issue_date(lines)
    issue_year = find_issue_year(lines)
    documents = []
    for part in segment(lines):
        document = Document(
            number=part.number,
            title=part.title,
            issuer=part.issuer,
            issued_on=part.issued_on,
            line=part.start + 1,
        )
        if is_task_document(part.title):
            root = build_outline(lines[part.number_line + 1 : part.end], part.number_line + 2)
            reference = _reference(part, issue_date, issue_year)
            document.tasks = find_tasks(root, reference, part.addressee)
        documents.append(document)
    return ExtractionResult(source=Path(filename).name, documents=documents)


def extract_file(path: str | Path) -> ExtractionResult:
    """Extract a gazette file; see :func:`extract`."""
    path = Path(path)
    return extract(read_file(path), path.name)


def _reference(part: Segment, issue_date: date | None, issue_year: int | None) -> date | None:
    if part.issued_on:
        return part.issued_on
    if issue_date:
        return issue_date
    year = int(part.number.split("〔")[1][:4]) if part.number else issue_year
    return date(year, 1, 1) if year else None

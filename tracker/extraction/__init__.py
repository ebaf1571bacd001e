"""Turn county government gazettes into structured tasks (pure Python: no Flask, no database).

The public API is :func:`extract` (bytes and a file name) and :func:`extract_file`
(a path); both return an :class:`ExtractionResult` and raise only
:class:`ExtractionError`, for input that cannot be read. Stages, one module each:

- ``read``: bytes -> text (UTF-8 / GB18030 text, .docx; PDFs, scans, OFD and .doc through
  ``pdf``, ``ocr``, ``ofd`` and ``doc``, with ``layout`` removing page furniture);
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

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from tracker.extraction.errors import ExtractionError
from tracker.extraction.flat_tables import Row, find_flat_tables
from tracker.extraction.metadata import PageFields, read_page_fields
from tracker.extraction.names import known_units
from tracker.extraction.outline import build_outline
from tracker.extraction.read import read_file, read_text
from tracker.extraction.reflow import reflow
from tracker.extraction.result import Document, ExtractionResult, Task
from tracker.extraction.row_tasks import row_task
from tracker.extraction.rules import enabled
from tracker.extraction.segment import (
    Segment,
    find_issue_date,
    find_issue_year,
    normalise_number,
    segment,
    title_proper,
    whole_document,
)
from tracker.extraction.tables import find_grid_tables
from tracker.extraction.tasks import find_tasks, is_task_document

__all__ = ["Document", "ExtractionError", "ExtractionResult", "Task", "extract", "extract_file"]


def extract(data: bytes, filename: str, lexicon: Iterable[str] | None = None) -> ExtractionResult:
    """Extract the documents and tasks of a gazette given as bytes; ``filename`` picks the reader.

    A file is a gazette when documents are found in GB/T 9704 layout; any other
    readable text (a single notice, a 方案 copied from a web page) is one document,
    so a non-empty file never yields zero documents. ``lexicon`` is the unit names
    the caller knows (its directory and confirmed aliases): they count as units
    wherever they stand, so extraction improves as the directory grows.
    """
    with known_units(lexicon):
        return _extract(read_text(data, filename), filename)


def _extract(text: str, filename: str) -> ExtractionResult:
    """Run the stages on decoded text; every task's line is mapped back to the source line at the end."""
    source_lines = text.split("\n")
    fields = read_page_fields(source_lines) if enabled("page-fields") else PageFields()
    # The page's own fields are read above; blanked, they keep the line numbers but never pass for a title.
    lines, origin = reflow([""] * fields.body_start + source_lines[fields.body_start :])
    rows = _take_table_rows(lines)
    issue_date = find_issue_date(lines)
    issue_year = find_issue_year(lines)
    parts = segment(lines)
    if not parts and enabled("single-document"):
        parts = [part for part in [whole_document(lines, fields)] if part is not None]
    elif len(parts) == 1:  # one document on a web page: the page's fields fill what the body lacks
        parts[0].number = parts[0].number or normalise_number(fields.number or "")
        parts[0].title = parts[0].title or title_proper(fields.title or "")
    documents = []
    for part in parts:
        document = Document(
            number=part.number,
            title=part.title,
            issuer=part.issuer,
            issued_on=part.issued_on,
            line=origin[part.start] + 1,
        )
        if is_task_document(part.title):
            root = build_outline(lines[part.number_line + 1 : part.end], part.number_line + 2)
            reference = _reference(part, issue_date, issue_year)
            tasks, document.candidates = find_tasks(root, reference, part.addressee)
            in_part = [row_task(row, reference) for row in rows if part.start <= row.first < part.end]
            document.tasks = sorted(tasks + [t for t in in_part if t], key=lambda task: task.line)
            for task in document.tasks + document.candidates:
                task.line = origin[task.line - 1] + 1
        documents.append(document)
    return ExtractionResult(source=Path(filename).name, documents=documents)


def _take_table_rows(lines: list[str]) -> list[Row]:
    """Return the rows of every task table and blank the tables' lines, so the outline never reads them."""
    rows = []
    for find in (find_grid_tables, find_flat_tables):
        for table in find(lines):
            lines[table.start : table.end] = [""] * (table.end - table.start)
            rows.extend(table.rows)
    return rows


def extract_file(path: str | Path, lexicon: Iterable[str] | None = None) -> ExtractionResult:
    """Extract a gazette file; see :func:`extract`."""
    path = Path(path)
    return extract(read_file(path), path.name, lexicon)


def _reference(part: Segment, issue_date: date | None, issue_year: int | None) -> date | None:
    if part.issued_on:
        return part.issued_on
    if issue_date:
        return issue_date
    year = int(part.number.split("〔")[1][:4]) if part.number else issue_year
    return date(year, 1, 1) if year else None

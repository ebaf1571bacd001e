"""Gazette import: extract, let the office review, then create everything in one transaction.

``prepare_import`` reads the file and stores an :class:`ImportBatch` whose
``review`` is the extraction result (see :mod:`tracker.services.import_review`);
``save_review`` applies the office's edits; ``confirm_import`` creates the
Documents, WorkItems, Milestones and ReportDuties. Nothing here commits: a
failure anywhere leaves the caller to roll back, so an import is all or
nothing. The same file, or a document already imported from another gazette,
creates nothing new; a changed document with the same 文号 becomes a new
revision whose matching items keep their status and progress.
"""

import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from pathlib import Path

from tracker import clock
from tracker.errors import ImportRejected
from tracker.extensions import db
from tracker.extraction import ExtractionError, extract
from tracker.extraction.read import read_text
from tracker.models import ImportBatch, User
from tracker.services.history import record_event
from tracker.services.import_review import build_review
from tracker.services.import_writer import ImportWriter
from tracker.services.unit_directory import directory_lexicon

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf", ".ofd", ".png", ".jpg", ".jpeg")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
COUNTY_IN_TEXT = re.compile(r"([\u4e00-\u9fff]{1,4}?[县区旗])人民政府")


class AlreadyImported(ImportRejected):
    """This exact file was imported before; the message says what it created."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        summary = batch.summary or {}
        when = (
            batch.confirmed_at.astimezone(clock.timezone()).strftime("%Y-%m-%d %H:%M")
            if batch.confirmed_at
            else "此前"
        )
        super().__init__(
            f"该文件已于 {when} 导入（批次 #{batch.id}）：新建文件 {summary.get('documents_created', 0)} 份、"
            f"事项 {summary.get('items_created', 0)} 项。本次未写入任何内容。"
        )


def checksum_of(data: bytes) -> str:
    """The SHA-256 of the file, hex."""
    return hashlib.sha256(data).hexdigest()


def detect_county(text: str) -> str:
    """The county whose government issued most documents in the gazette ("" when none is named)."""
    counts = Counter(COUNTY_IN_TEXT.findall(text[:200_000]))
    return counts.most_common(1)[0][0] if counts else ""


def check_upload(data: bytes, filename: str) -> None:
    """Refuse files the import does not take, before any work is done."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ImportRejected(f"{filename}：不支持的文件类型，请上传 {'、'.join(ALLOWED_SUFFIXES)} 文件。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(f"{filename}：文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
    if not data.strip():
        raise ImportRejected(f"{filename}：文件为空。")


def pending_batch_of(checksum: str) -> ImportBatch | None:
    """The pending batch of the same file, to resume its review, or None.

    :raises AlreadyImported: the same bytes were confirmed before.
    """
    earlier = db.session.scalars(
        db.select(ImportBatch)
        .where(ImportBatch.source_checksum == checksum, ImportBatch.state != "discarded")
        .order_by(ImportBatch.id.desc())
    ).first()
    if earlier is not None and earlier.state == "confirmed":
        raise AlreadyImported(earlier)
    return earlier


def prepare_import(
    data: bytes, filename: str, actor: User | None, now: dt.datetime, county: str | None = None
) -> ImportBatch:
    """Extract a gazette into a pending batch for review, or return the pending batch of the same file.

    :raises AlreadyImported: the same bytes were confirmed before.
    :raises ImportRejected: the file is unreadable or holds no task.
    """
    check_upload(data, filename)
    checksum = checksum_of(data)
    earlier = pending_batch_of(checksum)
    if earlier is not None:
        return earlier
    try:
        result = extract(data, filename, lexicon=directory_lexicon())
        text = read_text(data, filename)
    except ExtractionError as error:
        raise ImportRejected(f"无法读取 {error.filename}：{error.reason}") from None
    if not any(document.tasks for document in result.documents):
        raise ImportRejected(f"{filename}：未在文件中找到工作任务（共识别 {len(result.documents)} 份文件）。")
    county = county or detect_county(text)
    batch = ImportBatch(
        source_name=Path(filename).name[:255],
        source_checksum=checksum,
        county=county,
        source_text=text,
        review=build_review(result, county),
        created_by_id=actor.id if actor else None,
        created_at=now,
    )
    db.session.add(batch)
    db.session.flush()
    logger.info("Prepared import batch %s: %s documents", batch.id, len(batch.review["documents"]))
    return batch


def confirm_import(batch: ImportBatch, actor: User | None, now: dt.datetime) -> dict:
    """Create what the reviewed batch describes; return the summary (also stored on the batch)."""
    if batch.state != "pending":
        raise ImportRejected(
            f"批次 #{batch.id} 已{'确认' if batch.state == 'confirmed' else '放弃'}，不能再次确认。"
        )
    writer = ImportWriter(batch, actor, now)
    summary = writer.write()
    batch.state = "confirmed"
    batch.confirmed_at = now
    batch.summary = summary
    record_event("import.confirmed", actor, after=summary, note=batch.source_name, at=now)
    logger.info(
        "Confirmed import batch %s: %s documents, %s items",
        batch.id,
        summary["documents_created"],
        summary["items_created"],
    )
    return summary


def discard_import(batch: ImportBatch, actor: User | None, now: dt.datetime) -> None:
    """Abandon a pending batch; nothing was written for it, so nothing needs undoing."""
    if batch.state != "pending":
        raise ImportRejected(f"批次 #{batch.id} 不是待审核状态。")
    batch.state = "discarded"
    record_event("import.discarded", actor, note=batch.source_name, at=now)


def import_file(
    data: bytes, filename: str, actor: User | None, now: dt.datetime, county: str | None = None
) -> dict:
    """Prepare and confirm in one go (CLI --yes, the bundled sample): the extraction is taken as is."""
    return confirm_import(prepare_import(data, filename, actor, now, county), actor, now)

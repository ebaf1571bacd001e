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
import zlib
from collections import Counter
from pathlib import Path

from sqlalchemy import text as sql_text
from sqlalchemy.exc import OperationalError

from tracker import clock
from tracker.errors import ImportRejected
from tracker.extensions import db
from tracker.models import ImportBatch, User
from tracker.services.bounded_extraction import read_and_extract
from tracker.services.history import record_event
from tracker.services.import_names import refresh_names
from tracker.services.import_review import build_review
from tracker.services.import_writer import ImportWriter
from tracker.services.office import office_county
from tracker.services.unit_directory import directory_lexicon

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf", ".ofd", ".png", ".jpg", ".jpeg")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
COUNTY_IN_TEXT = re.compile(r"([\u4e00-\u9fff]{1,4}?[县区旗])人民政府")
#: PostgreSQL advisory lock that lets one confirmation write at a time (see claim_batch).
CONFIRM_LOCK_KEY = zlib.crc32(b"tracker-import-confirm")


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
    text, result = read_and_extract(data, filename, lexicon=directory_lexicon())
    if not any(document.tasks for document in result.documents):
        raise ImportRejected(f"{filename}：未在文件中找到工作任务（共识别 {len(result.documents)} 份文件）。")
    county = county or detect_county(text) or office_county() or ""
    batch = ImportBatch(
        source_name=Path(filename).name[:255],
        source_checksum=checksum,
        county=county,
        source_text=text,
        review=refresh_names(build_review(result, county), county),
        created_by_id=actor.id if actor else None,
        created_at=now,
    )
    db.session.add(batch)
    db.session.flush()
    logger.info("Prepared import batch %s: %s documents", batch.id, len(batch.review["documents"]))
    return batch


def claim_batch(batch: ImportBatch, now: dt.datetime) -> None:
    """Mark a pending batch confirmed in the database before anything is written for it.

    The conditional UPDATE lets exactly one of several simultaneous confirms
    (a double click, two colleagues) through; the others find the state changed
    and write nothing. Confirms are also serialised (PostgreSQL: an advisory
    lock held to the end of the transaction; SQLite: the single write lock the
    UPDATE takes), so the duplicate check of the writer sees every document an
    earlier confirm wrote, even one from another upload of the same gazette.

    :raises ImportRejected: the batch was confirmed or discarded meanwhile, or
        (SQLite) another confirm held the database longer than the busy timeout.
    """
    try:
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": CONFIRM_LOCK_KEY})
        claimed = db.session.execute(
            db.update(ImportBatch)
            .where(ImportBatch.id == batch.id, ImportBatch.state == "pending")
            .values(state="confirmed", confirmed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
    except OperationalError as error:
        if "locked" not in str(error.orig):
            raise
        raise ImportRejected(
            f"批次 #{batch.id}：另一项导入正在写入，请稍后刷新页面查看结果后再试。本次未写入任何内容。"
        ) from None
    if claimed != 1:
        raise ImportRejected(f"批次 #{batch.id} 已由他人确认或放弃，本次未写入任何内容。请刷新页面查看结果。")


def confirm_import(batch: ImportBatch, actor: User | None, now: dt.datetime) -> dict:
    """Create what the reviewed batch describes; return the summary (also stored on the batch)."""
    if batch.state != "pending":
        raise ImportRejected(
            f"批次 #{batch.id} 已{'确认' if batch.state == 'confirmed' else '放弃'}，不能再次确认。"
        )
    claim_batch(batch, now)
    batch.review = refresh_names(batch.review, batch.county)  # units created since the review was saved
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

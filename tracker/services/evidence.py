"""Evidence attachments: stored under instance/uploads with random names, limited in size and type."""

import datetime as dt
import hashlib
import re
import secrets
from pathlib import Path

from tracker.errors import InvalidTransition, PermissionDenied
from tracker.extensions import db
from tracker.extraction.errors import ExtractionError
from tracker.extraction.read import read_text
from tracker.models import Attachment, ProgressReport, User, WorkItem
from tracker.services.history import record_event
from tracker.services.permissions import is_office, is_unit_staff_of

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: File types offices exchange as evidence, with the content type they are served as.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8",
}
#: Control characters (CR, LF, NUL …) never belong in a file name: they split download headers and logs.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
#: First bytes of the binary types, so a renamed executable is not stored as a "photo".
MAGIC = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}


def can_attach(item: WorkItem, user: User) -> bool:
    """Responsible units and the office may add evidence to an open item."""
    return item.is_open and (is_unit_staff_of(user, item) or is_office(user))


def save_attachment(
    item: WorkItem,
    actor: User,
    data: bytes,
    filename: str,
    uploads: Path,
    now: dt.datetime,
    report: ProgressReport | None = None,
) -> Attachment:
    """Check and store one evidence file for ``item``; the caller commits."""
    if not can_attach(item, actor):
        raise PermissionDenied("您不能为此事项上传材料。")
    name = clean_filename(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise InvalidTransition(
            f"不支持的附件类型“{suffix or name}”，可上传：{'、'.join(sorted(ALLOWED_TYPES))}。"
        )
    if not data:
        raise InvalidTransition("附件是空文件。")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidTransition(f"附件超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB。")
    if suffix in MAGIC and not data.startswith(MAGIC[suffix]):
        raise InvalidTransition(f"“{name}”的内容与扩展名 {suffix} 不符。")
    if suffix == ".txt":
        data = _as_utf8_text(data, name)
    uploads.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(20) + suffix
    (uploads / stored_name).write_bytes(data)
    attachment = Attachment(
        work_item=item,
        progress_report_id=report.id if report is not None and report.id else None,
        uploaded_by_id=actor.id,
        original_name=name[:255],
        stored_name=stored_name,
        content_type=ALLOWED_TYPES[suffix],
        size_bytes=len(data),
        checksum=hashlib.sha256(data).hexdigest(),
        uploaded_at=now,
    )
    db.session.add(attachment)
    record_event("item.attachment", actor, item=item, after={"file": attachment.original_name}, at=now)
    return attachment


def clean_filename(filename: str | None) -> str:
    """The name to show and offer for download: no directories (either slash), no control characters."""
    name = CONTROL_CHARACTERS.sub("", (filename or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name or "附件"


def _as_utf8_text(data: bytes, name: str) -> bytes:
    """A .txt file as UTF-8 (it is served as such), read as gazettes are: UTF-8, UTF-16, GB18030 …

    :raises InvalidTransition: the file is not text (a renamed binary).
    """
    try:
        return read_text(data, name).encode("utf-8")
    except ExtractionError:
        raise InvalidTransition(f"“{name}”不是文本文件，请检查后重新上传。") from None


def attachment_path(attachment: Attachment, uploads: Path) -> Path:
    """Where the attachment's bytes are (the stored name is ours, so it cannot leave ``uploads``)."""
    return uploads / attachment.stored_name

"""Looking up stored documents and comparing task texts across gazettes."""

import datetime as dt
import re

from tracker.extensions import db
from tracker.models import Document, WorkItem

_WHITESPACE = re.compile(r"\s+")


def text_key(text: str) -> str:
    """A task text without any white space: OCR line breaks and spaces differ between printings."""
    return _WHITESPACE.sub("", text or "")


def latest_revision(number: str | None, title: str, issued_on: dt.date | None) -> Document | None:
    """The newest stored revision of a document: by 文号, or by title and date when it has none."""
    query = db.select(Document).order_by(Document.revision.desc())
    if number:
        query = query.where(Document.number == number)
    else:
        query = query.where(
            Document.number.is_(None), Document.title == title, Document.issued_on == issued_on
        )
    return db.session.scalars(query).first()


def current_items(document: Document) -> list[WorkItem]:
    """The items of ``document`` that were still present in it (not flagged as vanished)."""
    return [item for item in document.items if not item.is_vanished]

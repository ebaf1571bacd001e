"""Read-only figures for the overview page."""

from sqlalchemy import func

from tracker.extensions import db
from tracker.models import Document, WorkItem
from tracker.models.work_item import STATUS_LABELS


def count_items_by_status() -> list[tuple[str, str, int]]:
    """Return (status, label, count) for every status, zeros included, in workflow order."""
    rows = dict(db.session.execute(db.select(WorkItem.status, func.count()).group_by(WorkItem.status)).all())
    return [(status, label, rows.get(status, 0)) for status, label in STATUS_LABELS.items()]


def list_documents_with_counts(limit: int = 50) -> list[tuple[Document, int]]:
    """Return the most recently issued documents with their number of items."""
    item_count = (
        db.select(func.count(WorkItem.id)).where(WorkItem.document_id == Document.id).scalar_subquery()
    )
    query = (
        db.select(Document, item_count)
        .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc())
        .limit(limit)
    )
    return [(document, count) for document, count in db.session.execute(query).all()]

"""Document pages: one document's items with their lights and its completion rate."""

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import Document, WorkItem
from tracker.services.lights import todays_rule
from tracker.services.permissions import visible_items_clause

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/<int:document_id>")
@login_required
def detail(document_id: int):
    """The document with the items the user may see; unit staff with no item in it get 404."""
    document = db.session.get(Document, document_id) or abort(404)
    items = db.session.scalars(
        db.select(WorkItem)
        .where(WorkItem.document_id == document.id, visible_items_clause(current_user))
        .order_by(WorkItem.position, WorkItem.id)
        .options(selectinload(WorkItem.lead_unit))
    ).all()
    if not items and current_user.role == "unit_staff":
        abort(404)
    counted = [item for item in items if item.status != "cancelled"]
    done = sum(1 for item in counted if item.status == "done")
    return render_template(
        "documents/detail.html",
        document=document,
        items=items,
        rule=todays_rule(),
        done=done,
        rate=done / len(counted) if counted else None,
    )

"""我的任务: a unit's open items, most urgent first, with everything needed to act in a minute."""

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import WorkItem
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.lights import todays_rule
from tracker.services.permissions import visible_items_clause
from tracker.web.decorators import role_required

bp = Blueprint("my_tasks", __name__, url_prefix="/my")

#: Lights in order of urgency.
URGENCY = ("red", "yellow", "green", "blue", "grey")


@bp.get("/")
@role_required("unit_staff")
def index():
    """Open items of the user's unit: overdue first, then due soon, then the rest; unsigned ones flagged."""
    if current_user.unit_id is None:
        abort(403)
    rule = todays_rule()
    items = db.session.scalars(
        db.select(WorkItem)
        .where(visible_items_clause(current_user), WorkItem.status.in_(OPEN_STATUSES))
        .order_by(WorkItem.due_on.asc().nulls_last(), WorkItem.id)
        .options(selectinload(WorkItem.document), selectinload(WorkItem.progress_reports))
    ).all()
    groups = {light: [] for light in URGENCY}
    for item in items:
        groups[rule.light_of(item.status, item.due_on)].append(item)
    returned = [
        item
        for item in items
        if item.progress_reports and item.progress_reports[-1].review_state == "returned"
    ]
    return render_template(
        "my_tasks/index.html", groups=groups, rule=rule, returned=returned, total=len(items)
    )

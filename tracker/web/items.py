"""Work items: the list, one item's page, and the workflow actions on it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from tracker import clock
from tracker.errors import PermissionDenied, StaleVersion, TrackerError
from tracker.extensions import db
from tracker.models import WorkItem
from tracker.services import workflow
from tracker.services.history import item_history
from tracker.services.permissions import get_visible_item, visible_items_clause

bp = Blueprint("items", __name__, url_prefix="/items")


def load_item(item_id: int) -> WorkItem:
    """The item if the current user may see it; 404 otherwise, so ids of other units' items leak nothing."""
    return get_visible_item(item_id, current_user) or abort(404)


@bp.get("/")
@login_required
def index():
    """List the items the user may see, nearest deadline first."""
    query = (
        db.select(WorkItem)
        .where(visible_items_clause(current_user))
        .order_by(WorkItem.due_on.is_(None), WorkItem.due_on, WorkItem.id)
    )
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=50, error_out=False)
    return render_template("items/index.html", page=page)


@bp.get("/<int:item_id>")
@login_required
def detail(item_id: int):
    """One item: its source text, units, deadlines, reports, history and the actions allowed now."""
    item = load_item(item_id)
    return render_template(
        "items/detail.html",
        item=item,
        actions=workflow.allowed_actions(item, current_user),
        history=item_history(item),
    )


def _act(item_id: int, perform, done_message: str):
    """Run one workflow action for the current user, commit, and go back to the item page."""
    item = load_item(item_id)
    expected_version = request.form.get("version", type=int)
    if expected_version is not None and expected_version != item.version:
        flash(str(StaleVersion("该事项")), "error")
        return redirect(url_for("items.detail", item_id=item.id))
    try:
        perform(item, current_user, clock.now())
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(str(StaleVersion("该事项")), "error")
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except TrackerError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(done_message, "info")
    return redirect(url_for("items.detail", item_id=item.id))


@bp.post("/<int:item_id>/sign")
@login_required
def sign(item_id: int):
    """签收: the lead unit acknowledges the item."""
    return _act(item_id, workflow.sign_item, "已签收。")


@bp.post("/<int:item_id>/report")
@login_required
def report(item_id: int):
    """Report progress (text and percent)."""
    text, percent = request.form.get("text", ""), request.form.get("percent", "")
    return _act(
        item_id,
        lambda item, user, now: workflow.report_progress(item, user, text, percent, now),
        "进展已报送。",
    )


@bp.post("/<int:item_id>/submit")
@login_required
def submit(item_id: int):
    """报完成: the lead unit submits the item as done, with a note."""
    text = request.form.get("text", "")
    return _act(
        item_id,
        lambda item, user, now: workflow.submit_item(item, user, text, now),
        "已报完成，等待督查室审核。",
    )


@bp.post("/<int:item_id>/accept")
@login_required
def accept(item_id: int):
    """办结: the office accepts the submission."""
    note = request.form.get("note") or None
    return _act(item_id, lambda item, user, now: workflow.accept_item(item, user, now, note), "已办结。")


@bp.post("/<int:item_id>/return")
@login_required
def return_(item_id: int):
    """退回: the office returns the submission with a reason."""
    reason = request.form.get("reason", "")
    return _act(item_id, lambda item, user, now: workflow.return_item(item, user, reason, now), "已退回。")


@bp.post("/<int:item_id>/cancel")
@login_required
def cancel(item_id: int):
    """撤销: the office withdraws the item with a reason."""
    reason = request.form.get("reason", "")
    return _act(item_id, lambda item, user, now: workflow.cancel_item(item, user, reason, now), "已撤销。")

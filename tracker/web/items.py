"""Work items: the list, one item's page, and the workflow actions on it."""

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from tracker import clock
from tracker.errors import InvalidTransition, PermissionDenied, StaleVersion, TrackerError
from tracker.extensions import db
from tracker.extraction.deadlines import parse_typed_date
from tracker.models import Attachment, Document, ExtensionRequest, Unit, WorkItem
from tracker.models.types import MAX_INT
from tracker.models.work_item import STATUS_LABELS
from tracker.services import bulk, evidence, extensions, workflow
from tracker.services.history import item_history
from tracker.services.item_query import SORT_COLUMNS, items_query, parse_filters
from tracker.services.lights import todays_rule
from tracker.services.permissions import get_visible_item, is_office, visible_items_clause
from tracker.web.choices import choices_or_none, unit_groups
from tracker.web.county import page_county
from tracker.web.downloads import fallback_name, named_download
from tracker.web.pagination import paginate
from tracker.web.urls import safe_next

bp = Blueprint("items", __name__, url_prefix="/items")


def load_item(item_id: int) -> WorkItem:
    """The item if the current user may see it; 404 otherwise, so ids of other units' items leak nothing."""
    return get_visible_item(item_id, current_user) or abort(404)


def unit_named(name: str) -> Unit | None:
    """The one active unit with exactly this name (None when there is none or several counties share it)."""
    units = db.session.scalars(
        db.select(Unit).where(Unit.name == name.strip(), Unit.is_active).limit(2)
    ).all()
    return units[0] if len(units) == 1 else None


@bp.get("/")
@login_required
def index():
    """The filterable, sortable item list; every filter lives in the URL so a view can be shared."""
    filters = parse_filters(request.args)
    rule = todays_rule()
    query = items_query(current_user, filters, rule).options(
        selectinload(WorkItem.lead_unit), selectinload(WorkItem.document)
    )
    page = paginate(query, filters.page, filters.per_page)
    county, counties = page_county()
    visible_units = (
        db.select(Unit.id, Unit.name, Unit.county).where(Unit.is_active).order_by(Unit.county, Unit.name)
    )
    documents = db.select(Document.id, Document.number, Document.title).order_by(Document.issued_on.desc())
    if not is_office(current_user) and current_user.role != "viewer":
        visible_units = visible_units.where(Unit.id == current_user.unit_id)
        documents = documents.where(
            Document.id.in_(db.select(WorkItem.document_id).where(visible_items_clause(current_user)))
        )
    return render_template(
        "items/index.html",
        page=page,
        filters=filters,
        rule=rule,
        units=None if (rows := choices_or_none(visible_units)) is None else unit_groups(rows, county),
        county=county if not filters.unit_id else None,
        counties=counties,
        documents=choices_or_none(documents),
        status_labels=STATUS_LABELS,
        sort_columns=SORT_COLUMNS,
        can_bulk=is_office(current_user),
    )


@bp.post("/bulk")
@login_required
def bulk_change():
    """Reassign the lead unit of, or move the deadline of, the ticked items (office only)."""
    if not is_office(current_user):
        abort(403)
    ids = [
        int(v) for v in request.form.getlist("item_ids") if v.isascii() and v.isdigit() and int(v) <= MAX_INT
    ]
    items = db.session.scalars(db.select(WorkItem).where(WorkItem.id.in_(ids))).all() if ids else []
    reason = request.form.get("reason", "")
    action = request.form.get("action")
    back = safe_next(request.form.get("back"), "items.index")
    try:
        if action == "reassign":
            unit_id = request.form.get("unit_id", type=int) or 0
            unit = (db.session.get(Unit, unit_id) if 0 < unit_id <= MAX_INT else None) or unit_named(
                request.form.get("unit_name", "")
            )
            if unit is None:
                raise InvalidTransition(_("请选择新的牵头单位。"))
            count = bulk.reassign_lead(items, unit, current_user, reason, clock.now())
        elif action == "deadline":
            new_date = parse_typed_date(request.form.get("due_on", ""))
            if new_date is None:
                raise InvalidTransition(_("请填写有效的新时限日期（如 2025-06-30）。"))
            count = bulk.change_deadline(items, new_date, current_user, reason, clock.now())
        else:
            raise InvalidTransition(_("请选择批量操作。"))
        db.session.commit()
    except TrackerError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("已调整 %(count)s 个事项。", count=count), "info")
    return redirect(back)


@bp.get("/<int:item_id>")
@login_required
def detail(item_id: int):
    """One item: its source text, units, deadlines, reports, history and the actions allowed now."""
    item = load_item(item_id)
    return render_template(
        "items/detail.html",
        item=item,
        rule=todays_rule(),
        actions=workflow.allowed_actions(item, current_user),
        can_attach=evidence.can_attach(item, current_user),
        can_extend=extensions.can_request_extension(item, current_user),
        pending_extension=extensions.pending_extension(item),
        is_office=is_office(current_user),
        history=item_history(item),
        allowed_types=sorted(evidence.ALLOWED_TYPES),
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
    return _act(item_id, workflow.sign_item, _("已签收。"))


@bp.post("/<int:item_id>/report")
@login_required
def report(item_id: int):
    """Report progress (text, percent and optionally an evidence file)."""
    text, percent = request.form.get("text", ""), request.form.get("percent", "")
    upload = request.files.get("evidence")

    def perform(item, user, now):
        report = workflow.report_progress(item, user, text, percent, now)
        if upload is not None and upload.filename:
            db.session.flush()
            evidence.save_attachment(
                item, user, upload.read(), upload.filename, uploads_folder(), now, report
            )

    return _act(item_id, perform, _("进展已报送。"))


def uploads_folder() -> Path:
    """Where evidence files live (TRACKER_UPLOADS, default instance/uploads)."""
    return Path(current_app.config["TRACKER_UPLOADS"])


@bp.post("/<int:item_id>/attachments")
@login_required
def attach(item_id: int):
    """Add an evidence file to the item."""
    upload = request.files.get("evidence")
    if upload is None or not upload.filename:
        flash(_("请选择要上传的文件。"), "error")
        return redirect(url_for("items.detail", item_id=item_id))
    data, name = upload.read(), upload.filename
    return _act(
        item_id,
        lambda item, user, now: evidence.save_attachment(item, user, data, name, uploads_folder(), now),
        _("材料已上传。"),
    )


@bp.get("/<int:item_id>/attachments/<int:attachment_id>")
@login_required
def attachment(item_id: int, attachment_id: int):
    """Serve an evidence file, only to users who may see its item."""
    item = load_item(item_id)
    stored = db.session.get(Attachment, attachment_id)
    if stored is None or stored.work_item_id != item.id:
        abort(404)
    path = evidence.attachment_path(stored, uploads_folder())
    if not path.is_file():
        abort(404)
    # Without its parameters: werkzeug appends "; charset=utf-8" to text types itself.
    response = send_file(path, mimetype=stored.content_type.split(";")[0], max_age=0)
    return named_download(
        response, stored.original_name, fallback_name(f"evidence-{stored.id}", stored.original_name)
    )


@bp.post("/<int:item_id>/extension")
@login_required
def request_extension(item_id: int):
    """延期申请: the lead unit asks for a later deadline, with a reason."""
    new_date = parse_typed_date(request.form.get("due_on", ""))
    reason = request.form.get("reason", "")

    def perform(item, user, now):
        if new_date is None:
            raise InvalidTransition(_("请填写有效的新时限日期（如 2025-06-30）。"))
        extensions.request_extension(item, user, new_date, reason, now)

    return _act(item_id, perform, _("延期申请已提交，等待督查室审批。"))


@bp.post("/<int:item_id>/extension/<int:request_id>")
@login_required
def decide_extension(item_id: int, request_id: int):
    """The office approves or rejects an extension request."""
    approve = request.form.get("decision") == "approve"
    note = request.form.get("note")

    def perform(item, user, now):
        pending = db.session.get(ExtensionRequest, request_id)
        if pending is None or pending.work_item_id != item.id:
            abort(404)
        extensions.decide_extension(pending, user, approve, note, now)

    return _act(item_id, perform, _("已批准延期。") if approve else _("已驳回延期申请。"))


@bp.post("/<int:item_id>/submit")
@login_required
def submit(item_id: int):
    """报完成: the lead unit submits the item as done, with a note."""
    text = request.form.get("text", "")
    return _act(
        item_id,
        lambda item, user, now: workflow.submit_item(item, user, text, now),
        _("已报完成，等待督查室审核。"),
    )


@bp.post("/<int:item_id>/accept")
@login_required
def accept(item_id: int):
    """办结: the office accepts the submission."""
    note = request.form.get("note") or None
    return _act(item_id, lambda item, user, now: workflow.accept_item(item, user, now, note), _("已办结。"))


@bp.post("/<int:item_id>/return")
@login_required
def return_(item_id: int):
    """退回: the office returns the submission with a reason."""
    reason = request.form.get("reason", "")
    return _act(item_id, lambda item, user, now: workflow.return_item(item, user, reason, now), _("已退回。"))


@bp.post("/<int:item_id>/cancel")
@login_required
def cancel(item_id: int):
    """撤销: the office withdraws the item with a reason."""
    reason = request.form.get("reason", "")
    return _act(item_id, lambda item, user, now: workflow.cancel_item(item, user, reason, now), _("已撤销。"))

"""Importing gazettes: upload, review and edit, confirm (supervision office only)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from tracker import clock
from tracker.extensions import db
from tracker.models import ImportBatch
from tracker.services.import_review import apply_edits, review_counts, unknown_unit_names
from tracker.services.imports import (
    ALLOWED_SUFFIXES,
    ImportRejected,
    confirm_import,
    discard_import,
    prepare_import,
)
from tracker.web.decorators import role_required

bp = Blueprint("imports", __name__, url_prefix="/imports")

OFFICE = ("admin", "supervisor")


class UploadForm(FlaskForm):
    """A gazette file and, optionally, the county whose unit directory applies."""

    gazette = FileField(
        lazy_gettext("公报文件"), validators=[FileRequired(lazy_gettext("请选择要导入的文件。"))]
    )
    county = StringField(lazy_gettext("所属县（可留空，自动识别）"), validators=[Optional(), Length(max=60)])


def load_batch(batch_id: int) -> ImportBatch:
    """The batch, or 404."""
    return db.session.get(ImportBatch, batch_id) or abort(404)


@bp.get("/")
@role_required(*OFFICE)
def index():
    """Recent imports, unfinished reviews first."""
    batches = db.session.scalars(
        db.select(ImportBatch)
        .order_by((ImportBatch.state == "pending").desc(), ImportBatch.id.desc())
        .limit(100)
    ).all()
    return render_template("imports/index.html", batches=batches)


@bp.route("/new", methods=["GET", "POST"])
@role_required(*OFFICE)
def upload():
    """Take a gazette file, extract it and open its review."""
    form = UploadForm()
    if form.validate_on_submit():
        upload_file = form.gazette.data
        data = upload_file.read()
        try:
            batch = prepare_import(
                data,
                upload_file.filename or "upload.txt",
                current_user,
                clock.now(),
                form.county.data or None,
            )
        except ImportRejected as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            return redirect(url_for("imports.review", batch_id=batch.id))
    return render_template("imports/upload.html", form=form, allowed=ALLOWED_SUFFIXES)


@bp.get("/<int:batch_id>")
@role_required(*OFFICE)
def review(batch_id: int):
    """The editable review of an extracted gazette (or the summary of a finished import)."""
    batch = load_batch(batch_id)
    return _render_review(batch, batch.review, [])


def _render_review(batch: ImportBatch, review_data: dict, problems: list[str], status: int = 200):
    unknown = unknown_unit_names(review_data, batch.county)
    return (
        render_template(
            "imports/review.html",
            batch=batch,
            review=review_data,
            counts=review_counts(review_data),
            unknown_units=unknown,
            problems=problems,
        ),
        status,
    )


@bp.post("/<int:batch_id>")
@role_required(*OFFICE)
def decide(batch_id: int):
    """Save the edits, and confirm or discard the import, as the pressed button says."""
    batch = load_batch(batch_id)
    action = request.form.get("action", "save")
    now = clock.now()
    if batch.state != "pending":
        flash(_("该批次已处理，不能再修改。"), "error")
        return redirect(url_for("imports.review", batch_id=batch.id))
    if action == "discard":
        discard_import(batch, current_user, now)
        db.session.commit()
        flash(_("已放弃本次导入，未写入任何事项。"), "info")
        return redirect(url_for("imports.index"))
    edited, problems = apply_edits(batch.review, request.form)
    if problems:
        return _render_review(batch, batch.review, problems, 422)
    batch.review = edited
    if action != "confirm":
        db.session.commit()
        flash(_("已保存修改，可稍后继续审核。"), "info")
        return redirect(url_for("imports.review", batch_id=batch.id))
    try:
        summary = confirm_import(batch, current_user, now)
        db.session.commit()
    except ImportRejected as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("imports.review", batch_id=batch.id))
    flash(
        _(
            "导入完成：新建文件 %(documents)s 份、新版本 %(revised)s 份，新建事项 %(items)s 项，新增单位 %(units)s 个。",
            documents=summary["documents_created"],
            revised=summary["documents_revised"],
            items=summary["items_created"],
            units=len(summary["units_created"]),
        ),
        "info",
    )
    return redirect(url_for("imports.review", batch_id=batch.id))

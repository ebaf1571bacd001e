"""Uploading an existing Excel ledger; its review and confirmation are the gazette import's pages."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from tracker import clock
from tracker.errors import ImportRejected
from tracker.extensions import db
from tracker.services.ledger_import import LedgerRejected, prepare_ledger_import
from tracker.web.decorators import role_required

bp = Blueprint("ledger_imports", __name__, url_prefix="/imports/ledger")


class LedgerUploadForm(FlaskForm):
    """The workbook and the county whose unit directory resolves its unit names."""

    ledger = FileField(
        lazy_gettext("Excel 台账（.xlsx）"), validators=[FileRequired(lazy_gettext("请选择要导入的台账。"))]
    )
    county = StringField(lazy_gettext("所属县（可留空）"), validators=[Optional(), Length(max=60)])


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin", "supervisor")
def upload():
    """Read the workbook into a review, or list every bad row (nothing is stored then)."""
    form = LedgerUploadForm()
    problems: list[str] = []
    status = 200
    if form.validate_on_submit():
        upload_file = form.ledger.data
        try:
            batch = prepare_ledger_import(
                upload_file.read(),
                upload_file.filename or "ledger.xlsx",
                current_user,
                clock.now(),
                form.county.data or "",
            )
        except ImportRejected as error:
            db.session.rollback()
            flash(str(error), "error")
            problems = error.problems if isinstance(error, LedgerRejected) else []
            status = 422
        else:
            db.session.commit()
            return redirect(url_for("imports.review", batch_id=batch.id))
    return render_template("imports/ledger_upload.html", form=form, problems=problems), status

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
from tracker.models.unit import UNIT_KIND_LABELS
from tracker.services.import_bulk import BULK_ACTIONS, add_candidate, apply_bulk, set_document_included
from tracker.services.import_names import apply_name_form, refresh_names, units_to_create
from tracker.services.import_review import FLAGS, apply_edits, find_document, review_counts, task_flags
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
#: A document of a hundred tasks is shown in pages, so the page never holds hundreds of inputs.
ROWS_PER_PAGE = 20
#: The names panel is paged too: a county the directory does not know yet brings a hundred names.
NAMES_PER_PAGE = 25


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
    """The review: unknown names first, then one document at a time (``?doc=``, filter ``?only=``)."""
    batch = load_batch(batch_id)
    return _render_review(
        batch, batch.review, [], request.args.get("doc"), request.args.get("only"), _page(request.args)
    )


def _render_review(
    batch: ImportBatch,
    review_data: dict,
    problems: list[str],
    doc_key,
    only,
    page: int = 1,
    status: int = 200,
):
    documents = review_data["documents"]
    document = find_document(review_data, doc_key or "") or (documents[0] if documents else None)
    dropped = {entry["name"] for entry in review_data.get("names", []) if entry["decision"] == "drop"}
    flags = {
        task["key"]: task_flags(task, dropped)
        for entry in documents
        for task in entry["tasks"]
        if task["include"] and entry["include"]
    }
    doc_counts = {entry["key"]: _document_counts(entry, flags) for entry in documents}
    matching = (
        [task for task in document["tasks"] if not only or only in flags.get(task["key"], ())]
        if document
        else []
    )
    pages = max(1, -(-len(matching) // ROWS_PER_PAGE))
    page = min(max(page, 1), pages)
    rows = matching[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]
    names = review_data.get("names", [])
    name_pages = max(1, -(-len(names) // NAMES_PER_PAGE))
    names_page = min(_page(request.values, "names"), name_pages)
    return (
        render_template(
            "imports/review.html",
            batch=batch,
            review=review_data,
            document=document,
            rows=rows,
            page=page,
            pages=pages,
            names_shown=names[(names_page - 1) * NAMES_PER_PAGE : names_page * NAMES_PER_PAGE],
            names_page=names_page,
            name_pages=name_pages,
            only=only if only in FLAGS else None,
            flags=flags,
            doc_counts=doc_counts,
            flag_labels=FLAGS,
            bulk_actions=BULK_ACTIONS,
            kinds=UNIT_KIND_LABELS,
            to_create=units_to_create(review_data),
            counts=review_counts(review_data),
            problems=problems,
        ),
        status,
    )


def _document_counts(document: dict, flags: dict[str, list[str]]) -> dict[str, int]:
    """The side list's and the filters' figures of one document: rows to import, marked rows, per mark."""
    marks = [flags[task["key"]] for task in document["tasks"] if task["key"] in flags]
    counts = {key: sum(key in row for row in marks) for key in FLAGS}
    return {"tasks": len(marks), "flagged": sum(1 for row in marks if row), **counts}


@bp.post("/<int:batch_id>")
@role_required(*OFFICE)
def decide(batch_id: int):
    """Save the page's edits (names panel and the shown document), then do what the pressed button says.

    Every button saves first, so nothing typed is lost: 保存, 确认导入, 放弃, a bulk
    action, excluding or including the document, adding a candidate row.
    """
    batch = load_batch(batch_id)
    action = request.form.get("action", "save")
    doc_key, only = request.form.get("doc", ""), request.form.get("only") or None
    now = clock.now()
    if batch.state != "pending":
        flash(_("该批次已处理，不能再修改。"), "error")
        return redirect(url_for("imports.review", batch_id=batch.id))
    if action == "discard":
        discard_import(batch, current_user, now)
        db.session.commit()
        flash(_("已放弃本次导入，未写入任何事项。"), "info")
        return redirect(url_for("imports.index"))
    edited, problems = _edited_review(batch, action)
    if problems:
        return _render_review(batch, batch.review, problems, doc_key, only, _page(request.form), 422)
    batch.review = edited
    if action != "confirm":
        db.session.commit()
        flash(_("已保存修改，可稍后继续审核。"), "info")
        return redirect(
            url_for(
                "imports.review",
                batch_id=batch.id,
                doc=doc_key or None,
                only=only,
                page=_page(request.form),
                names=_page(request.form, "names-goto" if "names-goto" in request.form else "names"),
            )
        )
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


def _page(values, name: str = "page") -> int:
    """The page number in ``values`` under ``name`` (1 when absent or malformed)."""
    page = values.get(name, "1")
    return max(int(page), 1) if page.isdigit() else 1


def _edited_review(batch: ImportBatch, action: str) -> tuple[dict | None, list[str]]:
    """The batch's review with the form's edits, the action and the names panel applied, or the problems."""
    form = request.form
    doc_key = form.get("doc", "")
    edited, problems = apply_edits(batch.review, form)
    if edited is not None and action == "bulk":
        edited, problems = apply_bulk(
            edited, doc_key, form.getlist("selected"), form.get("bulk-action", ""), form.get("bulk-value", "")
        )
    elif edited is not None and action in ("exclude-document", "include-document"):
        edited, problems = set_document_included(edited, doc_key, action == "include-document")
    elif edited is not None and action.startswith("add:"):
        edited, problems = add_candidate(edited, doc_key, action[4:])
    if edited is None:
        return None, problems
    edited, problems = apply_name_form(refresh_names(edited, batch.county), form, batch.county)
    return (None, problems) if edited is None else (refresh_names(edited, batch.county), [])

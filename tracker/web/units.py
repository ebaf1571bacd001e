"""The unit directory pages: list with item counts, one unit's aliases and e-mail addresses, merging.

Office roles only (admin and supervisor): unit staff and viewers get 403.
"""

from collections.abc import Callable

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from tracker import clock
from tracker.extensions import db
from tracker.models import Unit
from tracker.models.unit import UNIT_KIND_LABELS
from tracker.services.digests import staff_addresses
from tracker.services.office import get_office
from tracker.services.permissions import OFFICE_ROLES
from tracker.services.settings import get_settings, set_unit_muted
from tracker.services.unit_directory import (
    UnitDirectoryError,
    add_alias,
    list_counties,
    merge_units,
    plan_merge,
    remove_alias,
    set_reminder_emails,
    suggest_units,
    units_query,
    with_item_counts,
)
from tracker.web.decorators import role_required
from tracker.web.pagination import paginate
from tracker.web.urls import page_arg

bp = Blueprint("units", __name__, url_prefix="/units")
office_only = role_required(*sorted(OFFICE_ROLES))
#: A province has 10^4 units: the list is paged, and only the shown units' items are counted.
UNITS_PER_PAGE = 100


class UnitFilterForm(FlaskForm):
    """Filters of the list (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    county = SelectField(lazy_gettext("所属县"), validators=[Optional()])
    kind = SelectField(
        lazy_gettext("类型"),
        choices=[SelectChoice("", lazy_gettext("（全部）"))]
        + [SelectChoice(k, lazy_gettext(v)) for k, v in UNIT_KIND_LABELS.items()],
        validators=[Optional()],
    )
    q = StringField(lazy_gettext("名称或别名包含"), validators=[Optional(), Length(max=60)])


class AliasForm(FlaskForm):
    """One alias to add or remove."""

    alias = StringField(
        lazy_gettext("别名"), validators=[DataRequired(lazy_gettext("请填写别名。")), Length(max=120)]
    )


class EmailsForm(FlaskForm):
    """The reminder addresses, one per line."""

    emails = TextAreaField(lazy_gettext("提醒邮箱（每行一个）"), validators=[Length(max=2000)])


class RemindersForm(FlaskForm):
    """Pause ("1") or resume ("0") the unit's reminders."""

    muted = HiddenField(validators=[AnyOf(["0", "1"])])


class MergeForm(FlaskForm):
    """The target of a merge; ``confirm`` is set by the confirmation page."""

    target_id = SelectField(
        lazy_gettext("并入单位"), coerce=int, validators=[DataRequired(lazy_gettext("请选择要并入的单位。"))]
    )
    confirm = HiddenField()


def load_unit(unit_id: int) -> Unit:
    """The unit, or 404."""
    return db.session.get(Unit, unit_id) or abort(404)


@bp.get("/")
@office_only
def index():
    """List units a page at a time with their open and total item counts, filtered by county, kind and text."""
    form = UnitFilterForm(request.args)
    form.county.choices = [SelectChoice("", _("（全部）"))] + [
        SelectChoice(c, c) for c in list_counties() if c
    ]
    page, rows = None, []
    if form.validate():
        query = units_query(form.county.data or None, kind=form.kind.data or None, text=form.q.data)
        page = paginate(query, page_arg(), UNITS_PER_PAGE)
        rows = with_item_counts(page.items)
    return render_template("units/index.html", form=form, page=page, rows=rows)


@bp.get("/suggest")
@office_only
def suggest():
    """The unit picker's list: ``?q=`` text and ``?county=``; units of that county and shared ones, as JSON."""
    units = suggest_units(request.args.get("q", "")[:60], request.args.get("county", "")[:60])
    return jsonify(
        units=[
            {"id": unit.id, "name": unit.name, "county": unit.county or "通用", "kind": unit.kind_label}
            for unit in units
        ]
    )


@bp.get("/<int:unit_id>")
@office_only
def detail(unit_id: int):
    """One unit: its aliases, reminder addresses, and the way to merge it into another."""
    unit = load_unit(unit_id)
    emails = EmailsForm(emails="\n".join(unit.reminder_emails or []))
    return render_template(
        "units/detail.html",
        unit=unit,
        alias_form=AliasForm(),
        emails_form=emails,
        reminders_form=RemindersForm(),
        is_muted=unit.id in (get_settings().muted_unit_ids or ()),
        copying_staff=get_office().is_copying_staff,
        staff_emails=staff_addresses([unit.id]).get(unit.id, []),
    )


def _submit(unit_id: int, form: FlaskForm, action, success: str | Callable[[FlaskForm], str]):
    """Handle one of the unit page's forms: refuse it with its errors, or run ``action(unit, form)``.

    The change is committed with ``success`` flashed, or rolled back with the
    service's reason; either way the office returns to the unit's page.
    """
    unit = load_unit(unit_id)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    else:
        try:
            action(unit, form)
        except UnitDirectoryError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(success if isinstance(success, str) else success(form), "info")
    return redirect(url_for("units.detail", unit_id=unit.id))


@bp.post("/<int:unit_id>/aliases")
@office_only
def add_alias_view(unit_id: int):
    """Add one alias."""
    return _submit(
        unit_id,
        AliasForm(),
        lambda unit, form: add_alias(current_user, unit, form.alias.data),
        "已添加别名。",
    )


@bp.post("/<int:unit_id>/aliases/remove")
@office_only
def remove_alias_view(unit_id: int):
    """Remove one alias."""
    return _submit(
        unit_id,
        AliasForm(),
        lambda unit, form: remove_alias(current_user, unit, form.alias.data),
        "已删除别名。",
    )


@bp.post("/<int:unit_id>/emails")
@office_only
def emails(unit_id: int):
    """Replace the reminder addresses; one bad address refuses the whole change."""
    return _submit(
        unit_id,
        EmailsForm(),
        lambda unit, form: set_reminder_emails(current_user, unit, form.emails.data.splitlines()),
        "已保存提醒邮箱。",
    )


@bp.post("/<int:unit_id>/reminders")
@office_only
def reminders(unit_id: int):
    """Pause or resume this unit's reminders (a province's units are too many for the settings page's list)."""
    return _submit(
        unit_id,
        RemindersForm(),
        lambda unit, form: set_unit_muted(current_user, clock.now(), unit.id, form.muted.data == "1"),
        lambda form: _("已暂停本单位的提醒。") if form.muted.data == "1" else _("已恢复本单位的提醒。"),
    )


@bp.route("/<int:unit_id>/merge", methods=["GET", "POST"])
@office_only
def merge(unit_id: int):
    """Merge this unit into another of its county: choose, see what moves, confirm."""
    unit = load_unit(unit_id)
    if not unit.is_active:
        flash("该单位已合并（停用），不能再合并。", "error")
        return redirect(url_for("units.detail", unit_id=unit.id))
    form = MergeForm()
    targets = db.session.execute(
        db.select(Unit.id, Unit.name)
        .where(Unit.county == unit.county, Unit.is_active, Unit.id != unit.id)
        .order_by(Unit.name)
    ).all()
    form.target_id.choices = [SelectChoice(0, _("（请选择）"))] + [
        SelectChoice(i, name) for i, name in targets
    ]
    if not form.validate_on_submit():
        return render_template("units/merge.html", unit=unit, form=form, target=None, counts=None)
    target = db.session.get(Unit, form.target_id.data)
    try:
        counts = plan_merge(unit, target)
        if form.confirm.data != "yes":
            form.confirm.data = "yes"
            return render_template("units/merge.html", unit=unit, form=form, target=target, counts=counts)
        merge_units(current_user, unit, target)
    except UnitDirectoryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_template("units/merge.html", unit=unit, form=form, target=None, counts=None)
    db.session.commit()
    flash(f"已将“{unit.name}”并入“{target.name}”。", "info")
    return redirect(url_for("units.detail", unit_id=target.id))

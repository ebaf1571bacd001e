"""本县设置: the office's county (the default of every picker, filter, ranking and report) and digest copies."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField

from tracker import clock
from tracker.extensions import db
from tracker.services.office import OfficeSettingsError, get_office, known_counties, update_office
from tracker.web.decorators import role_required

bp = Blueprint("office", __name__, url_prefix="/settings")


class OfficeForm(FlaskForm):
    county = SelectField(lazy_gettext("本县"))
    is_copying_staff = BooleanField(lazy_gettext("每周提醒同时发给单位用户本人的邮箱（抄送）"))


@bp.route("/office", methods=["GET", "POST"])
@role_required("admin", "supervisor")
def settings():
    """Show and change the office's county and whether unit staff get copies of their unit's digest."""
    current = get_office()
    form = OfficeForm(obj=current if request.method == "GET" else None)
    form.county.choices = [SelectChoice("", _("不限（市级督查室：各页面按县筛选）"))] + [
        SelectChoice(county, county) for county in known_counties()
    ]
    if form.validate_on_submit():
        try:
            update_office(
                current_user,
                clock.now(),
                county=form.county.data,
                is_copying_staff=form.is_copying_staff.data,
            )
        except OfficeSettingsError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("本县设置已保存。"), "info")
            return redirect(url_for("office.settings"))
    return render_template("office/settings.html", form=form)

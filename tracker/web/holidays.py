"""The admin's holiday table page: enter each year's official arrangement."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import extract

from tracker import calendar, clock
from tracker.errors import TrackerError
from tracker.extensions import db
from tracker.extraction.deadlines import parse_typed_date
from tracker.models import HolidayOverride, HolidayYear
from tracker.services import holidays
from tracker.web.decorators import role_required

bp = Blueprint("holidays", __name__, url_prefix="/admin/holidays")


@bp.get("/")
@role_required("admin")
def index():
    """Entered days by year, which years are covered, and the forms to add more."""
    year = request.args.get("year", type=int) or clock.today().year
    days = db.session.scalars(
        db.select(HolidayOverride)
        .where(extract("year", HolidayOverride.day) == year)
        .order_by(HolidayOverride.day)
    ).all()
    entered = db.session.scalars(db.select(HolidayYear).order_by(HolidayYear.year)).all()
    years = range(clock.today().year - 1, clock.today().year + 6)
    coverage = {
        y: (
            _("内置")
            if calendar.is_year_known(y)
            else _("已录入")
            if calendar.is_year_covered(y)
            else _("未录入")
        )
        for y in years
    }
    return render_template("admin/holidays.html", year=year, days=days, entered=entered, coverage=coverage)


def _done(message: str):
    db.session.commit()
    holidays.invalidate_calendar()
    flash(message, "info")


@bp.post("/import")
@role_required("admin")
def upload():
    """Import a CSV of the State Council's notice (date,holiday|workday,name)."""
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        flash(_("请选择节假日文件（CSV）。"), "error")
        return redirect(url_for("holidays.index"))
    try:
        text = upload_file.read().decode("utf-8-sig")
        years = holidays.import_holidays(
            holidays.parse_holiday_csv(text), upload_file.filename, current_user, clock.now()
        )
    except UnicodeDecodeError:
        db.session.rollback()
        flash(_("文件须为 UTF-8 编码的 CSV。"), "error")
    except TrackerError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        _done(_("已导入 %(years)s 年的节假日安排。", years="、".join(map(str, years))))
    return redirect(url_for("holidays.index"))


@bp.post("/day")
@role_required("admin")
def set_day():
    """Enter or correct one day."""
    day = parse_typed_date(request.form.get("day", ""))
    if day is None:
        flash(_("请填写有效日期（如 2027-10-09）。"), "error")
        return redirect(url_for("holidays.index"))
    holidays.set_override(
        day, request.form.get("kind") == "workday", request.form.get("name", ""), current_user, clock.now()
    )
    _done(_("已录入 %(day)s。", day=day))
    return redirect(url_for("holidays.index", year=day.year))


@bp.post("/day/<day>/delete")
@role_required("admin")
def remove_day(day: str):
    """Remove one entered day."""
    parsed = parse_typed_date(day)
    try:
        if parsed is None:
            raise TrackerError(_("日期无效。"))
        holidays.remove_override(parsed, current_user, clock.now())
    except TrackerError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("holidays.index"))
    _done(_("已删除 %(day)s 的录入。", day=parsed))
    return redirect(url_for("holidays.index", year=parsed.year))

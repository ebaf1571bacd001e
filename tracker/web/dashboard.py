"""督查总览: the office's and the leaders' overview."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker.services import dashboard, holidays
from tracker.services.duties import RECENT_MISSES, count_missed_reports
from tracker.web.lights import todays_rule

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    """Counts by status and light, overdue and due lists, units, documents, trend; unit staff go to 我的任务."""
    if current_user.role == "unit_staff":
        return redirect(url_for("my_tasks.index"))
    rule = todays_rule()
    user = current_user
    return render_template(
        "dashboard/index.html",
        rule=rule,
        status_counts=dashboard.status_counts(user),
        light_counts=dashboard.light_counts(user, rule),
        overdue=dashboard.overdue_items(user, rule),
        due_this_week=dashboard.due_this_week(user, rule.today),
        unsigned=dashboard.unsigned_items(user, rule.today, current_app.config["TRACKER_SIGN_WITHIN_DAYS"]),
        units=dashboard.unit_table(user, rule),
        documents=dashboard.document_progress(user, rule),
        trend=dashboard.weekly_trend(user, rule.today),
        missed_reports=count_missed_reports(rule.today - RECENT_MISSES),
        uncovered_years=holidays.uncovered_years(rule.today),
    )

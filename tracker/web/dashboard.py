"""督查总览: the office's and the leaders' overview."""

import datetime as dt
import functools

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker import clock
from tracker.extensions import db
from tracker.services import dashboard, holidays
from tracker.services.duties import RECENT_MISSES, count_missed_reports
from tracker.services.figures_cache import cached_figures
from tracker.services.lights import todays_rule
from tracker.services.permissions import can_read_all
from tracker.web.county import county_arg, page_county

bp = Blueprint("dashboard", __name__)

#: Cached figures older than this say when they were computed.
STALE_AFTER = dt.timedelta(minutes=1)


@bp.get("/")
@login_required
def index():
    """Counts by status and light, overdue and due lists, units, documents, trend; unit staff go to 我的任务."""
    if current_user.role == "unit_staff":
        return redirect(url_for("my_tasks.index"))
    rule = todays_rule()
    user = current_user
    county, counties = page_county()
    compute = functools.partial(dashboard.summary_figures, user, rule, county)
    if can_read_all(user):
        key = dashboard.summary_key(rule, county)
        figures, computed_at = cached_figures(
            key, compute, clock.now(), family=dashboard.summary_family(county)
        )
        db.session.commit()
    else:
        figures, computed_at = compute(), clock.now()
    return render_template(
        "dashboard/index.html",
        rule=rule,
        computed_at=computed_at,
        is_stale=clock.now() - computed_at > STALE_AFTER,
        **figures,
        units_shown_top=dashboard.UNITS_SHOWN_TOP,
        county=county,
        counties=counties,
        county_arg=county_arg(county),
        overdue=dashboard.overdue_items(user, rule, county=county),
        due_this_week=dashboard.due_this_week(user, rule.today, county=county),
        unsigned=dashboard.unsigned_items(
            user, rule.today, current_app.config["TRACKER_SIGN_WITHIN_DAYS"], county=county
        ),
        missed_reports=count_missed_reports(rule.today - RECENT_MISSES),
        uncovered_years=holidays.uncovered_years(rule.today),
    )

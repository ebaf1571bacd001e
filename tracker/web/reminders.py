"""The office's reminder pages: settings (digest day and time, windows, muted units) and the outbox."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, SelectMultipleField, TimeField
from wtforms.validators import InputRequired, NumberRange

from tracker import clock
from tracker.extensions import db
from tracker.models import JobRun, Unit
from tracker.notifications.outbox import outbox_query
from tracker.scheduling import (
    DASHBOARD_INTERVAL_MINUTES,
    DISPATCH_INTERVAL_MINUTES,
    REMINDER_INTERVAL_MINUTES,
    next_runs,
)
from tracker.services.digests import next_digest_at
from tracker.services.duties import RECENT_MISSES, missed_reports
from tracker.services.jobruns import job_label
from tracker.services.settings import get_settings, update_settings
from tracker.web.choices import choices_or_none
from tracker.web.decorators import role_required
from tracker.web.urls import page_arg

bp = Blueprint("reminders", __name__, url_prefix="/reminders")

WEEKDAYS = (
    lazy_gettext("星期一"),
    lazy_gettext("星期二"),
    lazy_gettext("星期三"),
    lazy_gettext("星期四"),
    lazy_gettext("星期五"),
    lazy_gettext("星期六"),
    lazy_gettext("星期日"),
)
JOB_LABELS = {
    "flag_overdue": lazy_gettext("标记超期与即将到期（每日 00:10）"),
    "send_reminders": lazy_gettext(
        "每周提醒与报送提醒（每 %(minutes)s 分钟检查）", minutes=REMINDER_INTERVAL_MINUTES
    ),
    "dispatch_outbox": lazy_gettext("发送待发邮件（每 %(minutes)s 分钟）", minutes=DISPATCH_INTERVAL_MINUTES),
    "refresh_dashboard": lazy_gettext(
        "刷新督查总览统计（每 %(minutes)s 分钟）", minutes=DASHBOARD_INTERVAL_MINUTES
    ),
}
STATE_LABELS = {
    "queued": lazy_gettext("待发送"),
    "sent": lazy_gettext("已发送"),
    "failed": lazy_gettext("发送失败"),
}


class ReminderSettingsForm(FlaskForm):
    digest_weekday = SelectField(
        lazy_gettext("每周提醒日"),
        coerce=int,
        choices=[SelectChoice(n, label) for n, label in enumerate(WEEKDAYS)],
    )
    digest_time = TimeField(lazy_gettext("发送时间"), validators=[InputRequired()])
    due_soon_days = IntegerField(
        lazy_gettext("即将到期提前工作日数"), validators=[InputRequired(), NumberRange(min=0, max=60)]
    )
    escalation_working_days = IntegerField(
        lazy_gettext("超期多少个工作日后报告领导和督查室"),
        validators=[InputRequired(), NumberRange(min=0, max=120)],
    )
    duty_reminder_working_days = IntegerField(
        lazy_gettext("报送提醒提前工作日数"), validators=[InputRequired(), NumberRange(min=0, max=30)]
    )
    muted_unit_ids = SelectMultipleField(lazy_gettext("暂停提醒的单位"), coerce=int)


@bp.route("/settings", methods=["GET", "POST"])
@role_required("admin", "supervisor")
def settings():
    """Show and change the reminder settings; the next job run uses the new values."""
    current = get_settings()
    form = ReminderSettingsForm(obj=current if request.method == "GET" else None)
    form.muted_unit_ids.choices, lists_every_unit = muted_unit_choices(current)
    if form.validate_on_submit():
        update_settings(
            current_user,
            clock.now(),
            **{name: form[name].data for name in form.data if name != "csrf_token"},
        )
        db.session.commit()
        flash(_("提醒设置已保存，下次检查时生效。"), "info")
        return redirect(url_for("reminders.settings"))
    return render_template(
        "reminders/settings.html",
        form=form,
        next_digest=next_digest_at(clock.now(), current),
        lists_every_unit=lists_every_unit,
    )


def muted_unit_choices(current) -> tuple[list[SelectChoice], bool]:
    """(choices, whether they are every active unit) for the muted units' list.

    Every active unit while they fit in a list. A province's 10^4 do not: the
    list then holds only the muted ones, where they are resumed, and units are
    muted from their own page. Names repeat across counties, so the county is
    shown with them.
    """
    units = db.select(Unit.id, Unit.name, Unit.county).order_by(Unit.county, Unit.name)
    rows = choices_or_none(units.where(Unit.is_active))
    every_unit = rows is not None
    if not every_unit:
        rows = db.session.execute(units.where(Unit.id.in_(current.muted_unit_ids or ()))).all()
    labels = [
        SelectChoice(unit_id, f"{name}（{county}）" if county else name) for unit_id, name, county in rows
    ]
    return labels, every_unit


@bp.get("/outbox")
@role_required("admin", "supervisor")
def outbox():
    """The outbox (queued, sent, failed with the error), the next job runs and recent missed reports."""
    state = request.args.get("state") if request.args.get("state") in STATE_LABELS else None
    page = db.paginate(outbox_query(state), page=page_arg(), per_page=50, error_out=False)
    now = clock.now()
    return render_template(
        "reminders/outbox.html",
        page=page,
        state=state,
        states=STATE_LABELS,
        runs=[(JOB_LABELS.get(job_id) or job_label(job_id), at) for job_id, at in next_runs()],
        next_digest=next_digest_at(now, get_settings()),
        job_runs=db.session.scalars(db.select(JobRun).order_by(JobRun.name)).all(),
        missed=missed_reports(now.date() - RECENT_MISSES),
    )

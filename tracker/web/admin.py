"""Administration: user accounts and the history search (admins only)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from tracker import clock
from tracker.extensions import db
from tracker.models import JobRun, Unit, User
from tracker.models.types import MAX_INT
from tracker.models.user import ROLE_LABELS
from tracker.notifications.render import links_problem
from tracker.services.accounts import AccountError, create_user, reset_password, update_user
from tracker.services.event_text import EVENT_LABELS
from tracker.services.history import search_events
from tracker.services.office import office_county
from tracker.services.readiness import readiness
from tracker.text import N_
from tracker.web.choices import unit_groups
from tracker.web.decorators import role_required
from tracker.web.pdf import chinese_font_problem
from tracker.web.urls import page_arg

bp = Blueprint("admin", __name__, url_prefix="/admin")


def choices(rows, blank: str) -> list[SelectChoice]:
    """Select-box options from (value, label) rows, after a first option 0 labelled ``blank``."""
    return [SelectChoice(0, blank)] + [SelectChoice(value, label) for value, label in rows]


def unit_choices() -> list[SelectChoice]:
    """Active units for a select box in groups by county (the office's first), after a blank entry.

    Still a select: the searchable unit picker is being built for the import review (issue 16).
    """
    units = db.session.execute(db.select(Unit.id, Unit.name, Unit.county).where(Unit.is_active)).all()
    return [SelectChoice(0, _("（无）"))] + [
        SelectChoice(unit_id, name, optgroup=county or _("各县共用"))
        for county, group in unit_groups(units, office_county())
        for unit_id, name in group
    ]


class UserForm(FlaskForm):
    """Fields of an account the admin may set."""

    username = StringField(lazy_gettext("用户名"), validators=[DataRequired(), Length(max=60)])
    display_name = StringField(lazy_gettext("姓名"), validators=[Optional(), Length(max=60)])
    email = StringField(lazy_gettext("电子邮箱"), validators=[Optional(), Email(), Length(max=120)])
    leader_name = StringField(
        lazy_gettext("对应领导（按事项上印的姓名，接收该领导的超期督办提醒）"),
        validators=[Optional(), Length(max=60)],
    )
    role = SelectField(
        lazy_gettext("角色"),
        choices=[SelectChoice(role, lazy_gettext(label)) for role, label in ROLE_LABELS.items()],
    )
    unit_id = SelectField(lazy_gettext("所属单位"), coerce=int)
    is_active = BooleanField(lazy_gettext("启用"), default=True)


#: The history's kinds as a reader picks them: every change of items, users or units, then each kind.
EVENT_KINDS = [
    ("item.", N_("事项的全部操作")),
    ("user.", N_("账号的全部操作")),
    ("unit.", N_("单位的全部操作")),
    *EVENT_LABELS.items(),
]


def within_years(first: int, last: int):
    """A validator keeping a date in years ``first``..``last`` (0001-01-01 cannot become a UTC timestamp)."""

    def check(form, field) -> None:
        if field.data is not None and not first <= field.data.year <= last:
            raise ValidationError(f"日期须在 {first} 年至 {last} 年之间。")

    return check


class EventSearchForm(FlaskForm):
    """Filters of the history search (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    kind = SelectField(
        lazy_gettext("类型"),
        choices=[
            SelectChoice("", lazy_gettext("（全部）")),
            *(SelectChoice(k, lazy_gettext(v)) for k, v in EVENT_KINDS),
        ],
        default="",  # a search without a kind is a search of every kind, not an invalid choice
    )
    actor_id = SelectField(lazy_gettext("操作人"), coerce=int, validators=[Optional()])
    work_item_id = IntegerField(
        lazy_gettext("事项编号"), validators=[Optional(), NumberRange(min=1, max=MAX_INT)]
    )
    since = DateField(lazy_gettext("起始日期"), validators=[Optional(), within_years(2000, 2999)])
    until = DateField(lazy_gettext("截止日期"), validators=[Optional(), within_years(2000, 2999)])
    text = StringField(lazy_gettext("说明包含"), validators=[Optional(), Length(max=100)])


def _selected_unit(form: UserForm) -> Unit | None:
    return db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None


@bp.get("/users")
@role_required("admin")
def users():
    """List every account."""
    accounts = db.session.scalars(db.select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", users=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def create():
    """Create an account with a generated password, shown once."""
    form = UserForm()
    form.unit_id.choices = unit_choices()
    if form.validate_on_submit():
        try:
            user, password = create_user(
                current_user,
                username=form.username.data,
                role=form.role.data,
                unit=_selected_unit(form),
                display_name=form.display_name.data or "",
                email=form.email.data,
                leader_name=form.leader_name.data,
            )
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            return render_template("admin/password_shown.html", user=user, password=password, created=True)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit(user_id: int):
    """Change an account's role, unit, name, address or active flag."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user if request.method == "GET" else None)
    form.unit_id.choices = unit_choices()
    if request.method == "GET":
        form.unit_id.data = user.unit_id or 0
    form.username.data = user.username
    if form.validate_on_submit():
        try:
            update_user(
                current_user,
                user,
                role=form.role.data,
                unit=_selected_unit(form),
                display_name=form.display_name.data or "",
                email=form.email.data or "",
                leader_name=form.leader_name.data or "",
                is_active=form.is_active.data,
            )
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("已保存用户 %(name)s。", name=user.username), "info")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.post("/users/<int:user_id>/reset-password")
@role_required("admin")
def reset(user_id: int):
    """Give the user a new generated password, shown once; their sessions end."""
    user = db.session.get(User, user_id) or abort(404)
    password = reset_password(current_user, user)
    db.session.commit()
    return render_template("admin/password_shown.html", user=user, password=password, created=False)


@bp.get("/events")
@role_required("admin")
def events():
    """Search the change history."""
    form = EventSearchForm(request.args)
    people = db.session.execute(db.select(User.id, User.username).order_by(User.username)).all()
    form.actor_id.choices = choices(people, _("（全部）"))
    page = None
    if form.validate():
        page = search_events(
            kind=form.kind.data or None,
            actor_id=form.actor_id.data or None,
            work_item_id=form.work_item_id.data,
            since=form.since.data,
            until=form.until.data,
            text=form.text.data or None,
            page=page_arg(),
        )
    usernames = dict(people)
    status = 422 if form.errors else 200
    return render_template("admin/events.html", form=form, page=page, usernames=usernames), status


@bp.get("/status")
@role_required("admin")
def status():
    """Schema version, who runs the scheduler, and the last success and failure of every job."""
    ready, details = readiness(clock.now())
    job_runs = db.session.scalars(db.select(JobRun).order_by(JobRun.name)).all()
    return render_template(
        "admin/status.html",
        ready=ready,
        details=details,
        job_runs=job_runs,
        mail_problem=links_problem(current_app.config),
        font_problem=chinese_font_problem(),
    )

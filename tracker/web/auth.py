"""Signing in and out, and changing one's own password."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from tracker import clock
from tracker.extensions import db, login_manager
from tracker.i18n import LOCALES
from tracker.models import User
from tracker.services.accounts import (
    AccountError,
    authenticate,
    change_own_password,
    is_login_throttled,
    start_login_attempt,
)
from tracker.web.urls import safe_next

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = lazy_gettext("请先登录。")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Return the active user whose ``<id>:<session token>`` is in the cookie, or None.

    A cookie from before a password change or a deactivation carries an old
    token and no longer signs anyone in.
    """
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(lazy_gettext("用户名"), validators=[DataRequired(), Length(max=60)])
    password = PasswordField(lazy_gettext("密码"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(lazy_gettext("保持登录"))


class ChangePasswordForm(FlaskForm):
    """Current password and the new one twice."""

    current = PasswordField(lazy_gettext("当前密码"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(lazy_gettext("新密码"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "再次输入新密码",
        validators=[DataRequired(), EqualTo("new", message=lazy_gettext("两次输入不一致。"))],
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in, refusing after repeated failures."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        now = clock.now()
        address = request.remote_addr or "unknown"
        attempt = start_login_attempt(form.username.data, address, now)
        db.session.commit()  # counted before the check, so simultaneous guesses see each other
        if is_login_throttled(form.username.data, address, now):
            flash(_("登录失败次数过多，请 1 分钟后再试。"), "error")
            return render_template("auth/login.html", form=form), 429
        user = authenticate(form.username.data, form.password.data, address, now, attempt)
        db.session.commit()
        if user is None:
            flash(_("用户名或密码错误。"), "error")
        else:
            # A fresh session at sign-in: nothing planted before it survives (session fixation).
            session.clear()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST with a CSRF token, so another site cannot sign users out).

    The user's session token is replaced, so no copy of this session cookie or
    of the 保持登录 cookie signs anyone in again (this signs the user out on
    their other devices too). The session is cleared before ``logout_user``,
    which leaves the flag that deletes the remember cookie in the response.
    """
    user = current_user._get_current_object()
    user.rotate_session_token()
    db.session.commit()
    session.clear()
    logout_user()
    flash(_("已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.post("/account/language")
@login_required
def set_language():
    """Remember the user's interface language (简体中文 or English)."""
    locale = request.form.get("locale", "")
    if locale not in LOCALES:
        abort(400)
    user = current_user._get_current_object()
    user.locale = locale
    db.session.commit()
    return redirect(safe_next(request.form.get("next")))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Let the signed-in user set a new password; other sessions of theirs end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_own_password(user, form.current.data, form.new.data)
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            # The new session token invalidated this cookie too: issue a fresh one.
            login_user(user)
            flash(_("密码已修改。"), "info")
            return redirect(url_for("dashboard.index"))
    return render_template("auth/change_password.html", form=form)

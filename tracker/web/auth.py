"""Signing in and out."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from tracker import clock
from tracker.extensions import db, login_manager
from tracker.models import User

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录。"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the active user stored in the session, or None."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField("用户名", validators=[DataRequired(), Length(max=60)])
    password = PasswordField("密码", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("保持登录")


def safe_next(target: str | None) -> str:
    """Return ``target`` if it is a path on this site, else the home page (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.execute(
            db.select(User).filter_by(username=form.username.data.strip())
        ).scalar_one_or_none()
        if user is None or not user.is_active or not user.check_password(form.password.data):
            flash("用户名或密码错误。", "error")
        else:
            login_user(user, remember=form.remember.data)
            user.last_login_at = clock.now()
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST, so a link on another site cannot sign users out)."""
    logout_user()
    flash("已退出登录。", "info")
    return redirect(url_for("auth.login"))

"""The signed-in user's API token and calendar-feed addresses: see which exist, issue new ones, revoke them."""

from flask import Blueprint, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker import clock
from tracker.extensions import db
from tracker.services.access_tokens import current_token, issue_token, revoke_token

bp = Blueprint("account", __name__, url_prefix="/account")


def _owners() -> dict:
    """What each button issues: (token kind, owner keyword arguments)."""
    owners = {"api": ("api", {"user": current_user}), "calendar": ("calendar", {"user": current_user})}
    if current_user.role == "unit_staff" and current_user.unit is not None:
        owners["unit_calendar"] = ("calendar", {"unit": current_user.unit})
    return owners


def _feed_url(token: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("feeds.calendar", token=token)


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """Show which tokens exist; a POST replaces one and shows it once (the old one stops working), or revokes one."""
    owners = _owners()
    form = FlaskForm()
    issued = None
    if form.validate_on_submit():
        revoke = "revoke" in request.form
        action = request.form.get("revoke" if revoke else "action", "")
        if action not in owners:
            abort(400)
        kind, owner = owners[action]
        if revoke:
            if revoke_token(kind, current_user, clock.now(), **owner):
                flash(_("已撤销，原地址或令牌立即失效。"), "info")
            db.session.commit()
        else:
            token = issue_token(kind, current_user, clock.now(), **owner)
            db.session.commit()
            issued = {"action": action, "value": token if kind == "api" else _feed_url(token)}
    existing = {action: current_token(kind, **owner) for action, (kind, owner) in owners.items()}
    return render_template("account/tokens.html", form=form, existing=existing, issued=issued)

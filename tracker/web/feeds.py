"""Calendar feeds behind a secret URL: no sign-in, since calendar programs cannot sign in."""

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, url_for

from tracker import clock
from tracker.services.access_tokens import find_token
from tracker.services.calendar_feed import calendar_of, open_milestones, unit_clause, user_clause

bp = Blueprint("feeds", __name__, url_prefix="/calendar")


@bp.get("/<token>.ics")
def calendar(token: str):
    """The deadlines of a user's visible items, or of a unit's items, as iCalendar; 404 for a bad token."""
    row = find_token("calendar", token)
    if row is None:
        abort(404)
    if row.user is not None:
        name, clause = f"督办台账 · {row.user.display_name or row.user.username}", user_clause(row.user)
    else:
        name, clause = f"督办台账 · {row.unit.name}", unit_clause(row.unit)
    base = current_app.config["BASE_URL"].rstrip("/")

    def item_url(item_id: int) -> str:
        return base + url_for("items.detail", item_id=item_id)

    data = calendar_of(
        name, open_milestones(clause), item_url, urlsplit(base).hostname or "tracker", clock.now()
    )
    response = Response(data, mimetype="text/calendar")  # werkzeug adds "; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response

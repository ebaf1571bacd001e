"""The web layer: blueprints, error pages, template helpers and security headers."""

import datetime as dt
import logging

from flask import Flask, request, url_for
from flask_babel import gettext
from sqlalchemy.exc import SQLAlchemyError

from tracker import clock
from tracker.extensions import csrf, db
from tracker.notifications.outbox import mail_kind_label
from tracker.services.event_text import describe_change, event_label
from tracker.services.holidays import refresh_calendar_if_changed
from tracker.services.jobruns import job_label
from tracker.services.lights import LIGHT_LABELS
from tracker.services.ranking import RULE_TEXT as RANKING_RULE
from tracker.services.reason_text import reason_label
from tracker.services.recurrence_text import describe_duty
from tracker.web import (
    account,
    admin,
    api,
    auth,
    dashboard,
    documents,
    errors,
    exports,
    feeds,
    health,
    holidays,
    imports,
    items,
    ledger_imports,
    my_tasks,
    office,
    reminders,
    reports,
    request_log,
    security,
    units,
)
from tracker.web.urls import BoundedIntConverter

logger = logging.getLogger(__name__)


def localtime(value: dt.datetime | str | None) -> str:
    """Show a stored (UTC) timestamp, or one in ISO form (readiness details), in local time to the minute."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(clock.timezone()).strftime("%Y-%m-%d %H:%M")


def page_url(number: int) -> str:
    """The current page's URL with its filters kept and ``page`` set to ``number``."""
    args = {**(request.view_args or {}), **request.args.to_dict(), "page": number}
    return url_for(request.endpoint, **args)


def sort_url(column: str) -> str:
    """The current list's URL sorted by ``column``; asking again for the same column reverses it."""
    args = request.args.to_dict()
    same = args.get("sort", "due") == column
    args.update(sort=column, descending="" if same and args.get("descending") else ("1" if same else ""))
    args.pop("page", None)
    return url_for(request.endpoint, **{k: v for k, v in args.items() if v})


def keep_calendar_current() -> None:
    """Pick up holiday-table changes made by other processes, without ever failing a request over it."""
    if request.endpoint in ("static", "health.healthz", "health.readyz"):
        return
    try:
        refresh_calendar_if_changed()
    except SQLAlchemyError:
        db.session.rollback()
        logger.warning("Holiday table could not be read; keeping the calendar as it was")


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint, the error handlers, template filters and the security headers."""
    app.url_map.converters["int"] = BoundedIntConverter
    for blueprint in (
        health.bp,
        auth.bp,
        dashboard.bp,
        items.bp,
        documents.bp,
        my_tasks.bp,
        imports.bp,
        units.bp,
        admin.bp,
        reminders.bp,
        holidays.bp,
    ):
        app.register_blueprint(blueprint)
    for blueprint in (exports.bp, reports.bp, feeds.bp, account.bp, ledger_imports.bp, api.bp, office.bp):
        app.register_blueprint(blueprint)
    # The API reads only bearer tokens, never the session cookie, so a forged cross-site request has no credentials.
    csrf.exempt(api.bp)
    errors.register_error_handlers(app)
    security.register_security_headers(app)
    request_log.register_request_log(app)
    app.before_request(keep_calendar_current)
    app.add_template_filter(localtime, "localtime")
    app.add_template_filter(event_label, "event_label")
    app.add_template_filter(describe_change, "describe_change")
    app.add_template_filter(job_label, "job_label")
    app.add_template_filter(describe_duty, "duty_text")
    app.add_template_filter(gettext, "tr")
    app.add_template_filter(mail_kind_label, "mail_kind")
    app.add_template_filter(reason_label, "reason_label")
    app.add_template_global(page_url, "page_url")
    app.add_template_global(sort_url, "sort_url")
    app.add_template_global(LIGHT_LABELS, "light_labels")
    app.add_template_global(RANKING_RULE, "ranking_rule")

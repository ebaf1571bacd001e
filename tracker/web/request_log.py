"""One log line per request: method, path, status, duration and the user's id.

Only the path is logged, never the query string or the form, so that tokens
and passwords cannot end up in the logs; a path holding a secret (a calendar
feed's ``<token>``) is logged as its route pattern. Users appear by id, not by name.
"""

import logging
import time

from flask import Flask, g, request
from flask_login import current_user

logger = logging.getLogger("tracker.request")


def register_request_log(app: Flask) -> None:
    """Time every request and log it when the response is ready."""

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.pop("request_started", None)
        elapsed_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        user_id = current_user.id if current_user and current_user.is_authenticated else "-"
        path = request.url_rule.rule if "token" in (request.view_args or {}) else request.path
        logger.info(
            "%s %s %s %.1fms user=%s", request.method, path, response.status_code, elapsed_ms, user_id
        )
        return response

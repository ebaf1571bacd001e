"""One log line per request: request id, method, path, status, duration and the user's id.

Only the path is logged, never the query string or the form, so that tokens
and passwords cannot end up in the logs; users appear by id, not by name. The
request id comes from a proxy's X-Request-ID header when it is well formed,
else it is made here, and it is returned in the response's X-Request-ID.
"""

import logging
import re
import time
import uuid

from flask import Flask, g, request
from flask_login import current_user

logger = logging.getLogger("tracker.request")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def register_request_log(app: Flask) -> None:
    """Time every request, give it an id, and log it when the response is ready."""

    @app.before_request
    def start_request():
        g.request_started = time.perf_counter()
        offered = request.headers.get("X-Request-ID", "")
        g.request_id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex

    @app.after_request
    def log_request(response):
        started = g.pop("request_started", None)
        elapsed_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        user_id = current_user.id if current_user and current_user.is_authenticated else "-"
        request_id = g.get("request_id", "-")
        response.headers["X-Request-ID"] = request_id
        logger.info(
            "request id=%s method=%s path=%s status=%s ms=%.1f user=%s",
            request_id,
            request.method,
            request.path,
            response.status_code,
            elapsed_ms,
            user_id,
            extra={"request_id": request_id},
        )
        return response

"""Log set-up for the processes we start (run.py, the scheduler): one line per event, text or JSON.

Records carry no personal data: users appear by id, requests by a request id
(also sent back as X-Request-ID so a user's report can be matched to the log).
"""

import json
import logging
import os

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "job_id"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(style: str | None = None, level: str | None = None) -> None:
    """Log to standard error as text (default) or JSON (``TRACKER_LOG_FORMAT=json``)."""
    style = (style or os.environ.get("TRACKER_LOG_FORMAT", "text")).lower()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if style == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level or os.environ.get("TRACKER_LOG_LEVEL", "INFO"))
    # werkzeug's own access log would repeat tracker.request's line in another format.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

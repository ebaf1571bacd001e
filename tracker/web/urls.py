"""Redirect targets taken from requests, made safe."""

from urllib.parse import urlsplit

from flask import abort, request, url_for
from werkzeug.routing import IntegerConverter

from tracker.models.types import MAX_INT


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in routes, matching only numbers an INTEGER column can hold (a larger one is 404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def page_arg() -> int:
    """The ``page`` query argument: 1 when missing or not a number, 404 when past any possible page."""
    value = request.args.get("page", "")
    if not (value.isascii() and value.isdigit()):
        return 1
    if int(value) > MAX_INT:
        abort(404)
    return max(int(value), 1)


def safe_next(target: str | None, default_endpoint: str = "dashboard.index") -> str:
    """Return ``target`` if it is a path on this site, else the default page (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default_endpoint)

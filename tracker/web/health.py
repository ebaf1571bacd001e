"""Liveness check for load balancers and the smoke test."""

import logging

from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker import clock
from tracker.extensions import db
from tracker.services.permissions import is_office
from tracker.services.readiness import readiness

logger = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        logger.warning("Health check: database unreachable: %s", exc.__class__.__name__)
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/readyz")
def readyz():
    """200 when the database answers at this release's schema, 503 otherwise.

    Signed-in office users also get the details (schema revisions, the
    scheduler lock holder's host and process, job errors); anyone else learns
    only ok or not, since those details help an attacker more than a load balancer.
    """
    ready, details = readiness(clock.now())
    if not (current_user.is_authenticated and is_office(current_user)):
        details = {}
    return jsonify(status="ok" if ready else "not ready", **details), 200 if ready else 503

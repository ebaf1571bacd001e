"""The web layer: blueprints and error pages."""

from flask import Flask

from tracker.web import auth, dashboard, errors, health


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint and the error handlers to ``app``."""
    for blueprint in (health.bp, auth.bp, dashboard.bp):
        app.register_blueprint(blueprint)
    errors.register_error_handlers(app)
